"""Inserting many codings at once, fast, with the same checks the schema makes.

The ``codings_within_text_insert`` trigger looks up the document's length for every row, which
made 60,000 inserts take several seconds. For large batches the spans are checked here against
the lengths instead, the trigger is set aside inside the caller's transaction and put back, with
its own SQL, before the transaction ends: a failure rolls the whole thing back, trigger included.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError, InvalidCoding
from annotator.core.spans import check_span

if TYPE_CHECKING:
    from sqlite_utils import Database

CodingRow = tuple[int, int, int, int, int, str, str, str, str | None]
_TRIGGER = "codings_within_text_insert"
_BATCH = 1000


def insert_codings(db: Database, rows: Sequence[CodingRow]) -> None:
    """Insert ``(document, code, coder, start, end, memo, created, updated, auto_rule)`` rows.

    Must run inside a transaction. Raises :class:`InvalidCoding` (nothing inserted by this call
    is kept once the caller's transaction rolls back) when a span does not fit its document.
    """
    if not db.conn.in_transaction:
        raise AnnotatorError("insert_codings must run inside a transaction")
    lengths = {int(i): int(n) for i, n in db.execute("SELECT id, length FROM documents")}
    for row in rows:
        length = lengths.get(row[0])
        if length is None:
            raise InvalidCoding(f"no document with id {row[0]}")
        if not 0 <= row[3] < row[4] <= length:
            try:
                check_span(row[3], row[4], length)
            except AnnotatorError as err:
                raise InvalidCoding(f"coding [{row[3]}, {row[4]}): {err}") from err
            raise InvalidCoding(f"coding [{row[3]}, {row[4]}) does not fit its document")
    trigger = None
    if len(rows) >= _BATCH:
        found = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [_TRIGGER]
        ).fetchone()
        if found is not None:
            trigger = str(found[0])
            db.execute(f"DROP TRIGGER {_TRIGGER}")
    # In document order the indexes are written in order too.
    ordered: list[CodingRow] = sorted(rows, key=itemgetter(0, 3))
    try:
        db.conn.executemany(
            "INSERT INTO codings (document_id, code_id, coder_id, span_start, span_end, memo, "
            "created_at, updated_at, auto_rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ordered,
        )
    finally:
        if trigger is not None:
            db.execute(trigger)
