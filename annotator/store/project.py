"""Opening, creating and checking project files.

A project is one SQLite file in WAL mode with foreign keys on. Before anything writes to a file
it is checked read-only: a file that is not SQLite, a SQLite file of another program, a damaged
one or one written by a newer Annotator is refused with a one-line message and left untouched.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from sqlite_utils import Database

from annotator.core.errors import ProjectError
from annotator.store import schema
from annotator.store.codebook import CodeStore
from annotator.store.coders import CoderStore
from annotator.store.codings import CodingStore
from annotator.store.documents import DocumentStore
from annotator.store.memos import MemoStore
from annotator.store.progress import StatusStore
from annotator.store.review import AdjudicationStore, SettingsStore

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x414E4E54  # "ANNT" in ASCII: lets `file` and other tools recognise a project.
SUFFIX = ".annotator"


class Project:
    """An open project file and the stores that read and change it.

    Every method of the stores that changes data is one transaction: it either happens whole
    or not at all, and it is committed before it returns.
    """

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.documents = DocumentStore(db)
        self.codes = CodeStore(db)
        self.coders = CoderStore(db)
        self.codings = CodingStore(db, self.documents)
        self.status = StatusStore(db)
        self.memos = MemoStore(db)
        self.settings = SettingsStore(db)
        self.adjudications = AdjudicationStore(db, self.codings, self.coders, self.settings)

    @classmethod
    def create(cls, path: str | Path) -> Project:
        """Create a new, empty project; refuse to overwrite any existing file."""
        target = Path(path)
        if target.exists():
            raise ProjectError(f"{target}: already exists; choose a new file name")
        if not target.parent.exists():
            raise ProjectError(f"{target.parent}: no such folder")
        try:
            db = Database(target)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            return cls._configure(db, target)
        except sqlite3.Error as err:
            raise ProjectError(f"{target}: cannot create the project ({err})") from err

    @classmethod
    def open(cls, path: str | Path) -> Project:
        """Open an existing project, upgrading its schema if it is from an older version."""
        target = Path(path)
        check_project_file(target)
        try:
            db = Database(target)
            return cls._configure(db, target)
        except sqlite3.Error as err:
            raise ProjectError(f"{target}: cannot open the project ({err})") from err

    @classmethod
    def _configure(cls, db: Database, path: Path) -> Project:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 5000")
        schema.apply_migrations(db)
        return cls(db, path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several store operations into one transaction (nested ones become savepoints)."""
        with self.db.atomic():
            yield

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def applied_migrations(self) -> list[str]:
        return [m.name for m in schema.migrations.applied(self.db)]

    def counts(self) -> dict[str, int]:
        """How many documents, codes, coders and codings the project holds."""
        return {
            table: int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("documents", "codes", "coders", "codings")
        }


def check_project_file(path: Path) -> None:
    """Raise :class:`ProjectError` unless ``path`` is an Annotator project we can open.

    Reads the file only (SQLite in read-only mode), so a foreign or damaged file stays as it is.
    """
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as err:
        raise ProjectError(f"{path}: cannot be read ({err.strerror or err})") from err
    if not header.startswith(SQLITE_HEADER):
        raise ProjectError(f"{path}: not an Annotator project (not a SQLite database)")
    if len(header) < 100:
        raise ProjectError(f"{path}: the project file is truncated")
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error as err:
        raise ProjectError(f"{path}: cannot be opened ({err})") from err
    try:
        _check_contents(conn, path)
    except sqlite3.DatabaseError as err:
        raise ProjectError(f"{path}: the project file is damaged ({err})") from err
    finally:
        conn.close()


def readonly_uri(path: Path) -> str:
    """A URI that opens ``path`` for reading without creating ``-wal`` or ``-shm`` files.

    With no write-ahead log beside it the file is complete and can be read as immutable; with
    one, SQLite must read the log too, in ordinary read-only mode.
    """
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1"
    return f"file:{quote(str(path.resolve()))}?{mode}"


def _check_contents(conn: sqlite3.Connection, path: Path) -> None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "annotator_meta" not in tables:
        raise ProjectError(f"{path}: a SQLite database, but not an Annotator project")
    fmt = conn.execute("SELECT value FROM annotator_meta WHERE key = 'format'").fetchone()
    if fmt is None or fmt[0] != "annotator-project":
        raise ProjectError(f"{path}: a SQLite database, but not an Annotator project")
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise ProjectError(f"{path}: the project file is damaged ({problems[0]})")
    applied = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [schema.MIGRATION_SET]
        )
    }
    unknown = applied - set(schema.known_migrations())
    if unknown:
        raise ProjectError(
            f"{path}: written by a newer version of Annotator (schema {max(unknown)}); "
            "please upgrade Annotator"
        )
