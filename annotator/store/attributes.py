"""Document attributes with types: set one, set many from a CSV, filter documents by them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.attributes import TYPES, AttributeFilter, all_match, check_value
from annotator.core.errors import AnnotatorError, FormatError, NotFound
from annotator.core.model import Change

if TYPE_CHECKING:
    from sqlite_utils import Database

KEY_COLUMNS = ("document", "sha256", "document_sha256")


@dataclass(frozen=True)
class AttributeChange:
    """One attribute value before and after a change (``None``: not set), for undo."""

    document_id: int
    name: str
    old: str | None
    new: str | None


class AttributeStore:
    """Reads and changes document attributes and their types."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def types(self) -> dict[str, str]:
        """Every attribute's type; one never given a type is text."""
        names = self._db.execute(
            "SELECT DISTINCT name FROM document_attributes UNION SELECT name FROM attribute_types"
        ).fetchall()
        found = {str(row[0]): "text" for row in names}
        for name, kind in self._db.execute("SELECT name, type FROM attribute_types"):
            found[str(name)] = str(kind)
        return dict(sorted(found.items()))

    def values(self) -> dict[int, dict[str, str]]:
        """Every document's attributes, by document id (documents without any are absent)."""
        table: dict[int, dict[str, str]] = {}
        for document_id, name, value in self._db.execute(
            "SELECT document_id, name, value FROM document_attributes ORDER BY document_id, name"
        ):
            table.setdefault(int(document_id), {})[str(name)] = str(value)
        return table

    def get(self, document_id: int, name: str) -> str | None:
        row = self._db.execute(
            "SELECT value FROM document_attributes WHERE document_id = ? AND name = ?",
            [document_id, name],
        ).fetchone()
        return None if row is None else str(row[0])

    def set_type(self, name: str, kind: str) -> Change:
        """Declare ``name`` text, number or date; every value it already has must fit."""
        name = name.strip()
        if kind not in TYPES:
            raise AnnotatorError(f"unknown attribute type {kind!r} (use text, number or date)")
        if not name:
            raise AnnotatorError("an attribute needs a name")
        with self._db.atomic():
            rows = self._db.execute(
                "SELECT document_id, value FROM document_attributes WHERE name = ?", [name]
            ).fetchall()
            for document_id, value in rows:
                fixed = check_value(str(value), kind, name)
                if fixed != value:
                    self._write(int(document_id), name, fixed)
            self._db.execute(
                "INSERT INTO attribute_types (name, type) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET type = excluded.type",
                [name, kind],
            )
        return Change(f"Made {name} a {kind} attribute", "document")

    def set_value(self, document_id: int, name: str, value: str | None) -> Change:
        """Set (or with ``None`` or an empty value, clear) one attribute, checked by its type."""
        return self.set_many([(document_id, name, value)], f"Set {name}")

    def set_many(
        self, changes: Iterable[tuple[int, str, str | None]], summary: str = "Set attributes"
    ) -> Change:
        """Set several values in one transaction; ``before`` holds the old values for undo."""
        types = self.types()
        done: list[AttributeChange] = []
        with self._db.atomic():
            for document_id, raw_name, value in changes:
                name = raw_name.strip()
                if not name:
                    raise AnnotatorError("an attribute needs a name")
                if not self._db.execute(
                    "SELECT 1 FROM documents WHERE id = ?", [document_id]
                ).fetchone():
                    raise NotFound(f"no document with id {document_id}")
                new = check_value(value, types.get(name, "text"), name) if value else None
                old = self.get(document_id, name)
                if new == "":
                    new = None
                if old != new:
                    self._write(document_id, name, new)
                    done.append(AttributeChange(document_id, name, old, new))
        ids = tuple(sorted({c.document_id for c in done}))
        return Change(summary, "document", updated=ids, before=tuple(done))

    def undo(self, change: Change) -> Change:
        """Put back the values a :meth:`set_many` change replaced."""
        changes = [c for c in change.before if isinstance(c, AttributeChange)]
        with self._db.atomic():
            for item in reversed(changes):
                self._write(item.document_id, item.name, item.old)
        ids = tuple(sorted({c.document_id for c in changes}))
        return Change(f"Undo {change.summary}", "document", updated=ids)

    def apply_csv(self, header: Sequence[str], rows: Sequence[dict[str, str]], name: str) -> Change:
        """Set attributes from a CSV keyed by ``document`` (name) or ``sha256``, all or nothing.

        A column header ``words:number`` or ``published:date`` declares the type; a ``title``
        column sets the documents' titles. Rows naming documents the project does not have
        are all listed in the refusal, and nothing is changed.
        """
        key = next((column for column in KEY_COLUMNS if column in header), None)
        if key is None:
            raise FormatError(f"{name}: needs a 'document' or 'sha256' column to name documents")
        columns = [(c, *_split_type(c)) for c in header if c not in KEY_COLUMNS and c.strip()]
        targets, unknown = self._resolve(rows, key)
        if unknown:
            shown = ", ".join(repr(u) for u in unknown[:10])
            more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
            raise FormatError(f"{name}: unknown documents: {shown}{more}; nothing was changed")
        with self._db.atomic():
            for _, attribute, kind in columns:
                if kind is not None and attribute != "title":
                    self.set_type(attribute, kind)
            changes: list[tuple[int, str, str | None]] = []
            for row, document_id in zip(rows, targets, strict=True):
                for column, attribute, _ in columns:
                    cell = (row.get(column) or "").strip()
                    if attribute == "title":
                        self._db.execute(
                            "UPDATE documents SET title = ? WHERE id = ?", [cell, document_id]
                        )
                    else:
                        changes.append((document_id, attribute, cell or None))
            try:
                change = self.set_many(changes, f"Set attributes from {name}")
            except AnnotatorError as err:
                raise FormatError(f"{name}: {err}; nothing was changed") from err
        return change

    def matching(self, filters: Sequence[AttributeFilter]) -> set[int]:
        """Ids of the documents whose attributes pass every filter."""
        ids = {int(row[0]) for row in self._db.execute("SELECT id FROM documents")}
        if not filters:
            return ids
        types, values = self.types(), self.values()
        return {i for i in ids if all_match(filters, values.get(i, {}), types)}

    def _resolve(self, rows: Sequence[dict[str, str]], key: str) -> tuple[list[int], list[str]]:
        targets: list[int] = []
        unknown: list[str] = []
        for row in rows:
            wanted = (row.get(key) or "").strip()
            if key == "document":
                found = self._db.execute(
                    "SELECT id FROM documents WHERE name = ?", [wanted]
                ).fetchall()
            else:
                found = self._db.execute(
                    "SELECT id FROM documents WHERE sha256 = ? UNION "
                    "SELECT document_id FROM document_sources WHERE sha256 = ?",
                    [wanted.lower(), wanted.lower()],
                ).fetchall()
            if len(found) == 1:
                targets.append(int(found[0][0]))
            else:
                unknown.append(wanted if not found else f"{wanted} (matches {len(found)})")
                targets.append(-1)
        return targets, unknown

    def _write(self, document_id: int, name: str, value: str | None) -> None:
        if value is None:
            self._db.execute(
                "DELETE FROM document_attributes WHERE document_id = ? AND name = ?",
                [document_id, name],
            )
        else:
            self._db.execute(
                "INSERT INTO document_attributes (document_id, name, value) VALUES (?, ?, ?) "
                "ON CONFLICT (document_id, name) DO UPDATE SET value = excluded.value",
                [document_id, name, value],
            )


def _split_type(column: str) -> tuple[str, str | None]:
    """``words:number`` -> (``words``, ``number``); a column without a known type -> (it, None)."""
    base, _, kind = column.rpartition(":")
    if base.strip() and kind.strip() in TYPES:
        return base.strip(), kind.strip()
    return column.strip(), None
