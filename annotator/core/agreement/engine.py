"""Agreement for every code x document, every code pooled over documents, and overall.

Input is plain data (no Qt, no SQL): documents with their lengths, codings as
(document, code, coder, start, end), and which coder worked on which document.

Character measures treat every character of a document as one unit that each coder who
worked on the document either coded with the code or not (a coder's overlapping codings of a
code count once). They are computed by a sweep over span boundaries, never a loop over
characters: between two consecutive boundaries every character has the same number of coders
coding it, so each stretch contributes its length (or its number of non-whitespace characters)
at once. A coder who did not work on a document contributes missing data there.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.core.agreement.coefficients import (
    Measure,
    UnitCounts,
    cohen_kappa_2x2,
    fleiss_kappa_binary,
    gwet_ac1_binary,
    krippendorff_alpha_binary,
    percent_agreement,
)
from annotator.core.agreement.selection import (
    NO_SHARED_DOCUMENT,
    NOT_TWO_CODERS,
    TOO_FEW_CODERS,
    UNUSED_CODE,
    AgreementInput,
    AgreementOptions,
    Selection,
    select,
)
from annotator.core.agreement.unitizing import (
    Continuum,
    Disagreement,
    alpha_from,
    continuum,
    pooled,
    pooled_in_one_pass,
)
from annotator.core.spans import Span
from annotator.core.wording import plural

MEASURES = (
    "percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1",
    "alpha_u",
)  # fmt: skip
# The ways an overall (all codes) row pools its codes; see overall.py.
POOLINGS = ("pairs", "mean", "codes")


@dataclass
class AgreementRow:
    """One row of results; ``document`` None means pooled, ``code`` None means overall.

    Overall rows say in ``pooling`` how they combine the codes: ``pairs`` (every (character,
    code) pair one binary unit), ``mean`` (the mean of the codes' figures) or ``codes``
    (``1 - sum D_o / sum D_e`` over codes: De Vries et al.'s 2008 pooled kappa).
    """

    document: str | None
    code: str | None
    coders: list[str]
    characters: int
    percent_agreement: float | None
    cohen_kappa: float | None
    fleiss_kappa: float | None
    krippendorff_alpha: float | None
    gwet_ac1: float | None
    alpha_u: float | None
    coded_by: dict[str, int]
    coded_by_all: int
    documents: int
    notes: dict[str, str] = field(default_factory=dict)
    pooling: str | None = None
    ci: dict[str, object] = field(default_factory=dict)  # bootstrap intervals, when asked

    def as_dict(self) -> dict[str, object]:
        return {
            "document": self.document, "code": self.code, "pooling": self.pooling,
            "coders": self.coders, "characters": self.characters,
            **{name: getattr(self, name) for name in MEASURES},
            "coded_by": self.coded_by, "coded_by_all": self.coded_by_all,
            "documents": self.documents, "notes": self.notes,
            **({"ci": self.ci} if self.ci else {}),
        }  # fmt: skip


def undefined_reasons(rows: Sequence[AgreementRow]) -> list[tuple[tuple[str, ...], str]]:
    """Why figures of these rows are undefined: each distinct reason once, with its measures.

    In the order first met; only reasons behind a figure that is undefined (a dash), not
    the notes that explain a defined one.
    """
    found: dict[str, list[str]] = {}
    for row in rows:
        for measure in MEASURES:
            reason = row.notes.get(measure)
            if reason and getattr(row, measure) is None:
                measures = found.setdefault(reason, [])
                if measure not in measures:
                    measures.append(measure)
    return [(tuple(m for m in MEASURES if m in found[r]), r) for r in found]


@dataclass
class _Stats:
    """Additive character statistics of one code on some documents.

    ``touched`` counts coded characters before whitespace is left out, so that a code used
    only on whitespace can say so.
    """

    groups: dict[int, list[int]] = field(default_factory=dict)  # m -> [N, S1, S2, ALL, NONE]
    coded_by: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    documents: int = 0
    touched: int = 0

    def add(self, other: _Stats) -> None:
        groups = self.groups
        for m, (n, s1, s2, everyone, none) in other.groups.items():
            mine = groups.get(m)
            if mine is None:
                groups[m] = [n, s1, s2, everyone, none]
            else:
                mine[0] += n
                mine[1] += s1
                mine[2] += s2
                mine[3] += everyone
                mine[4] += none
        coded_by = self.coded_by
        for coder, count in other.coded_by.items():
            coded_by[coder] += count
        self.documents += other.documents
        self.touched += other.touched

    def unit_counts(self) -> list[UnitCounts]:
        return [UnitCounts(m, n, s1, s2) for m, (n, s1, s2, _, _) in sorted(self.groups.items())
                if m >= 2]  # fmt: skip


class _Weights:
    """Characters counted in ``[a, b)``: all of them, or only non-whitespace ones."""

    def __init__(self, text: str | None) -> None:
        self.prefix: list[int] | None = None
        if text is not None:
            codepoints = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
            counted = ~np.isin(codepoints, _WHITESPACE)
            self.prefix = [0, *np.cumsum(counted, dtype=np.int64).tolist()]

    def __call__(self, start: int, end: int) -> int:
        if self.prefix is None:
            return end - start
        return self.prefix[end] - self.prefix[start]


# Unicode's White_Space property (PropList.txt), the 25 code points a reader sees as space.
# Not str.isspace, which also counts the information separators U+001C..U+001F (control
# characters, not space). Zero-width characters (U+200B, U+200D, U+FEFF) are not White_Space.
WHITE_SPACE = frozenset(
    [*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029,
     0x202F, 0x205F, 0x3000]
)  # fmt: skip
_WHITESPACE = np.array(sorted(WHITE_SPACE), dtype=np.uint32)


class Cancelled(Exception):
    """Raised when a progress callback asks to stop."""


@dataclass
class Tables:
    """Per-document, per-code parts every figure is built from (and a bootstrap resamples).

    Attributes:
        selection: what is compared.
        stats: document -> one _Stats per selected code (documents with two or more of the
            selected coders only).
        continua: document -> one Continuum per selected code, for the documents on which
            every selected coder worked (the only ones pooled alpha_U uses); empty when the
            parts were not kept (pooled figures only, computed in one pass per code).
        shared: those documents, in order.
        lengths: every document's length.
        fingerprints: each document's SHA-256 (the bootstrap's order), when known.
    """

    selection: Selection
    stats: dict[str, list[_Stats]]
    continua: dict[str, list[Continuum]]
    shared: list[str] = field(default_factory=list)
    lengths: Mapping[str, int] = field(default_factory=dict)
    fingerprints: Mapping[str, str] | None = None


def compute_agreement(
    data: AgreementInput,
    options: AgreementOptions,
    progress: Callable[[int, int], bool] | None = None,
) -> list[AgreementRow]:
    """Every measure for each code x document, each code pooled, and overall.

    ``progress(done, total)`` is called after each document; returning False cancels
    (:class:`Cancelled` is raised). A coder named twice raises ValueError.
    """
    # Without per-document rows, nothing needs each document's continuum: pool in one pass.
    return compute_with_tables(data, options, progress, keep=options.per_document)[0]


def compute_with_tables(
    data: AgreementInput,
    options: AgreementOptions,
    progress: Callable[[int, int], bool] | None = None,
    *,
    keep: bool = True,
) -> tuple[list[AgreementRow], Tables]:
    """The rows, and the per-document parts they were built from (for a bootstrap)."""
    # The computation allocates many small objects and creates no reference cycles; the
    # cyclic collector would otherwise rescan the large input again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        rows: list[AgreementRow] = []
        tables = tabulate(data, options, progress, rows, keep=keep)
        rows.extend(pooled_rows(tables, options.ignore_whitespace))
        return _sorted(rows, tables.selection.documents), tables
    finally:
        if enabled:
            gc.enable()


def tabulate(
    data: AgreementInput,
    options: AgreementOptions,
    progress: Callable[[int, int], bool] | None = None,
    rows: list[AgreementRow] | None = None,
    *,
    keep: bool = True,
) -> Tables:
    """Sweep every document once; append its rows to ``rows`` when given.

    ``keep`` False keeps no per-document continuum (pooled alpha_U is then computed in one
    pass per code); with per-document rows they are computed anyway.
    """
    selection = select(data, options)
    tables = Tables(selection, {}, {}, [], data.lengths, data.fingerprints)
    need = keep or options.per_document
    documents = selection.documents
    everyone = len(selection.coders)
    for number, document in enumerate(documents, start=1):
        if progress is not None and not progress(number, len(documents)):
            raise Cancelled
        present = selection.present(document)
        if len(present) < 2:
            continue
        text = data.texts.get(document) if options.ignore_whitespace and data.texts else None
        stats, continua = _document(
            selection, document, present, data.lengths[document], _Weights(text),
            shared=len(present) == everyone, need=need,
        )  # fmt: skip
        tables.stats[document] = stats
        if len(present) == everyone:
            tables.shared.append(document)
            if keep:
                tables.continua[document] = [c for c in continua if c is not None]
        if rows is not None and options.per_document:
            rows.extend(_document_rows(selection, document, present, stats, continua,
                                       options.ignore_whitespace))  # fmt: skip
    return tables


def _document(
    selection: Selection,
    document: str,
    present: list[str],
    length: int,
    weights: _Weights,
    *,
    shared: bool,
    need: bool = True,
) -> tuple[list[_Stats], list[Continuum | None]]:
    """Each code's character statistics and continuum on one document.

    The continuum of a code nobody used here is needed only when the document is shared by
    every selected coder (pooled alpha_U counts its gaps); otherwise it is None.
    """
    units = selection.units
    all_stats: list[_Stats] = []
    continua: list[Continuum | None] = []
    total = weights(0, length)
    for code in selection.codes:
        spans = {coder: units.get((document, code, coder), []) for coder in present}
        if any(spans.values()):
            all_stats.append(_character_stats(spans, length, weights))
            continua.append(continuum([spans[c] for c in present], length) if need else None)
        else:
            all_stats.append(_Stats(groups={len(present): [total, 0, 0, 0, total]}, documents=1))
            # Nobody's unit: no observed disagreement, one gap per coder.
            gaps = (length,) * len(present) if length else ()
            keep_it = shared and need
            continua.append(Continuum(len(present), length, 0, (), gaps) if keep_it else None)
    return all_stats, continua


def _document_rows(
    selection: Selection,
    document: str,
    present: list[str],
    stats: list[_Stats],
    continua: list[Continuum | None],
    whitespace: bool,
) -> list[AgreementRow]:
    """A row per code some coder used here, and the document's overall row.

    The overall row pools the codes the pooled all-codes rows pool (those used on some
    compared document), whichever others were selected.
    """
    rows = []
    m = len(present)
    sums = [0, 0, 0, 0, 0]  # every code's statistics share one group: m coders on every character
    total = _Stats(groups={m: sums})
    parts = []
    used = selection.used
    for code, code_stats, part in zip(selection.codes, stats, continua, strict=True):
        if code not in used:
            continue
        n, s1, s2, everyone, none = code_stats.groups[m]
        sums[0] += n
        sums[1] += s1
        sums[2] += s2
        sums[3] += everyone
        sums[4] += none
        if part is None or not part.units:
            continue
        for coder, count in code_stats.coded_by.items():
            total.coded_by[coder] += count
        total.touched += code_stats.touched
        unitizing = pooled([part])
        parts.append(unitizing)
        rows.append(_row(document, code, present, code_stats, unitizing.alpha(), whitespace))
    total.documents = 1
    overall = alpha_from(parts) if parts else Measure.undefined("no coder used these codes here")
    rows.append(_row(document, None, present, total, overall, whitespace, pooling="pairs"))
    return rows


def pooled_rows(tables: Tables, whitespace: bool) -> list[AgreementRow]:
    """Each code pooled over documents, and the overall rows (every way of pooling codes)."""
    from annotator.core.agreement.overall import overall_rows

    selection = tables.selection
    coders = selection.coders
    rows: list[AgreementRow] = []
    disagreements = []
    shared = len(tables.shared)
    code_stats = _code_stats(tables)
    used_stats: list[_Stats] = []
    code_rows: list[AgreementRow] = []
    for index, (code, stats) in enumerate(zip(selection.codes, code_stats, strict=True)):
        if code not in selection.used:
            # Selected but compared nowhere: a row that says so, and nothing in the overall
            # rows, so that selecting such a code changes no other figure.
            rows.append(_unused_row(code, coders, stats, whitespace))
            continue
        if len(coders) < 2 or not shared:
            unitizing = Measure.undefined(NO_SHARED_DOCUMENT)
        else:
            part = _pooled_code(tables, code, index)
            disagreements.append(part)
            unitizing = part.alpha()
            if part.units == 0:
                unitizing = Measure.undefined(
                    f"no coder used this code on the {plural(shared, 'document')} every "
                    "selected coder worked on"
                )
        row = _row(None, code, coders, stats, unitizing, whitespace)
        rows.append(row)
        code_rows.append(row)
        used_stats.append(stats)
    if not shared:
        unitizing = Measure.undefined(NO_SHARED_DOCUMENT)
    elif not any(d.units for d in disagreements):
        unitizing = Measure.undefined("no coder used any of these codes on a shared document")
    else:
        unitizing = alpha_from(disagreements)
    total = _Stats()
    for row_stats in used_stats:
        total.add(row_stats)
    total.documents = len(tables.stats)
    pairs = _row(None, None, coders, total, unitizing, whitespace, pooling="pairs")
    rows.extend(overall_rows(pairs, code_rows, used_stats, coders))
    if len(coders) < 2:
        for row in rows:
            row.notes["all"] = TOO_FEW_CODERS
    return rows


def _unused_row(code: str, coders: Sequence[str], stats: _Stats, whitespace: bool) -> AgreementRow:
    """The row of a selected code no coder compared used on a compared document.

    Every figure is a dash: percent agreement and AC1 would be 1 (everyone agreed on "not
    this code" everywhere), which reads as perfect reliability of a code nobody applied.
    """
    # With no document compared at all, that is the cause, for this code as for every other.
    reason = _character_reason(stats, 0, 0, whitespace, code) if not stats.documents else None
    row = _row(None, code, coders, stats, Measure.undefined(UNUSED_CODE), whitespace)
    for name in MEASURES:
        setattr(row, name, None)
        row.notes[name] = reason or UNUSED_CODE
    return row


def _pooled_code(tables: Tables, code: str, index: int) -> Disagreement:
    """One code's alpha_U parts over the shared documents, each its own continuum."""
    if tables.continua:
        return pooled([tables.continua[d][index] for d in tables.shared])
    units = tables.selection.units
    coders = tables.selection.coders
    return pooled_in_one_pass([
        ([units.get((d, code, c), []) for c in coders], tables.lengths[d]) for d in tables.shared
    ])  # fmt: skip


def _code_stats(tables: Tables) -> list[_Stats]:
    """Each selected code's statistics pooled over documents."""
    out = []
    for index in range(len(tables.selection.codes)):
        stats = _Stats()
        for per_code in tables.stats.values():
            stats.add(per_code[index])
        out.append(stats)
    return out


def _sorted(rows: list[AgreementRow], documents: Sequence[str]) -> list[AgreementRow]:
    order = {document: index for index, document in enumerate(documents)}
    return sorted(
        rows,
        key=lambda r: (
            r.document is None,
            order.get(r.document or "", 0),
            r.code is None,
            r.code or "",
            POOLINGS.index(r.pooling) if r.pooling else 0,
        ),
    )


def _character_stats(spans: Mapping[str, list[Span]], length: int, weights: _Weights) -> _Stats:
    """Sweep the boundaries of every coder's units once."""
    m = len(spans)
    events: list[tuple[int, int]] = []
    stats = _Stats(documents=1)
    for coder, units in spans.items():
        stats.coded_by[coder] += sum(weights(s, e) for s, e in units)
        for start, end in units:
            stats.touched += end - start
            events.append((start, 1))
            events.append((end, -1))
    events.sort()
    total = weights(0, length)
    ones = ones_squared = everyone = covered = 0
    covering = 0
    position = 0
    prefix = weights.prefix
    for point, step in events:
        if point > position and covering:
            w = point - position if prefix is None else prefix[point] - prefix[position]
            ones += covering * w
            ones_squared += covering * covering * w
            covered += w
            if covering == m:
                everyone += w
        position = point
        covering += step
    stats.groups[m] = [total, ones, ones_squared, everyone, total - covered]
    return stats


def _row(
    document: str | None,
    code: str | None,
    coders: Sequence[str],
    stats: _Stats,
    unitizing: Measure,
    whitespace: bool,
    pooling: str | None = None,
) -> AgreementRow:
    groups = stats.unit_counts()
    characters = agreeing = everyone = ones = 0
    for m, (n, s1, _, all_coded, none_coded) in stats.groups.items():
        if m >= 2:
            characters += n
            agreeing += all_coded + none_coded
            everyone += all_coded
            ones += s1
    coded_by = {coder: int(stats.coded_by.get(coder, 0)) for coder in coders}
    measures: dict[str, Measure] = {
        "percent_agreement": percent_agreement(agreeing, characters),
        "cohen_kappa": _cohen(stats, coders),
        "fleiss_kappa": fleiss_kappa_binary(groups),
        "krippendorff_alpha": krippendorff_alpha_binary(groups),
        "gwet_ac1": gwet_ac1_binary(groups),
        "alpha_u": unitizing,
    }
    reason = _character_reason(stats, characters, ones, whitespace, code)
    if reason:
        for name in ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha",
                     "gwet_ac1"):  # fmt: skip
            current = measures[name]
            if characters == 0 or (current.value is None and _GENERIC in (current.reason or "")):
                measures[name] = Measure.undefined(reason)
    notes = {name: m.reason for name, m in measures.items() if m.value is None and m.reason}
    return AgreementRow(
        document=document, code=code, coders=list(coders), characters=characters,
        percent_agreement=measures["percent_agreement"].value,
        cohen_kappa=measures["cohen_kappa"].value, fleiss_kappa=measures["fleiss_kappa"].value,
        krippendorff_alpha=measures["krippendorff_alpha"].value,
        gwet_ac1=measures["gwet_ac1"].value, alpha_u=measures["alpha_u"].value,
        coded_by=coded_by, coded_by_all=everyone, documents=stats.documents, notes=notes,
        pooling=pooling,
    )  # fmt: skip


def _character_reason(
    stats: _Stats, characters: int, ones: int, whitespace: bool, code: str | None
) -> str | None:
    """The real cause when the character measures have nothing to work on."""
    if characters == 0:
        if stats.documents == 0:
            return "no document here was worked on by two or more of the selected coders"
        if not stats.groups:
            return ("no code to compare: none of the selected codes was used on a document "
                    "two or more of the selected coders worked on")  # fmt: skip
        if whitespace:
            return "these documents hold only whitespace, which is ignored"
        return "these documents are empty"
    if ones == 0:
        if stats.touched:
            return "the codings here cover only whitespace, which is ignored"
        return "no coder used this code here" if code else "no coder used any of these codes here"
    return None


_GENERIC = "no coder used this code here"  # what the coefficients say without context
_NOT_TWO = Measure.undefined(NOT_TWO_CODERS)


def _cohen(stats: _Stats, coders: Sequence[str]) -> Measure:
    if len(coders) != 2:
        return _NOT_TWO
    values = stats.groups.get(2)
    if not values or values[0] == 0:
        return Measure.undefined("the two coders share no document")
    _, _, _, both, neither = values
    a, b = (stats.coded_by.get(c, 0) for c in coders)
    return cohen_kappa_2x2(both, a - both, b - both, neither)
