"""copy-for and merge on the command line: summary lines, JSON, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from annotator.cli import cli, main  # noqa: F401  (main registers the commands)
from tests.conftest import HARD_TEXT


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def make_lead(tmp_path: Path, runner: CliRunner) -> Path:
    lead = tmp_path / "lead.annotator"
    run(runner, "new", lead)
    source = tmp_path / "hard.txt"
    source.write_bytes(HARD_TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert run(runner, "import", lead, source).exit_code == 0
    run(runner, "codes", "add", lead, "Tone")
    return lead


def test_copy_code_and_merge_from_the_command_line(tmp_path: Path, runner: CliRunner) -> None:
    lead = make_lead(tmp_path, runner)
    copy = tmp_path / "alice.annotator"
    result = run(runner, "copy-for", lead, "--coder", "alice", "--out", copy, "--blind")
    assert result.exit_code == 0, result.output
    assert "for alice: 1 document," in result.output
    coded = run(runner, "code", copy, "--document", "hard", "--code", "Tone", "--coder",
                "alice", "--match", "😀")  # fmt: skip
    assert coded.exit_code == 0, coded.output
    preview = run(runner, "merge", lead, copy, "--dry-run")
    assert "would merge alice.annotator" in preview.output
    assert "codings:       1 added, 0 already present, 0 conflicts" in preview.output
    result = run(runner, "merge", lead, copy, "--format", "json")
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert report["counts"]["codings"] == {
        "added": 1, "already_present": 0, "updated": 0, "withdrawn": 0, "conflicts": 0,
    }  # fmt: skip
    again = json.loads(run(runner, "merge", lead, copy, "--format", "json").output)
    assert again[0]["counts"]["codings"]["already_present"] == 1
    assert again[0]["counts"]["codings"]["added"] == 0


def test_merge_refuses_what_is_not_a_project(tmp_path: Path, runner: CliRunner) -> None:
    lead = make_lead(tmp_path, runner)
    bogus = tmp_path / "bogus.annotator"
    bogus.write_bytes(b"not sqlite")
    result = runner.invoke(cli, ["merge", str(lead), str(bogus)])
    assert result.exit_code == 1
    assert "not an Annotator project" in result.output
    assert "Traceback" not in result.output


def test_import_and_export_qdpx_from_the_command_line(tmp_path: Path, runner: CliRunner) -> None:
    from tests.core.test_qdpx_read import NVIVO, hostile

    project = tmp_path / "nv.annotator"
    result = run(runner, "import-qdpx", project, NVIVO)
    assert result.exit_code == 0, result.output
    assert "positions read as UTF-16 code units" in result.output
    assert "codings:       97 added" in result.output
    out = tmp_path / "out.qdpx"
    result = run(runner, "export", project, "--qdpx", out, "--offsets", "utf16")
    assert result.exit_code == 0, result.output
    assert "wrote 97 codings" in result.output
    again = run(runner, "import-qdpx", project, out, "--format", "json")
    assert json.loads(again.output)[0]["counts"]["codings"]["already_present"] == 97
    bad = runner.invoke(cli, ["import-qdpx", str(project), str(hostile(tmp_path, "escape"))])
    assert bad.exit_code == 1
    assert "points outside the archive" in bad.output
    assert len(bad.output.strip().splitlines()) == 1


def test_unsupported_sources_are_named(tmp_path: Path, runner: CliRunner) -> None:
    from tests.core.test_qdpx_read import make_qdpx, qualcoder_like

    qde, files = qualcoder_like()
    archive = make_qdpx(tmp_path / "q.qdpx", qde, files)
    result = run(runner, "import-qdpx", tmp_path / "q.annotator", archive)
    assert result.exit_code == 0, result.output
    assert "not imported: 'scan.pdf' (PDF source, 1 codings)" in result.output


def coded_by(runner: CliRunner, project: Path, code: str) -> dict[str, int]:
    """Characters each coder coded with ``code``, pooled, as ``agreement`` reports them."""
    result = run(runner, "agreement", project, "--code", code, "--format", "json")
    assert result.exit_code == 0, result.output
    [pooled] = [r for r in json.loads(result.output) if r["document"] is None and r["code"]]
    return dict(pooled["coded_by"])


def test_a_coding_uncoded_in_the_copy_leaves_the_agreement_after_the_next_merge(
    tmp_path: Path, runner: CliRunner
) -> None:
    lead = make_lead(tmp_path, runner)
    run(runner, "codes", "add", lead, "Stance")
    copy = tmp_path / "bob copy.annotator"
    assert run(runner, "copy-for", lead, "--coder", "Bob Müller", "--out", copy).exit_code == 0
    run(runner, "code", lead, "--document", "hard", "--code", "Tone", "--coder", "lena",
        "--start", "0", "--end", "10")  # fmt: skip
    for code_path, start, end in (("Tone", "0", "10"), ("Tone", "20", "30")):
        result = run(runner, "code", copy, "--document", "hard", "--code", code_path,
                     "--coder", "Bob Müller", "--start", start, "--end", end)  # fmt: skip
        assert result.exit_code == 0, result.output
    assert "codings:       2 added" in run(runner, "merge", lead, copy).output
    assert coded_by(runner, lead, "Tone")["Bob Müller"] == 20
    # Bob takes one back and codes that passage with another code instead.
    result = run(runner, "uncode", copy, "--document", "hard", "--code", "Tone",
                 "--coder", "Bob Müller", "--start", "20", "--end", "30")  # fmt: skip
    assert result.exit_code == 0, result.output
    run(runner, "code", copy, "--document", "hard", "--code", "Stance",
        "--coder", "Bob Müller", "--start", "20", "--end", "35")  # fmt: skip
    preview = run(runner, "merge", lead, copy, "--dry-run", "--format", "json")
    assert json.loads(preview.output)[0]["counts"]["codings"]["withdrawn"] == 1
    result = run(runner, "merge", lead, copy)
    assert result.exit_code == 0, result.output
    assert "codings:       1 added, 1 already present, 1 withdrawn, 0 conflicts" in result.output
    assert coded_by(runner, lead, "Tone") == {"lena": 10, "Bob Müller": 10}
    assert coded_by(runner, lead, "Stance")["Bob Müller"] == 15
    again = run(runner, "merge", lead, copy)
    assert "codings:       0 added, 2 already present, 0 conflicts" in again.output


def test_merge_refuses_the_project_itself_and_points_qdpx_to_import(
    tmp_path: Path, runner: CliRunner
) -> None:
    lead = make_lead(tmp_path, runner)
    result = runner.invoke(cli, ["merge", str(lead), str(lead)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: lead.annotator is the project merged into (lead.annotator); nothing to merge"
    ]
    qdpx = tmp_path / "lead.qdpx"
    assert run(runner, "export", lead, "--qdpx", qdpx).exit_code == 0
    result = runner.invoke(cli, ["merge", str(lead), str(qdpx)])
    assert result.exit_code == 1
    assert "use import-qdpx for REFI-QDA files" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_deleted_documents_and_two_copies_for_one_name_on_the_command_line(
    tmp_path: Path, runner: CliRunner
) -> None:
    lead = make_lead(tmp_path, runner)
    second = tmp_path / "second.txt"
    second.write_text("Another text, short.", encoding="utf-8")
    run(runner, "import", lead, second)
    one, two = tmp_path / "one.annotator", tmp_path / "two.annotator"
    for copy in (one, two):
        run(runner, "copy-for", lead, "--coder", "coder", "--out", copy)
        run(runner, "code", copy, "--document", "second", "--code", "Tone", "--coder", "coder",
            "--start", "0", "--end", "7" if copy == one else "8")  # fmt: skip
    assert run(runner, "document", "delete", lead, "second", "--yes").exit_code == 0
    result = run(runner, "merge", lead, one, two)
    assert result.exit_code == 0, result.output
    assert "1 document deleted in this project, not brought back: 'second'" in result.output
    assert "documents:     0 added" in result.output
    reports = json.loads(run(runner, "merge", lead, one, two, "--format", "json").output)
    assert reports[0]["deleted_here_not_brought_back"] == ["second"]
    result = run(runner, "merge", lead, one, two, "--restore-deleted")
    assert "documents:     1 added" in result.output
    assert "warning: copy two.annotator for coder 'coder' is a different copy" in result.output
    assert "two people coding as 'coder'?" in result.output
