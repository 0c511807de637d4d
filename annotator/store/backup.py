"""Copies of a project that include everything committed, and guarding projects from exports.

A copy of the ``.annotator`` file alone can miss committed work still in its ``-wal`` while the
project is open (or after a crash). :func:`backup_project` uses SQLite's backup API, which
reads through the open connection, into a hidden temporary file renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.atomic import new_file_mode, remove_stale_temporaries, temporary_name
from annotator.core.errors import ProjectError
from annotator.store.projectfile import companion, readonly_uri

if TYPE_CHECKING:
    from annotator.store.project import Project


def backup_project(project: Project, out: str | Path, *, force: bool = False) -> Path:
    """Write a complete, consistent copy of the open ``project`` to ``out``.

    Refuses the project itself, its ``-wal``/``-shm``, and (without ``force``) any existing
    SQLite file. The copy is a single file (rollback journal mode); opening it as a project
    turns WAL on again.
    """
    target = Path(out)
    refuse_project_target(target, project.path, force=force)
    remove_stale_temporaries(target)
    tmp = temporary_name(target, "backup")
    try:
        destination = sqlite3.connect(tmp)
        try:
            project.db.conn.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            destination.close()
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return target


def refuse_project_target(target: Path, project: Path | None, *, force: bool = False) -> None:
    """Raise :class:`ProjectError` if writing ``target`` would destroy a project.

    The open project and its ``-wal``/``-shm`` are refused always (compared by inode, without
    opening them: closing a descriptor of the project would drop SQLite's locks); any other
    existing SQLite file unless ``force``.
    """
    if project is not None:
        for protected in (project, companion(project, "-wal"), companion(project, "-shm")):
            if _same_file(target, protected) or _same_name(target, protected):
                raise ProjectError(
                    f"{target}: is the project {'file' if protected == project else 'journal'} "
                    "itself; choose another file name"
                )
    if not force and is_sqlite_file(target):
        raise ProjectError(
            f"{target}: is an existing SQLite database (a project?); not overwritten "
            "(use --force to replace it)"
        )


def _same_name(a: Path, b: Path) -> bool:
    """Same path once folders are resolved (the journal need not exist to be refused)."""
    try:
        return a.parent.resolve() / a.name == b.parent.resolve() / b.name
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` is an existing regular file SQLite can read as a database.

    Asked through SQLite (immutable, so no locks and no companion files), never by opening
    the file ourselves: it may be a project open in this very process.
    """
    try:
        info = os.stat(path)
    except OSError:
        return False
    if not os.path.isfile(path) or info.st_size == 0:
        return False
    try:
        conn = sqlite3.connect(readonly_uri(path, immutable=True), uri=True)
    except sqlite3.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
