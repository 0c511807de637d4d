"""Every row that belongs to one document, taken before a deletion and put back on undo.

The tables are found from the schema (every table whose foreign key points at ``documents``),
so a table another part of Annotator adds later is covered without a change here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.errors import Conflict

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class DeletedDocument:
    """A deleted document's rows, table by table (``documents`` first)."""

    document_id: int
    name: str
    tables: tuple[tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]], ...]

    def count(self, table: str) -> int:
        return sum(len(rows) for name, _, rows in self.tables if name == table)


def _dependents(db: Database) -> list[tuple[str, str]]:
    """(table, column) pairs whose foreign key refers to ``documents``."""
    found: list[tuple[str, str]] = []
    tables = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    for (table,) in tables:
        for key in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
            if key[2] == "documents":
                found.append((str(table), str(key[3])))
    return found


def _rows(db: Database, table: str, column: str, document_id: int) -> tuple[Any, ...]:
    cursor = db.execute(f'SELECT * FROM "{table}" WHERE "{column}" = ?', [document_id])
    columns = tuple(str(d[0]) for d in cursor.description)
    return table, columns, tuple(tuple(row) for row in cursor.fetchall())


def rows_of_document(db: Database, document_id: int) -> DeletedDocument:
    """Read the document and all rows that refer to it (call inside the delete's transaction)."""
    tables = [_rows(db, "documents", "id", document_id)]
    tables += [_rows(db, table, column, document_id) for table, column in _dependents(db)]
    name = tables[0][2][0][tables[0][1].index("name")] if tables[0][2] else str(document_id)
    return DeletedDocument(document_id, str(name), tuple(tables))


def restore_rows(db: Database, snapshot: DeletedDocument) -> None:
    """Insert the rows back with their ids; refuse if the name or an id was taken meanwhile."""
    try:
        for table, columns, rows in snapshot.tables:
            if not rows:
                continue
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            db.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
    except sqlite3.IntegrityError as err:
        raise Conflict(
            f"cannot restore document {snapshot.name!r}: the project changed since ({err})"
        ) from err
