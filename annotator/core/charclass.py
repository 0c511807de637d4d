"""Regular-expression character classes built from code points (asked of :mod:`unicodedata`).

Python compiles a class of single characters and short ranges into a fast lookup; these helpers
turn a set of code points into the fewest ranges, so a class of thousands of characters stays
a short pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Run = tuple[int, int]  # inclusive first and last code point


def runs(codes: Iterable[int]) -> list[Run]:
    """Ascending code points as runs of consecutive ones."""
    found: list[list[int]] = []
    for code in codes:
        if found and found[-1][1] == code - 1:
            found[-1][1] = code
        else:
            found.append([code, code])
    return [(low, high) for low, high in found]


def class_body(ranges: Iterable[Run]) -> str:
    """The inside of ``[...]`` for these inclusive ranges, each character escaped."""
    return "".join(
        f"{re.escape(chr(low))}-{re.escape(chr(high))}" if high > low else re.escape(chr(low))
        for low, high in ranges
    )
