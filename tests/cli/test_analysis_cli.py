"""The analysis commands as scripts use them: segments and queries in every output format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli, main  # noqa: F401  (main registers the commands)
from annotator.core.segments import SEGMENT_COLUMNS
from tests.conftest import HARD_TEXT


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def coded(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "hard.annotator"
    run(runner, "new", path)
    source = tmp_path / "hard.txt"
    source.write_bytes(HARD_TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert run(runner, "import", path, source).exit_code == 0
    for code, coder, match in [
        ("Stance/Cooperation", "alice", "Café staff 😀"),
        ("Stance", "bob", "😀 agreed"),
        ("Actors", "alice", "Лавров"),
    ]:
        run(runner, "codes", "add", path, code)
        result = run(
            runner,
            "code",
            path,
            "--document",
            "hard",
            "--code",
            code,
            "--coder",
            coder,
            "--match",
            match,
        )
        assert result.exit_code == 0, result.output
    return path


def test_segments_of_a_code_with_children_as_json(coded: Path, runner: CliRunner) -> None:
    result = run(
        runner, "segments", coded, "--code", "Stance", "--context", "4", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["code"], r["coder"], r["text"]) for r in rows] == [
        ("Stance/Cooperation", "alice", "Café staff 😀"),
        ("Stance", "bob", "😀 agreed"),
    ]
    assert rows[1]["context_before"] == "aff "
    assert rows[1]["start"] == 11


def test_query_as_csv(coded: Path, runner: CliRunner) -> None:
    result = run(
        runner, "segments", coded, "--query", "Stance/Cooperation AND Stance@bob", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == list(SEGMENT_COLUMNS)
    assert rows[1][3:6] == ["11", "12", "😀"]


def test_query_errors_are_one_line(coded: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["segments", str(coded), "--query", "Stance AND (Actors"])
    assert result.exit_code == 1
    assert "column 12" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(cli, ["segments", str(coded), "--code", "A", "--query", "A"])
    assert result.exit_code == 2
    result = runner.invoke(cli, ["segments", str(coded), "--where", "outlet"])
    assert result.exit_code == 1
    assert "ATTRIBUTE=VALUE" in result.output


def test_segments_table(coded: Path, runner: CliRunner) -> None:
    result = run(runner, "segments", coded, "--coder", "alice")
    assert result.exit_code == 0
    assert "Лавров" in result.output
    assert "😀 agreed" not in result.output


def test_autocode_dry_run_then_apply(coded: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["autocode", str(coded), "--code", "Actors", "--coder", "carol",
                                 "--match", "Россия", "--scope", "sentence", "--dry-run",
                                 "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["text"] for r in rows] == ["Лавров заявил, что Россия готова к сотрудничеству."]
    assert "would code 1 span;" in result.stderr
    # The dry run created nothing, not even the coder.
    missing = runner.invoke(cli, ["segments", str(coded), "--coder", "carol"])
    assert "no coder named 'carol'" in missing.output
    result = runner.invoke(cli, ["autocode", str(coded), "--code", "Actors", "--coder", "carol",
                                 "--regex", r"caf\w", "--within", "Stance"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "coded 1 span;" in result.stderr
    listed = json.loads(
        run(runner, "segments", coded, "--coder", "carol", "--format", "json").stdout
    )
    assert [r["text"] for r in listed] == ["Café"]


def test_autocode_refuses_bad_input(coded: Path, runner: CliRunner) -> None:
    base = ["autocode", str(coded), "--code", "Actors", "--coder", "carol"]
    assert runner.invoke(cli, base).exit_code == 2
    assert runner.invoke(cli, [*base, "--match", "a", "--regex", "b"]).exit_code == 2
    result = runner.invoke(cli, [*base, "--regex", "caf("])
    assert result.exit_code == 1
    assert "invalid regular expression" in result.output
    result = runner.invoke(cli, [*base, "--match", "x", "--within", "Nope"])
    assert result.exit_code == 1
    assert "Nope" in result.output
