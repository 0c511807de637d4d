"""Krippendorff's alpha for unitizing (alpha_U): agreement on where units begin and end.

Krippendorff (1995) "On the reliability of unitizing continuous data", Sociological Methodology
25; "Content Analysis", 2nd ed. (2004), section 11.6. For one category on a continuum of
length L unitized by m coders, each coder's continuum is a sequence of units (of the category)
and gaps. Two overlapping sections g and h of different coders disagree by

* ``(b_g - b_h)^2 + (e_g - e_h)^2`` when both are units,
* ``l_g^2`` when g is a unit lying wholly inside the gap h (and vice versa),
* 0 otherwise.

``D_o = 2 * sum over coder pairs of those disagreements / (m (m - 1) L^2)`` and

``D_e = (2 / L) * sum over units u of [(N - 1) (2 l_u^3 - 3 l_u^2 + l_u) / 3
+ l_u^2 * sum over gaps g with l_g >= l_u of (l_g - l_u + 1)] / (m L (m L - 1)
- sum over units of l_u (l_u - 1))``, with N the number of units of all coders.

``alpha_U = 1 - D_o / D_e``; over several categories ``1 - sum D_o / sum D_e``. Everything
is computed in exact integer arithmetic (the cubic terms of D_e overflow 64-bit integers on
long documents); one category's alpha_U is a single correctly rounded division, and pooling
over categories adds D_o and D_e each rounded once (relative error about 1e-16).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, combinations
from math import fsum

from annotator.core.agreement.coefficients import Measure
from annotator.core.spans import Span

# A section of one coder's continuum: (start, end, is_unit).
Section = tuple[int, int, bool]


@dataclass(frozen=True)
class Disagreement:
    """Observed and expected disagreement of one category on one continuum, as exact parts.

    ``D_o = 2 pairs / (m (m - 1) L^2)`` and ``D_e = 2 spread / (L chance)``.
    """

    pairs: int
    spread: int
    chance: int
    coders: int
    length: int
    units: int

    @property
    def observed(self) -> float:
        return 2 * self.pairs / (self.coders * (self.coders - 1) * self.length**2)

    @property
    def expected(self) -> float:
        return 2 * self.spread / (self.length * self.chance) if self.chance else 0.0

    def alpha(self) -> Measure:
        if self.units == 0:
            return Measure.undefined("no coder used this code here")
        if self.spread == 0 or self.chance == 0:
            return Measure.undefined("expected disagreement is zero (units cannot vary)")
        # 1 - D_o / D_e = 1 - pairs * chance / (m (m - 1) L spread), in one division.
        scale = self.coders * (self.coders - 1) * self.length * self.spread
        return Measure.ratio(scale - self.pairs * self.chance, scale)


def alpha_from(parts: Sequence[Disagreement]) -> Measure:
    """``1 - sum D_o / sum D_e``: one category, or several pooled."""
    if len(parts) == 1:
        return parts[0].alpha()
    if sum(p.units for p in parts) == 0:
        return Measure.undefined("no coder used this code here")
    expected = fsum(p.expected for p in parts)
    if expected == 0:
        return Measure.undefined("expected disagreement is zero (units cannot vary)")
    return Measure(1 - fsum(p.observed for p in parts) / expected)


def sections(units: Sequence[Span], length: int) -> list[Section]:
    """A coder's continuum ``[0, length)`` as units and the gaps between them.

    ``units`` must be sorted and non-overlapping (see ``spans.merge_overlapping``); touching
    units stay two units with no gap between.
    """
    out: list[Section] = []
    position = 0
    for start, end in units:
        if start > position:
            out.append((position, start, False))
        out.append((start, end, True))
        position = end
    if position < length:
        out.append((position, length, False))
    return out


@dataclass(frozen=True)
class Continuum:
    """One category on one document as m coders unitized it: all that alpha_U needs of it.

    Pooling over documents keeps each document's continuum separate: ``observed`` adds up and
    the units and gaps join one multiset, but no unit or gap ever crosses a document boundary.
    """

    coders: int
    length: int
    observed: int  # sum over coder pairs of the squared disagreements of their sections
    units: tuple[int, ...]  # the length of every coder's every unit
    gaps: tuple[int, ...]  # the length of every coder's every gap


def continuum(coders: Sequence[Sequence[Span]], length: int) -> Continuum:
    """Observed disagreement, units and gaps of one category on one document.

    ``coders`` holds each coder's sorted, non-overlapping units.
    """
    m = len(coders)
    if m < 2:
        raise ValueError("alpha_U needs at least two coders")
    units: list[int] = []
    gaps: list[int] = []
    for spans in coders:
        position = 0
        for start, end in spans:
            if start > position:
                gaps.append(start - position)
            units.append(end - start)
            position = end
        if length > position:
            gaps.append(length - position)
    with_units = [spans for spans in coders if spans]
    # A coder without units has one gap: each unit of another coder lies wholly inside it.
    observed = (m - len(with_units)) * sum((e - s) ** 2 for spans in with_units for s, e in spans)
    if len(with_units) > 1:
        continua = [sections(spans, length) for spans in with_units]
        for a, b in combinations(continua, 2):
            observed += _pair_disagreement(a, b)
    return Continuum(m, length, observed, tuple(units), tuple(gaps))


def pooled(parts: Sequence[Continuum]) -> Disagreement:
    """D_o and D_e of one category over one or more documents, each its own continuum.

    With L the documents' total length, N the number of units of every coder on every
    document, and the sums running over the units and gaps of all the documents:
    ``D_o = 2 sum_d observed_d / (m (m - 1) L^2)`` and D_e as in the module docstring. For one
    document this is exactly Krippendorff's alpha_U; the value depends only on the multisets
    of sections, so it does not change when documents are renamed or reordered.
    """
    if not parts:
        raise ValueError("alpha_U needs at least one document")
    m = parts[0].coders
    if any(part.coders != m for part in parts):
        raise ValueError("every document must have the same coders")
    length = sum(part.length for part in parts)
    observed = sum(part.observed for part in parts)
    lengths = [size for part in parts for size in part.units]
    gaps = [size for part in parts for size in part.gaps]
    return _from_sections(m, length, observed, lengths, gaps)


def pooled_in_one_pass(documents: Sequence[tuple[Sequence[Sequence[Span]], int]]) -> Disagreement:
    """What ``pooled([continuum(coders, length) ...])`` gives, with one sweep per coder pair.

    The observed disagreement is computed with the documents laid end to end: a unit never
    crosses a boundary, so every pair of sections that overlaps there overlaps in one document,
    and a unit lies wholly inside a (merged) gap exactly when it lies inside that document's
    part of it. Only the gaps, which D_e needs per document, are read document by document.
    Used for the pooled figures alone, where no per-document part is kept.
    """
    if not documents:
        raise ValueError("alpha_U needs at least one document")
    m = len(documents[0][0])
    laid: list[list[Span]] = [[] for _ in range(m)]
    lengths: list[int] = []
    gaps: list[int] = []
    offset = 0
    for coders, length in documents:
        for number, spans in enumerate(coders):
            position = 0
            for start, end in spans:
                if start > position:
                    gaps.append(start - position)
                lengths.append(end - start)
                laid[number].append((start + offset, end + offset))
                position = end
            if length > position:
                gaps.append(length - position)
        offset += length
    observed = continuum(laid, offset).observed
    return _from_sections(m, offset, observed, lengths, gaps)


def _from_sections(
    m: int, length: int, observed: int, lengths: list[int], unsorted_gaps: list[int]
) -> Disagreement:
    n_units = len(lengths)
    if n_units == 0:
        return Disagreement(0, 0, 0, m, length, 0)
    gaps = sorted(unsorted_gaps)
    # suffix[i] = sum of gaps[i:]
    suffix = [*accumulate(reversed(gaps), initial=0)][::-1]
    numerator = 0
    for size in lengths:
        first = bisect_left(gaps, size)
        fitting = len(gaps) - first
        room = suffix[first] - (size - 1) * fitting
        numerator += (n_units - 1) * size * (size - 1) * (2 * size - 1) // 3 + size * size * room
    denominator = m * length * (m * length - 1) - sum(size * (size - 1) for size in lengths)
    return Disagreement(observed, numerator, denominator, m, length, n_units)


def disagreement(coders: Sequence[Sequence[Span]], length: int) -> Disagreement:
    """D_o and D_e of one category, given each coder's sorted, non-overlapping units."""
    return pooled([continuum(coders, length)])


def _pair_disagreement(first: list[Section], second: list[Section]) -> int:
    """Sum of squared disagreements over every overlapping pair of sections of two coders."""
    total = 0
    i = j = 0
    while i < len(first) and j < len(second):
        a_start, a_end, a_unit = first[i]
        b_start, b_end, b_unit = second[j]
        if a_unit and b_unit:
            total += (a_start - b_start) ** 2 + (a_end - b_end) ** 2
        elif a_unit and b_start <= a_start and a_end <= b_end:
            total += (a_end - a_start) ** 2
        elif b_unit and a_start <= b_start and b_end <= a_end:
            total += (b_end - b_start) ** 2
        if a_end <= b_end:
            i += 1
        if b_end <= a_end:
            j += 1
    return total
