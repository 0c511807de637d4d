"""Property tests: the engine agrees with independent reference implementations to 1e-9.

References (test-only dependencies): scikit-learn's cohen_kappa_score, statsmodels'
fleiss_kappa and the krippendorff package, all fed one label per character.
"""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

from annotator.core.agreement import AgreementInput, AgreementOptions, CodedSpan, compute_agreement

CODERS = ("ann", "ben", "cat")
CODES = ("A", "B")


@st.composite
def projects(draw: st.DrawFn, coders: int) -> AgreementInput:
    lengths = {f"d{i}": draw(st.integers(5, 60)) for i in range(draw(st.integers(1, 3)))}
    codings: list[CodedSpan] = []
    for document, length in lengths.items():
        for coder in CODERS[:coders]:
            for _ in range(draw(st.integers(0, 4))):
                start = draw(st.integers(0, length - 1))
                end = draw(st.integers(start + 1, length))
                codings.append(CodedSpan(document, draw(st.sampled_from(CODES)), coder, start, end))
    return AgreementInput(lengths, codings)


def labels(data: AgreementInput, document: str, code: str, coder: str) -> np.ndarray:
    out = np.zeros(data.lengths[document], dtype=int)
    for c in data.codings:
        if (c.document, c.code, c.coder) == (document, code, coder):
            out[c.start : c.end] = 1
    return out


def pooled_labels(data: AgreementInput, code: str, coder: str) -> np.ndarray:
    return np.concatenate([labels(data, d, code, coder) for d in data.lengths])


RELAXED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(projects(coders=2))
def test_cohen_and_percent_match_sklearn(data: AgreementInput) -> None:
    rows = compute_agreement(data, AgreementOptions(coders=["ann", "ben"], all_worked=True))
    for row in rows:
        if row.code is None:
            continue
        docs = [row.document] if row.document else list(data.lengths)
        a = np.concatenate([labels(data, d, row.code, "ann") for d in docs])
        b = np.concatenate([labels(data, d, row.code, "ben") for d in docs])
        assert row.percent_agreement == pytest.approx(float(np.mean(a == b)), abs=1e-12)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reference = cohen_kappa_score(a, b)
        if math.isnan(reference):
            assert row.cohen_kappa is None
            assert "cohen_kappa" in row.notes
        else:
            assert row.cohen_kappa is not None
            assert abs(row.cohen_kappa - reference) < 1e-9


@RELAXED
@given(projects(coders=3))
def test_fleiss_matches_statsmodels(data: AgreementInput) -> None:
    rows = compute_agreement(data, AgreementOptions(coders=list(CODERS), all_worked=True))
    for row in rows:
        if row.code is None or row.fleiss_kappa is None:
            continue
        docs = [row.document] if row.document else list(data.lengths)
        ratings = np.stack(
            [np.concatenate([labels(data, d, row.code, c) for d in docs]) for c in CODERS]
        )
        ones = ratings.sum(axis=0)
        table = np.stack([3 - ones, ones], axis=1)
        assert abs(row.fleiss_kappa - fleiss_kappa(table)) < 1e-9


@RELAXED
@given(projects(coders=3), st.data())
def test_alpha_matches_krippendorff_package_with_missing_coders(
    data: AgreementInput, draw: st.DataObject
) -> None:
    # Each coder worked on a random subset of documents; the others are missing data.
    worked = {
        (d, c) for d in data.lengths for c in CODERS if draw.draw(st.booleans(), label=f"{d}{c}")
    }
    codings = [c for c in data.codings if (c.document, c.coder) in worked]
    data = AgreementInput(data.lengths, codings, frozenset(worked))
    rows = compute_agreement(data, AgreementOptions(coders=list(CODERS)))
    for row in rows:
        if row.code is None or row.document is not None:
            continue
        matrix = []
        for coder in CODERS:
            parts = []
            for d in data.lengths:
                part = labels(data, d, row.code, coder).astype(float)
                if (d, coder) not in worked:
                    part[:] = np.nan
                parts.append(part)
            matrix.append(np.concatenate(parts))
        reliability = np.array(matrix)
        pairable = (~np.isnan(reliability)).sum(axis=0) >= 2
        values = set(np.unique(reliability[:, pairable][~np.isnan(reliability[:, pairable])]))
        if row.krippendorff_alpha is None:
            assert len(values) < 2
            assert row.notes["krippendorff_alpha"]
            continue
        reference = krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal")
        assert abs(row.krippendorff_alpha - reference) < 1e-9
