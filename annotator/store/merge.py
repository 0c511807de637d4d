"""Merging other projects (a coder's copy, an imported ``.qdpx``) into a project, losing nothing.

The plan (:mod:`annotator.store.merge_plan`) is computed by reading only; applying it writes in
bulk. All sources of one merge go in one transaction: a refusal or a failure leaves the target
file exactly as it was. Merging the same source twice adds nothing the second time. Besides
adding, a coder copy withdraws the codings its coder removed in it, and documents deleted in the
target stay deleted (the rules are in :mod:`annotator.store.merge_plan`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import ProjectError
from annotator.core.exchange import MergeReport, ProjectSnapshot
from annotator.core.model import utc_now
from annotator.core.palette import normalise_colour, palette_colour
from annotator.store.bulk_insert import insert_codings
from annotator.store.merge_plan import MergedCopies, MergePlan, plan_merge
from annotator.store.snapshot import load_snapshot

if TYPE_CHECKING:
    from sqlite_utils import Database

    from annotator.store.project import Project


def merge_snapshots(
    project: Project, sources: list[tuple[str, ProjectSnapshot]], *, dry_run: bool = False,
    restore_deleted: bool = False,
) -> list[MergeReport]:  # fmt: skip
    """Merge each snapshot in turn, all in one transaction; with ``dry_run`` only plan.

    ``restore_deleted`` brings back documents deleted in the project (left out otherwise).
    """
    reports: list[MergeReport] = []
    planned: MergedCopies = {}
    try:
        with project.transaction():
            for name, snapshot in sources:
                plan = plan_merge(
                    project.db, snapshot, name, restore_deleted=restore_deleted,
                    planned_copies=planned,
                )  # fmt: skip
                if not dry_run:
                    apply_plan(project.db, plan)
                reports.append(plan.report)
    except sqlite3.Error as err:
        # The transaction has been rolled back by now: say so in one line.
        raise ProjectError(f"the merge failed and nothing was written ({err})") from err
    return reports


def merge_files(
    project: Project, paths: list[Path], *, dry_run: bool = False, restore_deleted: bool = False
) -> list[MergeReport]:
    """Merge project files; every source is read (and checked) before anything is written."""
    check_not_target(project, paths)
    sources = [(path.name, load_snapshot(path)) for path in paths]
    return merge_snapshots(project, sources, dry_run=dry_run, restore_deleted=restore_deleted)


def check_not_target(project: Project, paths: list[Path]) -> None:
    """Refuse the project's own file as a source: merging it into itself can only be a slip."""
    for path in paths:
        with contextlib.suppress(OSError):
            if os.path.samefile(path, project.path):
                raise ProjectError(
                    f"{path.name} is the project merged into ({project.path.name}); "
                    "nothing to merge"
                )


def apply_plan(db: Database, plan: MergePlan) -> None:
    """Write what ``plan`` says, inside the caller's transaction."""
    # Withdrawn first: the codings that come in are never the ones withdrawn (see the plan).
    db.conn.executemany("DELETE FROM codings WHERE id = ?", [(i,) for i in plan.withdrawals])
    doc_ids = _insert_documents(db, plan)
    code_ids = _insert_codes(db, plan)
    coder_ids = dict(plan.coder_ids)
    for name in plan.new_coders:
        coder_ids[name] = _lastrowid(db.execute("INSERT INTO coders (name) VALUES (?)", [name]))
    for spelling, name in plan.coder_aliases.items():
        coder_ids[spelling] = coder_ids[name]
    now = utc_now()
    insert_codings(
        db,
        [
            (doc_ids[c.document_key], code_ids[c.code_key], coder_ids[c.coder], c.start, c.end,
             c.memo, c.created_at or now, c.updated_at or c.created_at or now, c.auto_rule)
            for c in plan.codings
        ],
    )  # fmt: skip
    db.conn.executemany(
        "UPDATE codings SET memo = ? WHERE id = ?", [(m, i) for i, m in plan.coding_memos]
    )
    db.conn.executemany(
        "INSERT INTO document_memos (document_id, text, updated_at) VALUES (?, ?, ?)",
        [(doc_ids[key], text, now) for key, text in plan.doc_memos],
    )
    db.conn.executemany(
        "INSERT INTO code_memos (code_id, text, updated_at) VALUES (?, ?, ?)",
        [(code_ids[key], text, now) for key, text in plan.code_memos],
    )
    db.conn.executemany(
        "INSERT INTO document_attributes (document_id, name, value) VALUES (?, ?, ?)",
        [(doc_ids[key], name, value) for key, name, value in plan.attributes],
    )
    db.conn.executemany(
        "INSERT INTO document_status (document_id, coder_id, status, updated_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, coder_id) "
        "DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
        [(doc_ids[d], coder_ids[c], s, u) for d, c, s, u in plan.statuses],
    )
    _insert_adjudications(db, plan, doc_ids, code_ids, coder_ids)
    if plan.copy is not None:
        db.execute(
            "INSERT INTO merged_copies (copy_id, coder, source, first_merged_at, last_merged_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (copy_id) DO UPDATE SET "
            "source = excluded.source, last_merged_at = excluded.last_merged_at",
            [*plan.copy, now, now],
        )


def _lastrowid(cursor: object) -> int:
    rowid = getattr(cursor, "lastrowid", None)
    assert isinstance(rowid, int)
    return rowid


def _insert_documents(db: Database, plan: MergePlan) -> dict[int, int]:
    """New documents with their title, format, original file and regions."""
    doc_ids = dict(plan.doc_ids)
    for doc in plan.new_documents:
        doc_id = _lastrowid(
            db.execute(
                "INSERT INTO documents (name, text, length, sha256, source_path, encoding, "
                "line_endings, imported_at, title, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    doc.name,
                    doc.text,
                    len(doc.text),
                    doc.sha256,
                    doc.source_path,
                    doc.encoding,
                    doc.line_endings,
                    doc.imported_at or utc_now(),
                    doc.title,
                    doc.format,
                ],
            )  # fmt: skip
        )
        doc_ids[doc.key] = doc_id
        if doc.original is not None:
            db.execute(
                "INSERT INTO document_sources (document_id, file_name, sha256, size, data) "
                "VALUES (?, ?, ?, ?, ?)", [doc_id, *doc.original],
            )  # fmt: skip
        db.conn.executemany(
            "INSERT INTO document_regions (document_id, kind, span_start, span_end, label) "
            "VALUES (?, ?, ?, ?, ?)", [(doc_id, *region) for region in doc.regions],
        )  # fmt: skip
    types = {str(n): str(t) for n, t in db.execute("SELECT name, type FROM attribute_types")}
    for name, kind in plan.attribute_types.items():
        if name not in types:
            db.execute("INSERT INTO attribute_types (name, type) VALUES (?, ?)", [name, kind])
    return doc_ids


def _insert_codes(db: Database, plan: MergePlan) -> dict[int, int]:
    code_ids = dict(plan.code_ids)
    count = int(db.execute("SELECT count(*) FROM codes").fetchone()[0])
    for code in plan.new_codes:
        colour = _colour(code.color) or palette_colour(count)
        count += 1
        parent = None if code.parent_key is None else code_ids[code.parent_key]
        code_ids[code.key] = _lastrowid(
            db.execute(
                "INSERT INTO codes (guid, parent_id, name, color, description, inclusion, "
                "exclusion, example, shortcut, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    code.guid.lower(),
                    parent,
                    code.name,
                    colour,
                    code.description,
                    code.inclusion,
                    code.exclusion,
                    code.example,
                    code.shortcut,
                    code.sort_order,
                ],
            )  # fmt: skip
        )
    return code_ids


def _colour(value: str | None) -> str | None:
    try:
        return normalise_colour(value) if value else None
    except ValueError:
        return None


def _insert_adjudications(
    db: Database,
    plan: MergePlan,
    doc_ids: dict[int, int],
    code_ids: dict[int, int],
    coder_ids: dict[str, int],
) -> None:
    """Adjudications point at codings by id: translate the source's ids into the target's."""
    if not plan.adjudications:
        return
    new_codings = {c.key: c for c in plan.codings}

    def target_id(key: int | None) -> int | None:
        if key is None:
            return None
        if key in plan.existing_codings:
            return plan.existing_codings[key]
        coding = new_codings.get(key)
        if coding is None:
            return None
        row = db.execute(
            "SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? "
            "AND span_start = ? AND span_end = ?",
            [doc_ids[coding.document_key], code_ids[coding.code_key], coder_ids[coding.coder],
             coding.start, coding.end],
        ).fetchone()  # fmt: skip
        return None if row is None else int(row[0])

    for item in plan.adjudications:
        sources = [
            {"coding_id": target_id(s.coding_key), "coder_id": coder_ids.get(s.coder),
             "start": s.start, "end": s.end}
            for s in item.sources
        ]  # fmt: skip
        results = [i for i in (target_id(k) for k in item.results) if i is not None]
        db.execute(
            "INSERT INTO adjudications (document_id, code_id, decided_by, consensus_coder, "
            "action, accepted_coder, region_start, region_end, sources, results, decided_at, "
            "batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc_ids[item.document_key], code_ids[item.code_key], coder_ids[item.decided_by],
                coder_ids[item.consensus_coder], item.action, item.accepted_coder,
                item.region[0], item.region[1], json.dumps(sources), json.dumps(results),
                item.decided_at, item.batch,
            ],
        )  # fmt: skip
