"""Code frequencies and code co-occurrence, computed from codings in one pass each.

Frequencies count, per code and column (a document, an attribute value, or a coder): the
codings, the characters coded (the union of the code's spans, so two coders coding the same
words count them once), and the documents with the code. Co-occurrence counts, for every pair
of codes, the segment pairs that overlap or lie within ``distance`` characters, or the
documents where such a pair exists. Both sweep each document's codings in start order, so a
corpus of 60,000 codings is a fraction of a second.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.core.query_eval import CodedSpan
from annotator.core.spans import union_length

MEASURES = ("codings", "characters", "documents")
TOTAL = "\0total"
COUNTS = ("segments", "documents")


@dataclass(frozen=True)
class Table:
    """A labelled matrix: ``cells[r][c]`` for row ``rows[r]`` and column ``columns[c]``."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    row_ids: tuple[int, ...] = ()
    column_ids: tuple[object, ...] = ()

    def records(self, corner: str = "code") -> tuple[list[str], list[list[object]]]:
        """A header and rows for CSV, JSON or a spreadsheet."""
        header = [corner, *self.columns]
        return header, [[row, *cells] for row, cells in zip(self.rows, self.cells, strict=True)]


def frequencies(
    codings: Iterable[CodedSpan],
    codes: Sequence[tuple[int, str]],
    column_of: Callable[[CodedSpan], str | None],
    measure: str = "codings",
    *,
    total: bool = True,
) -> Table:
    """Codes (in the order given, as ``(id, path)``) × the columns ``column_of`` names.

    A coding whose column is ``None`` is left out (a document without the attribute).
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    if measure == "codings":
        return _count_codings(codings, codes, column_of, total)
    spans: dict[tuple[int, str], dict[int, list[tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    columns: set[str] = set()
    for coding in codings:
        column = column_of(coding)
        if column is None:
            continue
        columns.add(column)
        spans[coding.code_id, column][coding.document_id].append((coding.start, coding.end))
        if total:
            spans[coding.code_id, TOTAL][coding.document_id].append((coding.start, coding.end))
    ordered = sorted(columns, key=_natural)
    keys = [*ordered, TOTAL] if total else ordered
    cells = tuple(
        tuple(_measure(spans.get((code_id, key), {}), measure) for key in keys)
        for code_id, _ in codes
    )
    return _table(codes, ordered, keys, cells, total)


def _count_codings(
    codings: Iterable[CodedSpan],
    codes: Sequence[tuple[int, str]],
    column_of: Callable[[CodedSpan], str | None],
    total: bool,
) -> Table:
    """The ``codings`` measure: one counter, no spans kept (the common, fast case)."""
    counts: Counter[tuple[int, str | None]] = Counter(
        (coding.code_id, column_of(coding)) for coding in codings
    )
    columns = {column for _, column in counts if column is not None}
    ordered = sorted(columns, key=_natural)
    cells = tuple(
        (*row, sum(row)) if total else row
        for row in (tuple(counts.get((code_id, key), 0) for key in ordered) for code_id, _ in codes)
    )
    keys = [*ordered, TOTAL] if total else ordered
    return _table(codes, ordered, keys, cells, total)


def _table(
    codes: Sequence[tuple[int, str]],
    ordered: list[str],
    keys: list[str],
    cells: tuple[tuple[int, ...], ...],
    total: bool,
) -> Table:
    labels = (*ordered, "Total") if total else tuple(ordered)
    return Table(tuple(path for _, path in codes), labels, cells, tuple(i for i, _ in codes),
                 tuple(keys))  # fmt: skip


def _measure(by_document: Mapping[int, list[tuple[int, int]]], measure: str) -> int:
    if measure == "codings":
        return sum(len(spans) for spans in by_document.values())
    if measure == "documents":
        return len(by_document)
    return sum(union_length(spans) for spans in by_document.values())


def _natural(text: str) -> tuple[str, str]:
    return text.casefold(), text


@dataclass
class Cooccurrence:
    """Counts per code pair (both orders filled), and the codes' own totals on the diagonal."""

    codes: tuple[tuple[int, str], ...]
    count: str
    distance: int
    pairs: dict[tuple[int, int], int] = field(default_factory=dict)
    own: dict[int, int] = field(default_factory=dict)

    def table(self) -> Table:
        ids = [code_id for code_id, _ in self.codes]
        cells = tuple(
            tuple(self.own.get(a, 0) if a == b else self.pairs.get((a, b), 0) for b in ids)
            for a in ids
        )
        paths = tuple(path for _, path in self.codes)
        return Table(paths, paths, cells, tuple(ids), tuple(ids))


def cooccurrence(
    codings: Iterable[CodedSpan],
    codes: Sequence[tuple[int, str]],
    *,
    count: str = "segments",
    distance: int = 0,
) -> Cooccurrence:
    """How often the codes co-occur: segment pairs within ``distance`` characters, or documents.

    ``distance`` 0 means the segments overlap or touch. Two segments of the same code are not
    a co-occurrence; the diagonal holds each code's segments (or documents).
    """
    if count not in COUNTS:
        raise ValueError(f"unknown count {count!r}")
    wanted = {code_id for code_id, _ in codes}
    by_document: dict[int, list[CodedSpan]] = defaultdict(list)
    for coding in codings:
        if coding.code_id in wanted:
            by_document[coding.document_id].append(coding)
    result = Cooccurrence(tuple(codes), count, distance)
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    own: dict[int, int] = defaultdict(int)
    for spans in by_document.values():
        spans.sort(key=lambda c: c.start)
        found = _pairs_in_document(spans, distance)
        if count == "documents":
            for code_id in {c.code_id for c in spans}:
                own[code_id] += 1
            for key in set(found):
                pairs[key] += 1
        else:
            for span in spans:
                own[span.code_id] += 1
            for key in found:
                pairs[key] += 1
    for (a, b), value in pairs.items():
        result.pairs[a, b] = result.pairs[b, a] = value
    result.own = dict(own)
    return result


def _pairs_in_document(spans: Sequence[CodedSpan], distance: int) -> list[tuple[int, int]]:
    """The code pairs (lower id first) of every two close segments of different codes."""
    found: list[tuple[int, int]] = []
    for index, first in enumerate(spans):
        for second in _neighbours(spans, index, distance):
            if second.code_id != first.code_id:
                a, b = first.code_id, second.code_id
                found.append((a, b) if a < b else (b, a))
    return found


def _neighbours(spans: Sequence[CodedSpan], index: int, distance: int) -> Iterable[CodedSpan]:
    """Later segments (in start order) within ``distance`` of ``spans[index]``."""
    first = spans[index]
    reach = first.end + distance
    for position in range(index + 1, len(spans)):
        second = spans[position]
        if second.start > reach:
            break
        # Sorted by start, so second starts at or after first: the gap is start - end.
        yield second


def cooccurring(
    codings: Iterable[CodedSpan], a: int, b: int, distance: int = 0
) -> list[tuple[CodedSpan, CodedSpan]]:
    """The pairs behind one cell: segments of code ``a`` and code ``b`` within ``distance``."""
    by_document: dict[int, list[CodedSpan]] = defaultdict(list)
    for coding in codings:
        if coding.code_id in (a, b):
            by_document[coding.document_id].append(coding)
    found: list[tuple[CodedSpan, CodedSpan]] = []
    for document_id in sorted(by_document):
        spans = sorted(by_document[document_id], key=lambda c: c.start)
        for index, first in enumerate(spans):
            for second in _neighbours(spans, index, distance):
                if {first.code_id, second.code_id} == {a, b}:
                    found.append((first, second) if first.code_id == a else (second, first))
    return found
