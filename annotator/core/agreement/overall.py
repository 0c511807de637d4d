"""Three ways to sum up agreement over every selected code, each named for what it does.

* ``pairs``: every (character, code) pair is one binary unit and the coefficients are computed
  on that one table. Easy to count, but it mixes the codes: two codes at kappa 0.444 each can
  give 0.800 here, because the many characters nobody coded with either code all agree.
* ``mean``: the plain mean of the codes' own figures (codes whose figure is undefined are left
  out and the note says how many were used).
* ``codes``: ``1 - sum over codes of D_o / sum over codes of D_e``. For Cohen's kappa this is
  De Vries, Elliott, Kanouse and Teleki's (2008, Field Methods 20(3)) pooled kappa, the ratio of
  the mean observed and mean expected agreement; for Fleiss' kappa it is Fleiss' (1971) kappa
  over categories; for Krippendorff's alpha it is nominal alpha over categories; for alpha_U it
  is Krippendorff's own sum over categories. (The last three equal the multi-category
  coefficient exactly when the codes exclude each other and every unit gets one code.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from math import fsum
from typing import TYPE_CHECKING

from annotator.core.agreement.coefficients import (
    alpha_parts,
    cohen_parts,
    fleiss_parts,
    pooled_over_codes,
)
from annotator.core.agreement.selection import NOT_TWO_CODERS

if TYPE_CHECKING:
    from annotator.core.agreement.engine import AgreementRow, _Stats

AVERAGED = (
    "percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1",
    "alpha_u",
)  # fmt: skip


def overall_rows(
    pairs: AgreementRow,
    code_rows: Sequence[AgreementRow],
    code_stats: Sequence[_Stats],
    coders: Sequence[str],
) -> list[AgreementRow]:
    """The ``pairs`` row as computed, then the ``mean`` and ``codes`` rows beside it."""
    # The mean and codes rows summarise codes: they count each character once, as a code does.
    per_code = replace(pairs, characters=max((r.characters for r in code_rows), default=0))
    return [pairs, mean_row(per_code, code_rows), codes_row(per_code, code_stats, coders)]


def mean_row(pairs: AgreementRow, code_rows: Sequence[AgreementRow]) -> AgreementRow:
    """Each measure's mean over the codes where it is defined."""
    values: dict[str, float | None] = {}
    notes: dict[str, str] = {}
    for name in AVERAGED:
        defined = [v for r in code_rows if (v := getattr(r, name)) is not None]
        if not defined:
            values[name] = None
            notes[name] = pairs.notes.get(name) or _every_code(code_rows, name)
            continue
        values[name] = fsum(defined) / len(defined)
        if len(defined) < len(code_rows):
            notes[f"{name}_codes"] = f"mean of the {len(defined)} of {len(code_rows)} codes " \
                "where it is defined"  # fmt: skip
    row = replace(pairs, pooling="mean", notes=notes)
    for name, value in values.items():
        setattr(row, name, value)
    return row


def _every_code(code_rows: Sequence[AgreementRow], name: str) -> str:
    """Why a measure is undefined for every code: their one reason, when they share it."""
    reasons = {r.notes.get(name) or r.notes.get("all") for r in code_rows}
    if len(reasons) == 1 and (reason := reasons.pop()):
        return f"undefined for every code: {reason}"
    return "undefined for every code" if code_rows else "no code to compare"


def codes_row(
    pairs: AgreementRow, code_stats: Sequence[_Stats], coders: Sequence[str]
) -> AgreementRow:
    """``1 - sum D_o / sum D_e`` over codes (De Vries et al. 2008 for Cohen's kappa)."""
    groups = [stats.unit_counts() for stats in code_stats]
    notes: dict[str, str] = {}
    if len(coders) == 2:
        cohen_all = []
        for stats, unit_counts in zip(code_stats, groups, strict=True):
            values = stats.groups.get(2)
            if not values or not unit_counts:
                continue
            both, neither = values[3], values[4]
            a, b = (stats.coded_by.get(c, 0) for c in coders)
            cohen_all.append(cohen_parts(both, a - both, b - both, neither))
        cohen = pooled_over_codes(cohen_all, "Cohen's kappa")
    else:
        cohen = pooled_over_codes([], "Cohen's kappa")
        cohen = replace(cohen, reason=NOT_TWO_CODERS)
    fleiss = pooled_over_codes([fleiss_parts(g) for g in groups], "Fleiss' kappa")
    alpha = pooled_over_codes([alpha_parts(g) for g in groups], "Krippendorff's alpha")
    for name, measure in (("cohen_kappa", cohen), ("fleiss_kappa", fleiss),
                          ("krippendorff_alpha", alpha)):  # fmt: skip
        if measure.value is None and measure.reason:
            # The cause (no document compared, no code used), not its consequence ("undefined
            # for every code") when the pooled pairs row already names it.
            notes[name] = pairs.notes.get(name) or measure.reason
    notes["gwet_ac1"] = "AC1 is not pooled over codes; see the mean over codes"
    if pairs.alpha_u is None and "alpha_u" in pairs.notes:
        notes["alpha_u"] = pairs.notes["alpha_u"]
    if pairs.percent_agreement is None and "percent_agreement" in pairs.notes:
        notes["percent_agreement"] = pairs.notes["percent_agreement"]
    return replace(
        pairs, pooling="codes", cohen_kappa=cohen.value, fleiss_kappa=fleiss.value,
        krippendorff_alpha=alpha.value, gwet_ac1=None, notes=notes,
    )  # fmt: skip
