"""The second methods audit: figures that must not depend on incidental choices.

Issue 12's rule: a figure must not depend on which codes are selected. A code no compared coder
used on a compared document enters no all-codes row, whether it is selected explicitly or not,
and whatever a coder did on documents that are not compared (audit F1). The bootstrap draws
documents in an order that survives renaming (F3); the De Vries row is exact (F4.1); ignoring
whitespace means Unicode's White_Space (F4.3).

Hand project (lengths in code points, ``a`` of 10, ``b`` of 6):
alice X [0, 5), bob X [0, 3) on a; alice Y [6, 8), bob Y [6, 9) on a; bob Y [0, 2) on b,
alice worked on b (marked done). Code X, per character of a and b (16 characters, two coders):
both 0-2 (3), alice only 3-4 (2), neither 11 -> agreement 14/16. Code Y: both 6-7 (2), bob only
8 on a and 0-1 on b (3), neither 11 -> 13/16. Pooled pairs: 27/32.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import (
    AgreementInput,
    AgreementOptions,
    AgreementRow,
    CodedSpan,
    compute_agreement,
)
from annotator.core.agreement.bootstrap import BootstrapOptions, bootstrap
from annotator.core.agreement.engine import compute_with_tables
from annotator.core.agreement.selection import UNUSED_CODE

HAND = AgreementInput(
    {"a": 10, "b": 6},
    [CodedSpan("a", "X", "alice", 0, 5), CodedSpan("a", "X", "bob", 0, 3),
     CodedSpan("a", "Y", "alice", 6, 8), CodedSpan("a", "Y", "bob", 6, 9),
     CodedSpan("b", "Y", "bob", 0, 2)],
    done=frozenset({("b", "alice")}),
)  # fmt: skip


def overall(rows: list[AgreementRow]) -> list[AgreementRow]:
    """The all-codes rows, pooled and per document."""
    return [row for row in rows if row.code is None]


def pooled(rows: list[AgreementRow], code: str | None, pooling: str | None = None) -> AgreementRow:
    wanted = None if code is not None else pooling
    return next(r for r in rows if (r.document, r.code, r.pooling) == (None, code, wanted))


def test_the_hand_project_by_hand() -> None:
    rows = compute_agreement(HAND, AgreementOptions())
    assert pooled(rows, "X").percent_agreement == 14 / 16
    assert pooled(rows, "Y").percent_agreement == 13 / 16
    assert pooled(rows, None, "pairs").percent_agreement == 27 / 32
    assert pooled(rows, None, "mean").percent_agreement == (14 / 16 + 13 / 16) / 2


def test_an_unused_code_selected_explicitly_changes_no_all_codes_row() -> None:
    """Audit F1(a): ``--code X --code Y --code Z`` with Z unused gave pairs 37/48, not 27/32."""
    default = compute_agreement(HAND, AgreementOptions())
    explicit = compute_agreement(HAND, AgreementOptions(codes=["X", "Y", "Z"]))
    assert overall(explicit) == overall(default)
    assert pooled(explicit, None, "pairs").percent_agreement == 27 / 32
    assert not any(key.endswith("_codes") for key in pooled(explicit, None, "mean").notes)
    z = pooled(explicit, "Z")
    assert (z.percent_agreement, z.gwet_ac1, z.cohen_kappa, z.krippendorff_alpha) == (None,) * 4
    assert z.notes["percent_agreement"] == UNUSED_CODE
    assert z.notes["gwet_ac1"] == UNUSED_CODE
    assert [r for r in explicit if r is not z] == default  # every other row as before


def test_one_code_and_an_unused_one_give_that_codes_figures() -> None:
    """Audit F1: ``--code X --code Z`` gave a pairs kappa other than X's own."""
    rows = compute_agreement(HAND, AgreementOptions(codes=["X", "Z"]))
    x = pooled(rows, "X")
    for pooling in ("pairs", "mean", "codes"):
        row = pooled(rows, None, pooling)
        assert row.cohen_kappa == pytest.approx(x.cohen_kappa, abs=1e-15), pooling
        assert row.krippendorff_alpha == pytest.approx(x.krippendorff_alpha, abs=1e-15), pooling


def test_a_coding_on_a_document_that_is_not_compared_changes_nothing() -> None:
    """Audit F1(b): alice's W on document c, which bob never worked on."""
    data = AgreementInput(
        {**HAND.lengths, "c": 7}, [*HAND.codings, CodedSpan("c", "W", "alice", 0, 3)], HAND.done
    )
    for options in (
        AgreementOptions(coders=["alice", "bob"]),
        AgreementOptions(coders=["bob", "alice"]),
    ):
        rows = compute_agreement(data, options)
        assert "W" not in {r.code for r in rows}
        assert [(r.percent_agreement, r.cohen_kappa, r.gwet_ac1) for r in overall(rows)] == [
            (r.percent_agreement, r.cohen_kappa, r.gwet_ac1)
            for r in overall(compute_agreement(HAND, options))
        ]
    # Naming the documents that are compared anyway gives the same figures.
    named = compute_agreement(data, AgreementOptions(documents=["a", "b"]))
    assert overall(named) == overall(compute_agreement(data, AgreementOptions()))


def test_the_bootstrap_ignores_unused_codes() -> None:
    chosen = BootstrapOptions(0.9, 100, seed=3)
    plain = bootstrap(compute_with_tables(HAND, AgreementOptions())[1], chosen)
    with_z = bootstrap(
        compute_with_tables(HAND, AgreementOptions(codes=["X", "Y", "Z"]))[1], chosen
    )
    assert with_z.intervals == plain.intervals


CODERS = ("ann", "ben", "cat")


@st.composite
def projects(draw: st.DrawFn) -> AgreementInput:
    """Random codings of A and B; each coder works on some documents (done or coded)."""
    lengths = {f"d{i}": draw(st.integers(2, 20)) for i in range(draw(st.integers(1, 4)))}
    worked = {(d, c) for d in lengths for c in CODERS if draw(st.booleans())}
    codings = []
    for document, coder in sorted(worked):
        for _ in range(draw(st.integers(0, 2))):
            start = draw(st.integers(0, lengths[document] - 1))
            end = draw(st.integers(start + 1, lengths[document]))
            code = draw(st.sampled_from(["A", "B", "C"]))
            codings.append(CodedSpan(document, code, coder, start, end))
    return AgreementInput(lengths, codings, frozenset(worked))


@settings(max_examples=120, deadline=None)
@given(
    projects(),
    st.sampled_from([None, ["ann", "ben"], ["ann", "cat"], list(CODERS)]),
    st.booleans(),
    st.lists(st.sampled_from(["Z1", "Z2", "A", "B", "C"]), max_size=4),
)
def test_adding_unused_codes_never_changes_the_all_codes_rows(
    data: AgreementInput, coders: list[str] | None, all_worked: bool, extra: list[str]
) -> None:
    base = AgreementOptions(coders=coders, all_worked=all_worked)
    rows = compute_agreement(data, base)
    used = sorted({r.code for r in rows if r.document is None and r.code is not None})
    # Any code not used on a compared document: never coded (Z1, Z2), or coded only where
    # fewer than two of the coders worked.
    unused = [code for code in extra if code not in used]
    wider = compute_agreement(data, AgreementOptions(
        coders=coders, all_worked=all_worked, codes=used + unused if used or unused else None,
    ))  # fmt: skip
    assert overall(wider) == overall(rows)
    for row in wider:
        if row.document is None and row.code in unused:
            assert row.percent_agreement is None
            assert row.gwet_ac1 is None


def test_renaming_documents_leaves_the_intervals_unchanged() -> None:
    """Audit F3: documents are drawn in the order of their texts' SHA-256, not their names."""

    def project(names: list[str]) -> AgreementInput:
        lengths, codings, prints = {}, [], {}
        for i, name in enumerate(names, start=1):
            lengths[name] = 5 + 3 * 6 * i
            prints[name] = f"{(7 * i) % 11:02d}"  # the texts' hashes, in no name order
            codings.append(CodedSpan(name, "X", "alice", 0, i + 3))
            codings.append(CodedSpan(name, "X", "bob", i % 3, 2 * i + 2))
        return AgreementInput(lengths, codings, fingerprints=prints)

    chosen = BootstrapOptions(0.95, 300, seed=11)
    first = bootstrap(
        compute_with_tables(project([f"d{i}" for i in range(1, 7)]), AgreementOptions())[1], chosen
    )
    renamed = bootstrap(
        compute_with_tables(project([f"z{7 - i}" for i in range(1, 7)]), AgreementOptions())[1],
        chosen,
    )
    assert renamed.intervals == first.intervals
    assert first.intervals[("X", "krippendorff_alpha")].low is not None


def test_the_pooled_over_codes_row_is_exact() -> None:
    """Audit F4.1: the De Vries row was one rounding step off its exact value.

    Cohen's kappa pooled over X and Y (De Vries 2008): 1 - sum(1 - p_o) / sum(1 - p_e).
    X: both 3, alice only 2, bob only 0, neither 11 (N 16): 1 - p_o = 2/16,
    1 - p_e = 1 - (5*3 + 11*13)/256 = 98/256. Y: both 2, alice 0, bob 3, neither 11:
    1 - p_o = 3/16, 1 - p_e = 1 - (2*5 + 14*11)/256 = 92/256.
    """
    rows = compute_agreement(HAND, AgreementOptions())
    exact = 1 - (Fraction(2, 16) + Fraction(3, 16)) / (Fraction(98, 256) + Fraction(92, 256))
    assert pooled(rows, None, "codes").cohen_kappa == float(exact)
    one = compute_agreement(HAND, AgreementOptions(codes=["X"]))
    assert pooled(one, None, "codes").krippendorff_alpha == pooled(one, "X").krippendorff_alpha
    assert pooled(one, None, "codes").fleiss_kappa == pooled(one, "X").fleiss_kappa


def test_ignoring_whitespace_is_unicode_white_space() -> None:
    """Audit F4.3: U+001F is a control character, not space; U+200B/U+200D/U+FEFF are not
    White_Space either; NBSP, EM SPACE, IDEOGRAPHIC SPACE, NEL, LINE SEPARATOR and TAB are."""
    text = "a\u00a0b\u2003c\u200bd\u3000e\u0085f\x1fg\u2028h\u200di\tj\u180ek\ufeffl"
    assert len(text) == 23
    data = AgreementInput(
        {"sp": 23},
        [CodedSpan("sp", "X", "ann", 0, 23), CodedSpan("sp", "X", "ben", 0, 23)],
        texts={"sp": text},
    )
    rows = compute_agreement(data, AgreementOptions(ignore_whitespace=True))
    assert pooled(rows, "X").characters == 23 - 6
    assert pooled(rows, "X").coded_by == {"ann": 17, "ben": 17}
