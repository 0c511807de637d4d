"""Sets of characters as sorted, disjoint spans: union, intersection, difference, proximity.

A code query (``A AND B``, ``A NOT B``) asks about the *text* coded, not about single codings:
the characters coded with both codes, the characters of one code without the other. A set of
characters is kept canonical here (sorted, disjoint, and not even touching: ``[0, 5)`` and
``[5, 9)`` are one stretch ``[0, 9)``), so two equal sets compare equal as lists and every
operation is one linear merge over both inputs.

Proximity (``NEAR``, ``FOLLOWED BY``) is about segments, not characters: it keeps the segments
of one side that have a segment of the other side close by. Those take plain span lists.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate

from annotator.core.spans import Span


def normalize(spans: Iterable[Span]) -> list[Span]:
    """The canonical form of the characters the spans cover: touching stretches join."""
    result: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if result and start <= result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def union(left: Sequence[Span], right: Sequence[Span]) -> list[Span]:
    return normalize([*left, *right])


def intersection(left: Sequence[Span], right: Sequence[Span]) -> list[Span]:
    """Characters in both canonical sets (a two-pointer walk, O(len(left) + len(right)))."""
    result: list[Span] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            result.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def difference(left: Sequence[Span], right: Sequence[Span]) -> list[Span]:
    """Characters of the canonical set ``left`` that are not in the canonical set ``right``."""
    result: list[Span] = []
    j = 0
    for start, end in left:
        position = start
        while j < len(right) and right[j][1] <= position:
            j += 1
        k = j
        while k < len(right) and right[k][0] < end:
            if right[k][0] > position:
                result.append((position, right[k][0]))
            position = max(position, right[k][1])
            k += 1
        if position < end:
            result.append((position, end))
    return result


def gap(a: Span, b: Span) -> int:
    """Characters strictly between two spans; 0 when they touch or overlap."""
    return max(0, b[0] - a[1], a[0] - b[1])


def near(segments: Sequence[Span], others: Sequence[Span], distance: int) -> list[Span]:
    """The segments with some span of ``others`` at most ``distance`` characters away.

    A segment ``s`` qualifies when some ``t`` has ``t.start <= s.end + distance`` and
    ``t.end >= s.start - distance``. With ``others`` sorted by start and a running maximum of
    their ends, that is one bisection per segment.
    """
    ordered = sorted(others)
    starts = [start for start, _ in ordered]
    reach = list(accumulate((end for _, end in ordered), max))
    kept: list[Span] = []
    for segment in segments:
        count = bisect_right(starts, segment[1] + distance)
        if count and reach[count - 1] >= segment[0] - distance:
            kept.append(segment)
    return sorted(set(kept))


def followed_by(
    segments: Sequence[Span], others: Sequence[Span], distance: int | None = None
) -> list[Span]:
    """The segments after whose end a span of ``others`` starts (within ``distance``, if given)."""
    starts = sorted(start for start, _ in others)
    kept: list[Span] = []
    for segment in segments:
        index = bisect_left(starts, segment[1])
        if index < len(starts) and (distance is None or starts[index] - segment[1] <= distance):
            kept.append(segment)
    return sorted(set(kept))
