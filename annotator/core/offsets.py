"""The one place where code-point offsets and UTF-16 offsets meet.

Annotator stores every span as ``[start, end)`` in Unicode code points of the stored text, the
way a Python slice counts. Qt (QString, QTextCursor) and NVivo's REFI-QDA exports count UTF-16
code units, where every character beyond the Basic Multilingual Plane (most emoji) takes two.
Every conversion between the two goes through :class:`Utf16Index`; nothing else does offset
arithmetic.

Building an index finds the astral characters with one regular-expression scan (C speed); each
conversion is then a binary search, so converting is O(log k) for k astral characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Converts offsets in one text between code points and UTF-16 code units."""

    __slots__ = ("_astral_cp", "_astral_u16", "_length", "_length_u16")

    def __init__(self, text: str) -> None:
        self._astral_cp = [match.start() for match in _ASTRAL.finditer(text)]
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self._length = len(text)
        self._length_u16 = len(text) + len(self._astral_cp)

    @property
    def length(self) -> int:
        """Length of the text in code points."""
        return self._length

    @property
    def length_utf16(self) -> int:
        """Length of the text in UTF-16 code units."""
        return self._length_u16

    def to_utf16(self, codepoint: int) -> int:
        """UTF-16 offset of the code-point offset ``codepoint`` (clamped to the text)."""
        codepoint = min(max(codepoint, 0), self._length)
        return codepoint + bisect_left(self._astral_cp, codepoint)

    def to_codepoint(self, utf16: int) -> int:
        """Code-point offset of the UTF-16 offset ``utf16`` (clamped to the text).

        An offset that falls between the two halves of a surrogate pair cannot name a character
        boundary; it is moved back to the start of that character.
        """
        utf16 = min(max(utf16, 0), self._length_u16)
        # Astral characters that start before ``utf16`` each add one extra unit; one that starts
        # at ``utf16 - 1`` is cut in half, and subtracting it lands on its start.
        return utf16 - bisect_right(self._astral_u16, utf16 - 1)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """Both ends of a code-point span as UTF-16 offsets."""
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_codepoint(self, start: int, end: int) -> tuple[int, int]:
        """Both ends of a UTF-16 span as code-point offsets."""
        return self.to_codepoint(start), self.to_codepoint(end)


UNITS = ("codepoints", "utf16")


class RawTextOffsets:
    """Maps positions in a file's text as another tool counted them onto the stored text.

    Other tools count in the decoded file text (byte-order mark dropped) with its line ends as
    they were, so CRLF is two positions; Annotator stores LF. Positions are code points
    (REFI-QDA 1.5, QualCoder, Annotator) or UTF-16 code units (NVivo, Qt).
    """

    __slots__ = ("_crlf", "_length", "_raw_index", "raw")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._raw_index = Utf16Index(raw)
        self._crlf = [match.start() for match in re.finditer("\r\n", raw)]
        self._length = len(raw) - len(self._crlf)

    def raw_codepoint(self, position: int, unit: str) -> int:
        """``position`` (in ``unit``) as a code-point offset of the raw text."""
        return self._raw_index.to_codepoint(position) if unit == "utf16" else position

    def raw_length(self, unit: str) -> int:
        return self._raw_index.length_utf16 if unit == "utf16" else self._raw_index.length

    def splits_character(self, position: int, unit: str) -> bool:
        """True if a UTF-16 ``position`` falls between the two halves of a surrogate pair."""
        if unit != "utf16":
            return False
        return self._raw_index.to_utf16(self._raw_index.to_codepoint(position)) != position

    def to_stored(self, position: int, unit: str) -> int:
        """``position`` (in ``unit`` of the raw text) as a code point of the stored text."""
        raw = min(max(self.raw_codepoint(position, unit), 0), self._raw_index.length)
        return raw - bisect_left(self._crlf, raw)


def stored_to_utf16(text: str, positions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the stored ``text`` in code points, as UTF-16 offsets (what NVivo reads)."""
    index = Utf16Index(text)
    return [index.span_to_utf16(start, end) for start, end in positions]
