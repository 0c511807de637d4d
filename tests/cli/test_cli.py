"""The command line as scripts use it: real project files, real output, exit statuses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli, coding_cmds, export_cmds, main, project_cmds  # noqa: F401  (main registers the commands)  # noqa: F401
from annotator.core.coded_csv import CODING_COLUMNS
from annotator.store.exports import SOURCE_COLUMNS
from tests.conftest import HARD_TEXT

SEED = "000_dc4029054c129186"


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def demo(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "p.annotator"
    assert run(runner, "demo", path).exit_code == 0
    return path


@pytest.fixture
def hard(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "hard.annotator"
    run(runner, "new", path)
    source = tmp_path / "hard.txt"
    source.write_bytes(HARD_TEXT.replace("\n", "\r\n").encode("utf-8"))
    result = run(runner, "import", path, source)
    assert result.exit_code == 0, result.output
    run(runner, "codes", "add", path, "Stance/Cooperation offered")
    return path


def test_demo_and_info(demo: Path, runner: CliRunner) -> None:
    result = run(runner, "info", demo)
    assert result.exit_code == 0
    assert "documents:  5" in result.output
    assert "codes:      22" in result.output
    (schema,) = [line for line in result.output.splitlines() if line.startswith("schema:")]
    names = schema.removeprefix("schema:").strip().split(", ")
    assert names == sorted(names)
    assert "0007_review_round_two" in names


def test_documents_formats(demo: Path, runner: CliRunner) -> None:
    rows = json.loads(run(runner, "documents", demo, "--format", "json").output)
    assert [r["name"] for r in rows][0] == SEED
    assert set(rows[0]) == {
        "name",
        "id",
        "sha256",
        "characters",
        "encoding",
        "line_endings",
        "codings",
        "title",
        "format",
    }
    table = run(runner, "documents", demo).output
    assert SEED in table
    assert "sha256" in table
    parsed = list(
        csv.DictReader(io.StringIO(run(runner, "documents", demo, "--format", "csv").output))
    )
    assert len(parsed) == 5


def test_text_is_exact(hard: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["text", str(hard), "--document", "hard"])
    assert result.stdout_bytes == HARD_TEXT.encode("utf-8")


@pytest.mark.parametrize(
    "needle", ["agreed", "👩\u200d👩\u200d👧", "cafe\u0301", "روسيا", "Россия"]
)
def test_code_by_match_exports_exact_text(
    hard: Path, runner: CliRunner, tmp_path: Path, needle: str
) -> None:
    result = run(
        runner,
        "code",
        hard,
        "--document",
        "hard",
        "--code",
        "Stance/Cooperation offered",
        "--coder",
        "alice",
        "--match",
        needle,
        "--memo",
        "=cmd",
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.csv"
    assert run(runner, "export", hard, "--csv", out).exit_code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == (*CODING_COLUMNS, *SOURCE_COLUMNS)
        [row] = list(reader)
    start, end = int(row["start"]), int(row["end"])
    assert HARD_TEXT[start:end] == needle == row["text"]
    assert row["code"] == "Cooperation offered"
    assert row["code_path"] == "Stance/Cooperation offered"
    assert row["memo"] == "=cmd"
    assert row["created_at"].endswith("Z")
    assert "T" in row["created_at"]


def test_excel_export_escapes_formulas(hard: Path, runner: CliRunner, tmp_path: Path) -> None:
    run(
        runner,
        "code",
        hard,
        "--document",
        "hard",
        "--code",
        "Stance/Cooperation offered",
        "--coder",
        "alice",
        "--start",
        "0",
        "--end",
        "4",
        "--memo",
        '=HYPERLINK("x")',
    )
    out = tmp_path / "excel.csv"
    assert run(runner, "export", hard, "--csv", out, "--excel").exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert "'=HYPERLINK" in data.decode("utf-8-sig")


def test_export_order_filters_and_attribute_columns(
    demo: Path, runner: CliRunner, tmp_path: Path
) -> None:
    for coder, code, match in [
        ("bob", "Actors/Russia", "Russian"),
        ("alice", "Actors/Russia", "Russian"),
        ("alice", "Stance/Accusation", "alleged"),
        ("alice", "Actors/ISIL", "ISIL"),
    ]:
        result = run(
            runner,
            "code",
            demo,
            "--document",
            SEED,
            "--code",
            code,
            "--coder",
            coder,
            "--match",
            match,
        )
        assert result.exit_code == 0, result.output
    out = tmp_path / "all.csv"
    run(runner, "export", demo, "--csv", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    keys = [
        (r["document"], int(r["start"]), int(r["end"]), r["code_path"], r["coder"]) for r in rows
    ]
    assert keys == sorted(keys)
    assert [r["coder"] for r in rows if r["code_path"] == "Actors/Russia"] == ["alice", "bob"]
    only = tmp_path / "only.csv"
    run(runner, "export", demo, "--csv", only, "--coder", "alice", "--code", "Actors")
    assert {(r["coder"], r["code_path"]) for r in csv.DictReader(only.open(encoding="utf-8"))} == {
        ("alice", "Actors/Russia"),
        ("alice", "Actors/ISIL"),
    }


def test_codebook_csv_export(demo: Path, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "codebook.csv"
    assert run(runner, "export", demo, "--codebook-csv", out).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == [
        "code_path",
        "code",
        "parent_path",
        "color",
        "description",
        "shortcut",
        "codings",
    ]
    russia = next(r for r in rows if r["code_path"] == "Actors/Russia")
    assert (russia["code"], russia["parent_path"], russia["shortcut"]) == ("Russia", "Actors", "1")


def test_import_codings_round_trip_and_rejection(
    demo: Path, runner: CliRunner, tmp_path: Path
) -> None:
    run(
        runner,
        "code",
        demo,
        "--document",
        SEED,
        "--code",
        "Actors/Russia",
        "--coder",
        "alice",
        "--match",
        "Russian",
        "--memo",
        "multi\nline",
    )
    exported = tmp_path / "codings.csv"
    run(runner, "export", demo, "--csv", exported)
    fresh = tmp_path / "fresh.annotator"
    run(runner, "new", fresh)
    run(runner, "import", fresh, Path(__file__).resolve().parents[2] / "seeds")
    result = run(runner, "import-codings", fresh, exported)
    assert result.exit_code == 0, result.output
    assert "1 coding imported" in result.output
    assert "2 codes" in result.output
    again = tmp_path / "again.csv"
    run(runner, "export", fresh, "--csv", again)
    first = list(csv.DictReader(exported.open(encoding="utf-8")))
    second = list(csv.DictReader(again.open(encoding="utf-8")))
    strip = ("coding_id", "document_id", "created_at")
    # The codings round-trip; titles and attributes are the demo's, not the fresh project's.
    kept = [c for c in CODING_COLUMNS if c not in strip]
    assert [{k: r[k] for k in kept} for r in first] == [{k: r[k] for k in kept} for r in second]
    assert second[0]["memo"] == "multi\nline"
    assert (
        "0 codings imported, 1 already present"
        in run(runner, "import-codings", fresh, exported).output
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "document,code_path,coder,start,end,text\n"
        f"{SEED},New/Code,carol,0,5,WRONG\n"
        f"{SEED},New/Code,carol,5,2,\n"
        f"nosuchdoc,New/Code,carol,0,1,\n"
        f"{SEED},New/Code,carol,0,3,\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["import-codings", str(fresh), str(bad)])
    assert result.exit_code == 1
    assert "row 2" in result.output
    assert "row 3" in result.output
    assert "row 4" in result.output
    assert "row 5" not in result.output
    assert "New" not in run(runner, "codes", "list", fresh).output


def test_uncode(demo: Path, runner: CliRunner) -> None:
    out = run(
        runner,
        "code",
        demo,
        "--document",
        SEED,
        "--code",
        "Actors/Russia",
        "--coder",
        "alice",
        "--start",
        "10",
        "--end",
        "20",
    ).stdout
    assert out.startswith("coding ")
    result = run(
        runner,
        "uncode",
        demo,
        "--document",
        SEED,
        "--code",
        "Actors/Russia",
        "--coder",
        "alice",
        "--start",
        "10",
        "--end",
        "20",
    )
    assert result.exit_code == 0
    assert "codings:    0" in run(runner, "info", demo).output


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["info", "{tmp}/missing.annotator"], 1, "no such project file"),
        (["info", "{tmp}/text.annotator"], 1, "not an Annotator project"),
        (
            [
                "code",
                "{demo}",
                "--document",
                SEED,
                "--code",
                "Actors/Russia",
                "--coder",
                "a",
                "--start",
                "0",
                "--end",
                "999999",
            ],
            1,
            "beyond the end",
        ),
        (
            [
                "code",
                "{demo}",
                "--document",
                SEED,
                "--code",
                "Nope",
                "--coder",
                "a",
                "--start",
                "0",
                "--end",
                "3",
            ],
            1,
            "no code 'Nope'",
        ),
        (
            [
                "code",
                "{demo}",
                "--document",
                "nodoc",
                "--code",
                "Actors",
                "--coder",
                "a",
                "--match",
                "x",
            ],
            1,
            "no document",
        ),
        (
            [
                "code",
                "{demo}",
                "--document",
                SEED,
                "--code",
                "Actors",
                "--coder",
                "a",
                "--match",
                "zzzqqq",
            ],
            1,
            "occurs 0 times",
        ),
        (
            ["code", "{demo}", "--document", SEED, "--code", "Actors", "--coder", "a"],
            2,
            "either --start and --end, or --match",
        ),
        (["export", "{demo}"], 2, "say what to export"),
        (["new", "{demo}"], 1, "already exists"),
        (["codes", "add", "{demo}", "Actors/Russia"], 1, "already exists"),
        (["text", "{demo}", "--document", "nodoc"], 1, "no document named"),
        (["import-codings", "{demo}", "{tmp}/text.annotator"], 1, "missing column"),
        (
            [
                "uncode",
                "{demo}",
                "--document",
                SEED,
                "--code",
                "Actors",
                "--coder",
                "nobody",
                "--start",
                "0",
                "--end",
                "1",
            ],
            1,
            "no coder",
        ),
        (["frobnicate"], 2, "No such command"),
    ],
)
def test_errors_exit_non_zero_without_traceback(
    demo: Path, runner: CliRunner, tmp_path: Path, args: list[str], status: int, message: str
) -> None:
    (tmp_path / "text.annotator").write_text("hello")
    argv = [a.format(tmp=tmp_path, demo=demo) for a in args]
    result = runner.invoke(cli, argv)
    assert result.exit_code == status, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_import_refusals_exit_1_but_keep_good_files(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "p.annotator"
    run(runner, "new", path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("fine text")
    (tmp_path / "in" / "nul.txt").write_bytes(b"\x00\x00\x00")
    result = runner.invoke(cli, ["import", str(path), str(tmp_path / "in")])
    assert result.exit_code == 1
    assert "1 imported, 1 refused" in result.output
    assert "binary" in result.output
    assert "ok" in run(runner, "documents", path).output


def test_python_dash_m_and_script_entry_point(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "annotator", "info", str(tmp_path / "missing.annotator")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"Error: {tmp_path / 'missing.annotator'}: no such project file"


def test_code_by_match_finds_the_other_unicode_form(hard: Path, runner: CliRunner) -> None:
    """Typed "café" (é composed) codes the document's "cafe" + U+0301, and says where it is."""
    assert "cafe\u0301" in HARD_TEXT
    result = run(runner, "code", hard, "--document", "hard", "--code", "Stance/Cooperation offered",
                 "--coder", "alice", "--match", "caf\u00e9")  # fmt: skip
    assert result.exit_code == 0, result.output
    start = HARD_TEXT.index("cafe\u0301")
    assert f"[{start}, {start + 5})" in result.output


def test_import_codings_says_when_consensus_codings_come_without_their_records(
    hard: Path, runner: CliRunner, tmp_path: Path
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "document,code_path,coder,start,end\n"
        "hard,Stance/Cooperation offered,Consensus,0,4\n"
        "hard,Stance/Cooperation offered,alice,0,4\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["import-codings", str(hard), str(rows)])
    assert result.exit_code == 0, result.output
    assert "2 codings imported" in result.stdout
    assert "note: 1 consensus coding imported without adjudication records" in result.stderr
    again = runner.invoke(cli, ["import-codings", str(hard), str(rows)])
    assert "consensus" not in again.stderr  # nothing new: nothing to say
