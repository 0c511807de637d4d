"""The project file on disk: checking it, connecting to it, and never touching it outside SQLite.

This process must not ``open()`` and ``close()`` the project file itself: on POSIX, closing
any descriptor of a file drops every lock the process holds on it, including SQLite's, and
another program may then delete the write-ahead log under the open project (see
:mod:`annotator.store.connection`). So the checks here use ``os.stat`` (which opens nothing)
and SQLite itself; SQLite keeps its descriptors of one file shared between connections.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from annotator.core.errors import ProjectError
from annotator.store import schema


def companion(path: Path, suffix: str) -> Path:
    """``path`` with ``-wal`` or ``-shm`` appended, as SQLite names its files."""
    return path.with_name(path.name + suffix)


def check_regular_file(path: Path) -> os.stat_result:
    """Refuse a missing path, a folder, a pipe or a device before SQLite opens it (a FIFO hangs)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such project file") from None
    except OSError as err:
        raise ProjectError(f"{path}: cannot be read ({err.strerror or err})") from err
    if stat.S_ISDIR(info.st_mode):
        raise ProjectError(f"{path}: is a folder, not a project file")
    if not stat.S_ISREG(info.st_mode):
        raise ProjectError(f"{path}: not a regular file (a pipe or a device); not a project")
    return info


def writable(path: Path) -> bool:
    """Whether this process may write the project: the file, its folder, SQLite's companions.

    ``-wal``/``-shm`` left by another user's program and not writable here make every write
    fail, so the project is then opened read-only and says why.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
        return False
    return all(
        os.access(other, os.W_OK)
        for other in (companion(path, "-wal"), companion(path, "-shm"))
        if other.exists()
    )


def readonly_uri(path: Path, *, immutable: bool | None = None) -> str:
    """A URI opening ``path`` read-only, creating no ``-wal``/``-shm`` where it can avoid it.

    With no write-ahead log beside it (``immutable=None`` decides) the file is complete and is
    read as immutable: no locks, no companion files, which also suits a read-only folder or
    disk where read-only SQLite could not create its ``-shm``. With a log, SQLite must read it
    too, in ordinary read-only mode. An immutable connection in this process does not disturb
    the locks of another connection to the same file (SQLite shares its descriptors).
    """
    if immutable is None:
        wal = companion(path, "-wal")
        immutable = not (wal.exists() and wal.stat().st_size)
    mode = "immutable=1" if immutable else "mode=ro"
    return f"file:{quote(str(path.resolve()))}?{mode}"


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Connect read-only (see :func:`readonly_uri`); a log that cannot be read is an error."""
    conn = sqlite3.connect(readonly_uri(path), uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def check_project_file(path: Path) -> None:
    """Raise :class:`ProjectError` unless ``path`` is an Annotator project we can open.

    Reads the file only, through SQLite in read-only mode, so a foreign or damaged file stays
    as it is, and no descriptor of the file is opened outside SQLite.
    """
    info = check_regular_file(path)
    if info.st_size == 0:
        raise ProjectError(f"{path}: not an Annotator project (an empty file)")
    try:
        conn = connect_read_only(path)
    except sqlite3.DatabaseError as err:
        raise ProjectError(_describe(path, err)) from err
    try:
        check_contents(conn, path)
    except sqlite3.DatabaseError as err:
        raise ProjectError(_describe(path, err)) from err
    finally:
        conn.close()


def _describe(path: Path, err: sqlite3.DatabaseError) -> str:
    if "not a database" in str(err):
        if _starts_like_zip(path):
            return (
                f"{path}: not an Annotator project (a zip archive, not a SQLite database); "
                "use import-qdpx for REFI-QDA files (.qdpx)"
            )
        if path.suffix.lower() == ".qdpx":
            return (
                f"{path}: not an Annotator project (not a SQLite database); a REFI-QDA "
                "project (.qdpx) is imported with import-qdpx"
            )
        return f"{path}: not an Annotator project (not a SQLite database)"
    if "unable to open" in str(err):
        return f"{path}: cannot be opened ({err})"
    return f"{path}: the project file is damaged or truncated ({err})"


def _starts_like_zip(path: Path) -> bool:
    """Whether ``path`` starts like a zip (a ``.qdpx`` is one).

    Only asked of a file SQLite has refused, so no SQLite lock on it can be disturbed by
    opening it here.
    """
    try:
        with path.open("rb") as file:
            return file.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def check_contents(conn: sqlite3.Connection, path: Path) -> None:
    """An Annotator project, intact, of a schema this version knows."""
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
