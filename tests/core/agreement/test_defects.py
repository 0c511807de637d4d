"""The audit's defects (issue 12), each on its hand-computable example.

Text ``abcdefghij``: ann codes A [0, 5), cat codes A [0, 5), ben codes B [0, 10). Ben worked on
the document (he coded in it) and did not code A there, so for code A, per character:
0-4 two of three coded (P_u = 1/3), 5-9 nobody (P_u = 1). Percent agreement 5/10 = 0.5;
Fleiss: P = 2/3, p = 1/3, P_e = 5/9, kappa = 0.25; alpha: n = 30, n_1 = 10,
o_01 = 5 * 2 * 1 / 2 = 5, alpha = 1 - 29 * 5 / 200 = 0.275.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import AgreementInput, AgreementOptions, CodedSpan, compute_agreement
from annotator.core.agreement.unitizing import disagreement

ABC = AgreementInput(
    {"abc": 10},
    [CodedSpan("abc", "A", "ann", 0, 5), CodedSpan("abc", "A", "cat", 0, 5),
     CodedSpan("abc", "B", "ben", 0, 10)],
)  # fmt: skip


def row_for(rows, document, code, pooling=None):  # type: ignore[no-untyped-def]
    wanted = None if code is not None else (pooling or "pairs")
    return next(r for r in rows if (r.document, r.code, r.pooling) == (document, code, wanted))


@pytest.mark.parametrize(
    "options",
    [AgreementOptions(coders=["ann", "ben", "cat"], codes=["A"]), AgreementOptions(codes=["A"])],
)
def test_1_worked_on_does_not_depend_on_the_selected_codes(options: AgreementOptions) -> None:
    row = row_for(compute_agreement(ABC, options), None, "A")
    assert row.coders == ["ann", "ben", "cat"]
    assert row.percent_agreement == 0.5
    assert row.fleiss_kappa == pytest.approx(0.25, abs=1e-15)
    assert row.krippendorff_alpha == pytest.approx(0.275, abs=1e-15)
    assert row.alpha_u == pytest.approx(-0.330, abs=5e-4)


def test_1_code_a_figures_do_not_change_with_code_b_selected() -> None:
    alone = row_for(compute_agreement(ABC, AgreementOptions(codes=["A"])), None, "A")
    both = row_for(compute_agreement(ABC, AgreementOptions(codes=["A", "B"])), None, "A")
    assert alone == both


def test_2_a_code_selected_twice_counts_once() -> None:
    once = compute_agreement(ABC, AgreementOptions(codes=["A", "B"]))
    twice = compute_agreement(ABC, AgreementOptions(codes=["A", "B", "A"]))
    assert twice == once
    overall = row_for(twice, None, None)
    assert overall.characters == 2 * 10


def test_3_a_coder_named_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="'ann' is named more than once"):
        compute_agreement(ABC, AgreementOptions(coders=["ann", "ann"]))


def test_4_whitespace_only_document_says_so() -> None:
    text = "  \n\t "
    data = AgreementInput(
        {"blank": len(text)},
        [CodedSpan("blank", "A", "x", 0, 2), CodedSpan("blank", "A", "y", 1, 3)],
        texts={"blank": text},
    )
    rows = compute_agreement(data, AgreementOptions(ignore_whitespace=True))
    row = row_for(rows, None, "A")
    assert row.characters == 0
    for name in ("percent_agreement", "fleiss_kappa", "krippendorff_alpha", "cohen_kappa"):
        assert row.notes[name] == "these documents hold only whitespace, which is ignored"


def test_4_codings_only_on_whitespace_say_so() -> None:
    text = "ab  cd"
    data = AgreementInput(
        {"d": len(text)},
        [CodedSpan("d", "A", "x", 2, 4), CodedSpan("d", "A", "y", 2, 3),
         CodedSpan("d", "B", "y", 0, 1)],
        texts={"d": text},
    )  # fmt: skip
    row = row_for(compute_agreement(data, AgreementOptions(ignore_whitespace=True)), None, "A")
    assert row.characters == 4
    assert row.notes["krippendorff_alpha"] == (
        "the codings here cover only whitespace, which is ignored"
    )


def test_4_overall_alpha_u_names_the_coder_without_a_shared_document() -> None:
    # x and y share d, x and z share e: no document has all three.
    data = AgreementInput(
        {"d": 10, "e": 10},
        [CodedSpan("d", "A", "x", 0, 5), CodedSpan("d", "A", "y", 0, 4),
         CodedSpan("e", "A", "x", 0, 5), CodedSpan("e", "A", "z", 1, 5)],
    )  # fmt: skip
    rows = compute_agreement(data, AgreementOptions())
    overall = row_for(rows, None, None)
    assert overall.notes["alpha_u"] == "no document on which every selected coder worked"
    assert row_for(rows, None, "A").notes["alpha_u"] == (
        "no document on which every selected coder worked"
    )


# Two documents: d ends in a gap and e starts with one. Laid end to end (the old way), the
# two gaps merged into one, and the figure depended on which document came first.
DE = {
    "d": [("x", 0, 5), ("y", 0, 5)],
    "e": [("x", 5, 10), ("y", 6, 10)],
}


def project(order: list[str], names: dict[str, str] | None = None) -> AgreementInput:
    names = names or {}
    return AgreementInput(
        {names.get(d, d): 10 for d in order},
        [CodedSpan(names.get(d, d), "A", coder, s, e) for d in order for coder, s, e in DE[d]],
    )


def pooled_alpha_u(data: AgreementInput) -> float | None:
    return row_for(compute_agreement(data, AgreementOptions(codes=["A"])), None, "A").alpha_u


def test_5_pooled_alpha_u_is_invariant_to_document_order_and_names() -> None:
    first = pooled_alpha_u(project(["d", "e"]))
    assert first is not None
    assert pooled_alpha_u(project(["e", "d"])) == first
    assert pooled_alpha_u(project(["d", "e"], {"d": "zz", "e": "aa"})) == first
    # Each document's own continuum: units and gaps of both, L = 20, no gap crosses.
    d = [(0, 5)], [(0, 5)]
    e = [(5, 10)], [(6, 10)]
    from annotator.core.agreement.unitizing import continuum, pooled

    by_hand = pooled([continuum(d, 10), continuum(e, 10)])
    assert by_hand.pairs == 1
    assert first == by_hand.alpha().value
    # Laid end to end, d's trailing gap [5, 10) and e's leading gap would merge: not this.
    laid = disagreement([[(0, 5), (15, 20)], [(0, 5), (16, 20)]], 20)
    assert laid.alpha().value != first


def test_5_one_document_pooled_equals_its_own_figure() -> None:
    data = project(["e"])
    rows = compute_agreement(data, AgreementOptions())
    assert row_for(rows, None, "A").alpha_u == row_for(rows, "e", "A").alpha_u


SPANS = st.lists(
    st.tuples(st.sampled_from(["x", "y", "z"]), st.integers(0, 18), st.integers(1, 6)),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(SPANS, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_5_pooled_alpha_u_properties(documents: list, rng) -> None:  # type: ignore[no-untyped-def]
    codings = [
        CodedSpan(f"doc{i}", "A", coder, start, min(20, start + size))
        for i, spans in enumerate(documents)
        for coder, start, size in spans
    ]
    names = [f"doc{i}" for i in range(len(documents))]
    done = frozenset((d, c) for d in names for c in ("x", "y", "z"))
    data = AgreementInput(dict.fromkeys(names, 20), codings, done)
    reference = pooled_alpha_u(data)
    order = list(names)
    rng.shuffle(order)
    renamed = {name: f"r{rng.randrange(10**6)}-{name}" for name in names}
    permuted = AgreementInput(
        {renamed[d]: 20 for d in order},
        [CodedSpan(renamed[c.document], c.code, c.coder, c.start, c.end) for c in codings],
        frozenset((renamed[d], c) for d, c in done),
    )
    assert pooled_alpha_u(permuted) == reference
    if len(names) == 1:
        rows = compute_agreement(data, AgreementOptions())
        own = [r for r in rows if r.document == "doc0" and r.code == "A"]
        assert reference == (own[0].alpha_u if own else None)


def test_6_the_consensus_coder_is_left_out_unless_named() -> None:
    data = AgreementInput(
        {"d": 10},
        [CodedSpan("d", "A", "ann", 0, 5), CodedSpan("d", "A", "ben", 0, 5),
         CodedSpan("d", "A", "consensus", 0, 9)],
        consensus="consensus",
    )  # fmt: skip
    row = row_for(compute_agreement(data, AgreementOptions()), None, "A")
    assert row.coders == ["ann", "ben"]
    assert row.alpha_u == 1.0
    named = compute_agreement(data, AgreementOptions(coders=["ann", "consensus"]))
    assert row_for(named, None, "A").coders == ["ann", "consensus"]


# Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses; counts per category.
FLEISS_1971 = (
    "00060 03003 01401 00006 03030 20400 00402 20310 20040 00006 10050 11040 03300 10050 "
    "02031 00501 30012 51000 02040 10203 00006 01050 02013 20040 10041 05010 40002 02040 "
    "10500 00006"
)


def test_8_fleiss_1971_through_the_engine() -> None:
    """Each patient one character; rater k gives the k-th diagnosis of the row's counts."""
    codings = []
    for patient, row in enumerate(FLEISS_1971.split()):
        diagnoses = itertools.chain.from_iterable(
            [f"diagnosis {c + 1}"] * int(n) for c, n in enumerate(row)
        )
        for rater, diagnosis in enumerate(diagnoses):
            codings.append(CodedSpan("patients", diagnosis, f"rater {rater}", patient, patient + 1))
    rows = compute_agreement(AgreementInput({"patients": 30}, codings), AgreementOptions())
    assert row_for(rows, None, None, "codes").fleiss_kappa == pytest.approx(0.430, abs=5e-4)


def test_8_krippendorff_4_by_12_example_through_the_engine() -> None:
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders x 12 units.

    Each unit is a one-character document; a coder without a value there did not work on it
    (missing data); the values are codes.
    """
    missing = None
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, missing, missing, missing],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, missing, 3],
        [missing, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, missing],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, missing],
    ]
    codings = [
        CodedSpan(f"unit {u:02d}", f"value {value}", f"coder {c}", 0, 1)
        for c, values in enumerate(data)
        for u, value in enumerate(values)
        if value is not None
    ]
    lengths = {f"unit {u:02d}": 1 for u in range(12)}
    rows = compute_agreement(AgreementInput(lengths, codings), AgreementOptions())
    overall = row_for(rows, None, None, "codes")
    assert overall.krippendorff_alpha == pytest.approx(0.743, abs=5e-4)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.lists(SPANS, min_size=0, max_size=1), st.integers(1, 25)),
                min_size=1, max_size=5))  # fmt: skip
def test_5_one_pass_equals_separate_continua(documents: list) -> None:
    from annotator.core.agreement.unitizing import continuum, pooled, pooled_in_one_pass
    from annotator.core.spans import merge_overlapping

    prepared = []
    for spans_list, length in documents:
        spans = spans_list[0] if spans_list else []
        coders = []
        for coder in ("x", "y", "z"):
            mine = [(s, min(length, s + size)) for c, s, size in spans if c == coder and s < length]
            coders.append(merge_overlapping(mine))
        prepared.append((coders, length))
    separate = pooled([continuum(coders, length) for coders, length in prepared])
    assert pooled_in_one_pass(prepared) == separate
