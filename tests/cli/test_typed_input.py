"""What a user types or pipes on the command line: --match text, --where conditions, | head."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli
from annotator.store import Project

SEED = "000_dc4029054c129186"
# The demo's text has no-break spaces in "to be", "with all" and "of the" (tryout F1).
SENTENCE = (
    "They [Russian forces] need to be properly integrated with all of the other efforts that "
    "are underway there."
)


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(a) for a in args])


@pytest.fixture
def demo(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "demo.annotator"
    assert run(runner, "demo", path).exit_code == 0
    return path


# -- F1: --match and white space ---------------------------------------------------------------


def test_code_match_finds_text_with_no_break_spaces_and_says_where(
    demo: Path, runner: CliRunner
) -> None:
    with Project.open(demo) as project:
        text = project.documents.text(project.documents.by_name(SEED).id)
    assert SENTENCE not in text  # what the terminal shows is not what is stored
    result = run(runner, "code", demo, "--document", SEED, "--code", "Stance/Condition set",
                 "--coder", "alice", "--match", SENTENCE, "--memo", "kept")  # fmt: skip
    assert result.exit_code == 0, result.output
    start = text.index("They [Russian forces]")
    end = start + len(SENTENCE)
    assert result.stdout == f"coding 1: [{start}, {end}) Stance/Condition set by alice\n"
    spaces = [str(start + i) for i, ch in enumerate(text[start:end]) if ch == "\u00a0"]
    assert len(spaces) == 3
    assert (
        f"matched with other white space than --match: U+00A0 NO-BREAK SPACE at {', '.join(spaces)}"
        in result.stderr
    )
    with Project.open(demo) as project:
        [coding] = project.codings.all()
        assert (coding.start, coding.end, coding.memo) == (start, end, "kept")
        assert text[coding.start : coding.end].replace("\u00a0", " ") == SENTENCE


def test_code_match_in_a_crlf_file_of_every_script(tmp_path: Path, runner: CliRunner) -> None:
    from tests.conftest import HARD_TEXT

    path = tmp_path / "hard.annotator"
    source = tmp_path / "hard.txt"
    source.write_bytes(HARD_TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert run(runner, "new", path).exit_code == 0
    assert run(runner, "import", path, source).exit_code == 0
    assert run(runner, "codes", "add", path, "Q").exit_code == 0
    for typed, stored in [
        ("cafe\u0301 at noon.\r\nقال", "cafe\u0301 at noon.\nقال"),  # combining mark, CRLF, RTL
        ("сотрудничеству. Конец.", "сотрудничеству.\u00a0Конец."),  # Cyrillic, NBSP
        ("👩\u200d👩\u200d👧 arrived", "👩\u200d👩\u200d👧 arrived"),  # a ZWJ family: 5 points
        ("שלום עולם.", "שלום עולם."),
    ]:
        result = run(runner, "code", path, "--document", "hard", "--code", "Q", "--coder", "a",
                     "--match", typed)  # fmt: skip
        assert result.exit_code == 0, result.output
        start = HARD_TEXT.index(stored)
        assert f"[{start}, {start + len(stored)})" in result.stdout
    rows = json.loads(run(runner, "segments", path, "--format", "json").stdout)
    texts = {row["text"] for row in rows}
    assert "сотрудничеству.\u00a0Конец." in texts
    assert "cafe\u0301 at noon.\nقال" in texts


def test_a_failed_match_says_how_text_is_matched(demo: Path, runner: CliRunner) -> None:
    result = run(runner, "code", demo, "--document", SEED, "--code", "Actors/Russia",
                 "--coder", "alice", "--match", "russian military")  # fmt: skip
    assert result.exit_code == 1
    assert "occurs 0 times" in result.stderr
    assert "any white space matches any white space" in result.stderr
    assert "in other upper or lower case it occurs" in result.stderr


# -- F10: one --where grammar ------------------------------------------------------------------


@pytest.mark.parametrize("command", [["segments"], ["frequencies"], ["cooccurrence"]])
def test_every_where_accepts_the_comparisons_agreement_accepts(
    demo: Path, runner: CliRunner, command: list[str]
) -> None:
    for coder, document in (("alice", SEED), ("alice", "002_1243f50a687903e2")):
        assert run(runner, "code", demo, "--document", document, "--code", "Actors/Russia",
                   "--coder", coder, "--start", "0", "--end", "5").exit_code == 0  # fmt: skip
    # The demo's dates: 000 is 2015-09-30, 002 is 2017-09-22.
    early = run(runner, *command, demo, "--where", "date<2016", "--format", "csv")
    assert early.exit_code == 0, early.output
    assert SEED in early.stdout or command != ["segments"]
    assert "002_1243f50a687903e2" not in early.stdout
    late = run(runner, *command, demo, "--where", "date >= 2016-01", "--format", "csv")
    assert late.exit_code == 0, late.output
    assert SEED not in late.stdout
    bad = run(runner, *command, demo, "--where", "date")
    assert bad.exit_code == 1
    assert "--where needs ATTRIBUTE=VALUE (or !=, <, <=, >, >=, ~)" in bad.stderr


def test_segments_where_reads_dates_and_case_as_export_does(
    demo: Path, runner: CliRunner, tmp_path: Path
) -> None:
    assert run(runner, "code", demo, "--document", SEED, "--code", "Actors/Russia", "--coder",
               "alice", "--start", "0", "--end", "5").exit_code == 0  # fmt: skip
    for where in ("date=2015-09-30", "outlet=sputnik", "outlet~putn", "date<2015-10"):
        segments = json.loads(run(runner, "segments", demo, "--where", where,
                                  "--format", "json").stdout)  # fmt: skip
        exported = run(runner, "export", demo, "--csv", "-", "--where", where).stdout
        assert [row["document"] for row in segments] == [SEED], where
        assert exported.count(SEED) == 1, where


# -- F20: a reader that goes away --------------------------------------------------------------


def test_output_into_a_closed_pipe_ends_quietly(demo: Path) -> None:
    """``annotator info PROJECT | head -0``: no "Error: Broken pipe", no traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "info", str(demo)],
            stdout=write_end, stderr=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 1
