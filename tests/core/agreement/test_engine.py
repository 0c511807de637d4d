"""What the engine counts: worked documents, whitespace, pooling, degenerate cases."""

from __future__ import annotations

import json
import math

import pytest

from annotator.core.agreement import AgreementInput, AgreementOptions, CodedSpan, compute_agreement
from annotator.core.agreement.unitizing import disagreement
from tests.conftest import HARD_TEXT


def row_for(rows: list, document: str | None, code: str | None):  # type: ignore[no-untyped-def]
    return next(r for r in rows if r.document == document and r.code == code)


def test_no_nan_and_reasons_for_every_null() -> None:
    data = AgreementInput(
        {"d": 10, "e": 10},
        [CodedSpan("d", "A", "x", 0, 10), CodedSpan("d", "A", "y", 0, 10),
         CodedSpan("e", "B", "x", 2, 3)],
    )  # fmt: skip
    rows = compute_agreement(data, AgreementOptions())
    for row in rows:
        for name in ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha",
                     "alpha_u"):  # fmt: skip
            value = getattr(row, name)
            assert value is None or math.isfinite(value)
            if value is None:
                assert row.notes[name]
        json.dumps(row.as_dict(), allow_nan=False)
    full = row_for(rows, "d", "A")
    assert full.percent_agreement == 1.0
    assert full.cohen_kappa is None
    assert "no variation" in full.notes["cohen_kappa"]
    assert full.alpha_u == 1.0


def test_unworked_document_is_missing_not_uncoded() -> None:
    # y never touched document e: e must not count as "y coded nothing there".
    data = AgreementInput(
        {"d": 10, "e": 10},
        [CodedSpan("d", "A", "x", 0, 5), CodedSpan("d", "A", "y", 0, 5),
         CodedSpan("e", "A", "x", 0, 5)],
    )  # fmt: skip
    pooled = row_for(compute_agreement(data, AgreementOptions()), None, "A")
    assert pooled.characters == 10
    assert pooled.cohen_kappa == 1.0
    # Marking e done for y makes it count, and now they disagree there.
    done = AgreementInput(data.lengths, data.codings, frozenset({("e", "y")}))
    pooled = row_for(compute_agreement(done, AgreementOptions()), None, "A")
    assert pooled.characters == 20
    assert pooled.cohen_kappa is not None
    assert pooled.cohen_kappa < 1.0
    # --all-worked does the same for every selected document.
    forced = row_for(compute_agreement(data, AgreementOptions(all_worked=True)), None, "A")
    assert forced.cohen_kappa == pooled.cohen_kappa


def test_overlapping_codings_of_one_coder_count_once() -> None:
    data = AgreementInput(
        {"d": 20},
        [CodedSpan("d", "A", "x", 0, 8), CodedSpan("d", "A", "x", 4, 10),
         CodedSpan("d", "A", "y", 0, 10)],
    )  # fmt: skip
    row = row_for(compute_agreement(data, AgreementOptions()), "d", "A")
    assert row.coded_by == {"x": 10, "y": 10}
    assert row.alpha_u == 1.0
    assert row.percent_agreement == 1.0


def test_touching_units_stay_separate_for_alpha_u() -> None:
    split = disagreement([[(0, 5), (5, 10)], [(0, 10)]], 20)
    whole = disagreement([[(0, 10)], [(0, 10)]], 20)
    assert split.observed > 0
    assert whole.observed == 0


def test_ignore_whitespace_counts_only_visible_characters() -> None:
    text = "ab  cd\n\nef"
    data = AgreementInput(
        {"d": len(text)},
        [CodedSpan("d", "A", "x", 0, 6), CodedSpan("d", "A", "y", 0, 2)],
        texts={"d": text},
    )
    plain = row_for(compute_agreement(data, AgreementOptions()), "d", "A")
    visible = row_for(compute_agreement(data, AgreementOptions(ignore_whitespace=True)), "d", "A")
    assert plain.characters == len(text)
    assert visible.characters == 6
    assert visible.coded_by == {"x": 4, "y": 2}
    assert visible.alpha_u == plain.alpha_u


def test_hard_text_offsets_are_code_points() -> None:
    start = HARD_TEXT.index("👩")
    end = start + len("👩\u200d👩\u200d👧")
    data = AgreementInput(
        {"hard": len(HARD_TEXT)},
        [CodedSpan("hard", "A", "x", start, end), CodedSpan("hard", "A", "y", start, end)],
    )
    row = row_for(compute_agreement(data, AgreementOptions()), "hard", "A")
    assert row.coded_by == {"x": 5, "y": 5}
    assert row.characters == len(HARD_TEXT)
    assert row.cohen_kappa == 1.0


def test_more_than_two_coders_have_no_cohen_kappa() -> None:
    data = AgreementInput(
        {"d": 10},
        [CodedSpan("d", "A", c, 0, 4) for c in ("x", "y", "z")] + [CodedSpan("d", "A", "z", 6, 8)],
    )
    row = row_for(compute_agreement(data, AgreementOptions()), "d", "A")
    assert row.cohen_kappa is None
    assert "two coders" in row.notes["cohen_kappa"]
    assert row.percent_agreement == pytest.approx(0.8)
    assert row.fleiss_kappa is not None


def test_pooled_alpha_u_keeps_each_documents_continuum() -> None:
    data = AgreementInput(
        {"d": 10, "e": 10},
        [CodedSpan("d", "A", "x", 0, 5), CodedSpan("d", "A", "y", 1, 5),
         CodedSpan("e", "A", "x", 2, 6), CodedSpan("e", "A", "y", 2, 6)],
    )  # fmt: skip
    pooled = row_for(compute_agreement(data, AgreementOptions()), None, "A")
    from annotator.core.agreement.unitizing import continuum
    from annotator.core.agreement.unitizing import pooled as pool

    parts = [continuum([[(0, 5)], [(1, 5)]], 10), continuum([[(2, 6)], [(2, 6)]], 10)]
    assert pooled.alpha_u == pool(parts).alpha().value


def test_large_documents_stay_exact() -> None:
    length = 5_000_000
    data = AgreementInput(
        {"big": length},
        [CodedSpan("big", "A", "x", 0, 4_000_000), CodedSpan("big", "A", "y", 10, 4_000_000)],
    )
    row = row_for(compute_agreement(data, AgreementOptions()), "big", "A")
    assert row.alpha_u is not None
    assert 0.99 < row.alpha_u < 1.0


def test_a_coder_without_units_disagrees_by_the_others_squared_lengths() -> None:
    from annotator.core.agreement.unitizing import _pair_disagreement, sections

    units = [(2, 5), (9, 15)]
    full = _pair_disagreement(sections(units, 20), sections([], 20))
    assert full == 3**2 + 6**2
    assert disagreement([units, []], 20).pairs == full
