from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.coverage import Coverage, free_lane, lanes, pieces, shortest_first
from annotator.core.model import Coding


def coding(cid: int, start: int, end: int) -> Coding:
    return Coding(cid, 1, 1, 1, start, end)


def test_pieces_split_at_boundaries() -> None:
    result = pieces([coding(1, 0, 10), coding(2, 4, 6), coding(3, 12, 14)])
    assert [(p.start, p.end, p.codings) for p in result] == [
        (0, 4, (1,)),
        (4, 6, (1, 2)),
        (6, 10, (1,)),
        (12, 14, (3,)),
    ]
    index = Coverage([coding(1, 0, 10), coding(2, 4, 6), coding(3, 12, 14)])
    lengths = {1: 10, 2: 2, 3: 2}
    assert shortest_first(index.at(5), lengths.__getitem__) == (2, 1)
    assert index.at(11) == ()
    assert [p.start for p in index.between(5, 13)] == [4, 6, 12]


def test_lanes_separate_overlaps_and_reuse_free_lanes() -> None:
    assigned = lanes([coding(1, 0, 10), coding(2, 5, 15), coding(3, 10, 12), coding(4, 20, 30)])
    assert assigned[1] != assigned[2]
    assert assigned[3] == assigned[1]
    assert assigned[4] == 0
    assert free_lane([0, 1, 3]) == 2


def covered(items: list[Coding]) -> set[tuple[int, int]]:
    return {(pos, c.id) for c in items for pos in range(c.start, c.end)}


def from_coverage(index: Coverage) -> set[tuple[int, int]]:
    return {
        (pos, cid)
        for p in index.between(0, 10_000)
        for pos in range(p.start, p.end)
        for cid in p.codings
    }


spans = st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20)), max_size=30)


@given(spans)
def test_lanes_never_collide_and_pieces_cover_exactly(items_spans: list[tuple[int, int]]) -> None:
    items = [coding(i, s, s + n) for i, (s, n) in enumerate(items_spans)]
    assigned = lanes(items)
    for a in items:
        for b in items:
            if a.id < b.id and a.start < b.end and b.start < a.end:
                assert assigned[a.id] != assigned[b.id]
    assert from_coverage(Coverage(items)) == covered(items)


@given(spans, st.data())
def test_incremental_add_and_remove_match_a_rebuild(
    items_spans: list[tuple[int, int]], data: st.DataObject
) -> None:
    items = [coding(i, s, s + n) for i, (s, n) in enumerate(items_spans)]
    index = Coverage()
    for item in items:
        index.add(item)
    assert list(index.between(0, 10_000)) == list(Coverage(items).between(0, 10_000))
    gone = data.draw(st.sets(st.sampled_from([c.id for c in items]))) if items else set()
    for item in items:
        if item.id in gone:
            index.remove(item)
    kept = [c for c in items if c.id not in gone]
    assert list(index.between(0, 10_000)) == list(Coverage(kept).between(0, 10_000))
