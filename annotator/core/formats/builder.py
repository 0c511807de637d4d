"""Assemble stored text piece by piece while recording where each region lands.

Readers hand over the pieces they find (a paragraph, a table row, a cue); the builder keeps
offsets right by cleaning each piece before it is counted: CRLF and lone CR become LF, and
control characters that a text view cannot show (PDF soft-hyphen markers, form feeds) go.
"""

from __future__ import annotations

import re

from annotator.core.formats.extracted import Region

# C0 controls except tab and LF, DEL, and the non-characters some PDF producers leave behind.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def clean(piece: str) -> str:
    """A piece of extracted text as it may be stored: LF line ends, no stray controls."""
    piece = piece.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE.sub("", piece)


class TextBuilder:
    """Collects blocks of text separated by one line break each, and their regions."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.regions: list[Region] = []

    @property
    def length(self) -> int:
        return self._length

    @property
    def next_start(self) -> int:
        """Where the next block's text will start (after its line break)."""
        return self._length + (1 if self._parts else 0)

    def block(self, piece: str, kind: str | None = None, label: str = "") -> Region | None:
        """Append ``piece`` as a block of its own (a line break before it unless first).

        Returns the region recorded for it when ``kind`` is given. Empty pieces add an empty
        line only when they carry a region, so blank paragraphs do not pile up.
        """
        text = clean(piece).strip("\n")
        if not text and kind is None:
            return None
        if self._parts:
            self._append("\n")
        start = self._length
        self._append(text)
        if kind is None:
            return None
        region = Region(kind, start, self._length, label)
        self.regions.append(region)
        return region

    def gap(self) -> None:
        """An empty line between sections (pages, the text and its footnotes)."""
        if self._parts:
            self._append("\n")

    def mark(self, kind: str, start: int, label: str) -> None:
        """Record a region from ``start`` to the current end (a page spanning many blocks)."""
        self.regions.append(Region(kind, start, self._length, label))

    def text(self) -> str:
        return "".join(self._parts)

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)
