"""Exports never destroy a project, keep ordinary permissions, and can go to a pipe (issue 9)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from annotator.store import Project
from annotator.store.bulk import build_demo

ANNOTATOR = [sys.executable, "-m", "annotator"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ANNOTATOR, *map(str, args)], capture_output=True, text=True)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.annotator"
    Project.create(path, build_demo).close()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("option", ["--csv", "--codebook-csv", "--adjudications-csv", "--qdpx"])
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_over_the_project_is_refused(demo: Path, option: str, suffix: str) -> None:
    before = digest(demo)
    result = run("export", demo, option, f"{demo}{suffix}")
    assert result.returncode == 1
    assert "itself" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(demo) == before
    assert sorted(p.name for p in demo.parent.iterdir()) == ["demo.annotator"]


def test_codes_export_over_the_project_is_refused(demo: Path) -> None:
    before = digest(demo)
    result = run("codes", "export", demo, demo)
    assert result.returncode == 1
    assert "itself" in result.stderr
    assert digest(demo) == before


def test_export_over_another_sqlite_file_needs_force(demo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE keep (x)")
    conn.commit()
    conn.close()
    refused = run("export", demo, "--csv", other)
    assert refused.returncode == 1
    assert "existing SQLite database" in refused.stderr
    assert run("export", demo, "--csv", other, "--force").returncode == 0
    assert other.read_text(encoding="utf-8").startswith("coding_id,")


def test_export_gets_the_permissions_of_a_new_file(demo: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert run("export", demo, "--csv", tmp_path / "out.csv").returncode == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644


def test_export_to_standard_output(demo: Path, tmp_path: Path) -> None:
    result = run("export", demo, "--csv", "-")
    assert result.returncode == 0
    assert result.stdout.startswith("coding_id,")
    assert "wrote" in result.stderr
    assert "wrote" not in result.stdout
    assert not (tmp_path / "-").exists()


def test_export_to_a_pipe_writes_into_it(demo: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("export", demo, "--csv", fifo)
    reader.join()
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the pipe, not replaced by a file
    assert received[0].startswith(b"coding_id,")


def test_a_killed_exports_temporary_is_cleaned_up(demo: Path, tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True)  # fmt: skip
    stale = tmp_path / f".out.csv.{int(gone.stdout)}.abcd1234.tmp"
    stale.write_text("half an export")
    assert run("export", demo, "--csv", tmp_path / "out.csv").returncode == 0
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.annotator", "out.csv"]
