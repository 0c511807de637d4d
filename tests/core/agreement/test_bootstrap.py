"""Bootstrap intervals: the unit-weight resample is the exact figure; seeds reproduce."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import AgreementInput, AgreementOptions, CodedSpan, compute_agreement
from annotator.core.agreement.bootstrap import (
    BootstrapOptions,
    _AlphaParts,
    _UnitizingParts,
    bootstrap,
)
from annotator.core.agreement.engine import Cancelled, tabulate


@st.composite
def projects(draw: st.DrawFn) -> AgreementInput:
    lengths = {f"d{i}": draw(st.integers(5, 40)) for i in range(draw(st.integers(1, 4)))}
    codings = []
    for document, length in lengths.items():
        for coder in ("x", "y", "z"):
            if draw(st.booleans()) or coder == "x":
                for _ in range(draw(st.integers(0, 3))):
                    start = draw(st.integers(0, length - 1))
                    end = draw(st.integers(start + 1, length))
                    code = draw(st.sampled_from(["A", "B"]))
                    codings.append(CodedSpan(document, code, coder, start, end))
    return AgreementInput(lengths, codings, frozenset((d, "y") for d in lengths))


@settings(max_examples=60, deadline=None)
@given(projects())
def test_weights_of_one_give_the_exact_figures(data: AgreementInput) -> None:
    options = AgreementOptions(codes=["A", "B"])
    rows = {(r.document, r.code, r.pooling): r for r in compute_agreement(data, options)}
    tables = tabulate(data, options)
    documents = list(tables.stats)
    shared = [d for d in documents if d in tables.continua]
    # A code no coder used on a compared document has no figure and stays out of the pooling.
    used: list[str] = [code for code in ("A", "B") if code in tables.selection.used]
    columns = [["A", "B"].index(code) for code in used]
    alpha = _AlphaParts(tables, documents, columns).resample(np.ones((1, len(documents))), used)
    for code in used:
        exact = rows[(None, code, None)]
        got = alpha[(code, "krippendorff_alpha")][0]
        if exact.krippendorff_alpha is None:
            assert not np.isfinite(got) or documents == []
        else:
            assert got == pytest.approx(exact.krippendorff_alpha, abs=1e-9)
        o, e = _UnitizingParts(tables, shared, ["A", "B"].index(code)).resample(
            np.ones((1, len(shared)))
        )
        if exact.alpha_u is not None:
            assert 1 - o[0] / e[0] == pytest.approx(exact.alpha_u, abs=1e-9)
    overall = rows[(None, None, "codes")].krippendorff_alpha
    if overall is not None:
        assert alpha[(None, "krippendorff_alpha")][0] == pytest.approx(overall, abs=1e-9)
    pairs = rows[(None, None, "pairs")].krippendorff_alpha
    if pairs is not None:
        assert alpha[("(pairs)", "krippendorff_alpha")][0] == pytest.approx(pairs, abs=1e-9)


def corpus() -> AgreementInput:
    codings = []
    for i in range(12):
        codings.append(CodedSpan(f"d{i}", "A", "x", i, i + 8))
        codings.append(CodedSpan(f"d{i}", "A", "y", i + (i % 3), i + 8))
    return AgreementInput({f"d{i}": 30 for i in range(12)}, codings)


def test_the_seed_reproduces_the_interval_and_the_interval_holds_the_figure() -> None:
    tables = tabulate(corpus(), AgreementOptions())
    first = bootstrap(tables, BootstrapOptions(0.95, 200, seed=7))
    again = bootstrap(tables, BootstrapOptions(0.95, 200, seed=7))
    other = bootstrap(tables, BootstrapOptions(0.95, 200, seed=8))
    assert first.intervals == again.intervals
    assert first.intervals != other.intervals
    exact = next(r for r in compute_agreement(corpus(), AgreementOptions()) if r.code == "A"
                 and r.document is None)  # fmt: skip
    alpha_u = first.intervals[("A", "alpha_u")]
    assert alpha_u.low is not None
    assert alpha_u.high is not None
    assert alpha_u.low <= exact.alpha_u <= alpha_u.high  # type: ignore[operator]
    assert alpha_u.used + alpha_u.undefined == 200


def test_progress_reports_and_cancels() -> None:
    tables = tabulate(corpus(), AgreementOptions())
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    bootstrap(tables, BootstrapOptions(resamples=120), progress)
    assert seen == [(50, 120), (100, 120), (120, 120)]
    with pytest.raises(Cancelled):
        bootstrap(tables, BootstrapOptions(resamples=120), lambda d, t: False)
