"""A copy of a project to hand to one coder: same documents, codebook and settings.

The copy is made with SQLite's backup API into a temporary file beside the destination, edited
there (the coder and a fresh copy id added, blind coding switched on, the record of removed
codings emptied, other coders' work removed if asked, the freed pages vacuumed so removed work
cannot be read back from the file) and only then renamed into place: an interrupted copy leaves
no half-made file.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from annotator.core.atomic import new_file_mode
from annotator.core.errors import ProjectError
from annotator.store.project import Project
from annotator.store.review import COPY_FOR_SETTING

__all__ = ["COPY_FOR_SETTING", "COPY_ID_SETTING", "CoderCopy", "copy_for"]

# Which copy this is: two copies for one coder name are told apart by it when merged.
COPY_ID_SETTING = "copy_id"


@dataclass(frozen=True)
class CoderCopy:
    path: Path
    coder: str
    documents: int
    codings: int
    removed_codings: int


def copy_for(
    project: Project, coder: str, out: str | Path, *, blind: bool = False,
    without_other_coders: bool = False, made_by: str = "",
) -> CoderCopy:  # fmt: skip
    """Write a copy of ``project`` for ``coder`` to ``out`` (which must not exist yet).

    With ``blind`` the copy's blind coding is locked: the coder cannot turn it off there
    (``made_by``, the lead, is recorded as who set it; the OS user name if not given).
    """
    target = Path(out)
    name = coder.strip()
    if not name:
        raise ProjectError("a coder copy needs the coder's name")
    project.coders.refuse_consensus(name)
    existing = project.coders.matching(name)  # "Alice" for the project's "alice" is alice
    if existing is not None:
        name = existing.name
    if target.exists():
        raise ProjectError(f"{target}: already exists; choose a new file name")
    if not target.parent.exists():
        raise ProjectError(f"{target.parent}: no such folder")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        destination = sqlite3.connect(tmp)
        try:
            project.db.conn.backup(destination)
        finally:
            destination.close()
        result = _edit_copy(tmp, name, (made_by or _user()) if blind else "", without_other_coders)
        os.chmod(tmp, new_file_mode())  # a new file's permissions, not a temporary's 0600
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    return CoderCopy(target, name, *result)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "the lead"


def _edit_copy(path: Path, coder: str, blind_by: str, without_others: bool) -> tuple[int, int, int]:
    """``blind_by``: who locked blind coding on ("": blind coding as in the project)."""
    with Project.open(path) as copy:
        with copy.transaction():
            coder_id = copy.coders.ensure(coder).id
            copy.settings.set(COPY_FOR_SETTING, coder)
            copy.settings.set(COPY_ID_SETTING, str(uuid.uuid4()))
            if blind_by:
                copy.settings.lock_blind(coder, blind_by)
            removed = _remove_other_coders(copy, coder_id) if without_others else 0
            # The copy withdraws in a merge only what its coder removes from now on.
            copy.db.execute("DELETE FROM withdrawn_codings")
        if without_others:
            copy.db.execute("VACUUM")
        counts = copy.counts()
    return counts["documents"], counts["codings"], removed


def _remove_other_coders(copy: Project, coder_id: int) -> int:
    """Other coders go with their codings and statuses, and the adjudications made from them."""
    removed = copy.db.execute("DELETE FROM codings WHERE coder_id <> ?", [coder_id]).rowcount
    copy.db.execute("DELETE FROM document_status WHERE coder_id <> ?", [coder_id])
    copy.db.execute("DELETE FROM adjudications")
    copy.db.execute("DELETE FROM coders WHERE id <> ?", [coder_id])
    return int(removed)
