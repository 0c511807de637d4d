"""Frequency and co-occurrence tables read from a project: codings in bulk, then the core."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.query_eval import CodedSpan
from annotator.core.segments import Segment, cut
from annotator.core.tables import Cooccurrence, Table, cooccurrence, cooccurring, frequencies
from annotator.store.analysis import (
    SegmentFilter,
    code_scope,
    coded_spans,
    coder_scope,
    coding_rows,
    document_scope,
    texts,
)

if TYPE_CHECKING:
    from annotator.store.project import Project

BY_CHOICES = ("document", "coder", "attribute")
EVERYTHING = SegmentFilter()


def _codes(project: Project, paths: tuple[str, ...]) -> list[tuple[int, str]]:
    """The codes in tree order: the ones named (with their children), or all of them."""
    codes = project.codes.all()
    if not paths:
        return [(code.id, code.path) for code in codes]
    wanted: set[int] = set()
    for path in paths:
        wanted |= code_scope(project, path)
    return [(code.id, code.path) for code in codes if code.id in wanted]


def _spans(project: Project, chosen: SegmentFilter, code_ids: list[int]) -> list[CodedSpan]:
    """Every code's codings are read with a plain scan (faster than the index for most)."""
    wanted = code_ids if chosen.codes else None
    return coded_spans(project, wanted, coder_scope(project, chosen.coders),
                       document_scope(project, chosen))  # fmt: skip


def frequency_table(
    project: Project,
    *,
    measure: str = "codings",
    by: str = "document",
    attribute: str | None = None,
    chosen: SegmentFilter = EVERYTHING,
) -> Table:
    """Codes × documents, coders or values of one document attribute."""
    codes = _codes(project, chosen.codes)
    spans = _spans(project, chosen, [code_id for code_id, _ in codes])
    if by == "document":
        names = {int(i): str(n) for i, n in project.db.execute("SELECT id, name FROM documents")}
        return frequencies(spans, codes, lambda c: names[c.document_id], measure)
    if by == "coder":
        coders = {coder.id: coder.name for coder in project.coders.all()}
        return frequencies(spans, codes, lambda c: coders[c.coder_id], measure)
    if by == "attribute":
        if not attribute:
            raise AnnotatorError("give the attribute to group documents by")
        rows = project.db.execute(
            "SELECT document_id, value FROM document_attributes WHERE name = ?", [attribute]
        )
        values = {int(d): str(v) for d, v in rows}
        if not values:
            raise AnnotatorError(f"no document has the attribute {attribute!r}")
        return frequencies(spans, codes, lambda c: values.get(c.document_id), measure)
    raise AnnotatorError(f"cannot group by {by!r}; choose one of {', '.join(BY_CHOICES)}")


def cooccurrence_table(
    project: Project,
    *,
    count: str = "segments",
    distance: int = 0,
    chosen: SegmentFilter = EVERYTHING,
) -> Cooccurrence:
    """Codes × codes: segment pairs (or documents) where two codes overlap or are close."""
    codes = _codes(project, chosen.codes)
    spans = _spans(project, chosen, [code_id for code_id, _ in codes])
    return cooccurrence(spans, codes, count=count, distance=distance)


def cooccurrence_segments(
    project: Project,
    a: int,
    b: int,
    *,
    distance: int = 0,
    chosen: SegmentFilter = EVERYTHING,
    context: int = 0,
) -> list[Segment]:
    """The segments behind one cell: each segment of code ``a`` or ``b`` in a pair, once."""
    rows = coding_rows(project, [a, b], coder_scope(project, chosen.coders),
                       document_scope(project, chosen))  # fmt: skip
    by_key = {(r[1], r[2], r[3], r[4], r[5]): r for r in rows}
    spans = [CodedSpan(*key) for key in by_key]
    involved: dict[tuple[int, int, int, int, int], None] = {}
    for first, second in cooccurring(spans, a, b, distance):
        for span in (first, second):
            involved[(span.document_id, span.code_id, span.coder_id, span.start, span.end)] = None
    paths = {code.id: code.path for code in project.codes.all()}
    coders = {coder.id: coder.name for coder in project.coders.all()}
    names = {int(i): str(n) for i, n in project.db.execute("SELECT id, name FROM documents")}
    bodies = texts(project, {key[0] for key in involved})
    found = []
    for key in involved:
        coding_id, document_id, code_id, coder_id, start, end, memo = by_key[key]
        before, text, after = cut(bodies[document_id], start, end, context)
        found.append(
            Segment(document_id, names[document_id], paths[code_id], coders[coder_id], start,
                    end, text, memo, before, after, coding_id, code_id)
        )  # fmt: skip
    found.sort(key=lambda s: (s.document, s.start, s.end, s.code, s.coder))
    return found
