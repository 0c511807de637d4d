"""Codings: a code applied by a coder to the span ``[start, end)`` of a document."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from annotator.core.errors import InvalidCoding, NotFound, Stale
from annotator.core.model import Change, Coding, NewCoding, utc_now
from annotator.core.spans import check_span

if TYPE_CHECKING:
    from sqlite_utils import Database

    from annotator.store.documents import DocumentStore

_SQLITE_INT_MAX = 2**63 - 1
_COLUMNS = (
    "id, document_id, code_id, coder_id, span_start, span_end, memo, created_at, updated_at, "
    "auto_rule"
)


def _identity(coding: Coding) -> tuple[int, int, int, int, int]:
    """What makes a coding the same one for undo: where, which code, whose."""
    return (coding.document_id, coding.code_id, coding.coder_id, coding.start, coding.end)


def _coding(row: Any) -> Coding:
    # The columns are declared INTEGER/TEXT NOT NULL (auto_rule may be NULL), in Coding's order.
    return Coding(*row)


class CodingStore:
    """Reads and changes codings. Offsets are code points of the stored text, half-open."""

    def __init__(self, db: Database, documents: DocumentStore) -> None:
        self._db = db
        self._documents = documents

    # -- reading -------------------------------------------------------------------------------

    def get(self, coding_id: int) -> Coding:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM codings WHERE id = ?", [coding_id])
        found = row.fetchone()
        if found is None:
            raise NotFound(f"no coding with id {coding_id}")
        return _coding(found)

    def for_document(
        self, document_id: int, *, coder_ids: Sequence[int] | None = None
    ) -> list[Coding]:
        """Codings of one document by start, end and id; optionally of some coders only."""
        sql = f"SELECT {_COLUMNS} FROM codings WHERE document_id = ?"
        params: list[Any] = [document_id]
        if coder_ids is not None:
            sql += f" AND coder_id IN ({', '.join('?' for _ in coder_ids)})"
            params.extend(coder_ids)
        sql += " ORDER BY span_start, span_end, id"
        return [Coding(*row) for row in self._db.execute(sql, params)]

    def all(self) -> list[Coding]:
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM codings ORDER BY document_id, span_start")
        return [_coding(row) for row in rows]

    def find(self, document_id: int, code_id: int, coder_id: int, start: int, end: int) -> Coding:
        if not all(0 <= n <= _SQLITE_INT_MAX for n in (start, end)):
            raise NotFound(f"no such coding at [{start}, {end})")
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM codings WHERE document_id = ? AND code_id = ? AND "
            "coder_id = ? AND span_start = ? AND span_end = ?",
            [document_id, code_id, coder_id, start, end],
        ).fetchone()
        if row is None:
            raise NotFound(f"no such coding at [{start}, {end})")
        return _coding(row)

    def exists(self, document_id: int, code_id: int, coder_id: int, start: int, end: int) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND "
            "span_start = ? AND span_end = ?",
            [document_id, code_id, coder_id, start, end],
        ).fetchone()
        return row is not None

    # -- changing ------------------------------------------------------------------------------

    def add(
        self,
        document_id: int,
        code_id: int,
        coder_id: int,
        start: int,
        end: int,
        *,
        memo: str = "",
    ) -> Change:
        """Code ``[start, end)`` of a document; refuse spans outside the text and duplicates."""
        return self.add_many([NewCoding(document_id, code_id, coder_id, start, end, memo)])

    def add_many(self, codings: Iterable[NewCoding]) -> Change:
        """Add codings in one transaction: all of them, or none if any is invalid."""
        lengths: dict[int, int] = {}
        added: list[int] = []
        documents: set[int] = set()
        now = utc_now()
        with self._db.atomic():
            for new in codings:
                length = lengths.get(new.document_id)
                if length is None:
                    length = lengths[new.document_id] = self._documents.get(new.document_id).length
                check_span(new.start, new.end, length)
                if self.exists(new.document_id, new.code_id, new.coder_id, new.start, new.end):
                    raise InvalidCoding(
                        f"this coder already has the same code on [{new.start}, {new.end})"
                    )
                added.append(self._insert(new, new.created_at or now))
                documents.add(new.document_id)
        summary = f"Added {len(added)} coding{'s' if len(added) != 1 else ''}"
        return Change(summary, "coding", added=tuple(added), document_ids=frozenset(documents))

    def restore(self, coding: Coding) -> Change:
        """Put back a removed coding with its id, memo, times and auto-coding mark (undo).

        Ids are never reused (the table is AUTOINCREMENT), so the old id is free unless this
        very coding is back already. Raises :class:`Stale` when the id is taken or the coder
        has the same code on the same span again, :class:`InvalidCoding` when it no longer fits.
        """
        with self._db.atomic():
            taken = self._row(coding.id)
            if taken is not None:
                raise Stale(f"cannot put back coding {coding.id}: it exists already")
            if self.exists(
                coding.document_id, coding.code_id, coding.coder_id, coding.start, coding.end
            ):
                raise Stale(
                    f"cannot put back coding {coding.id}: the same code on "
                    f"[{coding.start}, {coding.end}) was added again since"
                )
            check_span(coding.start, coding.end, self._documents.get(coding.document_id).length)
            try:
                self._db.execute(
                    f"INSERT INTO codings ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        coding.id, coding.document_id, coding.code_id, coding.coder_id,
                        coding.start, coding.end, coding.memo, coding.created_at,
                        coding.updated_at, coding.auto_rule,
                    ],
                )  # fmt: skip
            except sqlite3.IntegrityError as err:
                raise InvalidCoding(f"cannot restore coding {coding.id}: {err}") from err
            forget_removal(self._db, coding.id)
        return Change(
            "Restored a coding", "coding", added=(coding.id,),
            document_ids=frozenset({coding.document_id}),
        )  # fmt: skip

    def remove_if_unchanged(self, expected: Coding) -> Change:
        """Remove ``expected.id`` only if it is still that coding (undo of add, redo of remove).

        Document, code, coder and span must match what the caller saw; otherwise nothing is
        deleted and :class:`Stale` says why (gone already, or changed by someone since).
        """
        with self._db.atomic():
            row = self._row(expected.id)
            if row is None:
                raise Stale(f"coding {expected.id} was removed already; nothing to undo")
            if _identity(row) != _identity(expected):
                raise Stale(
                    f"coding {expected.id} was changed since (now [{row.start}, {row.end})); "
                    "left as it is"
                )
            self._db.execute("DELETE FROM codings WHERE id = ?", [expected.id])
        return Change(
            "Removed a coding", "coding", removed=(expected.id,),
            document_ids=frozenset({row.document_id}), before=(row,),
        )  # fmt: skip

    def remove(self, coding_id: int) -> Change:
        before = self.get(coding_id)
        with self._db.atomic():
            self._db.execute("DELETE FROM codings WHERE id = ?", [coding_id])
        return Change(
            "Removed a coding", "coding", removed=(coding_id,),
            document_ids=frozenset({before.document_id}), before=(before,),
        )  # fmt: skip

    def update(
        self,
        coding_id: int,
        *,
        start: int | None = None,
        end: int | None = None,
        code_id: int | None = None,
        memo: str | None = None,
    ) -> Change:
        """Move a coding's boundaries, change its code or its memo."""
        before = self.get(coding_id)
        new_start = before.start if start is None else start
        new_end = before.end if end is None else end
        new_code = before.code_id if code_id is None else code_id
        new_memo = before.memo if memo is None else memo
        check_span(new_start, new_end, self._documents.get(before.document_id).length)
        if (new_start, new_end, new_code) != (before.start, before.end, before.code_id) and (
            self.exists(before.document_id, new_code, before.coder_id, new_start, new_end)
        ):
            raise InvalidCoding(f"this coder already has the same code on [{new_start}, {new_end})")
        with self._db.atomic():
            self._db.execute(
                "UPDATE codings SET span_start = ?, span_end = ?, code_id = ?, memo = ?, "
                "updated_at = ? WHERE id = ?",
                [new_start, new_end, new_code, new_memo, utc_now(), coding_id],
            )
        return Change(
            "Changed a coding", "coding", updated=(coding_id,),
            document_ids=frozenset({before.document_id}), before=(before,),
        )  # fmt: skip

    def put_back(self, coding: Coding, *, expected: Coding | None = None) -> Change:
        """Return a coding to an earlier state (undo of :meth:`update`).

        With ``expected`` (the coding as the update left it) the coding must still look like
        that (code, span and memo), or :class:`Stale` is raised and nothing changes.
        """
        with self._db.atomic():
            if expected is not None:
                row = self._row(coding.id)
                if row is None:
                    raise Stale(f"coding {coding.id} was removed since; nothing to undo")
                if (*_identity(row), row.memo) != (*_identity(expected), expected.memo):
                    raise Stale(f"coding {coding.id} was changed since; left as it is")
            return self.update(
                coding.id, start=coding.start, end=coding.end, code_id=coding.code_id,
                memo=coding.memo,
            )  # fmt: skip

    def _row(self, coding_id: int) -> Coding | None:
        found = self._db.execute(
            f"SELECT {_COLUMNS} FROM codings WHERE id = ?", [coding_id]
        ).fetchone()
        return None if found is None else _coding(found)

    def _insert(self, new: NewCoding, created_at: str) -> int:
        try:
            cursor = self._db.execute(
                "INSERT INTO codings (document_id, code_id, coder_id, span_start, span_end, memo, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    new.document_id, new.code_id, new.coder_id, new.start, new.end, new.memo,
                    created_at, created_at,
                ],
            )  # fmt: skip
        except sqlite3.IntegrityError as err:
            raise InvalidCoding(f"cannot store coding [{new.start}, {new.end}): {err}") from err
        assert cursor.lastrowid is not None
        return cursor.lastrowid


def forget_removal(db: Database, coding_id: int) -> None:
    """A removed coding put back (undo): this project no longer counts it as removed.

    Otherwise a merge would take the removal as still standing and keep a source's older
    copy of that coding out (see :mod:`annotator.store.merge_plan`).
    """
    db.execute(
        "DELETE FROM withdrawn_codings WHERE rowid IN (SELECT w.rowid FROM withdrawn_codings w "
        "JOIN codings g ON g.id = ? JOIN documents d ON d.id = g.document_id "
        "JOIN codes k ON k.id = g.code_id JOIN coders c ON c.id = g.coder_id "
        "WHERE w.document_sha256 = d.sha256 AND w.code_guid = k.guid AND w.coder = c.name "
        "AND w.span_start = g.span_start AND w.span_end = g.span_end)",
        [coding_id],
    )
