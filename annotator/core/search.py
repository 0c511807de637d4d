"""Searching document texts, and what auto-coding codes for each hit.

Python's ``re`` works on ``str``, so every match position is already a code-point offset of
the stored text: the hits need no conversion before they become codings. A hit can stand for
itself, its sentence or its paragraph; with ``within``, only hits inside a segment of another
code count, and what is coded is clipped to that segment.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.core.errors import AnnotatorError
from annotator.core.span_sets import normalize
from annotator.core.spans import Span, strip_whitespace

Mode = Literal["plain", "word", "regex"]
Scope = Literal["hit", "sentence", "paragraph"]
MODES: tuple[Mode, ...] = ("plain", "word", "regex")
SCOPES: tuple[Scope, ...] = ("hit", "sentence", "paragraph")

# A sentence ends after . ! ? … or their CJK and Arabic forms (with closing quotes or
# brackets), before white space; a line break always ends one.
_SENTENCE_END = re.compile(r"[.!?…。！？؟]+[\"'”’»)\]]*(?=\s|$)|\n")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


@dataclass(frozen=True)
class SearchSpec:
    """What to look for: ``mode`` is plain text, a whole word (or phrase), or a regex."""

    pattern: str
    mode: Mode = "plain"
    case_sensitive: bool = False

    def compile(self) -> re.Pattern[str]:
        if not self.pattern:
            raise AnnotatorError("the search text is empty")
        flags = 0 if self.case_sensitive else re.IGNORECASE
        if self.mode == "regex":
            source = self.pattern
        elif self.mode == "word":
            source = rf"(?<!\w){re.escape(self.pattern)}(?!\w)"
        else:
            source = re.escape(self.pattern)
        try:
            return re.compile(source, flags)
        except re.error as err:
            raise AnnotatorError(f"invalid regular expression: {err}") from err


@dataclass(frozen=True)
class Hit:
    """A match in one document, the span auto-coding would code for it, and some context."""

    document_id: int
    start: int
    end: int
    unit_start: int
    unit_end: int
    before: str = ""
    text: str = ""
    after: str = ""


def find_hits(text: str, pattern: re.Pattern[str]) -> Iterator[Span]:
    """Non-empty matches, left to right (an empty regex match codes nothing)."""
    for match in pattern.finditer(text):
        if match.end() > match.start():
            yield match.start(), match.end()


def sentences(text: str) -> list[Span]:
    """The sentences of a text, in order, without surrounding white space."""
    found: list[Span] = []
    first = 0
    for match in _SENTENCE_END.finditer(text):
        last, after = (match.start(), match.end()) if match.group() == "\n" else (match.end(),) * 2
        found.append((first, last))
        first = after
    found.append((first, len(text)))
    return _stripped(text, found)


def paragraphs(text: str) -> list[Span]:
    """The paragraphs of a text (separated by blank lines), without surrounding white space."""
    found: list[Span] = []
    first = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        found.append((first, match.start()))
        first = match.end()
    found.append((first, len(text)))
    return _stripped(text, found)


def _stripped(text: str, spans: list[Span]) -> list[Span]:
    stripped = (strip_whitespace(text, first, last) for first, last in spans)
    return [(first, last) for first, last in stripped if first < last]


def unit_around(units: Sequence[Span], starts: Sequence[int], start: int, end: int) -> Span:
    """The units (sorted, disjoint) that ``[start, end)`` touches, joined; the hit itself if
    it lies between units (in white space)."""
    first = bisect_right(starts, start) - 1
    if first < 0 or units[first][1] <= start:
        first += 1
    last = bisect_left(starts, end) - 1
    if first > last:
        return start, end
    return min(units[first][0], start), max(units[last][1], end)


def unit_of(text: str, start: int, end: int, scope: Scope) -> Span:
    """The span auto-coding codes for a hit (one-off; :func:`search_documents` caches)."""
    if scope == "hit":
        return start, end
    found = sentences(text) if scope == "sentence" else paragraphs(text)
    return unit_around(found, [s for s, _ in found], start, end)


def search_documents(
    texts: Mapping[int, str],
    spec: SearchSpec,
    *,
    scope: Scope = "hit",
    within: Mapping[int, Sequence[Span]] | None = None,
    context: int = 30,
) -> list[Hit]:
    """Every hit in the texts (by document id order), with the unit it would code.

    With ``within`` (segments per document), a hit counts only when it lies entirely inside
    one of them (after joining overlapping segments), and its unit is clipped to that stretch.
    """
    pattern = spec.compile()
    hits: list[Hit] = []
    for document_id in sorted(texts):
        text = texts[document_id]
        allowed = None if within is None else normalize(within.get(document_id, ()))
        if allowed == []:
            continue
        cut = _units(text, scope)
        cut_starts = [s for s, _ in cut]
        for start, end in find_hits(text, pattern):
            unit = (start, end) if scope == "hit" else unit_around(cut, cut_starts, start, end)
            if allowed is not None:
                inside = _containing(allowed, start, end)
                if inside is None:
                    continue
                unit = (max(unit[0], inside[0]), min(unit[1], inside[1]))
            hits.append(Hit(
                document_id, start, end, unit[0], unit[1],
                text[max(0, start - context) : start], text[start:end], text[end : end + context],
            ))  # fmt: skip
    return hits


def _units(text: str, scope: Scope) -> list[Span]:
    if scope == "sentence":
        return sentences(text)
    if scope == "paragraph":
        return paragraphs(text)
    return []


def _containing(stretches: Sequence[Span], start: int, end: int) -> Span | None:
    index = bisect_right(stretches, (start, sys.maxsize)) - 1
    if index >= 0 and stretches[index][0] <= start and end <= stretches[index][1]:
        return stretches[index]
    return None


def units(hits: Sequence[Hit]) -> list[tuple[int, int, int]]:
    """The distinct ``(document_id, start, end)`` to code: several hits in one sentence give
    one coding."""
    return sorted({(hit.document_id, hit.unit_start, hit.unit_end) for hit in hits})
