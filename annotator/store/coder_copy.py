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
import json
import os
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from annotator.core.atomic import new_file_mode
from annotator.core.errors import ProjectError
from annotator.core.model import utc_now
from annotator.core.wording import plural
from annotator.store.coders import coder_key
from annotator.store.project import Project
from annotator.store.review import COPY_FOR_SETTING

__all__ = ["COPY_FOR_SETTING", "COPY_ID_SETTING", "CoderCopy", "copy_for"]

# Which copy this is: two copies for one coder name are told apart by it when merged.
COPY_ID_SETTING = "copy_id"
# In the lead's project: the copies made from it (JSON list of {coder, file, at}).
COPIES_MADE_SETTING = "coder_copies_made"


@dataclass(frozen=True)
class CoderCopy:
    path: Path
    coder: str
    documents: int
    codings: int
    removed_codings: int
    earlier: str = ""  # a note when a copy for this coder was made or merged before
    # Document memos left out of a copy without the other coders: they carry no author, so
    # one coder's notes would reach the next unattributed (code memos, the codebook, stay).
    removed_document_memos: int = 0

    @property
    def memo_note(self) -> str:
        """The line telling the lead that document memos stayed behind ("" if none did)."""
        if not self.removed_document_memos:
            return ""
        return (
            f"{plural(self.removed_document_memos, 'document memo')} left out: they carry no author"
        )


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
    earlier, spelled = earlier_copies(project, name)
    if existing is None and spelled:
        name = spelled  # the spelling the earlier copy for this coder used
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        destination = sqlite3.connect(tmp)
        try:
            project.db.conn.backup(destination)
        finally:
            destination.close()
        documents, codings, removed, memos = _edit_copy(
            tmp, name, (made_by or _user()) if blind else "", without_other_coders
        )
        os.chmod(tmp, new_file_mode())  # a new file's permissions, not a temporary's 0600
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        raise
    made = _copies_made(project)
    made.append({"coder": name, "file": target.name, "at": utc_now()})
    project.settings.set(COPIES_MADE_SETTING, json.dumps(made, ensure_ascii=False))
    return CoderCopy(
        target, name, documents, codings, removed, earlier=earlier, removed_document_memos=memos
    )


def _copies_made(project: Project) -> list[dict[str, str]]:
    try:
        made = json.loads(project.settings.get(COPIES_MADE_SETTING) or "[]")
    except ValueError:
        return []
    return [m for m in made if isinstance(m, dict)] if isinstance(made, list) else []


def earlier_copies(project: Project, coder: str) -> tuple[str, str]:
    """One line when a copy for ``coder`` was made from, or merged into, this project before.

    Not a refusal: a coder may need a fresh copy. But two copies for one coder mix when both
    are merged, so the lead should know (codings removed since are not brought back). Also
    returns the name as the earlier copy spelled it ("" if none).
    """
    key = coder_key(coder)
    made = [m for m in _copies_made(project) if coder_key(str(m.get("coder", ""))) == key]
    merged = [
        (str(source), str(when), str(name))
        for name, source, when in project.db.execute(
            "SELECT coder, source, last_merged_at FROM merged_copies ORDER BY last_merged_at"
        )
        if coder_key(str(name)) == key
    ]  # fmt: skip
    parts = []
    spelled = ""
    if made:
        last = made[-1]
        spelled = str(last.get("coder", ""))
        parts.append(f"made on {str(last.get('at', ''))[:10]} ({last.get('file', '?')})")
    if merged:
        spelled = spelled or merged[-1][2]
        parts.append(f"merged on {merged[-1][1][:10]} ({merged[-1][0]})")
    if not parts:
        return "", ""
    return (
        f"a copy for {(spelled or coder)!r} was already {' and '.join(parts)}; if both are "
        "merged, their codings mix (codings removed here since are not brought back)"
    ), spelled


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "the lead"


def _edit_copy(
    path: Path, coder: str, blind_by: str, without_others: bool
) -> tuple[int, int, int, int]:
    """``blind_by``: who locked blind coding on ("": blind coding as in the project).

    Returns documents, codings, codings removed and document memos removed.
    """
    with Project.open(path) as copy:
        with copy.transaction():
            coder_id = copy.coders.ensure(coder).id
            copy.settings.set(COPY_FOR_SETTING, coder)
            copy.settings.set(COPY_ID_SETTING, str(uuid.uuid4()))
            if blind_by:
                copy.settings.lock_blind(coder, blind_by)
            removed = _remove_other_coders(copy, coder_id) if without_others else 0
            # Blind coding is independent coding: no other coder's notes either.
            memos = _remove_document_memos(copy) if without_others or blind_by else 0
            # The copy withdraws in a merge only what its coder removes from now on.
            copy.db.execute("DELETE FROM withdrawn_codings")
            copy.db.execute("DELETE FROM project_settings WHERE key = ?", [COPIES_MADE_SETTING])
        if without_others or memos:
            copy.db.execute("VACUUM")  # removed rows leave no readable trace in the file
        counts = copy.counts()
    return counts["documents"], counts["codings"], removed, memos


def _remove_other_coders(copy: Project, coder_id: int) -> int:
    """Other coders go with their codings and statuses, and the adjudications made from them."""
    removed = copy.db.execute("DELETE FROM codings WHERE coder_id <> ?", [coder_id]).rowcount
    copy.db.execute("DELETE FROM document_status WHERE coder_id <> ?", [coder_id])
    copy.db.execute("DELETE FROM adjudications")
    copy.db.execute("DELETE FROM coders WHERE id <> ?", [coder_id])
    return int(removed)


def _remove_document_memos(copy: Project) -> int:
    """Document memos have no author: any coder's notes may be among them, so they go too.

    Code memos stay: they are the codebook's definitions, which every coder needs. Merging the
    copy back removes nothing here: a memo missing in a source is not a removal.
    """
    return int(copy.db.execute("DELETE FROM document_memos").rowcount)
