"""Each coder's progress on each document: not started, in progress, done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.model import STATUSES, Change, utc_now

if TYPE_CHECKING:
    from sqlite_utils import Database


class StatusStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, document_id: int, coder_id: int) -> str:
        row = self._db.execute(
            "SELECT status FROM document_status WHERE document_id = ? AND coder_id = ?",
            [document_id, coder_id],
        ).fetchone()
        return "not started" if row is None else str(row[0])

    def for_coder(self, coder_id: int) -> dict[int, str]:
        rows = self._db.execute(
            "SELECT document_id, status FROM document_status WHERE coder_id = ?", [coder_id]
        )
        return {int(d): str(s) for d, s in rows}

    def done(self) -> set[tuple[int, int]]:
        """(document id, coder id) pairs marked done."""
        rows = self._db.execute(
            "SELECT document_id, coder_id FROM document_status WHERE status = 'done'"
        )
        return {(int(d), int(c)) for d, c in rows}

    def set(self, document_id: int, coder_id: int, status: str) -> Change:
        if status not in STATUSES:
            raise AnnotatorError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        before = self.get(document_id, coder_id)
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO document_status (document_id, coder_id, status, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, coder_id) "
                "DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                [document_id, coder_id, status, utc_now()],
            )
        return Change(
            f"Marked document {status}", "status", updated=(document_id,), before=(before,)
        )
