"""Bootstrap confidence intervals for alpha and alpha_U, resampling documents.

Documents, not characters, are resampled: characters of one document are not independent
draws, documents (roughly) are. Each resample draws as many documents as were compared, with
replacement, from those compared (for alpha_U: from those every selected coder worked on), and
recomputes the pooled figures from per-document parts weighted by how often each document was
drawn. The interval is the percentile interval of the resampled figures; resamples on which a
figure is undefined (say, no variation) are left out and counted. The seed is recorded so a
figure can be reproduced.

Both coefficients are ratios of sums over documents, so a resample costs one matrix product
(alpha) or one sorted pass over the units and gaps (alpha_U; see ``unitizing.pooled``), in
floating point: the intervals are estimates, the point figures stay exact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from annotator.core.agreement.engine import AgreementRow, Cancelled, Tables

CHUNK = 50  # resamples computed together; bounds memory and sets the progress steps


@dataclass(frozen=True)
class BootstrapOptions:
    level: float = 0.95
    resamples: int = 1000
    seed: int = 0


@dataclass
class Interval:
    """A percentile interval, and how many resamples it rests on."""

    low: float | None
    high: float | None
    used: int
    undefined: int

    def as_list(self) -> list[float | None]:
        return [self.low, self.high]


@dataclass
class BootstrapResult:
    """Intervals keyed by (code or None for overall, measure); overall alpha is the ``codes``
    pooling (1 - sum D_o / sum D_e) and the ``pairs`` one under key ("(pairs)", measure)."""

    options: BootstrapOptions
    documents: int
    shared_documents: int
    intervals: dict[tuple[str | None, str], Interval] = field(default_factory=dict)


def bootstrap(
    tables: Tables,
    options: BootstrapOptions,
    progress: Callable[[int, int], bool] | None = None,
) -> BootstrapResult:
    """Percentile intervals for each code's and the overall alpha and alpha_U.

    ``progress(done, total)`` is called after each chunk of resamples; returning False
    cancels (:class:`Cancelled` is raised).
    """
    if not 0 < options.level < 1:
        raise ValueError("the confidence level must lie between 0 and 1")
    if options.resamples < 1:
        raise ValueError("the number of resamples must be at least 1")
    selection = tables.selection
    # The codes the figures pool: a selected code no coder used on a compared document has
    # no figure and no interval, and stays out of the overall ones.
    columns = [i for i, code in enumerate(selection.codes) if code in selection.used]
    codes = [selection.codes[i] for i in columns]
    # Drawn in the order of the documents' texts (SHA-256), not their names: the same seed
    # gives the same interval after documents are renamed.
    documents = resampling_order(list(tables.stats), tables.fingerprints)
    if tables.shared and not tables.continua:
        raise ValueError("the bootstrap needs every document's continuum: tabulate with keep")
    shared = [d for d in documents if d in tables.continua]
    result = BootstrapResult(options, len(documents), len(shared))
    alpha = _AlphaParts(tables, documents, columns)
    unitizing = [_UnitizingParts(tables, shared, index) for index in columns]
    rng = np.random.default_rng(options.seed)
    estimates: dict[tuple[str | None, str], list[np.ndarray]] = {}
    done = 0
    while done < options.resamples:
        size = min(CHUNK, options.resamples - done)
        weights = _draw(rng, len(documents), size)
        for key, values in alpha.resample(weights, codes).items():
            estimates.setdefault(key, []).append(values)
        shared_weights = _draw(rng, len(shared), size)
        observed = np.zeros(size)
        expected = np.zeros(size)
        for code, parts in zip(codes, unitizing, strict=True):
            o, e = parts.resample(shared_weights)
            estimates.setdefault((code, "alpha_u"), []).append(_ratio(o, e))
            observed += np.nan_to_num(o)
            expected += np.nan_to_num(e)
        estimates.setdefault((None, "alpha_u"), []).append(_ratio(observed, expected))
        done += size
        if progress is not None and not progress(done, options.resamples):
            raise Cancelled
    for key, chunks in estimates.items():
        result.intervals[key] = _interval(np.concatenate(chunks), options.level)
    return result


def resampling_order(documents: list[str], fingerprints: Mapping[str, str] | None) -> list[str]:
    """The documents by the SHA-256 of their text, then by name (two with the same text).

    Without fingerprints (plain data built by hand), in the order given.
    """
    if fingerprints is None:
        return documents
    return sorted(documents, key=lambda name: (fingerprints.get(name, ""), name))


def _draw(rng: np.random.Generator, documents: int, size: int) -> np.ndarray:
    """How often each document is drawn, in ``size`` resamples of ``documents`` draws."""
    if documents == 0:
        return np.zeros((size, 0))
    return rng.multinomial(documents, np.full(documents, 1 / documents), size=size).astype(float)


def _ratio(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1 - observed / np.where(expected > 0, expected, 1), np.nan)


def _interval(values: np.ndarray, level: float) -> Interval:
    defined = values[np.isfinite(values)]
    undefined = len(values) - len(defined)
    if len(defined) == 0:
        return Interval(None, None, 0, undefined)
    low, high = np.quantile(defined, [(1 - level) / 2, (1 + level) / 2])
    return Interval(float(low), float(high), len(defined), undefined)


class _AlphaParts:
    """Per document and code: o_01, n_1 and n of binary alpha (all additive)."""

    def __init__(self, tables: Tables, documents: list[str], columns: list[int]) -> None:
        codes = len(columns)
        self.o01 = np.zeros((len(documents), codes))
        self.n1 = np.zeros((len(documents), codes))
        self.n = np.zeros((len(documents), codes))
        for row, document in enumerate(documents):
            per_code = tables.stats[document]
            for column, index in enumerate(columns):
                for m, (units, s1, s2, _, _) in per_code[index].groups.items():
                    if m >= 2:
                        self.o01[row, column] += (m * s1 - s2) / (m - 1)
                        self.n1[row, column] += s1
                        self.n[row, column] += m * units

    def resample(
        self, weights: np.ndarray, codes: list[str]
    ) -> dict[tuple[str | None, str], np.ndarray]:
        o01, n1, n = weights @ self.o01, weights @ self.n1, weights @ self.n
        n0 = n - n1
        observed = 2 * o01 / np.where(n > 0, n, 1)
        expected = 2 * n0 * n1 / np.where(n > 1, n * (n - 1), 1)
        out: dict[tuple[str | None, str], np.ndarray] = {
            (code, "krippendorff_alpha"): _ratio(observed[:, i], expected[:, i])
            for i, code in enumerate(codes)
        }
        out[(None, "krippendorff_alpha")] = _ratio(observed.sum(axis=1), expected.sum(axis=1))
        # Every (character, code) pair one unit: add the counts over codes first.
        o, ones, total = o01.sum(axis=1), n1.sum(axis=1), n.sum(axis=1)
        pairs_o = 2 * o / np.where(total > 0, total, 1)
        pairs_e = 2 * (total - ones) * ones / np.where(total > 1, total * (total - 1), 1)
        out[("(pairs)", "krippendorff_alpha")] = _ratio(pairs_o, pairs_e)
        return out


class _UnitizingParts:
    """One code's units and gaps on the shared documents, for weighted recomputation.

    D_e needs, for every unit of length l, the weighted count and total length of the gaps at
    least l long. Only the distinct unit lengths matter as thresholds, so each gap is filed
    under the largest threshold it reaches, gaps of one document under one threshold are
    added up beforehand, and a resample costs one pass over those (document, threshold) bins
    plus a suffix sum over the thresholds, not a pass over every gap.
    """

    def __init__(self, tables: Tables, shared: list[str], index: int) -> None:
        parts = [tables.continua[d][index] for d in shared]
        self.coders = parts[0].coders if parts else 2
        self.lengths = np.array([p.length for p in parts], dtype=float)
        self.observed = np.array([p.observed for p in parts], dtype=float)
        self.unit_doc = np.array([d for d, p in enumerate(parts) for _ in p.units], dtype=np.int64)
        self.units = np.array([size for p in parts for size in p.units], dtype=float)
        thresholds = np.unique(self.units)
        self.thresholds = len(thresholds)
        self.unit_bin = np.searchsorted(thresholds, self.units)
        gap_doc = np.array([d for d, p in enumerate(parts) for _ in p.gaps], dtype=np.int64)
        gaps = np.array([size for p in parts for size in p.gaps], dtype=float)
        gap_bin = np.searchsorted(thresholds, gaps, side="right") - 1
        keep = gap_bin >= 0  # shorter than every unit: no unit fits
        # One bin per (threshold, document): how many gaps, and their total length.
        keys = gap_bin[keep] * max(1, len(parts)) + gap_doc[keep]
        bins, inverse = np.unique(keys, return_inverse=True)
        self.bin_count = np.bincount(inverse, minlength=len(bins)).astype(float)
        self.bin_length = np.bincount(inverse, weights=gaps[keep], minlength=len(bins))
        self.bin_doc = bins % max(1, len(parts))
        bin_threshold = bins // max(1, len(parts))
        # Bins are sorted by threshold: where each threshold's run of bins starts.
        self.runs, self.run_start = np.unique(bin_threshold, return_index=True)
        self.cubic = self.units * (self.units - 1) * (2 * self.units - 1) / 3
        self.squares = self.units * self.units

    def _suffix(self, weights: np.ndarray, per_bin: np.ndarray) -> np.ndarray:
        """For each resample and threshold k: the weighted sum over gaps reaching k."""
        size = weights.shape[0]
        out = np.zeros((size, self.thresholds))
        if len(per_bin):
            values = weights[:, self.bin_doc] * per_bin
            out[:, self.runs] = np.add.reduceat(values, self.run_start, axis=1)
        return np.cumsum(out[:, ::-1], axis=1)[:, ::-1]

    def resample(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """D_o and D_e for each row of document weights (NaN where undefined)."""
        size = weights.shape[0]
        m = self.coders
        if len(self.units) == 0 or weights.shape[1] == 0:
            nan = np.full(size, np.nan)
            return nan, nan
        length = weights @ self.lengths
        observed = 2 * (weights @ self.observed) / (m * (m - 1) * length**2)
        count = self._suffix(weights, self.bin_count)[:, self.unit_bin]
        total = self._suffix(weights, self.bin_length)[:, self.unit_bin]
        room = total - (self.units - 1) * count
        unit_w = weights[:, self.unit_doc]
        n_units = unit_w.sum(axis=1)
        numerator = (unit_w * ((n_units[:, None] - 1) * self.cubic + self.squares * room)).sum(1)
        pairs = unit_w @ (self.units * (self.units - 1))
        denominator = m * length * (m * length - 1) - pairs
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = np.where(
                (denominator > 0) & (n_units > 0), 2 * numerator / (length * denominator), np.nan
            )
        return observed, expected


def attach_intervals(rows: list[AgreementRow], result: BootstrapResult) -> None:
    """Put each pooled row's intervals (and how they were made) into ``row.ci``."""
    made = {
        "level": result.options.level, "resamples": result.options.resamples,
        "seed": result.options.seed, "documents": result.documents,
        "shared_documents": result.shared_documents,
    }  # fmt: skip
    for row in rows:
        if row.document is not None or row.pooling == "mean":
            continue
        key = "(pairs)" if row.pooling == "pairs" else row.code
        found: dict[str, object] = {}
        for measure in ("krippendorff_alpha", "alpha_u"):
            interval = result.intervals.get((key, measure))
            if measure == "alpha_u" and row.pooling == "pairs":
                interval = result.intervals.get((None, measure))
            if interval is not None:
                found[measure] = interval.as_list()
                if interval.undefined:
                    found[f"{measure}_undefined_resamples"] = interval.undefined
        if found:
            row.ci = {**made, **found}
