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
    assert "for alice: 1 documents" in result.output
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
