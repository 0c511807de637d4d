"""Queries behind the exports: rows streamed straight from SQLite in a stable order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.attributes import AttributeFilter
from annotator.core.coded_csv import CODING_COLUMNS
from annotator.core.formats.extracted import PLACES, place_of

if TYPE_CHECKING:
    from annotator.store.project import Project


@dataclass(frozen=True)
class ExportFilter:
    """Which codings to export; empty means all. Codes include their descendants."""

    coders: Sequence[str] = field(default_factory=tuple)
    codes: Sequence[str] = field(default_factory=tuple)
    documents: Sequence[str] = field(default_factory=tuple)
    where: Sequence[AttributeFilter] = field(default_factory=tuple)


# After the coding columns and before the attributes: the document's title, and where the
# coding starts in the original file (``p. 4`` of a PDF, ``00:12:31`` of a transcript).
SOURCE_COLUMNS = ("document_title", "location")


def coding_export(
    project: Project, selection: ExportFilter
) -> tuple[list[str], Iterator[list[Any]]]:
    """Header and rows of the coded-spans CSV, ordered by document, start, end, code, coder.

    Works one document at a time: its text is read once and sliced in Python (``substr`` in
    SQLite rescans the UTF-8 text for every row), and memory stays bounded by one document.
    """
    where, params = _where(project, selection)
    attributes = project.documents.attribute_names()
    header = [*CODING_COLUMNS, *SOURCE_COLUMNS, *attributes]
    codes = {code.id: code for code in project.codes.all()}
    coders = {coder.id: coder.name for coder in project.coders.all()}
    documents = project.db.execute(
        "SELECT id, name, sha256, title FROM documents WHERE id IN "
        f"(SELECT DISTINCT c.document_id FROM codings c {where}) ORDER BY name",
        params,
    ).fetchall()
    sql = (
        "SELECT c.id, c.code_id, c.coder_id, c.span_start, c.span_end, c.memo, c.created_at, "
        "c.auto_rule "
        f"FROM codings c WHERE c.document_id = ? {where.replace('WHERE', 'AND', 1)}"
    )

    def rows() -> Iterator[list[Any]]:
        for document_id, name, sha256, title in documents:
            text = project.documents.text(document_id)
            regions = [r for r in project.documents.regions(document_id) if r.kind in PLACES]
            extra = project.documents.attributes(document_id) if attributes else {}
            values = [extra.get(attribute, "") for attribute in attributes]
            codings = project.db.execute(sql, [document_id, *params]).fetchall()
            codings.sort(key=lambda r: (r[3], r[4], codes[r[1]].path, coders[r[2]]))
            for cid, code_id, coder_id, start, end, memo, created, rule in codings:
                code = codes[code_id]
                yield [
                    cid, name, document_id, sha256, code.name, code.path, coders[coder_id],
                    start, end, text[start:end], memo, created, rule or "", title,
                    place_of(regions, start),
                    *values,
                ]  # fmt: skip

    return header, rows()


def _where(project: Project, selection: ExportFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if selection.coders:
        ids = [project.coders.by_name(name).id for name in selection.coders]
        clauses.append(f"c.coder_id IN ({', '.join('?' for _ in ids)})")
        params.extend(ids)
    if selection.codes:
        code_ids: list[int] = []
        for path in selection.codes:
            code_ids.extend(project.codes.descendants(project.codes.by_path(path).id))
        clauses.append(f"c.code_id IN ({', '.join('?' for _ in code_ids)})")
        params.extend(code_ids)
    if selection.where:
        matching = sorted(project.attributes.matching(selection.where))
        clauses.append(f"c.document_id IN ({', '.join('?' for _ in matching)})")
        params.extend(matching)
    if selection.documents:
        doc_ids = [project.documents.by_name(name).id for name in selection.documents]
        clauses.append(f"c.document_id IN ({', '.join('?' for _ in doc_ids)})")
        params.extend(doc_ids)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def codebook_export(project: Project) -> list[list[Any]]:
    """Rows of the codebook CSV in tree order."""
    counts = project.codes.coding_counts()
    codes = project.codes.all()
    paths = {code.id: code.path for code in codes}
    return [
        [
            code.path, code.name, paths.get(code.parent_id, "") if code.parent_id else "",
            code.color, code.description, code.shortcut or "", counts.get(code.id, 0),
        ]
        for code in codes
    ]  # fmt: skip


def adjudication_export(project: Project) -> list[list[Any]]:
    """The audit trail (columns: ``review.ADJUDICATION_COLUMNS``), one row per decision."""
    documents = {d.id: d.name for d in project.documents.all()}
    codes = {c.id: c.path for c in project.codes.all()}
    coders = {c.id: c.name for c in project.coders.all()}
    rows = []
    for record in project.adjudications.all():
        sources = ";".join(
            f"{s['coding_id']}:{coders.get(s['coder_id'], s['coder_id'])}:{s['start']}-{s['end']}"
            + (":replaced" if s.get("replaced") else "")  # an out-of-date decision's result
            for s in record.sources
        )
        rows.append([
            record.id, documents.get(record.document_id, ""), codes.get(record.code_id, ""),
            record.action, record.accepted_coder or "", coders.get(record.decided_by, ""),
            coders.get(record.consensus_coder, ""), record.region[0], record.region[1], sources,
            ";".join(str(i) for i in record.results), record.decided_at, record.batch or "",
        ])  # fmt: skip
    return rows
