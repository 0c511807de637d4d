"""Bulk review plans: which regions, which action, and nothing twice."""

from __future__ import annotations

from annotator.core.model import Coding
from annotator.core.review_plan import plan_agreements, plan_coder_version

ANN, BEN, CONSENSUS = 1, 2, 9
A, B = 10, 20


def coding(number: int, code: int, coder: int, start: int, end: int) -> Coding:
    return Coding(number, 1, code, coder, start, end, "")


CODINGS = [
    coding(1, A, ANN, 0, 5), coding(2, A, BEN, 0, 5),  # agreed
    coding(3, A, ANN, 10, 20), coding(4, A, BEN, 12, 20),  # disagreed
    coding(5, B, ANN, 30, 35),  # only ann
]  # fmt: skip


def test_agreements_take_only_identical_regions_once() -> None:
    [agreed] = plan_agreements(1, CODINGS, [ANN, BEN])
    assert (agreed.code_id, agreed.region, agreed.spans, agreed.action) == (A, (0, 5), [(0, 5)],
                                                                           "agreed")  # fmt: skip
    assert sorted(agreed.sources) == [1, 2]
    held = [coding(99, A, CONSENSUS, 0, 5)]
    assert plan_agreements(1, CODINGS, [ANN, BEN], held) == []


def test_one_coders_version_of_every_region() -> None:
    plan = plan_coder_version(1, CODINGS, [ANN, BEN], BEN, "ben")
    got = sorted((d.code_id, d.region, tuple(d.spans), d.action, d.accepted_coder) for d in plan)
    assert got == [
        (A, (0, 5), ((0, 5),), "agreed", None),
        (A, (10, 20), ((12, 20),), "accept", "ben"),
        (B, (30, 35), (), "accept", "ben"),  # ben coded nothing there: the consensus neither
    ]
    only_b = plan_coder_version(1, CODINGS, [ANN, BEN], ANN, "ann", code_ids={B})
    assert [(d.region, d.spans) for d in only_b] == [((30, 35), [(30, 35)])]


def test_a_region_decided_before_is_not_planned_again() -> None:
    decided = {(B, 30, 35)}
    plan = plan_coder_version(1, CODINGS, [ANN, BEN], BEN, "ben", decided=decided)
    assert [d.region for d in plan] == [(0, 5), (10, 20)]
