"""The write-ahead log survives other programs, and writing stops loudly if it does not.

Issue 9's reproduction without Qt: closing any descriptor of the project file in the process
that has it open drops SQLite's POSIX locks; another process (``annotator info``) then deletes
the log, and later commits went to a deleted file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.errors import JournalLost, ProjectError
from annotator.store import Project
from tests.conftest import HARD_TEXT

ANNOTATOR = [sys.executable, "-m", "annotator"]


def make_project(path: Path) -> None:
    with Project.create(path) as project:
        project.documents.add(decode_bytes(HARD_TEXT.encode()), "hard")
        project.codes.add("A")
        project.coders.ensure("alice")


def other_program_reads(path: Path) -> None:
    result = subprocess.run([*ANNOTATOR, "info", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def drop_locks_by_reading(path: Path) -> None:
    """What Qt's file dialogs did: open, read and close the project file."""
    fd = os.open(path, os.O_RDONLY)
    os.read(fd, 100)
    os.close(fd)


def test_a_lost_journal_stops_writing_loudly(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    make_project(path)
    project = Project.open(path)
    project.codings.add(1, 1, 1, 0, 4)
    drop_locks_by_reading(path)
    other_program_reads(path)
    with pytest.raises(JournalLost, match="another program removed or replaced"):
        project.codings.add(1, 1, 1, 5, 9)
    with pytest.raises(JournalLost):  # and it stays stopped
        project.codes.add("B")
    project.close()
    with Project.open(path) as reopened:
        assert [(c.start, c.end) for c in reopened.codings.all()] == [(0, 4)]
        assert [c.path for c in reopened.codes.all()] == ["A"]


CHILD = """
import json, os, subprocess, sys
from pathlib import Path
from annotator.core.errors import AnnotatorError
from annotator.store import Project
from annotator.store.projectfile import check_project_file

path = Path(sys.argv[1])
how = sys.argv[2]
project = Project.open(path)
acknowledged = []
for n, start in enumerate(range(0, 40, 4)):
    if n == 3:
        if how == "descriptor":
            fd = os.open(path, os.O_RDONLY); os.read(fd, 100); os.close(fd)
        else:  # the checks another open of the same project makes, in this process
            check_project_file(path)
            Project.open(path).close()
        subprocess.run([sys.executable, "-m", "annotator", "info", str(path)], check=True,
                       capture_output=True)
    try:
        project.codings.add(1, 1, 1, start, start + 2)
    except AnnotatorError as err:
        print(json.dumps({"refused": str(err)}), flush=True)
        continue
    acknowledged.append(start)
print(json.dumps({"acknowledged": acknowledged}), flush=True)
os._exit(0)
"""


def run_child(path: Path, how: str) -> list[dict[str, object]]:
    script = textwrap.dedent(CHILD)
    result = subprocess.run(
        [sys.executable, "-c", script, str(path), how], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def stored_starts(path: Path) -> list[int]:
    with Project.open(path) as project:
        return [c.start for c in project.codings.all()]


def test_nothing_acknowledged_is_lost_after_a_descriptor_closes(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    make_project(path)
    lines = run_child(path, "descriptor")
    acknowledged = lines[-1]["acknowledged"]
    assert isinstance(acknowledged, list)
    assert any("refused" in line for line in lines)  # said so loudly
    assert set(acknowledged) <= set(stored_starts(path))


def test_opening_the_same_project_again_keeps_the_locks(tmp_path: Path) -> None:
    """The header check at open used to open() and close() the file: a second open broke it."""
    path = tmp_path / "p.annotator"
    make_project(path)
    lines = run_child(path, "second-open")
    assert lines == [{"acknowledged": list(range(0, 40, 4))}]
    assert stored_starts(path) == list(range(0, 40, 4))


def test_backup_holds_work_still_in_the_log(tmp_path: Path, runner: object) -> None:
    path = tmp_path / "p.annotator"
    make_project(path)
    with Project.open(path) as project:
        project.db.execute("PRAGMA wal_autocheckpoint = 0")
        project.codings.add(1, 1, 1, 0, 4)
        assert (tmp_path / "p.annotator-wal").stat().st_size > 0
        project.backup(tmp_path / "copy.annotator")
        for target in ("p.annotator", "p.annotator-wal", "p.annotator-shm"):
            with pytest.raises(ProjectError, match="itself"):
                project.backup(tmp_path / target, force=True)
        with pytest.raises(ProjectError, match="existing SQLite database"):
            project.backup(tmp_path / "copy.annotator")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.annotator", "p.annotator"]
    assert stored_starts(tmp_path / "copy.annotator") == [0]


def test_backup_command(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    make_project(path)
    result = subprocess.run(
        [*ANNOTATOR, "backup", str(path), str(tmp_path / "b.annotator")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    again = subprocess.run(
        [*ANNOTATOR, "backup", str(path), str(path)], capture_output=True, text=True
    )
    assert again.returncode == 1
    assert "itself" in again.stderr
    assert "Traceback" not in again.stderr
    with Project.open(tmp_path / "b.annotator") as copy:
        assert copy.counts()["documents"] == 1


def test_header_check_reads_through_sqlite_only(tmp_path: Path) -> None:
    """A non-project is still recognised without reading the file outside SQLite."""
    path = tmp_path / "p.annotator"
    path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 200)
    with pytest.raises(ProjectError, match="not an Annotator project|damaged"):
        Project.open(path)
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.close()
