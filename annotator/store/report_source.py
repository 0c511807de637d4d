"""Reads what a report shows, in a few bulk queries, and writes the report file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.atomic import atomic_write
from annotator.core.errors import AnnotatorError
from annotator.core.model import Coding
from annotator.core.report import ReportCode, ReportData, ReportDocument, render_latex, render_rtf
from annotator.core.report_html import render_html
from annotator.store.analysis import (
    SegmentFilter,
    code_scope,
    coder_scope,
    coding_rows,
    document_scope,
    texts,
)

if TYPE_CHECKING:
    from annotator.store.project import Project

KINDS = ("html", "rtf", "latex")
SUFFIXES = {".html": "html", ".htm": "html", ".rtf": "rtf", ".tex": "latex"}


def report_data(project: Project, chosen: SegmentFilter) -> ReportData:
    """The coded documents in scope (or the ones named), the codebook and the coders."""
    code_ids: set[int] | None = None
    if chosen.codes:
        code_ids = set()
        for path in chosen.codes:
            code_ids |= code_scope(project, path)
    documents_in_scope = document_scope(project, chosen)
    rows = coding_rows(project, code_ids, coder_scope(project, chosen.coders), documents_in_scope)
    by_document: dict[int, list[Coding]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    for coding_id, document_id, code_id, coder_id, start, end, memo in rows:
        by_document[document_id].append(
            Coding(coding_id, document_id, code_id, coder_id, start, end, memo)
        )
        counts[code_id] += 1
    wanted = set(by_document) | set(documents_in_scope or () if chosen.documents else ())
    names = {int(i): str(n) for i, n in project.db.execute("SELECT id, name FROM documents")}
    bodies = texts(project, wanted)
    documents = tuple(
        ReportDocument(i, names[i], bodies[i], tuple(sorted(by_document[i], key=lambda c: c.id)))
        for i in sorted(wanted, key=lambda i: names[i])
    )
    codes = tuple(
        ReportCode(code.id, code.path, code.color, code.description, counts.get(code.id, 0))
        for code in project.codes.all()
        if code_ids is None or code.id in code_ids
    )
    focus = tuple(code.id for code in codes if chosen.codes and counts.get(code.id))
    coders = {coder.id: coder.name for coder in project.coders.all()}
    return ReportData(f"Coded documents: {project.path.stem}", codes, coders, documents, focus)


def write_report(
    project: Project,
    path: Path,
    kind: str,
    chosen: SegmentFilter,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write an HTML, RTF or LaTeX report atomically; return the number of documents."""
    if kind not in KINDS:
        raise AnnotatorError(f"unknown report format {kind!r}")
    data = report_data(project, chosen)
    if not data.documents:
        raise AnnotatorError("nothing to report: no codings match")
    render = {"html": render_html, "rtf": render_rtf, "latex": render_latex}[kind]
    content = render(data, progress)
    with atomic_write(path, encoding="utf-8", newline="") as handle:
        handle.write(content)
    return len(data.documents)
