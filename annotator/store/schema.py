"""The project schema, as named migrations applied in order when a project is opened.

A project written by an older Annotator upgrades itself on open; one that has migrations this
version does not know was written by a newer Annotator and is refused rather than damaged.
"""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from annotator.store.migration_registry import MigrationRegistry

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "annotator"
migrations = MigrationRegistry(MIGRATION_SET)

_INITIAL = """
CREATE TABLE annotator_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
    text TEXT NOT NULL,
    length INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    source_path TEXT,
    encoding TEXT,
    line_endings TEXT,
    imported_at TEXT NOT NULL
);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE TABLE document_attributes (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (document_id, name)
);
CREATE TABLE codes (
    id INTEGER PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES codes (id),
    name TEXT NOT NULL CHECK (trim(name) <> '' AND instr(name, '/') = 0),
    color TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    inclusion TEXT NOT NULL DEFAULT '',
    exclusion TEXT NOT NULL DEFAULT '',
    example TEXT NOT NULL DEFAULT '',
    shortcut TEXT UNIQUE,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX codes_sibling_name ON codes (coalesce(parent_id, 0), name);
CREATE INDEX codes_parent ON codes (parent_id, sort_order);
CREATE TABLE coders (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (trim(name) <> '')
);
CREATE TABLE codings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    code_id INTEGER NOT NULL REFERENCES codes (id),
    coder_id INTEGER NOT NULL REFERENCES coders (id),
    span_start INTEGER NOT NULL CHECK (span_start >= 0),
    span_end INTEGER NOT NULL CHECK (span_end > span_start),
    memo TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (document_id, code_id, coder_id, span_start, span_end)
);
CREATE INDEX codings_document ON codings (document_id, span_start);
CREATE INDEX codings_code ON codings (code_id);
CREATE INDEX codings_coder ON codings (coder_id);
CREATE TRIGGER codings_within_text_insert BEFORE INSERT ON codings
WHEN NEW.span_end > (SELECT length FROM documents WHERE id = NEW.document_id)
BEGIN
    SELECT RAISE(ABORT, 'coding ends beyond the end of the document text');
END;
CREATE TRIGGER codings_within_text_update BEFORE UPDATE OF span_start, span_end, document_id
ON codings
WHEN NEW.span_end > (SELECT length FROM documents WHERE id = NEW.document_id)
BEGIN
    SELECT RAISE(ABORT, 'coding ends beyond the end of the document text');
END;
CREATE TABLE document_memos (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE code_memos (
    code_id INTEGER PRIMARY KEY REFERENCES codes (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE document_status (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    coder_id INTEGER NOT NULL REFERENCES coders (id),
    status TEXT NOT NULL CHECK (status IN ('not started', 'in progress', 'done')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (document_id, coder_id)
);
"""


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    execute_script(db, _INITIAL)
    db.execute(
        "INSERT INTO annotator_meta (key, value) VALUES (?, ?), (?, ?)",
        ["format", "annotator-project", "created_by", "annotator"],
    )


_ADJUDICATION = """
CREATE TABLE project_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE adjudications (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    code_id INTEGER NOT NULL REFERENCES codes (id) ON DELETE CASCADE,
    decided_by INTEGER NOT NULL REFERENCES coders (id),
    consensus_coder INTEGER NOT NULL REFERENCES coders (id),
    action TEXT NOT NULL CHECK (action IN ('accept', 'union', 'intersection', 'adjust')),
    accepted_coder TEXT,
    region_start INTEGER NOT NULL,
    region_end INTEGER NOT NULL,
    sources TEXT NOT NULL,
    results TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX adjudications_document ON adjudications (document_id, code_id);
"""


@migrations(name="0002_adjudication")
def _adjudication(db: Database) -> None:
    execute_script(db, _ADJUDICATION)


def execute_script(db: Database, script: str) -> None:
    """Run ``script`` statement by statement inside the current transaction.

    ``sqlite3.Connection.executescript`` would commit the open transaction first, which would
    make a failed migration leave half a schema behind.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in schema: {statement[:60]!r}")


def known_migrations() -> list[str]:
    """Names of the migrations this version of Annotator knows."""
    return [migration.name for migration in migrations._migrations]


def pending_migrations(db: Database) -> list[str]:
    """Names of known migrations not yet applied to ``db`` (read-only)."""
    return [migration.name for migration in migrations.pending(db)]


def apply_migrations(db: Database) -> None:
    """Apply pending migrations with foreign keys off, then turn them on.

    Rebuilding a table (see :func:`rebuild_with_autoincrement`) must not fire ``ON DELETE
    CASCADE`` when the old table is dropped; SQLite ignores the pragma inside a transaction, so
    it is switched here, around all migrations. A migration that rebuilds tables runs
    ``PRAGMA foreign_key_check`` before its transaction commits.
    """
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        migrations.apply(db)
    finally:
        db.execute("PRAGMA foreign_keys = ON")


# Tables whose ids an undo, a merge or another program may refer to after a deletion. With a
# plain INTEGER PRIMARY KEY, SQLite hands out the largest id + 1, so deleting the newest row and
# inserting another reuses its id: an undo in the window then acts on someone else's row.
_NEVER_REUSED = ("documents", "codes", "coders", "codings", "adjudications")
_PLAIN_ID = re.compile(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b(?!\s+AUTOINCREMENT)", re.IGNORECASE)
_TABLE_NAME = re.compile(r'^\s*CREATE\s+TABLE\s+("?)(\w+)\1\s*\(', re.IGNORECASE)


@migrations(name="0003_never_reuse_ids")
def _never_reuse_ids(db: Database) -> None:
    """Rebuild the tables with ids in ``AUTOINCREMENT`` form, keeping every row and rule.

    SQLite cannot add AUTOINCREMENT to a table in place; this is its documented rebuild
    procedure. It relies on :func:`apply_migrations` running with foreign keys off (otherwise
    dropping ``documents`` would cascade into the codings) and checks the keys itself before
    the transaction commits.
    """
    for table in _NEVER_REUSED:
        rebuild_with_autoincrement(db, table)
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise ValueError(f"foreign key check failed after rebuilding tables: {problems[:3]}")


def rebuild_with_autoincrement(db: Database, table: str) -> None:
    """Rebuild ``table`` so that its ``id`` is never reused; rows, indexes, triggers stay."""
    row = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    if row is None or not _PLAIN_ID.search(row[0]):
        return  # absent, or already AUTOINCREMENT
    temporary = f"_rebuild_{table}"
    create = _TABLE_NAME.sub(f"CREATE TABLE {temporary} (", row[0], count=1)
    create = _PLAIN_ID.sub("id INTEGER PRIMARY KEY AUTOINCREMENT", create, count=1)
    dependents = [
        sql
        for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
            "AND sql IS NOT NULL ORDER BY type, name",
            [table],
        )
    ]
    columns = ", ".join(f'"{info[1]}"' for info in db.execute(f'PRAGMA table_info("{table}")'))
    db.execute(create)
    db.execute(f'INSERT INTO {temporary} ({columns}) SELECT {columns} FROM "{table}"')
    db.execute("PRAGMA legacy_alter_table = ON")  # other tables' triggers name the old table
    try:
        db.execute(f'DROP TABLE "{table}"')
        db.execute(f'ALTER TABLE {temporary} RENAME TO "{table}"')
    finally:
        db.execute("PRAGMA legacy_alter_table = OFF")
    for sql in dependents:
        db.execute(sql)


_REVIEW_ROUND_TWO = """
CREATE TABLE adjudications_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    code_id INTEGER NOT NULL REFERENCES codes (id) ON DELETE CASCADE,
    decided_by INTEGER NOT NULL REFERENCES coders (id),
    consensus_coder INTEGER NOT NULL REFERENCES coders (id),
    action TEXT NOT NULL
        CHECK (action IN ('accept', 'union', 'intersection', 'adjust', 'agreed')),
    accepted_coder TEXT,
    region_start INTEGER NOT NULL,
    region_end INTEGER NOT NULL,
    sources TEXT NOT NULL,
    results TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    batch TEXT
);
INSERT INTO adjudications_new (id, document_id, code_id, decided_by, consensus_coder, action,
    accepted_coder, region_start, region_end, sources, results, decided_at)
    SELECT id, document_id, code_id, decided_by, consensus_coder, action, accepted_coder,
    region_start, region_end, sources, results, decided_at FROM adjudications;
DROP TABLE adjudications;
ALTER TABLE adjudications_new RENAME TO adjudications;
CREATE INDEX adjudications_document ON adjudications (document_id, code_id);
"""


@migrations(name="0007_review_round_two")
def _review_round_two(db: Database) -> None:
    """Adjudications may record agreements taken into the consensus ('agreed'), and a bulk
    decision names its rule in ``batch`` (every region still gets its own record)."""
    # Keep the id sequence: an id once used is never handed out again (0003_never_reuse_ids).
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'adjudications'").fetchone()
    execute_script(db, _REVIEW_ROUND_TWO)
    if row is not None:
        now = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'adjudications'").fetchone()
        db.execute("DELETE FROM sqlite_sequence WHERE name = 'adjudications'")
        db.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES ('adjudications', ?)",
            [max(int(row[0]), int(now[0]) if now else 0)],
        )


@migrations(name="0005_analysis")
def _analysis(db: Database) -> None:
    """Auto-codings name the rule that made them (NULL for a coder's own coding), so agreement
    can leave them out and a researcher can see which codings a search made."""
    db.execute("ALTER TABLE codings ADD COLUMN auto_rule TEXT")


_DOCUMENTS = """
ALTER TABLE documents ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN format TEXT;
CREATE TABLE document_sources (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX document_sources_sha256 ON document_sources (sha256);
CREATE TABLE document_regions (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    span_start INTEGER NOT NULL CHECK (span_start >= 0),
    span_end INTEGER NOT NULL CHECK (span_end >= span_start),
    label TEXT NOT NULL
);
CREATE INDEX document_regions_at ON document_regions (document_id, kind, span_start);
CREATE TABLE attribute_types (
    name TEXT PRIMARY KEY CHECK (trim(name) <> ''),
    type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date'))
);
"""


@migrations(name="0006_documents")
def _documents(db: Database) -> None:
    """Titles, the original file of each import, its pages or cue times, attribute types."""
    execute_script(db, _DOCUMENTS)


# The OLD row of codings as a withdrawn coding, for the triggers of a removal and of a change.
_RECORD_OLD_CODING = """\
    INSERT OR REPLACE INTO withdrawn_codings
        (document_sha256, code_guid, coder, span_start, span_end, memo, withdrawn_at)
    SELECT d.sha256, k.guid, c.name, OLD.span_start, OLD.span_end, OLD.memo,
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM documents d, codes k, coders c
    WHERE d.id = OLD.document_id AND k.id = OLD.code_id AND c.id = OLD.coder_id;
"""

_MERGE_MEMORY = f"""
CREATE TABLE withdrawn_codings (
    document_sha256 TEXT NOT NULL,
    code_guid TEXT NOT NULL,
    coder TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    memo TEXT NOT NULL DEFAULT '',
    withdrawn_at TEXT NOT NULL,
    PRIMARY KEY (document_sha256, code_guid, coder, span_start, span_end)
);
CREATE TRIGGER codings_withdrawn_delete AFTER DELETE ON codings
WHEN EXISTS (SELECT 1 FROM documents WHERE id = OLD.document_id)
BEGIN
{_RECORD_OLD_CODING}END;
CREATE TRIGGER codings_withdrawn_update
AFTER UPDATE OF document_id, code_id, coder_id, span_start, span_end ON codings
WHEN OLD.document_id IS NOT NEW.document_id OR OLD.code_id IS NOT NEW.code_id
    OR OLD.coder_id IS NOT NEW.coder_id OR OLD.span_start IS NOT NEW.span_start
    OR OLD.span_end IS NOT NEW.span_end
BEGIN
{_RECORD_OLD_CODING}END;
CREATE TABLE deleted_documents (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    deleted_at TEXT NOT NULL
);
CREATE TRIGGER documents_deleted BEFORE DELETE ON documents
BEGIN
    INSERT OR REPLACE INTO withdrawn_codings
        (document_sha256, code_guid, coder, span_start, span_end, memo, withdrawn_at)
    SELECT OLD.sha256, k.guid, c.name, g.span_start, g.span_end, g.memo,
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM codings g JOIN codes k ON k.id = g.code_id JOIN coders c ON c.id = g.coder_id
    WHERE g.document_id = OLD.id;
    INSERT OR REPLACE INTO deleted_documents (sha256, name, deleted_at)
    VALUES (OLD.sha256, OLD.name, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER documents_undeleted AFTER INSERT ON documents
BEGIN
    DELETE FROM deleted_documents WHERE sha256 = NEW.sha256;
END;
CREATE TABLE merged_copies (
    copy_id TEXT PRIMARY KEY,
    coder TEXT NOT NULL,
    source TEXT NOT NULL,
    first_merged_at TEXT NOT NULL,
    last_merged_at TEXT NOT NULL
);
"""


@migrations(name="0008_merge_memory")
def _merge_memory(db: Database) -> None:
    """What a merge must remember between runs (it otherwise only adds).

    ``withdrawn_codings``: codings removed here (also by a change of span or code, which is a
    removal of the old coding, and by deleting their document), keyed as a merge matches
    codings across projects (text SHA-256, code GUID, coder name, span), so that a coder copy
    can withdraw, in the lead's project, what its coder withdrew. Triggers write it, so no
    path that removes a coding can forget to. ``deleted_documents``: texts deleted here, so a
    merge does not bring them back. ``merged_copies``: which coder copies (by the copy id
    ``copy-for`` writes) were merged for which coder, so two people coding under one name are
    noticed.
    """
    execute_script(db, _MERGE_MEMORY)
