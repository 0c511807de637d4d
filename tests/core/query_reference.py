"""A brute-force, per-character evaluation of code queries: the reference the fast one must match.

Sets of characters are boolean lists, proximity compares every character of one segment with
every character of the other. Slow and obviously right, which is the point.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from annotator.core.query import CodeTerm, Node
from annotator.core.spans import Span

Value = tuple[str, list[bool] | list[Span]]


def runs(chars: Sequence[bool]) -> list[Span]:
    found: list[Span] = []
    start = None
    for index, covered in enumerate([*chars, False]):
        if covered and start is None:
            start = index
        elif not covered and start is not None:
            found.append((start, index))
            start = None
    return found


def _chars(value: Value, length: int) -> list[bool]:
    kind, data = value
    if kind == "set":
        return list(data)  # type: ignore[arg-type]
    marks = [False] * length
    for start, end in data:  # type: ignore[misc]
        for index in range(start, end):
            marks[index] = True
    return marks


def _segments(value: Value) -> list[Span]:
    kind, data = value
    return runs(data) if kind == "set" else list(data)  # type: ignore[arg-type]


def _near(s: Span, t: Span, distance: int) -> bool:
    return any(i == j or abs(i - j) - 1 <= distance for i in range(*s) for j in range(*t))


def _follows(s: Span, t: Span, distance: int | None) -> bool:
    last_of_s = max(range(*s))
    first_of_t = min(range(*t))
    return first_of_t > last_of_s and (distance is None or first_of_t - last_of_s - 1 <= distance)


def reference(node: Node, segments_of: Callable[[CodeTerm], Sequence[Span]], length: int) -> Value:
    if isinstance(node, CodeTerm):
        return "segments", sorted(set(segments_of(node)))
    left = reference(node.left, segments_of, length)
    right = reference(node.right, segments_of, length)
    if node.operator in ("AND", "OR", "NOT"):
        a, b = _chars(left, length), _chars(right, length)
        if node.operator == "AND":
            return "set", [x and y for x, y in zip(a, b, strict=True)]
        if node.operator == "OR":
            return "set", [x or y for x, y in zip(a, b, strict=True)]
        return "set", [x and not y for x, y in zip(a, b, strict=True)]
    others = _segments(right)
    if node.operator == "NEAR":
        kept = [s for s in _segments(left) if any(_near(s, t, node.distance or 0) for t in others)]
    else:
        kept = [s for s in _segments(left) if any(_follows(s, t, node.distance) for t in others)]
    return "segments", sorted(set(kept))


def reference_spans(
    node: Node, segments_of: Callable[[CodeTerm], Sequence[Span]], length: int
) -> list[Span]:
    return _segments(reference(node, segments_of, length))
