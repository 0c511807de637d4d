"""How codings cover a text: the pieces a highlighter paints and the lanes a margin draws.

Both are built once per document in O(M log M) for M codings, and then kept up to date as
single codings are added or removed, touching only the pieces the coding spans (plus one list
splice). Nothing ever compares every coding with every other, so opening and editing a densely
coded document grow about linearly with its codings.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from annotator.core.model import Coding


@dataclass(frozen=True)
class Piece:
    """A stretch ``[start, end)`` covered by the same codings (ids in ascending order)."""

    start: int
    end: int
    codings: tuple[int, ...]


def pieces(codings: Iterable[Coding]) -> list[Piece]:
    """Split the covered text at every coding boundary; uncovered stretches are left out."""
    coverage = Coverage(codings)
    return list(coverage.between(0, coverage.extent()))


class Coverage:
    """Sorted, non-overlapping pieces with the ids of the codings covering each."""

    def __init__(self, codings: Iterable[Coding] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._ids: list[tuple[int, ...]] = []
        events: list[tuple[int, int, int]] = []
        for coding in codings:
            events.append((coding.start, 1, coding.id))
            events.append((coding.end, 0, coding.id))
        events.sort()
        active: dict[int, None] = {}
        position = 0
        for point, opening, coding_id in events:
            if point > position and active:
                self._append(position, point, tuple(sorted(active)))
            position = point
            if opening:
                active[coding_id] = None
            else:
                active.pop(coding_id, None)

    def _append(self, start: int, end: int, ids: tuple[int, ...]) -> None:
        if self._ends and self._ends[-1] == start and self._ids[-1] == ids:
            self._ends[-1] = end
        else:
            self._starts.append(start)
            self._ends.append(end)
            self._ids.append(ids)

    def __len__(self) -> int:
        return len(self._starts)

    def extent(self) -> int:
        return self._ends[-1] if self._ends else 0

    def between(self, start: int, end: int) -> Iterator[Piece]:
        """Pieces that meet ``[start, end)``, in text order."""
        first = bisect_right(self._ends, start)
        last = bisect_left(self._starts, end)
        for index in range(first, last):
            yield Piece(self._starts[index], self._ends[index], self._ids[index])

    def at(self, position: int) -> tuple[int, ...]:
        """Ids of the codings covering the character at ``position``."""
        index = bisect_right(self._ends, position)
        if index < len(self._starts) and self._starts[index] <= position:
            return self._ids[index]
        return ()

    def ids_between(self, start: int, end: int) -> set[int]:
        found: set[int] = set()
        for piece in self.between(start, end):
            found.update(piece.codings)
        return found

    def add(self, coding: Coding) -> None:
        """Cover ``[start, end)`` with one more coding."""
        start, end, new = coding.start, coding.end, coding.id
        first = bisect_right(self._ends, start)
        last = bisect_left(self._starts, end)
        replacement: list[tuple[int, int, tuple[int, ...]]] = []
        position = start
        for index in range(first, last):
            p_start, p_end, ids = self._starts[index], self._ends[index], self._ids[index]
            if p_start < start:
                replacement.append((p_start, start, ids))
                p_start = start
            if position < p_start:
                replacement.append((position, p_start, (new,)))
            inner_end = min(p_end, end)
            replacement.append((p_start, inner_end, tuple(sorted((*ids, new)))))
            if p_end > end:
                replacement.append((end, p_end, ids))
            position = inner_end
        if position < end:
            replacement.append((position, end, (new,)))
        self._splice(first, last, replacement)

    def remove(self, coding: Coding) -> None:
        """Take one coding away again."""
        first = bisect_right(self._ends, coding.start)
        last = bisect_left(self._starts, coding.end)
        replacement = [
            (self._starts[i], self._ends[i], tuple(x for x in self._ids[i] if x != coding.id))
            for i in range(first, last)
        ]
        self._splice(first, last, [r for r in replacement if r[2]])

    def _splice(self, first: int, last: int, items: list[tuple[int, int, tuple[int, ...]]]) -> None:
        # Merge with the neighbours so equal adjacent pieces stay one piece.
        if (
            first > 0
            and items
            and self._ends[first - 1] == items[0][0]
            and (self._ids[first - 1] == items[0][2])
        ):
            first -= 1
            items[0] = (self._starts[first], items[0][1], items[0][2])
        if (
            last < len(self._starts)
            and items
            and items[-1][1] == self._starts[last]
            and (items[-1][2] == self._ids[last])
        ):
            items[-1] = (items[-1][0], self._ends[last], items[-1][2])
            last += 1
        merged: list[tuple[int, int, tuple[int, ...]]] = []
        for item in items:
            if merged and merged[-1][1] == item[0] and merged[-1][2] == item[2]:
                merged[-1] = (merged[-1][0], item[1], item[2])
            else:
                merged.append(item)
        self._starts[first:last] = [m[0] for m in merged]
        self._ends[first:last] = [m[1] for m in merged]
        self._ids[first:last] = [m[2] for m in merged]


def shortest_first(ids: Iterable[int], length: Callable[[int], int]) -> tuple[int, ...]:
    """Order coding ids so the innermost (shortest) coding comes first."""
    return tuple(sorted(ids, key=lambda i: (length(i), i)))


def lanes(
    codings: Sequence[Coding], extent: Callable[[Coding], tuple[int, int]] | None = None
) -> dict[int, int]:
    """Give overlapping codings different lanes (0, 1, ...), reusing freed lanes first.

    ``extent`` widens each coding to the span its stripe occupies (e.g. its whole paragraphs,
    since a stripe covers whole lines); codings whose extents overlap get different lanes.
    Interval-graph colouring by a sweep with two heaps: optimal (as many lanes as the deepest
    overlap) and O(M log M).
    """
    span = extent or (lambda c: (c.start, c.end))
    spans = {c.id: span(c) for c in codings}
    ordered = sorted(codings, key=lambda c: (spans[c.id][0], -(c.end - c.start), c.id))
    busy: list[tuple[int, int]] = []  # (end, lane)
    free: list[int] = []
    assigned: dict[int, int] = {}
    next_lane = 0
    for coding in ordered:
        start, end = spans[coding.id]
        while busy and busy[0][0] <= start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane = next_lane
            next_lane += 1
        assigned[coding.id] = lane
        heapq.heappush(busy, (end, lane))
    return assigned


def free_lane(taken: Iterable[int]) -> int:
    """The lowest lane not in ``taken``: where a new coding's stripe goes."""
    used = set(taken)
    lane = 0
    while lane in used:
        lane += 1
    return lane
