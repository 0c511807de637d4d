"""Our coefficients reproduce values published by the authors of each measure."""

from __future__ import annotations

import pytest

from annotator.core.agreement import AgreementInput, AgreementOptions, CodedSpan, compute_agreement
from annotator.core.agreement.coefficients import fleiss_kappa_table, krippendorff_alpha_nominal
from annotator.core.agreement.unitizing import alpha_from, disagreement

# Krippendorff (2004), Content Analysis, 2nd ed., p. 254: continuum [150, 450), units as
# (begin, length).
BEGIN = 150
BOOK = {
    ("c", "coder 1"): [(225, 70), (370, 30)],
    ("c", "coder 2"): [(220, 80), (355, 20), (400, 20)],
    ("k", "coder 1"): [(180, 60), (300, 50)],
    ("k", "coder 2"): [(180, 60), (300, 50)],
}


def book_units(category: str, coder: str) -> list[tuple[int, int]]:
    return [(b - BEGIN, b - BEGIN + length) for b, length in BOOK[(category, coder)]]


def test_krippendorff_2004_unitizing_example() -> None:
    c = disagreement([book_units("c", "coder 1"), book_units("c", "coder 2")], 300)
    k = disagreement([book_units("k", "coder 1"), book_units("k", "coder 2")], 300)
    assert c.alpha().value == pytest.approx(0.7286, abs=5e-5)
    assert k.alpha().value == 1.0
    # The book prints 0.8591, from rounded intermediate values.
    assert alpha_from([c, k]).value == pytest.approx(0.8587, abs=5e-5)


def test_krippendorff_2004_example_through_the_engine() -> None:
    codings = [
        CodedSpan("continuum", category, coder, start, end)
        for (category, coder) in BOOK
        for start, end in book_units(category, coder)
    ]
    rows = compute_agreement(AgreementInput({"continuum": 300}, codings), AgreementOptions())
    pooled = {row.code: row for row in rows if row.document is None}
    assert pooled["c"].alpha_u == pytest.approx(0.7286, abs=5e-5)
    assert pooled["k"].alpha_u == 1.0
    assert pooled[None].alpha_u == pytest.approx(0.8587, abs=5e-5)


# Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses; counts per category.
FLEISS_1971 = (
    "00060 03003 01401 00006 03030 20400 00402 20310 20040 00006 10050 11040 03300 10050 "
    "02031 00501 30012 51000 02040 10203 00006 01050 02013 20040 10041 05010 40002 02040 "
    "10500 00006"
)


def test_fleiss_1971() -> None:
    table = [[int(n) for n in row] for row in FLEISS_1971.split()]
    assert len(table) == 30
    assert all(sum(row) == 6 for row in table)
    assert fleiss_kappa_table(table).value == pytest.approx(0.430, abs=5e-4)


def test_krippendorff_reliability_data_example() -> None:
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders x 12 units."""
    missing = None
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, missing, missing, missing],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, missing, 3],
        [missing, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, missing],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, missing],
    ]
    units = []
    for unit in range(12):
        counts: dict[object, int] = {}
        for coder in data:
            if coder[unit] is not None:
                counts[coder[unit]] = counts.get(coder[unit], 0) + 1
        units.append(counts)
    assert krippendorff_alpha_nominal(units).value == pytest.approx(0.743, abs=5e-4)
