"""Sharing the project file: contention, read-only places, interrupted creation (issue 9)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.decoding import decode_bytes
from annotator.store import Project
from tests.conftest import HARD_TEXT

PYTHON = sys.executable
ANNOTATOR = [PYTHON, "-m", "annotator"]
NOBODY = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]


def make_project(path: Path) -> None:
    with Project.create(path) as project:
        project.documents.add(decode_bytes((HARD_TEXT * 20).encode()), "hard")
        project.codes.add("A")


WRITER = """
import sys
from annotator.core.errors import AnnotatorError
from annotator.store import Project
path, coder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
failures = []
with Project.open(path) as project:
    coder_id = project.coders.ensure(coder).id
    for n in range(count):
        try:
            project.codings.add(1, 1, coder_id, n, n + 1)
        except Exception as err:
            failures.append(f"{type(err).__name__}: {err}")
print(len(failures), failures[:1])
"""


def test_two_writers_in_a_tight_loop_never_see_locked(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    make_project(path)
    writers = [
        subprocess.Popen([PYTHON, "-c", textwrap.dedent(WRITER), str(path), name, "150"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("alice", "bob")
    ]  # fmt: skip
    outputs = [w.communicate() for w in writers]
    assert [out.split(" ", 1)[0] for out, _ in outputs] == ["0", "0"], outputs
    with Project.open(path) as project:
        assert project.counts()["codings"] == 300


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder others can enter (pytest's tmp_path is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-shared-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def as_nobody(*args: str | Path) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user")
    return subprocess.run([*NOBODY, *ANNOTATOR, *map(str, args)], capture_output=True, text=True,
                          cwd="/")  # fmt: skip


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_project_opens_read_only(shared_folder: Path, what: str) -> None:
    path = shared_folder / "p.annotator"
    make_project(path)
    path.chmod(0o444 if what == "file" else 0o644)
    if what == "folder":
        shared_folder.chmod(0o555)
    info = as_nobody("info", path)
    assert info.returncode == 0, info.stderr
    assert "documents:  1" in info.stdout
    write = as_nobody("codes", "add", path, "B")
    assert write.returncode == 1
    assert "read-only" in write.stderr
    assert "Traceback" not in write.stderr
    shared_folder.chmod(0o755)
    with Project.open(path) as project:
        assert [c.path for c in project.codes.all()] == ["A"]


def test_a_colleagues_read_leaves_nothing_that_blocks_the_owner(shared_folder: Path) -> None:
    """A colleague who may only read the project leaves no -shm the owner cannot write.

    The owner is user 1000 (file 0644), the colleague user 65534, in a shared folder. Their
    read-only open is immutable while the project is closed, so it creates no companions.
    """
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as two users")
    path = shared_folder / "p.annotator"
    make_project(path)
    os.chown(path, 1000, 1000)
    path.chmod(0o644)
    shared_folder.chmod(0o777)
    owner = ["setpriv", "--reuid", "1000", "--regid", "1000", "--clear-groups"]
    holder = subprocess.Popen(
        [*NOBODY, PYTHON, "-c",
         "import sys,time; from annotator.store import Project; p=Project.open(sys.argv[1]); "
         "p.counts(); print('open', flush=True); time.sleep(30)", str(path)],
        stdout=subprocess.PIPE, text=True, cwd="/",
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "open\n"
        assert not (shared_folder / "p.annotator-shm").exists()
        write = subprocess.run([*owner, *ANNOTATOR, "codes", "add", str(path), "Mine"],
                               capture_output=True, text=True, cwd="/")  # fmt: skip
        assert write.returncode == 0, write.stderr
    finally:
        holder.kill()
        holder.wait()
    with Project.open(path) as project:
        assert [c.path for c in project.codes.all()] == ["A", "Mine"]


@pytest.mark.parametrize("command", ["new", "demo"])
def test_killing_new_or_demo_never_leaves_a_half_project(tmp_path: Path, command: str) -> None:
    for delay in (0.3, 0.6, 0.9, 1.2):
        path = tmp_path / f"{command}-{delay}.annotator"
        child = subprocess.Popen([*ANNOTATOR, command, str(path)], stdout=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        if path.exists():  # finished before the kill: a whole project
            assert subprocess.run([*ANNOTATOR, "info", str(path)]).returncode == 0
        else:  # killed while building: the name is free
            assert subprocess.run([*ANNOTATOR, "new", str(path)]).returncode == 0
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []
