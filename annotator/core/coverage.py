"""How codings cover a text: the pieces a highlighter paints and the lanes a margin draws.

Both are computed once per document in O(M log M) for M codings, so opening a densely coded
document grows about linearly with its codings (no coding is compared with every other).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.model import Coding


@dataclass(frozen=True)
class Piece:
    """A stretch ``[start, end)`` covered by the same codings (ids, shortest first)."""

    start: int
    end: int
    codings: tuple[int, ...]


def pieces(codings: Sequence[Coding]) -> list[Piece]:
    """Split the covered text at every coding boundary; uncovered stretches are left out."""
    events: list[tuple[int, int, int]] = []
    for coding in codings:
        events.append((coding.start, 1, coding.id))
        events.append((coding.end, 0, coding.id))
    events.sort()
    length_of = {c.id: c.end - c.start for c in codings}
    active: set[int] = set()
    out: list[Piece] = []
    position = 0
    for point, kind, coding_id in events:
        if point > position and active:
            ordered = tuple(sorted(active, key=lambda i: (length_of[i], i)))
            if out and out[-1].end == position and out[-1].codings == ordered:
                out[-1] = Piece(out[-1].start, point, ordered)
            else:
                out.append(Piece(position, point, ordered))
        position = point
        if kind:
            active.add(coding_id)
        else:
            active.discard(coding_id)
    return out


class PieceIndex:
    """Finds the pieces that meet a range of the text (binary search on sorted pieces)."""

    def __init__(self, items: list[Piece]) -> None:
        self._pieces = items
        self._ends = [p.end for p in items]
        self._starts = [p.start for p in items]

    def __len__(self) -> int:
        return len(self._pieces)

    def between(self, start: int, end: int) -> list[Piece]:
        first = bisect_right(self._ends, start)
        last = bisect_left(self._starts, end)
        return self._pieces[first:last]

    def at(self, position: int) -> tuple[int, ...]:
        """Codings covering the character at ``position``, shortest first."""
        for piece in self.between(position, position + 1):
            return piece.codings
        return ()


def lanes(codings: Sequence[Coding]) -> dict[int, int]:
    """Give overlapping codings different lanes (0, 1, ...), reusing freed lanes first.

    Interval-graph colouring by a sweep with two heaps: optimal (as many lanes as the deepest
    overlap) and O(M log M).
    """
    ordered = sorted(codings, key=lambda c: (c.start, -(c.end - c.start), c.id))
    busy: list[tuple[int, int]] = []  # (end, lane)
    free: list[int] = []
    assigned: dict[int, int] = {}
    next_lane = 0
    for coding in ordered:
        while busy and busy[0][0] <= coding.start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane = next_lane
            next_lane += 1
        assigned[coding.id] = lane
        heapq.heappush(busy, (coding.end, lane))
    return assigned
