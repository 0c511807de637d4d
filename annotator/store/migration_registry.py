"""Named migrations, registered like ``sqlite_utils.Migrations`` but checked without it.

Every open asks which migrations are pending. Answering with one query, instead of through
sqlite-utils, keeps sqlite-utils (and what it imports) out of a command's start-up; it is
imported only when a migration really has to run, and then does the applying and recording
exactly as before (the ``_sqlite_migrations`` table is the same).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.store.light_import import import_sqlite_utils

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLE = "_sqlite_migrations"


@dataclass(frozen=True)
class Migration:
    name: str
    fn: Callable[[Database], None]
    transactional: bool = True


@dataclass(frozen=True)
class Applied:
    name: str
    applied_at: str


class MigrationRegistry:
    """Migrations in the order they were registered, by decorator: ``@migrations(name=...)``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[Migration] = []

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
        def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
            label = name or fn.__name__
            if any(m.name == label for m in self._migrations):
                raise ValueError(f"migration {label!r} is registered twice")
            self._migrations.append(Migration(label, fn, transactional))
            return fn

        return register

    def applied(self, db: Any) -> list[Applied]:
        """Migrations of this set recorded in ``db``, in the order they were applied."""
        try:
            rows = db.execute(
                f"SELECT name, applied_at FROM {TABLE} WHERE migration_set = ? ORDER BY rowid",
                [self.name],
            ).fetchall()
        except sqlite3.OperationalError as err:
            if "no such table" in str(err):
                return []
            raise
        return [Applied(str(name), str(when)) for name, when in rows]

    def pending(self, db: Any) -> list[Migration]:
        done = {m.name for m in self.applied(db)}
        return [m for m in self._migrations if m.name not in done]

    def apply(self, db: Any, *, stop_before: str | Iterable[str] | None = None) -> None:
        """Apply pending migrations through ``sqlite_utils.Migrations`` (imported only now)."""
        if not self.pending(db):
            return
        import_sqlite_utils()
        import sqlite_utils

        real = sqlite_utils.Migrations(self.name)
        for migration in self._migrations:
            real(name=migration.name, transactional=migration.transactional)(migration.fn)
        if not isinstance(db, sqlite_utils.Database):
            db = sqlite_utils.Database(db.conn, execute_plugins=False)
        real.apply(db, stop_before=stop_before)
