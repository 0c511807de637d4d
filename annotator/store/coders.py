"""Coders: the people (or models) whose codings the project keeps apart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError, NotFound
from annotator.core.model import Coder

if TYPE_CHECKING:
    from sqlite_utils import Database


class CoderStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> list[Coder]:
        rows = self._db.execute("SELECT id, name FROM coders ORDER BY name")
        return [Coder(int(i), str(n)) for i, n in rows]

    def with_codings(self) -> list[Coder]:
        """Coders who have made at least one coding."""
        rows = self._db.execute(
            "SELECT id, name FROM coders WHERE id IN (SELECT DISTINCT coder_id FROM codings) "
            "ORDER BY name"
        )
        return [Coder(int(i), str(n)) for i, n in rows]

    def by_name(self, name: str) -> Coder:
        """The coder of this name; case and spacing do not matter (see :meth:`ensure`)."""
        row = self._db.execute("SELECT id, name FROM coders WHERE name = ?", [name]).fetchone()
        if row is None:
            match = self.matching(name)
            if match is None:
                raise NotFound(f"no coder named {name!r}")
            return match
        return Coder(int(row[0]), str(row[1]))

    def get(self, coder_id: int) -> Coder:
        row = self._db.execute("SELECT id, name FROM coders WHERE id = ?", [coder_id]).fetchone()
        if row is None:
            raise NotFound(f"no coder with id {coder_id}")
        return Coder(int(row[0]), str(row[1]))

    def ensure(self, name: str) -> Coder:
        """The coder named ``name``, created if new.

        Names that differ only in case or spacing ("Alice", " alice ", "ALICE") are one
        coder: the existing one is returned, so a typo at the prompt cannot split a coder's
        work in two. A new name is stored with its spaces collapsed.
        """
        clean = " ".join(name.split())
        if not clean:
            raise AnnotatorError("a coder needs a name")
        existing = self.matching(clean)
        if existing is not None:
            return existing
        with self._db.atomic():
            self._db.execute("INSERT OR IGNORE INTO coders (name) VALUES (?)", [clean])
        return self.by_name(clean)

    def matching(self, name: str) -> Coder | None:
        """The coder whose name equals ``name`` ignoring case and spacing, if any."""
        wanted = " ".join(name.split()).casefold()
        rows = self._db.execute("SELECT id, name FROM coders ORDER BY id").fetchall()
        for row in rows:
            if " ".join(str(row[1]).split()).casefold() == wanted:
                return Coder(int(row[0]), str(row[1]))
        return None


def coder_clause(coder_ids: Sequence[int] | None, alias: str = "c") -> tuple[str, list[int]]:
    """`` AND c.coder_id IN (…)`` and its parameters; nothing for every coder (None).

    Counts under blind coding are a coder's own: the window passes that coder's id.
    """
    if coder_ids is None:
        return "", []
    ids = list(coder_ids)
    return f" AND {alias}.coder_id IN ({', '.join('?' for _ in ids) or 'NULL'})", ids
