"""Property tests with missing data: the engine against a per-character reference.

Each coder works on a random subset of documents (the rest is missing data, not "uncoded"),
codes are chosen at random, and the reference below rebuilds every rating character by
character and applies each definition directly: no sweep, no shared code with the engine.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.agreement import AgreementInput, AgreementOptions, CodedSpan, compute_agreement

CODERS = ("ann", "ben", "cat")
CODES = ("A", "B")


@st.composite
def projects(draw: st.DrawFn) -> AgreementInput:
    lengths = {f"d{i}": draw(st.integers(3, 30)) for i in range(draw(st.integers(1, 4)))}
    worked = {(d, c) for d in lengths for c in CODERS if draw(st.booleans())}
    codings = []
    for document, coder in sorted(worked):
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.integers(0, lengths[document] - 1))
            end = draw(st.integers(start + 1, lengths[document]))
            codings.append(CodedSpan(document, draw(st.sampled_from(CODES)), coder, start, end))
    return AgreementInput(lengths, codings, frozenset(worked))


def ratings(data: AgreementInput, code: str, coders: tuple[str, ...]) -> list[list[int]]:
    """Per character of every document: the 0/1 ratings of the coders who worked there."""
    units: list[list[int]] = []
    for document, length in data.lengths.items():
        present = [c for c in coders if (document, c) in data.done]
        marks = {c: np.zeros(length, dtype=int) for c in present}
        for coding in data.codings:
            if coding.document == document and coding.code == code and coding.coder in marks:
                marks[coding.coder][coding.start : coding.end] = 1
        if len(present) >= 2:
            units.extend([int(marks[c][i]) for c in present] for i in range(length))
    return units


def reference(units: list[list[int]]) -> dict[str, float | None]:
    # A code nobody coded on a compared document has no figure (README: unused codes).
    if not any(any(u) for u in units):
        return {"percent": None, "fleiss": None, "ac1": None}
    agree = np.mean([len(set(u)) == 1 for u in units])
    p_u = [sum(n * (n - 1) for n in (sum(u), len(u) - sum(u))) / (len(u) * (len(u) - 1))
           for u in units]  # fmt: skip
    p_bar = float(np.mean(p_u))
    ones = sum(sum(u) for u in units)
    total = sum(len(u) for u in units)
    p1 = ones / total
    p_e = p1**2 + (1 - p1) ** 2
    fleiss = None if p_e == 1 else (p_bar - p_e) / (1 - p_e)
    pi = float(np.mean([sum(u) / len(u) for u in units]))
    chance = 2 * pi * (1 - pi)
    return {"percent": float(agree), "fleiss": fleiss, "ac1": (p_bar - chance) / (1 - chance)}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_percent_fleiss_and_ac1_with_missing_coders(data: AgreementInput) -> None:
    rows = compute_agreement(data, AgreementOptions(coders=list(CODERS), codes=list(CODES)))
    for row in rows:
        if row.document is not None or row.code is None:
            continue
        expected = reference(ratings(data, row.code, CODERS))
        for name, got in (("percent", row.percent_agreement), ("fleiss", row.fleiss_kappa),
                          ("ac1", row.gwet_ac1)):  # fmt: skip
            if expected[name] is None:
                assert got is None
            else:
                assert got == pytest.approx(expected[name], abs=1e-12), name


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_cohen_with_missing_documents_counts_only_shared_ones(data: AgreementInput) -> None:
    rows = compute_agreement(data, AgreementOptions(coders=["ann", "ben"], codes=list(CODES)))
    for row in rows:
        if row.document is not None or row.code is None:
            continue
        units = ratings(data, row.code, ("ann", "ben"))
        if not units:
            assert row.cohen_kappa is None
            continue
        a = np.array([u[0] for u in units])
        b = np.array([u[1] for u in units])
        p_o = float(np.mean(a == b))
        p_e = a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean())
        if p_e == 1:
            assert row.cohen_kappa is None
        else:
            assert row.cohen_kappa == pytest.approx((p_o - p_e) / (1 - p_e), abs=1e-12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_pooled_over_codes_kappa_is_de_vries(data: AgreementInput) -> None:
    """De Vries et al. (2008): (mean p_o - mean p_e) / (1 - mean p_e) over the codes."""
    rows = compute_agreement(data, AgreementOptions(coders=["ann", "ben"], codes=list(CODES)))
    pooled = next(r for r in rows if r.document is None and r.pooling == "codes")
    observed, chance = [], []
    for code in CODES:
        units = ratings(data, code, ("ann", "ben"))
        if not units:
            continue
        a = np.array([u[0] for u in units])
        b = np.array([u[1] for u in units])
        observed.append(float(np.mean(a == b)))
        chance.append(a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean()))
    if not observed or np.mean(chance) == 1:
        assert pooled.cohen_kappa is None
        return
    p_o, p_e = np.mean(observed), np.mean(chance)
    assert pooled.cohen_kappa == pytest.approx((p_o - p_e) / (1 - p_e), abs=1e-12)
