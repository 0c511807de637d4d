"""Search the project and code what was found: planned first, then written in one transaction.

Auto-codings carry the rule that made them in ``codings.auto_rule`` (NULL for a coder's own
codings), so agreement can leave them out and they can be listed or removed as a batch.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.errors import InvalidCoding, NotFound
from annotator.core.model import Change, utc_now
from annotator.core.search import Hit, Scope, SearchSpec, search_documents, units
from annotator.core.spans import Span
from annotator.store.analysis import chunks, code_scope, coding_rows, placeholders, texts

if TYPE_CHECKING:
    from annotator.store.project import Project


@dataclass(frozen=True)
class AutocodePlan:
    """What auto-coding would do: the hits, the new spans to code, those already coded."""

    code_id: int
    coder_id: int
    rule: str
    hits: tuple[Hit, ...]
    new: tuple[tuple[int, int, int], ...]  # (document_id, start, end)
    existing: int


def search_project(
    project: Project,
    spec: SearchSpec,
    *,
    scope: Scope = "hit",
    within: str | None = None,
    document_ids: frozenset[int] | None = None,
    context: int = 30,
) -> list[Hit]:
    """Every hit of ``spec`` in the project's documents (or some of them)."""
    spec.compile()  # a bad pattern is refused before anything is read
    inside: dict[int, list[Span]] | None = None
    if within is not None:
        inside = defaultdict(list)
        for row in coding_rows(project, code_scope(project, within), None, document_ids):
            inside[row[1]].append((row[4], row[5]))
        wanted: set[int] | frozenset[int] = set(inside)
        if document_ids is not None:
            wanted &= document_ids
    elif document_ids is not None:
        wanted = document_ids
    else:
        wanted = {int(row[0]) for row in project.db.execute("SELECT id FROM documents")}
    return search_documents(texts(project, wanted), spec, scope=scope, within=inside,
                            context=context)  # fmt: skip


def describe_rule(spec: SearchSpec, scope: Scope, within: str | None) -> str:
    """The rule as stored with each auto-coding, e.g. ``regex:Russ\\w+ scope=sentence``."""
    case = " case" if spec.case_sensitive else ""
    inside = f" within={within}" if within else ""
    return f"{spec.mode}{case}:{spec.pattern} scope={scope}{inside}"


def plan_autocode(
    project: Project,
    code_path: str,
    coder_name: str,
    spec: SearchSpec,
    *,
    scope: Scope = "hit",
    within: str | None = None,
    document_ids: frozenset[int] | None = None,
) -> AutocodePlan:
    """Search and decide what to code; nothing is written (the preview, or ``--dry-run``)."""
    code = project.codes.by_path(code_path)
    try:
        coder_id = project.coders.by_name(coder_name).id
    except NotFound:
        coder_id = -1  # a coder who does not exist yet has nothing coded (a dry run)
    hits = search_project(project, spec, scope=scope, within=within, document_ids=document_ids)
    wanted = units(hits)
    present = {
        (row[1], row[4], row[5])
        for row in coding_rows(project, [code.id], [coder_id], {u[0] for u in wanted})
    }
    new = tuple(u for u in wanted if u not in present)
    rule = describe_rule(spec, scope, within)
    return AutocodePlan(code.id, coder_id, rule, tuple(hits), new, len(wanted) - len(new))


def apply_autocode(project: Project, plan: AutocodePlan) -> Change:
    """Write the plan's new codings in one transaction, marked with its rule."""
    now = utc_now()
    added: list[int] = []
    try:
        with project.transaction():
            for document_id, start, end in plan.new:
                cursor = project.db.execute(
                    "INSERT INTO codings (document_id, code_id, coder_id, span_start, span_end, "
                    "memo, created_at, updated_at, auto_rule) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)",
                    [document_id, plan.code_id, plan.coder_id, start, end, now, now, plan.rule],
                )
                assert cursor.lastrowid is not None
                added.append(cursor.lastrowid)
    except sqlite3.IntegrityError as err:
        raise InvalidCoding(f"auto-coding refused, nothing was coded ({err})") from err
    count = len(added)
    return Change(
        f"Auto-coded {count} span{'s' if count != 1 else ''}",
        "coding",
        added=tuple(added),
        document_ids=frozenset(u[0] for u in plan.new),
    )


def remove_autocodings(project: Project, coding_ids: tuple[int, ...]) -> Change:
    """Take back an auto-coding batch (its undo); only auto-codings are removed."""
    documents: set[int] = set()
    removed: list[int] = []
    with project.transaction():
        for chunk in chunks(list(coding_ids)):
            marks = placeholders(len(chunk))
            rows = project.db.execute(
                f"SELECT id, document_id FROM codings WHERE id IN ({marks}) "
                "AND auto_rule IS NOT NULL",
                list(chunk),
            ).fetchall()
            removed.extend(int(r[0]) for r in rows)
            documents.update(int(r[1]) for r in rows)
            project.db.execute(
                f"DELETE FROM codings WHERE id IN ({marks}) AND auto_rule IS NOT NULL", list(chunk)
            )
    return Change(f"Removed {len(removed)} auto-codings", "coding", removed=tuple(removed),
                  document_ids=frozenset(documents))  # fmt: skip


def auto_coding_ids(project: Project) -> set[int]:
    """Ids of every auto-coding (for agreement, which should leave them out)."""
    return {
        int(r[0]) for r in project.db.execute("SELECT id FROM codings WHERE auto_rule IS NOT NULL")
    }
