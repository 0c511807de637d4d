"""Frequencies and co-occurrence against counting by hand and by brute force."""

from __future__ import annotations

import random

from annotator.core.query_eval import CodedSpan
from annotator.core.span_sets import gap
from annotator.core.tables import cooccurrence, cooccurring, frequencies

CODES = [(1, "A"), (2, "A/child"), (3, "B")]


def test_frequencies_measures_and_columns() -> None:
    spans = [
        CodedSpan(10, 1, 7, 0, 10),
        CodedSpan(10, 1, 8, 5, 15),  # another coder, overlapping: characters count once
        CodedSpan(11, 1, 7, 0, 4),
        CodedSpan(11, 3, 7, 2, 3),
    ]
    names = {10: "doc b", 11: "doc a"}
    table = frequencies(spans, CODES, lambda c: names[c.document_id], "codings")
    assert table.columns == ("doc a", "doc b", "Total")
    assert table.cells == ((1, 2, 3), (0, 0, 0), (1, 0, 1))
    chars = frequencies(spans, CODES, lambda c: names[c.document_id], "characters")
    assert chars.cells[0] == (4, 15, 19)
    docs = frequencies(spans, CODES, lambda c: "x" if c.coder_id == 7 else None, "documents")
    assert docs.cells == ((2, 2), (0, 0), (1, 1))


def test_cooccurrence_matches_brute_force() -> None:
    rng = random.Random(3)
    spans = []
    for _ in range(300):
        start = rng.randrange(200)
        spans.append(CodedSpan(rng.randrange(4), rng.choice([1, 2, 3]), rng.randrange(2), start,
                               start + rng.randint(1, 30)))  # fmt: skip
    spans = list(
        {(s.document_id, s.code_id, s.coder_id, s.start, s.end): s for s in spans}.values()
    )
    for distance in (0, 5):
        result = cooccurrence(spans, CODES, distance=distance)
        by_docs = cooccurrence(spans, CODES, count="documents", distance=distance)
        for a, _ in CODES:
            for b, _ in CODES:
                if a == b:
                    continue
                pairs = [(x, y) for x in spans for y in spans if x.code_id == a and y.code_id == b
                         and x.document_id == y.document_id
                         and gap((x.start, x.end), (y.start, y.end)) <= distance]  # fmt: skip
                assert result.pairs.get((a, b), 0) == len(pairs)
                assert by_docs.pairs.get((a, b), 0) == len({x.document_id for x, _ in pairs})
                assert sorted(cooccurring(spans, a, b, distance), key=str) == sorted(pairs, key=str)
        assert result.own[1] == sum(1 for s in spans if s.code_id == 1)
    table = cooccurrence(spans, CODES).table()
    assert table.rows == table.columns == ("A", "A/child", "B")
    assert all(table.cells[i][j] == table.cells[j][i] for i in range(3) for j in range(3))
