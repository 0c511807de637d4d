"""Bulk reads for analysis: codings by code, coder and document, texts, attribute filters.

Each function reads what it needs in a few queries (never one query per coding), so that all
segments of a code across a thousand documents come back in well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.attributes import AttributeFilter, parse_filters
from annotator.core.errors import NotFound
from annotator.core.query import CodeTerm, code_terms, format_query, parse_query
from annotator.core.query_eval import CodedSpan, TermScope, evaluate_documents
from annotator.core.segments import Segment, cut

if TYPE_CHECKING:
    from annotator.store.project import Project

_CHUNK = 900  # well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class SegmentFilter:
    """Which codings to look at; an empty tuple means no restriction.

    ``where`` holds the attribute filters a document must all pass.
    """

    codes: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    where: tuple[AttributeFilter, ...] = ()


def parse_where(items: Iterable[str]) -> tuple[AttributeFilter, ...]:
    """``--where`` conditions, read as ``agreement`` and ``export`` read them.

    One grammar for every command's ``--where`` (``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=``,
    ``~``): see :func:`annotator.core.attributes.parse_filters`.
    """
    return tuple(parse_filters(items))


def chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for index in range(0, len(ids), _CHUNK):
        yield ids[index : index + _CHUNK]


def placeholders(count: int) -> str:
    return ", ".join("?" for _ in range(count))


def code_scope(project: Project, path: str) -> frozenset[int]:
    """The ids of the code at ``path`` and of every code below it."""
    return frozenset(project.codes.descendants(project.codes.by_path(path).id))


def coder_scope(project: Project, names: Sequence[str]) -> frozenset[int] | None:
    if not names:
        return None
    return frozenset(project.coders.by_name(name).id for name in names)


def document_scope(project: Project, chosen: SegmentFilter) -> frozenset[int] | None:
    """Documents named in the filter that have all its attribute values; ``None``: all."""
    ids: set[int] | None = None
    if chosen.documents:
        ids = {project.documents.by_name(name).id for name in chosen.documents}
    if chosen.where:
        matching = project.attributes.matching(chosen.where)
        ids = matching if ids is None else ids & matching
    return None if ids is None else frozenset(ids)


def texts(project: Project, document_ids: Iterable[int]) -> dict[int, str]:
    """The texts of some documents, read in a few queries."""
    wanted = sorted(set(document_ids))
    found: dict[int, str] = {}
    for chunk in chunks(wanted):
        rows = project.db.execute(
            f"SELECT id, text FROM documents WHERE id IN ({placeholders(len(chunk))})", list(chunk)
        )
        found.update((int(i), str(t)) for i, t in rows)
    return found


def _scope_where(
    code_ids: Iterable[int] | None,
    coder_ids: Iterable[int] | None,
    document_ids: Iterable[int] | None,
) -> tuple[str, list[Any]] | None:
    """The ``WHERE`` clause (or "") and parameters limiting codings to the given ids.

    None means "no id can match" (an empty list was given), so callers skip the query. Shared
    by :func:`coding_rows` and :func:`coded_spans` so both scope codings the same way.
    """
    clauses: list[str] = []
    params: list[Any] = []
    for column, values in (
        ("code_id", code_ids),
        ("coder_id", coder_ids),
        ("document_id", document_ids),
    ):
        if values is not None:
            listed = sorted(set(values))
            if not listed:
                return None
            clauses.append(f"{column} IN ({placeholders(len(listed))})")
            params.extend(listed)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def coding_rows(
    project: Project,
    code_ids: Iterable[int] | None,
    coder_ids: Iterable[int] | None,
    document_ids: Iterable[int] | None,
) -> list[tuple[Any, ...]]:
    """``(id, document_id, code_id, coder_id, start, end, memo)`` of the codings in scope."""
    scope = _scope_where(code_ids, coder_ids, document_ids)
    if scope is None:
        return []
    where, params = scope
    sql = "SELECT id, document_id, code_id, coder_id, span_start, span_end, memo FROM codings"
    return list(project.db.execute(sql + where, params).fetchall())


def coded_spans(
    project: Project,
    code_ids: Iterable[int] | None,
    coder_ids: Iterable[int] | None,
    document_ids: Iterable[int] | None,
) -> list[CodedSpan]:
    """The codings in scope as :class:`CodedSpan` tuples: only the columns tables need."""
    scope = _scope_where(code_ids, coder_ids, document_ids)
    if scope is None:
        return []
    where, params = scope
    sql = "SELECT document_id, code_id, coder_id, span_start, span_end FROM codings"
    make = CodedSpan._make
    return [make(row) for row in project.db.execute(sql + where, params)]


def coded_segments(project: Project, chosen: SegmentFilter, context: int = 0) -> list[Segment]:
    """Every coding in scope as a :class:`Segment` (a code includes its children)."""
    code_ids: set[int] | None = None
    if chosen.codes:
        code_ids = set()
        for path in chosen.codes:
            code_ids |= code_scope(project, path)
    rows = coding_rows(
        project, code_ids, coder_scope(project, chosen.coders), document_scope(project, chosen)
    )
    names = _document_names(project)
    paths = {code.id: code.path for code in project.codes.all()}
    coders = {coder.id: coder.name for coder in project.coders.all()}
    bodies = texts(project, (row[1] for row in rows))
    segments = []
    for coding_id, document_id, code_id, coder_id, start, end, memo in rows:
        before, text, after = cut(bodies[document_id], start, end, context)
        segments.append(
            Segment(
                document_id,
                names[document_id],
                paths[code_id],
                coders[coder_id],
                start,
                end,
                text,
                memo,
                before,
                after,
                coding_id,
                code_id,
            )
        )
    segments.sort(key=lambda s: (s.document, s.start, s.end, s.code, s.coder))
    return segments


def query_segments(
    project: Project, query: str, chosen: SegmentFilter, context: int = 0
) -> list[Segment]:
    """The spans a code query selects, per document, as segments named by the query; the
    coder column names the coders whose codings of the query's codes overlap each span."""
    node = parse_query(query)
    global_coders = coder_scope(project, chosen.coders)
    scopes: dict[CodeTerm, TermScope] = {}
    for term in code_terms(node):
        try:
            code_ids = code_scope(project, term.path)
        except NotFound as err:
            raise NotFound(f"{err} (column {term.column} of the query)") from err
        coders = global_coders
        if term.coder is not None:
            own = frozenset({project.coders.by_name(term.coder).id})
            coders = own if coders is None else coders & own
        scopes[term] = TermScope(code_ids, coders)
    all_codes = frozenset().union(*(scope.code_ids for scope in scopes.values()))
    rows = coding_rows(project, all_codes, global_coders, document_scope(project, chosen))
    spans = [CodedSpan(row[1], row[2], row[3], row[4], row[5]) for row in rows]
    results = evaluate_documents(node, scopes, spans)
    names = _document_names(project)
    bodies = texts(project, results)
    label = format_query(node) if not isinstance(node, CodeTerm) else node.path
    coder_names = {coder.id: coder.name for coder in project.coders.all()}
    by_document: dict[int, list[CodedSpan]] = {}
    for span in spans:
        if span.document_id in results and any(
            scope.matches(span.code_id, span.coder_id) for scope in scopes.values()
        ):
            by_document.setdefault(span.document_id, []).append(span)
    segments = []
    for document_id, found in results.items():
        for start, end in found:
            before, text, after = cut(bodies[document_id], start, end, context)
            # The coders whose codings of the query's codes touch the span.
            who = ", ".join(sorted({
                coder_names[s.coder_id] for s in by_document.get(document_id, ())
                if s.start < end and s.end > start
            }))  # fmt: skip
            segments.append(Segment(document_id, names[document_id], label, who, start, end,
                                    text, "", before, after))  # fmt: skip
    segments.sort(key=lambda s: (s.document, s.start, s.end))
    return segments


def _document_names(project: Project) -> dict[int, str]:
    return {int(i): str(n) for i, n in project.db.execute("SELECT id, name FROM documents")}
