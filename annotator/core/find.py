"""Finding text in a document the way a reader types it.

A reader types an ordinary space; news text is full of no-break and thin spaces. A space in
the needle therefore matches any one Unicode space (not a line break). Case is folded by the
regular-expression engine, so every match is a span of the original text in code points.
"""

from __future__ import annotations

import re

# Any whitespace but the ones that end a line or paragraph.
_SPACE = r"[^\S\n\r\v\f\x1c-\x1e\x85\u2028\u2029]"


def needle_pattern(needle: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """A pattern for ``needle`` in which each space matches any one Unicode space."""
    parts = [_SPACE if ch.isspace() else re.escape(ch) for ch in needle]
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile("".join(parts), flags)


def find_spans(text: str, needle: str, *, case_sensitive: bool = False) -> list[tuple[int, int]]:
    """Every non-overlapping match of ``needle`` in ``text`` as ``[start, end)`` code points."""
    if not needle:
        return []
    pattern = needle_pattern(needle, case_sensitive=case_sensitive)
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]
