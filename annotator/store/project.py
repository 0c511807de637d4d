"""Opening, creating and checking project files.

A project is one SQLite file in WAL mode with foreign keys on. Before anything writes to a file
it is checked read-only: a file that is not SQLite, a SQLite file of another program, a damaged
one or one written by a newer Annotator is refused with a one-line message and left untouched.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from annotator.core.atomic import publish, remove_stale_temporaries, temporary_name
from annotator.core.errors import ProjectError
from annotator.store import schema
from annotator.store.attributes import AttributeStore
from annotator.store.backup import backup_project
from annotator.store.codebook import CodeStore
from annotator.store.coders import CoderStore
from annotator.store.codings import CodingStore
from annotator.store.connection import ProjectDatabase
from annotator.store.documents import DocumentStore
from annotator.store.memos import MemoStore
from annotator.store.progress import StatusStore
from annotator.store.projectfile import (
    check_project_file,
    companion,
    connect_read_only,
    readonly_uri,
    writable,
)
from annotator.store.review import AdjudicationStore, SettingsStore

if TYPE_CHECKING:
    pass

__all__ = ["Project", "check_project_file", "readonly_uri"]

APPLICATION_ID = 0x414E4E54  # "ANNT" in ASCII: lets `file` and other tools recognise a project.
SUFFIX = ".annotator"


class Project:
    """An open project file and the stores that read and change it.

    Every method of the stores that changes data is one transaction: it either happens whole
    or not at all, and it is committed before it returns.
    """

    def __init__(self, db: ProjectDatabase, path: Path) -> None:
        self.db = db
        self.path = path
        self.documents = DocumentStore(db)
        self.attributes = AttributeStore(db)
        self.codes = CodeStore(db)
        self.settings = SettingsStore(db)
        self.coders = CoderStore(db, self.settings)
        self.codings = CodingStore(db, self.documents)
        self.status = StatusStore(db)
        self.memos = MemoStore(db)
        self.adjudications = AdjudicationStore(db, self.codings, self.coders, self.settings)

    @classmethod
    def create(
        cls, path: str | Path, populate: Callable[[Project], object] | None = None
    ) -> Project:
        """Create a new project; refuse to overwrite any existing file.

        The project is built (schema, then ``populate`` if given, e.g. the demo content) in a
        hidden temporary file beside the target and linked into place only when complete, so
        an interrupted ``new`` or ``demo`` leaves no half-made project that blocks the name.
        """
        target = Path(path)
        if target.exists():
            raise ProjectError(f"{target}: already exists; choose a new file name")
        if not target.parent.exists():
            raise ProjectError(f"{target.parent}: no such folder")
        remove_stale_temporaries(target)
        tmp = temporary_name(target, "creating")
        try:
            with cls._build(tmp) as building:
                if populate is not None:
                    populate(building)
            publish(tmp, target)
        except sqlite3.Error as err:
            raise ProjectError(f"{target}: cannot create the project ({err})") from err
        finally:
            for leftover in (tmp, companion(tmp, "-wal"), companion(tmp, "-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        return cls.open(target)

    @classmethod
    def _build(cls, tmp: Path) -> Project:
        db = ProjectDatabase(sqlite3.connect(str(tmp), isolation_level="IMMEDIATE"), tmp)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        return cls._configure(db, tmp)

    @classmethod
    def open(cls, path: str | Path) -> Project:
        """Open an existing project, upgrading its schema if it is from an older version.

        A project this process may not write (read-only file, folder or disk, or another
        user's ``-wal``/``-shm``) opens read-only: reading works, writes raise
        :class:`ReadOnlyProject`.
        """
        target = Path(path)
        check_project_file(target)
        if not writable(target):
            return cls._open_read_only(target)
        try:
            conn = sqlite3.connect(str(target), isolation_level="IMMEDIATE")
            project = cls._configure(ProjectDatabase(conn, target), target)
        except sqlite3.Error as err:
            hint = "; is the disk full?" if "disk" in str(err) else ""
            raise ProjectError(f"{target}: cannot open the project ({err}){hint}") from err
        return project

    @classmethod
    def _open_read_only(cls, target: Path) -> Project:
        try:
            conn = connect_read_only(target)
            if schema.pending_migrations(ProjectDatabase(conn, target)):
                # An older schema cannot be upgraded in place: upgrade a copy in memory.
                memory = sqlite3.connect(":memory:", isolation_level="IMMEDIATE")
                conn.backup(memory)
                conn.close()
                conn = memory
                schema.apply_migrations(ProjectDatabase(conn, target))
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as err:
            raise ProjectError(f"{target}: cannot open the project ({err})") from err
        return cls(ProjectDatabase(conn, target, read_only=True), target)

    @classmethod
    def _configure(cls, db: ProjectDatabase, path: Path) -> Project:
        db.execute(f"PRAGMA busy_timeout = {int(db.write_budget * 1000)}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        schema.apply_migrations(db)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the log is open now
        db.watch_journal()
        return cls(db, path)

    @property
    def read_only(self) -> bool:
        """Opened read-only: writes raise :class:`ReadOnlyProject`."""
        return self.db.read_only

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several store operations into one transaction (nested ones become savepoints)."""
        with self.db.atomic():
            yield

    def close(self) -> None:
        """Checkpoint without waiting for other programs' readers, then close."""
        self.db.close()

    def backup(self, out: str | Path, *, force: bool = False) -> Path:
        """Write a complete copy (committed work in the ``-wal`` included) to ``out``.

        See :func:`annotator.store.backup.backup_project`; this is what File ▸ Save a Copy and
        ``annotator backup`` call.
        """
        return backup_project(self, out, force=force)

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def data_version(self) -> int:
        """A number that changes when another connection (another program) commits.

        SQLite's ``PRAGMA data_version``: cheap (no file access beyond the shared memory
        index), and unchanged by this connection's own commits, so a window can poll it to
        learn that the command line or a merge wrote to the project.
        """
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def journal_intact(self) -> bool:
        """False once another program deleted or replaced the write-ahead log under us."""
        return self.read_only or self.db.journal_intact()

    def applied_migrations(self) -> list[str]:
        return [m.name for m in schema.migrations.applied(self.db)]

    def counts(self) -> dict[str, int]:
        """How many documents, codes, coders and codings the project holds."""
        return {
            table: int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("documents", "codes", "coders", "codings")
        }
