"""Span algebra on half-open code-point intervals ``[start, end)``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from annotator.core.errors import InvalidCoding, NotFound
from annotator.core.find import typed_text_pattern
from annotator.core.wording import plural

Span = tuple[int, int]


def check_span(start: int, end: int, length: int) -> None:
    """Raise :class:`InvalidCoding` unless ``0 <= start < end <= length``."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise InvalidCoding("start and end must be whole numbers")
    if start < 0:
        raise InvalidCoding(f"start {start} is negative")
    if end <= start:
        raise InvalidCoding(f"end {end} must be greater than start {start}")
    if end > length:
        raise InvalidCoding(f"end {end} is beyond the end of the text ({length} characters)")


def find_occurrence(text: str, needle: str, occurrence: int = 1) -> Span:
    """The span of the ``occurrence``-th (1-based) match of ``needle`` in ``text``.

    Matched as typed, except that a run of white space matches any run of white space
    (:func:`annotator.core.find.typed_text_pattern`): news text has no-break spaces where a
    terminal shows plain ones; and a letter with its accents matches in either Unicode form.
    Matches may overlap ("aa" occurs twice in "aaa").
    """
    if not needle:
        raise InvalidCoding("the text to match is empty")
    if occurrence < 1:
        raise InvalidCoding(f"occurrence must be 1 or more, not {occurrence}")
    pattern = typed_text_pattern(needle)
    found = list(_matches(pattern, text, limit=occurrence))
    if len(found) < occurrence:
        raise NotFound(_missing(text, needle, pattern, occurrence))
    return found[-1]


def _matches(pattern: re.Pattern[str], text: str, limit: int | None = None) -> Iterable[Span]:
    """Every match, overlapping ones too, up to ``limit``."""
    position, count = 0, 0
    while (limit is None or count < limit) and (match := pattern.search(text, position)):
        yield match.start(), match.end()
        position, count = match.start() + 1, count + 1


def _missing(text: str, needle: str, pattern: re.Pattern[str], occurrence: int) -> str:
    """Why occurrence ``occurrence`` does not exist, with what would have matched instead."""
    count = sum(1 for _ in _matches(pattern, text))
    message = (
        f"{needle!r} occurs {plural(count, 'time')} in the document, so occurrence "
        f"{occurrence} does not exist"
    )
    if count == 0:
        other_case = sum(1 for _ in _matches(re.compile(pattern.pattern, re.IGNORECASE), text))
        message += (
            " (upper and lower case count; any white space matches any white space; accented"
            " letters match composed or decomposed)"
        )
        if other_case:
            message += f"; in other upper or lower case it occurs {plural(other_case, 'time')}"
    return message


def merge_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Union of spans: overlapping spans merge; spans that only touch stay separate.

    Krippendorff's unitizing alpha needs non-overlapping units per coder and category, and
    treats two adjacent units as two units, hence the strict ``<``.
    """
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def union_length(spans: Iterable[Span]) -> int:
    """Characters covered by at least one span."""
    total = 0
    reach = -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


_WORD = re.compile(r"\w", re.UNICODE)


def extend_to_words(text: str, start: int, end: int) -> Span:
    """Grow a span outwards to whole words (letters, digits, combining marks, underscores)."""

    def is_word(ch: str) -> bool:
        return bool(_WORD.match(ch)) or _is_mark(ch)

    while start > 0 and is_word(text[start - 1]) and (start == end or is_word(text[start])):
        start -= 1
    while end < len(text) and is_word(text[end]) and (end == start or is_word(text[end - 1])):
        end += 1
    return start, end


def strip_whitespace(text: str, start: int, end: int) -> Span:
    """Shrink a span past white space at either end (a dragged selection often takes a space).

    A span of white space only shrinks to an empty span at its end.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (end, end) if start == end else (start, end)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")
