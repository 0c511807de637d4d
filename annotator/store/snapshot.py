"""Reading a whole project into a :class:`ProjectSnapshot`, from an open one or a file.

A project file given as a merge source is only ever read: it is opened read-only, copied into
memory with SQLite's backup API, and the copy (never the file) is upgraded to this version's
schema. A file written by a newer Annotator is refused before anything is read from it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from annotator.core.errors import ProjectError
from annotator.core.exchange import (
    ProjectSnapshot,
    SnapAdjudication,
    SnapCode,
    SnapCoding,
    SnapDocument,
    SnapSource,
    SnapStatus,
    SnapWithdrawn,
)
from annotator.store import schema
from annotator.store.coder_copy import COPY_FOR_SETTING, COPY_ID_SETTING
from annotator.store.project import check_project_file, readonly_uri


def load_snapshot(path: str | Path) -> ProjectSnapshot:
    """The project in the file ``path``, read without changing the file."""
    file = Path(path)
    check_project_file(file)
    memory = sqlite3.connect(":memory:")
    try:
        source = sqlite3.connect(readonly_uri(file), uri=True)
        try:
            source.backup(memory)
        finally:
            source.close()
        db = Database(memory)
        schema.apply_migrations(db)
        return read_snapshot(db)
    except sqlite3.Error as err:
        raise ProjectError(f"{file}: cannot be read ({err})") from err
    finally:
        with contextlib.suppress(sqlite3.Error):
            memory.close()


def read_snapshot(db: Database) -> ProjectSnapshot:
    """Every record of the project ``db`` as plain data (codes parents first)."""
    coders = {int(i): str(n) for i, n in db.execute("SELECT id, name FROM coders ORDER BY name")}
    return ProjectSnapshot(
        documents=_documents(db),
        codes=_codes(db),
        coders=sorted(coders.values()),
        codings=[
            # NOT NULL INTEGER and TEXT columns: sqlite3 gives int and str already.
            SnapCoding(r[0], r[1], r[2], coders[r[3]], r[4], r[5], r[6], r[7], r[8], r[9])
            for r in db.execute(
                "SELECT id, document_id, code_id, coder_id, span_start, span_end, memo, "
                "created_at, updated_at, auto_rule FROM codings ORDER BY id"
            )
        ],
        statuses=[
            SnapStatus(int(d), coders[int(c)], str(s), str(u))
            for d, c, s, u in db.execute(
                "SELECT document_id, coder_id, status, updated_at FROM document_status"
            )
        ],
        adjudications=_adjudications(db, coders),
        attribute_types={
            str(n): str(t) for n, t in db.execute("SELECT name, type FROM attribute_types")
        },
        withdrawn=[
            SnapWithdrawn(str(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4]), str(r[5]),
                          str(r[6]))
            for r in db.execute(
                "SELECT document_sha256, code_guid, coder, span_start, span_end, memo, "
                "withdrawn_at FROM withdrawn_codings"
            )
        ],
        copy_for=_setting(db, COPY_FOR_SETTING),
        copy_id=_setting(db, COPY_ID_SETTING),
    )  # fmt: skip


def _setting(db: Database, key: str) -> str:
    row = db.execute("SELECT value FROM project_settings WHERE key = ?", [key]).fetchone()
    return "" if row is None else str(row[0])


def _documents(db: Database) -> list[SnapDocument]:
    docs = {
        int(r[0]): SnapDocument(
            int(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4], r[5], r[6], str(r[7])
        )
        for r in db.execute(
            "SELECT id, name, text, sha256, source_path, encoding, line_endings, imported_at "
            "FROM documents ORDER BY id"
        )
    }
    for document_id, title, fmt in db.execute("SELECT id, title, format FROM documents"):
        docs[int(document_id)].title = str(title)
        docs[int(document_id)].format = fmt
    for row in db.execute(
        "SELECT document_id, file_name, sha256, size, data FROM document_sources"
    ):
        docs[int(row[0])].original = (str(row[1]), str(row[2]), int(row[3]), bytes(row[4]))
    for row in db.execute(
        "SELECT document_id, kind, span_start, span_end, label FROM document_regions "
        "ORDER BY document_id, kind, span_start"
    ):
        docs[int(row[0])].regions.append((str(row[1]), int(row[2]), int(row[3]), str(row[4])))
    for document_id, text in db.execute("SELECT document_id, text FROM document_memos"):
        docs[int(document_id)].memo = str(text)
    for document_id, name, value in db.execute(
        "SELECT document_id, name, value FROM document_attributes ORDER BY name"
    ):
        docs[int(document_id)].attributes[str(name)] = str(value)
    return list(docs.values())


def _codes(db: Database) -> list[SnapCode]:
    rows = db.execute(
        "SELECT id, guid, parent_id, name, color, description, inclusion, exclusion, example, "
        "shortcut, sort_order FROM codes ORDER BY sort_order, name"
    ).fetchall()
    memos = {int(c): str(t) for c, t in db.execute("SELECT code_id, text FROM code_memos")}
    children: dict[int | None, list[SnapCode]] = {}
    for r in rows:
        code = SnapCode(
            int(r[0]), str(r[1]), r[2], str(r[3]), r[4], str(r[5]), str(r[6]), str(r[7]),
            str(r[8]), r[9], int(r[10]), memos.get(int(r[0]), ""),
        )  # fmt: skip
        children.setdefault(code.parent_key, []).append(code)
    ordered: list[SnapCode] = []
    pending = list(reversed(children.get(None, [])))
    while pending:
        code = pending.pop()
        ordered.append(code)
        pending.extend(reversed(children.get(code.key, [])))
    return ordered


def _adjudications(db: Database, coders: dict[int, str]) -> list[SnapAdjudication]:
    out: list[SnapAdjudication] = []
    for r in db.execute(
        "SELECT document_id, code_id, decided_by, consensus_coder, action, accepted_coder, "
        "region_start, region_end, sources, results, decided_at, batch FROM adjudications "
        "ORDER BY id"
    ):
        sources = [
            SnapSource(
                item.get("coding_id"),
                _coder_name(coders, item.get("coder_id")),
                int(item["start"]),
                int(item["end"]),
            )  # fmt: skip
            for item in json.loads(r[8])
            if not item.get("replaced")  # consensus codings it replaced: not a source
        ]
        out.append(
            SnapAdjudication(
                int(r[0]),
                int(r[1]),
                coders[int(r[2])],
                coders[int(r[3])],
                str(r[4]),
                r[5],
                (int(r[6]), int(r[7])),
                sources,
                [int(i) for i in json.loads(r[9])],
                str(r[10]),
                r[11],
            )  # fmt: skip
        )
    return out


def _coder_name(coders: dict[int, str], coder_id: object) -> str:
    return coders.get(coder_id, "") if isinstance(coder_id, int) else ""
