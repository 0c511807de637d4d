from __future__ import annotations

import pytest

from annotator.core.disagreement import find_disagreements, intersection, resolve
from annotator.core.model import Coding

A, B = 1, 2


def coding(cid: int, coder: int, start: int, end: int, code: int = 10) -> Coding:
    return Coding(cid, 1, code, coder, start, end)


def test_agreement_is_not_a_disagreement_but_differences_are() -> None:
    items = [
        coding(1, A, 0, 5), coding(2, B, 0, 5),          # same: agreement
        coding(3, A, 10, 20), coding(4, B, 12, 20),      # boundary differs
        coding(5, A, 30, 35),                            # only A
        coding(6, B, 40, 45, code=11),                   # only B, another code
    ]  # fmt: skip
    found = find_disagreements(items, [A, B])
    assert [(d.code_id, d.start, d.end) for d in found] == [
        (10, 10, 20),
        (10, 30, 35),
        (11, 40, 45),
    ]
    assert found[0].coverage == {A: ((10, 20),), B: ((12, 20),)}
    assert found[1].coverage[B] == ()


def test_resolutions() -> None:
    [item] = find_disagreements([coding(1, A, 10, 20), coding(2, B, 15, 30)], [A, B])
    assert resolve(item, "accept", coder_id=A) == [(10, 20)]
    assert resolve(item, "accept", coder_id=B) == [(15, 30)]
    assert resolve(item, "union") == [(10, 30)]
    assert resolve(item, "intersection") == [(15, 20)]
    assert resolve(item, "adjust", adjusted=(12, 25)) == [(12, 25)]
    with pytest.raises(ValueError, match="non-empty"):
        resolve(item, "adjust", adjusted=(5, 5))


def test_intersection_of_span_lists() -> None:
    assert intersection([(0, 5), (10, 20)], [(3, 12), (18, 25)]) == [(3, 5), (10, 12), (18, 20)]
