"""Agreement coefficients computed from exact counts.

Each function takes integer counts and returns a :class:`Measure`: a value, or ``None`` with
the reason the coefficient is undefined on these data. Each coefficient is rearranged into one
integer numerator over one integer denominator, and Python's ``int / int`` rounds that ratio
correctly to the nearest float: large documents lose nothing to intermediate rounding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

Number = int | Fraction


@dataclass(frozen=True)
class Measure:
    """A coefficient's value, or ``None`` and why."""

    value: float | None
    reason: str | None = None

    @classmethod
    def of(cls, value: Number) -> Measure:
        return cls(float(value))

    @classmethod
    def ratio(cls, numerator: int, denominator: int) -> Measure:
        """``numerator / denominator`` rounded once, correctly, to the nearest float."""
        return cls(numerator / denominator)

    @classmethod
    def undefined(cls, reason: str) -> Measure:
        return cls(None, reason)


def percent_agreement(agreeing: Number, total: Number) -> Measure:
    """Share of units on which the coders agree."""
    if total == 0:
        return Measure.undefined("no characters to compare")
    return Measure(float(agreeing / total))


def cohen_kappa_2x2(both: int, only_a: int, only_b: int, neither: int) -> Measure:
    """Cohen's kappa from the 2x2 table of two coders' binary decisions.

    ``p_o = (both + neither) / N``; ``p_e = pA*pB + (1-pA)*(1-pB)``, where pA and pB are
    the shares each coder coded; ``kappa = (p_o - p_e) / (1 - p_e)``.
    """
    total = both + only_a + only_b + neither
    if total == 0:
        return Measure.undefined("no characters to compare")
    a = both + only_a
    b = both + only_b
    # Multiplied through by N^2: p_o -> N (both + neither), p_e -> A B + (N - A)(N - B).
    expected = a * b + (total - a) * (total - b)
    if expected == total * total:
        if a == 0 and b == 0:
            return Measure.undefined("no coder used this code here")
        return Measure.undefined("no variation: both coders coded every character")
    return Measure((total * (both + neither) - expected) / (total * total - expected))


@dataclass(frozen=True)
class UnitCounts:
    """Binary reliability data summarised for units that all have ``raters`` ratings.

    Attributes:
        raters: m, the number of coders rating each of these units (at least 2).
        units: number of units (characters).
        ones: sum over units of n1, the coders who coded the unit.
        ones_squared: sum over units of n1 squared.
    """

    raters: int
    units: int
    ones: int
    ones_squared: int


def fleiss_kappa_binary(groups: Sequence[UnitCounts]) -> Measure:
    """Fleiss' kappa (1971) for binary ratings; units may differ in their number of raters.

    Per unit, ``P_u = sum_c n_uc (n_uc - 1) / (m_u (m_u - 1))``; ``P = mean P_u``;
    ``p_c = sum_u n_uc / sum_u m_u``; ``P_e = sum_c p_c^2``; ``kappa = (P - P_e)/(1 - P_e)``.
    With a constant number of raters this is exactly Fleiss' (1971) statistic.
    """
    units = sum(g.units for g in groups)
    if units == 0:
        return Measure.undefined("no characters rated by two or more coders")
    scale = lcm(*(g.raters * (g.raters - 1) for g in groups))
    agreement = 0  # scale * sum over units of P_u
    ratings = ones = 0
    for g in groups:
        m = g.raters
        # sum n1(n1-1) + n0(n0-1) with n0 = m - n1, from the sums of n1 and n1^2.
        pairs = m * m * g.units - m * g.units - 2 * m * g.ones + 2 * g.ones_squared
        agreement += pairs * (scale // (m * (m - 1)))
        ratings += m * g.units
        ones += g.ones
    zeros = ratings - ones
    # P = agreement / (scale U); P_e = (ones^2 + zeros^2) / R^2.
    chance = ones * ones + zeros * zeros
    square = ratings * ratings
    if chance == square:
        if ones == 0:
            return Measure.undefined("no coder used this code here")
        return Measure.undefined("no variation: every coder coded every character")
    return Measure(
        (agreement * square - scale * units * chance) / (scale * units * (square - chance))
    )


def krippendorff_alpha_binary(groups: Sequence[UnitCounts]) -> Measure:
    """Krippendorff's alpha, nominal, for binary values (coded / not coded).

    From the coincidence matrix: ``o_01 = sum_u n_u0 n_u1 / (m_u - 1)``, value totals
    ``n_0, n_1`` and ``n = n_0 + n_1``: ``alpha = 1 - (n - 1) o_01 / (n_0 n_1)``.
    Units with fewer than two ratings are not pairable and are left out by the caller.
    """
    if not groups:
        return Measure.undefined("no characters rated by two or more coders")
    scale = lcm(*(g.raters - 1 for g in groups))
    o01 = 0  # scale * o_01
    n1 = n0 = 0
    for g in groups:
        m = g.raters
        o01 += (m * g.ones - g.ones_squared) * (scale // (m - 1))
        n1 += g.ones
        n0 += m * g.units - g.ones
    n = n0 + n1
    if n == 0:
        return Measure.undefined("no characters rated by two or more coders")
    if n0 == 0 or n1 == 0:
        if n1 == 0:
            return Measure.undefined("no coder used this code here")
        return Measure.undefined("no variation: every coder coded every character")
    return Measure((scale * n0 * n1 - (n - 1) * o01) / (scale * n0 * n1))


def krippendorff_alpha_nominal(units: Sequence[Mapping[object, int]]) -> Measure:
    """Krippendorff's alpha for nominal data of any number of values.

    ``units`` holds, per unit, how many coders gave each value (missing ratings are simply
    absent). ``alpha = 1 - (n - 1) (n - sum_c o_cc) / (n^2 - sum_c n_c^2)``.
    """
    o_same = Fraction(0)
    totals: dict[object, Fraction] = {}
    for counts in units:
        m = sum(counts.values())
        if m < 2:
            continue
        for value, count in counts.items():
            o_same += Fraction(count * (count - 1), m - 1)
            totals[value] = totals.get(value, Fraction(0)) + count
    n = sum(totals.values(), Fraction(0))
    spread = n * n - sum((t * t for t in totals.values()), Fraction(0))
    if n == 0:
        return Measure.undefined("no unit rated by two or more coders")
    if spread == 0:
        return Measure.undefined("no variation: every rating has the same value")
    return Measure.of(1 - (n - 1) * (n - o_same) / spread)


def fleiss_kappa_table(table: Sequence[Sequence[int]]) -> Measure:
    """Fleiss' kappa from a subjects x categories table of rating counts."""
    units = [row for row in table if sum(row) >= 2]
    if not units:
        return Measure.undefined("no subject rated by two or more raters")
    agreement = Fraction(0)
    ratings = 0
    per_category = [0] * len(units[0])
    for row in units:
        m = sum(row)
        agreement += Fraction(sum(n * (n - 1) for n in row), m * (m - 1))
        ratings += m
        for index, n in enumerate(row):
            per_category[index] += n
    mean_agreement = agreement / len(units)
    p_e = sum((Fraction(n, ratings) ** 2 for n in per_category), Fraction(0))
    if p_e == 1:
        return Measure.undefined("no variation: every rating falls in one category")
    return Measure.of((mean_agreement - p_e) / (1 - p_e))


def gwet_ac1_binary(groups: Sequence[UnitCounts]) -> Measure:
    """Gwet's AC1 (2008) for binary ratings; units may differ in their number of raters.

    ``p_a`` is Fleiss' mean pairwise agreement over units with two or more ratings;
    ``pi = mean over units of n1_u / m_u`` (the share of ratings that are "coded");
    ``p_e = 2 pi (1 - pi)``; ``AC1 = (p_a - p_e) / (1 - p_e)``. Unlike kappa, p_e stays small
    when a code is rare, so near-total agreement on a rare code gives AC1 near 1.
    """
    units = sum(g.units for g in groups)
    if units == 0:
        return Measure.undefined("no characters rated by two or more coders")
    # Over a common denominator T = scale * units: sum(1 - P_u) = D / scale and
    # sum(n1_u / m_u) = P / scale, so p_a = (T - D) / T, pi = P / T and
    # AC1 = (T (T - D) - 2 P (T - P)) / (T^2 - 2 P (T - P)), one exact integer ratio.
    scale = lcm(*(g.raters * (g.raters - 1) for g in groups))
    disagreeing = share = 0
    for g in groups:
        m = g.raters
        disagreeing += 2 * (m * g.ones - g.ones_squared) * (scale // (m * (m - 1)))
        share += g.ones * (scale // m)
    total = scale * units
    chance = 2 * share * (total - share)
    return Measure.ratio(total * (total - disagreeing) - chance, total * total - chance)


@dataclass(frozen=True)
class Disagreements:
    """A coefficient written as ``1 - observed / expected`` disagreement, for pooling.

    Cohen's and Fleiss' kappa and Krippendorff's alpha all have this form. Pooling several
    codes as ``1 - sum observed / sum expected`` is De Vries et al.'s (2008) pooled kappa for
    Cohen's kappa, Fleiss' (1971) kappa over categories for Fleiss', and Krippendorff's nominal
    alpha over categories for alpha (when the codes exclude each other and cover every unit).
    Both are exact fractions, so that the pooled figure, like every other, is exact up to its
    one final division (in floating point it came out one rounding step off).
    """

    observed: Fraction
    expected: Fraction


def pooled_over_codes(parts: Sequence[Disagreements | None], what: str) -> Measure:
    """``1 - sum observed / sum expected`` over the codes whose parts are defined."""
    defined = [p for p in parts if p is not None]
    if not defined:
        return Measure.undefined(f"{what} is undefined for every code here")
    expected = sum((p.expected for p in defined), Fraction(0))
    if expected == 0:
        return Measure.undefined("no variation in any code: expected disagreement is zero")
    return Measure.of(1 - sum((p.observed for p in defined), Fraction(0)) / expected)


def cohen_parts(both: int, only_a: int, only_b: int, neither: int) -> Disagreements | None:
    """``1 - p_o`` and ``1 - p_e`` of Cohen's kappa; None without characters."""
    total = both + only_a + only_b + neither
    if total == 0:
        return None
    a, b = both + only_a, both + only_b
    square = total * total
    return Disagreements(
        Fraction(only_a + only_b, total),
        Fraction(square - a * b - (total - a) * (total - b), square),
    )


def fleiss_parts(groups: Sequence[UnitCounts]) -> Disagreements | None:
    """``1 - P`` and ``1 - P_e`` of Fleiss' kappa; None without characters."""
    units = sum(g.units for g in groups)
    if units == 0:
        return None
    disagreeing = Fraction(0)
    ratings = ones = 0
    for g in groups:
        m = g.raters
        disagreeing += Fraction(2 * (m * g.ones - g.ones_squared), m * (m - 1))
        ratings += m * g.units
        ones += g.ones
    zeros = ratings - ones
    return Disagreements(disagreeing / units, Fraction(2 * ones * zeros, ratings * ratings))


def alpha_parts(groups: Sequence[UnitCounts]) -> Disagreements | None:
    """``D_o = 2 o_01 / n`` and ``D_e = 2 n_0 n_1 / (n (n - 1))`` of binary alpha."""
    o01 = Fraction(0)
    n1 = n0 = 0
    for g in groups:
        m = g.raters
        o01 += Fraction(m * g.ones - g.ones_squared, m - 1)
        n1 += g.ones
        n0 += m * g.units - g.ones
    n = n0 + n1
    if n < 2:
        return None
    return Disagreements(2 * o01 / n, Fraction(2 * n0 * n1, n * (n - 1)))
