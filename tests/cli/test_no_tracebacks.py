"""Hostile or extreme input gives a one-line message, never a traceback or a hang (issue 9)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.store import Project
from annotator.store.bulk import build_demo


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.annotator"
    Project.create(path, build_demo).close()
    return path


def refused(runner: CliRunner, *args: object) -> str:
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.output


def first_document(path: Path) -> str:
    with Project.open(path) as project:
        return project.documents.all()[0].name


@pytest.mark.parametrize("command", ["uncode", "code"])
def test_huge_offsets_are_refused(runner: CliRunner, demo: Path, command: str) -> None:
    doc = first_document(demo)
    out = refused(runner, command, demo, "--document", doc, "--code", "Stance", "--coder",
                  "alice", "--start", 2**70, "--end", 2**70 + 1)  # fmt: skip
    assert "2361183241434822606848" in out or "range" in out


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_import_size_limit_must_be_a_positive_number(
    runner: CliRunner, demo: Path, tmp_path: Path, value: str
) -> None:
    text = tmp_path / "a.txt"
    text.write_text("hello", encoding="utf-8")
    assert "--max-mb" in refused(runner, "import", demo, text, "--max-mb", value)


def test_a_code_path_a_thousand_levels_deep(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    Project.create(path).close()
    deep = "/".join(f"L{n}" for n in range(1000))
    added = runner.invoke(cli, ["codes", "add", str(path), deep])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, ["codes", "list", str(path), "--format", "csv"])
    assert listed.exit_code == 0, listed.output
    assert deep in listed.output
    with Project.open(path) as project:
        assert project.codes.by_path(deep).depth == 999
        assert len(project.codes.all()) == 1000
    exported = runner.invoke(cli, ["codes", "export", str(path), str(tmp_path / "deep.qdc")])
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "deep.qdc").read_bytes().count(b"<Code ") == 1000
    removed = runner.invoke(cli, ["codes", "delete", str(path), "L0", "--yes"])
    assert removed.exit_code == 0, removed.output


def test_info_on_a_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "p.annotator"
    os.mkfifo(fifo)
    # The timeout turns a hang into a failure; it measures no speed.
    result = subprocess.run([sys.executable, "-m", "annotator", "info", str(fifo)],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 1
    assert "not a regular file" in result.stderr


def test_a_refused_shortcut_creates_no_code(runner: CliRunner, demo: Path) -> None:
    with Project.open(demo) as project:
        taken = next(c.shortcut for c in project.codes.all() if c.shortcut)
    out = refused(runner, "codes", "add", demo, "Brand new", "--shortcut", taken)
    assert "already used" in out
    with Project.open(demo) as project:
        assert "Brand new" not in [c.path for c in project.codes.all()]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["plain", "utf8-bom"])
def test_nul_characters_are_refused_with_or_without_a_bom(
    runner: CliRunner, demo: Path, tmp_path: Path, bom: bytes
) -> None:
    text = tmp_path / "nul.txt"
    text.write_bytes(bom + b"some text\x00with a NUL byte inside it\n")
    assert "NUL" in refused(runner, "import", demo, text)
