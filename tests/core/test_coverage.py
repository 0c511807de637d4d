from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.coverage import PieceIndex, lanes, pieces
from annotator.core.model import Coding


def coding(cid: int, start: int, end: int) -> Coding:
    return Coding(cid, 1, 1, 1, start, end)


def test_pieces_split_at_boundaries_shortest_first() -> None:
    result = pieces([coding(1, 0, 10), coding(2, 4, 6), coding(3, 12, 14)])
    assert [(p.start, p.end, p.codings) for p in result] == [
        (0, 4, (1,)),
        (4, 6, (2, 1)),
        (6, 10, (1,)),
        (12, 14, (3,)),
    ]
    index = PieceIndex(result)
    assert index.at(5) == (2, 1)
    assert index.at(11) == ()
    assert [p.start for p in index.between(5, 13)] == [4, 6, 12]


def test_lanes_separate_overlaps_and_reuse_free_lanes() -> None:
    assigned = lanes([coding(1, 0, 10), coding(2, 5, 15), coding(3, 10, 12), coding(4, 20, 30)])
    assert assigned[1] != assigned[2]
    assert assigned[3] == assigned[1]
    assert assigned[4] == 0


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20)), max_size=40))
def test_lanes_never_collide_and_pieces_cover_exactly(spans: list[tuple[int, int]]) -> None:
    items = [coding(i, s, s + n) for i, (s, n) in enumerate(spans)]
    assigned = lanes(items)
    for a in items:
        for b in items:
            if a.id < b.id and a.start < b.end and b.start < a.end:
                assert assigned[a.id] != assigned[b.id]
    covered = {
        (pos, cid) for p in pieces(items) for pos in range(p.start, p.end) for cid in p.codings
    }
    expected = {(pos, c.id) for c in items for pos in range(c.start, c.end)}
    assert covered == expected
