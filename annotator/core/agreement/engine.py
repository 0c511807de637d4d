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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.core.agreement.coefficients import (
    Measure,
    UnitCounts,
    cohen_kappa_2x2,
    fleiss_kappa_binary,
    krippendorff_alpha_binary,
    percent_agreement,
)
from annotator.core.agreement.unitizing import Disagreement, alpha_from, disagreement
from annotator.core.spans import Span, merge_overlapping

MEASURES = ("percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "alpha_u")


@dataclass(frozen=True)
class CodedSpan:
    document: str
    code: str
    coder: str
    start: int
    end: int


@dataclass(frozen=True)
class AgreementInput:
    """What the engine needs to know of a project.

    Attributes:
        lengths: each document's length in code points, in display order.
        codings: every coding to consider.
        done: (document, coder) pairs the coder marked done.
        texts: the documents' texts; needed only to ignore whitespace.
    """

    lengths: Mapping[str, int]
    codings: Sequence[CodedSpan]
    done: frozenset[tuple[str, str]] = frozenset()
    texts: Mapping[str, str] | None = None


@dataclass(frozen=True)
class AgreementOptions:
    coders: Sequence[str] | None = None
    codes: Sequence[str] | None = None
    documents: Sequence[str] | None = None
    ignore_whitespace: bool = False
    all_worked: bool = False
    per_document: bool = True  # False: only the pooled rows (much faster on large corpora)


@dataclass
class AgreementRow:
    """One row of results; ``document`` None means pooled, ``code`` None means overall."""

    document: str | None
    code: str | None
    coders: list[str]
    characters: int
    percent_agreement: float | None
    cohen_kappa: float | None
    fleiss_kappa: float | None
    krippendorff_alpha: float | None
    alpha_u: float | None
    coded_by: dict[str, int]
    coded_by_all: int
    documents: int
    notes: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "document": self.document, "code": self.code, "coders": self.coders,
            "characters": self.characters, "percent_agreement": self.percent_agreement,
            "cohen_kappa": self.cohen_kappa, "fleiss_kappa": self.fleiss_kappa,
            "krippendorff_alpha": self.krippendorff_alpha, "alpha_u": self.alpha_u,
            "coded_by": self.coded_by, "coded_by_all": self.coded_by_all,
            "documents": self.documents, "notes": self.notes,
        }  # fmt: skip


@dataclass
class _Stats:
    """Additive character statistics of one code on some documents."""

    groups: dict[int, list[int]] = field(default_factory=dict)  # m -> [N, S1, S2, ALL, NONE]
    coded_by: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    documents: int = 0

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


class _Weights:
    """Characters counted in ``[a, b)``: all of them, or only non-whitespace ones."""

    def __init__(self, text: str | None) -> None:
        self._prefix: list[int] | None = None
        if text is not None:
            codepoints = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
            counted = ~np.isin(codepoints, _WHITESPACE)
            self._prefix = [0, *np.cumsum(counted, dtype=np.int64).tolist()]

    def __call__(self, start: int, end: int) -> int:
        if self._prefix is None:
            return end - start
        return self._prefix[end] - self._prefix[start]


_WHITESPACE = np.array([ord(ch) for ch in map(chr, range(0x3100)) if ch.isspace()], dtype=np.uint32)


class Cancelled(Exception):
    """Raised when a progress callback asks to stop."""


def compute_agreement(
    data: AgreementInput,
    options: AgreementOptions,
    progress: Callable[[int, int], bool] | None = None,
) -> list[AgreementRow]:
    """Every measure for each code x document, each code pooled, and overall.

    ``progress(done, total)`` is called after each document; returning False cancels
    (:class:`Cancelled` is raised).
    """
    # The computation allocates many small objects and creates no reference cycles; the
    # cyclic collector would otherwise rescan the large input again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _compute(data, options, progress)
    finally:
        if enabled:
            gc.enable()


def _compute(
    data: AgreementInput,
    options: AgreementOptions,
    progress: Callable[[int, int], bool] | None,
) -> list[AgreementRow]:
    documents = [d for d in data.lengths if not options.documents or d in options.documents]
    wanted_docs = set(documents)
    codings = [
        c for c in data.codings
        if c.document in wanted_docs
        and (options.coders is None or c.coder in options.coders)
        and (not options.codes or c.code in options.codes)
    ]  # fmt: skip
    coders = list(options.coders) if options.coders else sorted({c.coder for c in codings})
    codes = list(options.codes) if options.codes else sorted({c.code for c in codings})
    worked = _worked(data, codings, documents, coders, options.all_worked)
    units = _units(codings)
    rows: list[AgreementRow] = []
    pooled: dict[str, _Stats] = {code: _Stats() for code in codes}
    doc_totals: dict[str, _Stats] = {}
    doc_unitizing: dict[str, list[Disagreement]] = {}
    for number, document in enumerate(documents, start=1):
        if progress is not None and not progress(number, len(documents)):
            raise Cancelled
        present = [coder for coder in coders if (document, coder) in worked]
        if len(present) >= 2:
            _document_rows(data, options, document, present, codes, units, rows, pooled,
                           doc_totals, doc_unitizing)  # fmt: skip
    shared = [d for d in documents if all((d, coder) in worked for coder in coders)]
    pooled_parts = {code: _pooled_parts(data, shared, coders, units, code) for code in codes}
    for code in codes:
        if pooled_parts[code]:
            unitizing_measure = alpha_from(pooled_parts[code])
        else:
            unitizing_measure = Measure.undefined(
                "no document on which every selected coder worked"
            )
        rows.append(_row(None, code, coders, pooled[code], unitizing_measure))
    overall = _Stats()
    for code in codes:
        overall.add(pooled[code])
    overall.documents = len(doc_totals)
    for document, stats in doc_totals.items() if options.per_document else ():
        present = [coder for coder in coders if (document, coder) in worked]
        unitizing_measure = alpha_from(doc_unitizing.get(document, []))
        rows.append(_row(document, None, present, stats, unitizing_measure))
    pooled_unitizing = [part for code in codes for part in pooled_parts[code]]
    rows.append(_row(None, None, coders, overall, alpha_from(pooled_unitizing)))
    order = {document: index for index, document in enumerate(documents)}
    rows.sort(
        key=lambda r: (
            r.document is None,
            order.get(r.document or "", 0),
            r.code is None,
            r.code or "",
        )
    )
    if len(coders) < 2:
        for row in rows:
            row.notes["all"] = "agreement needs at least two coders"
    return rows


def _document_rows(
    data: AgreementInput,
    options: AgreementOptions,
    document: str,
    present: list[str],
    codes: list[str],
    units: Mapping[tuple[str, str, str], list[Span]],
    rows: list[AgreementRow],
    pooled: dict[str, _Stats],
    doc_totals: dict[str, _Stats],
    doc_unitizing: dict[str, list[Disagreement]],
) -> None:
    """Rows of one document (codes some coder used there); add its counts to the pools."""
    length = data.lengths[document]
    text = data.texts.get(document) if options.ignore_whitespace and data.texts else None
    weights = _Weights(text)
    doc_total = doc_totals.setdefault(document, _Stats())
    for code in codes:
        spans = {coder: units.get((document, code, coder), []) for coder in present}
        if any(spans.values()):
            stats = _character_stats(spans, length, weights)
        else:
            total = weights(0, length)
            stats = _Stats(groups={len(present): [total, 0, 0, 0, total]}, documents=1)
        pooled[code].add(stats)
        doc_total.add(stats)
        if not any(spans.values()) or not options.per_document:
            continue
        unitizing = disagreement([spans[c] for c in present], length)
        doc_unitizing.setdefault(document, []).append(unitizing)
        rows.append(_row(document, code, present, stats, unitizing.alpha()))
    doc_total.documents = 1


def _worked(
    data: AgreementInput,
    codings: Iterable[CodedSpan],
    documents: Sequence[str],
    coders: Sequence[str],
    all_worked: bool,
) -> set[tuple[str, str]]:
    """A coder worked on a document if they marked it done or coded anything in it."""
    if all_worked:
        return {(d, c) for d in documents for c in coders}
    worked = {(d, c) for d, c in data.done if c in coders}
    worked.update((c.document, c.coder) for c in codings)
    return worked


def _units(codings: Iterable[CodedSpan]) -> dict[tuple[str, str, str], list[Span]]:
    """Each coder's codings of a code in a document, overlaps merged into their union."""
    raw: dict[tuple[str, str, str], list[Span]] = defaultdict(list)
    for c in codings:
        raw[(c.document, c.code, c.coder)].append((c.start, c.end))
    return {key: merge_overlapping(spans) for key, spans in raw.items()}


def _character_stats(spans: Mapping[str, list[Span]], length: int, weights: _Weights) -> _Stats:
    """Sweep the boundaries of every coder's units once."""
    m = len(spans)
    events: list[tuple[int, int]] = []
    stats = _Stats(documents=1)
    for coder, units in spans.items():
        stats.coded_by[coder] += sum(weights(s, e) for s, e in units)
        for start, end in units:
            events.append((start, 1))
            events.append((end, -1))
    events.sort()
    total = weights(0, length)
    ones = ones_squared = everyone = covered = 0
    covering = 0
    position = 0
    for point, step in events:
        if point > position and covering:
            w = weights(position, point)
            ones += covering * w
            ones_squared += covering * covering * w
            covered += w
            if covering == m:
                everyone += w
        position = point
        covering += step
    stats.groups[m] = [total, ones, ones_squared, everyone, total - covered]
    return stats


def _pooled_parts(
    data: AgreementInput,
    shared: Sequence[str],
    coders: Sequence[str],
    units: Mapping[tuple[str, str, str], list[Span]],
    code: str,
) -> list[Disagreement]:
    """alpha_U of one code with the documents every coder worked on laid end to end."""
    if len(coders) < 2 or not shared:
        return []
    laid: dict[str, list[Span]] = {coder: [] for coder in coders}
    offset = 0
    for document in shared:
        for coder in coders:
            spans = units.get((document, code, coder))
            if spans:
                laid[coder].extend((s + offset, e + offset) for s, e in spans)
        offset += data.lengths[document]
    return [disagreement([laid[c] for c in coders], offset)]


def _row(
    document: str | None,
    code: str | None,
    coders: Sequence[str],
    stats: _Stats,
    unitizing: Measure,
) -> AgreementRow:
    groups: list[UnitCounts] = []
    characters = agreeing = everyone = 0
    for m, (n, s1, s2, all_coded, none_coded) in sorted(stats.groups.items()):
        if m >= 2:
            groups.append(UnitCounts(m, n, s1, s2))
            characters += n
            agreeing += all_coded + none_coded
            everyone += all_coded
    coded_by = {coder: int(stats.coded_by.get(coder, 0)) for coder in coders}
    measures: dict[str, Measure] = {
        "percent_agreement": percent_agreement(agreeing, characters),
        "cohen_kappa": _cohen(stats, coders),
        "fleiss_kappa": fleiss_kappa_binary(groups),
        "krippendorff_alpha": krippendorff_alpha_binary(groups),
        "alpha_u": unitizing,
    }
    if characters == 0:
        for name in ("fleiss_kappa", "krippendorff_alpha", "percent_agreement"):
            measures[name] = Measure.undefined(
                "fewer than two of the selected coders worked on these documents"
            )
    notes = {name: m.reason for name, m in measures.items() if m.value is None and m.reason}
    return AgreementRow(
        document=document, code=code, coders=list(coders), characters=characters,
        percent_agreement=measures["percent_agreement"].value,
        cohen_kappa=measures["cohen_kappa"].value,
        fleiss_kappa=measures["fleiss_kappa"].value,
        krippendorff_alpha=measures["krippendorff_alpha"].value,
        alpha_u=measures["alpha_u"].value, coded_by=coded_by, coded_by_all=everyone,
        documents=stats.documents, notes=notes,
    )  # fmt: skip


_NOT_TWO = Measure.undefined("Cohen's kappa is defined for exactly two coders")


def _cohen(stats: _Stats, coders: Sequence[str]) -> Measure:
    if len(coders) != 2:
        return _NOT_TWO
    values = stats.groups.get(2)
    if not values or values[0] == 0:
        return Measure.undefined("the two coders share no document")
    _, _, _, both, neither = values
    a, b = (stats.coded_by.get(c, 0) for c in coders)
    return cohen_kappa_2x2(both, a - both, b - both, neither)
