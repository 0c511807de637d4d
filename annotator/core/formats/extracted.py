"""What a format reader gives back, and how to ask which page or time an offset falls in."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Region:
    """A stretch ``[start, end)`` of the stored text that the source file marks.

    Attributes:
        kind: ``page`` (PDF), ``cue`` (subtitles), ``heading``, ``paragraph``, ``list item``,
            ``table`` or ``footnote`` (word processors).
        label: what to show for it: the page number, the cue's start time (``00:12:31``), the
            heading level or paragraph style, the cue's speaker after a tab.
    """

    kind: str
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Extracted:
    """The stored text of one file and what its format knew about it.

    Attributes:
        text: the text to store: code points, LF line ends, no byte-order mark.
        format: the reader's name (``docx``, ``pdf``, ``html``, ``odt``, ``rtf``, ``md``,
            ``txt``, ``srt``, ``vtt``).
        metadata: title, author, date (ISO 8601), site name, url... as the file states them.
        regions: pages, cues, headings and the like, in order of ``start``.
        encoding: the character encoding the bytes were read with, where the format has one.
        line_endings: the source's line-end style, where the source is plain text.
    """

    text: str
    format: str
    metadata: dict[str, str] = field(default_factory=dict)
    regions: tuple[Region, ...] = ()
    encoding: str | None = None
    line_endings: str | None = None


def region_at(regions: Sequence[Region], kind: str, offset: int) -> Region | None:
    """The region of ``kind`` that holds ``offset`` (the last one starting at or before it).

    An offset between two regions (a page break's blank line) belongs to the earlier one, so
    every offset of a PDF has a page and every offset of a transcript a time.
    """
    of_kind = [r for r in regions if r.kind == kind]
    starts = [r.start for r in of_kind]
    index = bisect.bisect_right(starts, offset) - 1
    return of_kind[index] if index >= 0 else None


# The regions that say where an offset is in the original file.
PLACES = ("page", "cue")


def cue_time(label: str, *, precise: bool = False) -> str:
    """The start time of a cue label, ``00:12:31`` (or with milliseconds when ``precise``)."""
    start = label.split("\t", 1)[0]
    return start if precise else start.split(".", 1)[0]


def place_of(regions: Sequence[Region], offset: int) -> str:
    """``p. 4`` in a PDF, ``00:12:31`` in a transcript, '' where the format has no places."""
    page = region_at(regions, "page", offset)
    if page is not None:
        return f"p. {page.label}"
    cue = region_at(regions, "cue", offset)
    return cue_time(cue.label) if cue is not None else ""
