"""Memos: the researcher's notes on documents and on codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.model import Change, utc_now

if TYPE_CHECKING:
    from sqlite_utils import Database

_TABLES = {"document": ("document_memos", "document_id"), "code": ("code_memos", "code_id")}


class MemoStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, kind: str, target_id: int) -> str:
        table, column = _TABLES[kind]
        row = self._db.execute(f"SELECT text FROM {table} WHERE {column} = ?", [target_id])
        found = row.fetchone()
        return "" if found is None else str(found[0])

    def set(self, kind: str, target_id: int, text: str) -> Change:
        """Set the memo of a document or code (``kind``); an empty text deletes it."""
        table, column = _TABLES[kind]
        before = self.get(kind, target_id)
        with self._db.atomic():
            if text:
                self._db.execute(
                    f"INSERT INTO {table} ({column}, text, updated_at) VALUES (?, ?, ?) "
                    f"ON CONFLICT ({column}) DO UPDATE SET text = excluded.text, "
                    "updated_at = excluded.updated_at",
                    [target_id, text, utc_now()],
                )
            else:
                self._db.execute(f"DELETE FROM {table} WHERE {column} = ?", [target_id])
        return Change(f"Edited the {kind} memo", "memo", updated=(target_id,), before=(before,))
