"""The CLI in a blind coder copy reads the copy's coder's codings only (tryout2 N4).

The copy holds bob's and alice's codings (``copy-for --blind`` without
``--without-other-coders``); every command that reads codings limits itself to carol, the
copy's coder, with a note on standard error, and agreement (which only compares coders) and
the adjudication trail are refused there. The lead's project is not limited.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli, main  # noqa: F401  (main registers the commands)
from annotator.store import Project
from annotator.store.bulk import build_demo
from annotator.store.coder_copy import copy_for

SEED = "000_dc4029054c129186"


def code(project: Project, code_path: str, coder: str, needle: str) -> None:
    doc = project.documents.by_name(SEED)
    start = project.documents.text(doc.id).index(needle)
    project.codings.add(doc.id, project.codes.by_path(code_path).id,
                        project.coders.ensure(coder).id, start, start + len(needle))  # fmt: skip


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    path = tmp_path / "lead.annotator"
    with Project.create(path) as project:
        build_demo(project)
        code(project, "Actors/Russia", "bob", "Russian military")
        code(project, "Actors/United States", "bob", "White House")
        code(project, "Actors/Russia", "alice", "Russian military operations")
    return path


@pytest.fixture
def carol(lead: Path, tmp_path: Path) -> Path:
    out = tmp_path / "carol.annotator"
    with Project.open(lead) as project:
        copy_for(project, "carol", out, blind=True, made_by="Lena")
    with Project.open(out) as copy:
        code(copy, "Actors/Russia", "carol", "Kremlin")
    return out


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


NOTE = "carol.annotator is a blind coder copy for carol: only carol's codings are read"


def test_export_in_a_blind_copy_writes_the_coders_own(carol: Path) -> None:
    result = run("export", str(carol), "--csv", "-")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["coder"], r["text"]) for r in rows] == [("carol", "Kremlin")]
    assert NOTE in result.stderr
    asked = run("export", str(carol), "--csv", "-", "--coder", "bob", "--coder", "Carol")
    assert [r["coder"] for r in csv.DictReader(io.StringIO(asked.stdout))] == ["carol"]
    assert "(not bob)" in asked.stderr
    # Only another coder asked for: refused, nothing written (not carol's rows under bob's name).
    out = carol.parent / "bob.csv"
    refused = run("export", str(carol), "--csv", str(out), "--coder", "bob")
    assert refused.exit_code == 1
    assert "bob's codings are not shown here (only carol's)" in refused.output
    assert not out.exists()


def test_export_qdpx_in_a_blind_copy_holds_the_coders_own(carol: Path, tmp_path: Path) -> None:
    out = tmp_path / "carol.qdpx"
    result = run("export", str(carol), "--qdpx", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote 1 coding" in result.stdout
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("project.qde").decode("utf-8")
    assert 'name="bob"' not in xml
    assert xml.count("<Coding ") == 1


def test_segments_tables_report_and_documents_read_the_coders_own(
    carol: Path, tmp_path: Path
) -> None:
    segments = run("segments", str(carol), "--format", "csv")
    assert segments.exit_code == 0, segments.output
    assert {r["coder"] for r in csv.DictReader(io.StringIO(segments.stdout))} == {"carol"}
    assert NOTE in segments.stderr
    frequencies = run("frequencies", str(carol), "--by", "coder", "--format", "csv")
    assert frequencies.exit_code == 0, frequencies.output
    header = next(csv.reader(io.StringIO(frequencies.stdout)))
    assert "carol" in header
    assert "bob" not in header
    cooccurrence = run("cooccurrence", str(carol), "--format", "csv")
    assert cooccurrence.exit_code == 0, cooccurrence.output
    table = {r["code"]: r for r in csv.DictReader(io.StringIO(cooccurrence.stdout))}
    assert table["Actors/United States"]["Actors/United States"] == "0"  # bob's only
    assert table["Actors/Russia"]["Actors/Russia"] == "1"  # carol's Kremlin
    out = tmp_path / "report.html"
    report = run("report", str(carol), "--html", str(out))
    assert report.exit_code == 0, report.output
    html = out.read_text(encoding="utf-8")
    assert "(carol)" in html
    assert "(bob)" not in html
    documents = run("documents", str(carol), "--format", "csv")
    counts = {r["name"]: r["codings"] for r in csv.DictReader(io.StringIO(documents.stdout))}
    assert counts[SEED] == "1"  # not 4


def test_agreement_and_the_adjudication_trail_are_refused_in_a_blind_copy(
    carol: Path, tmp_path: Path
) -> None:
    agreement = run("agreement", str(carol))
    assert agreement.exit_code != 0
    assert "blind coder copy for carol: agreement belongs to the lead's project" in (
        agreement.output
    )
    trail = run("export", str(carol), "--adjudications-csv", str(tmp_path / "a.csv"))
    assert trail.exit_code != 0
    assert not (tmp_path / "a.csv").exists()


def test_the_lead_project_exports_everyone(lead: Path, carol: Path) -> None:
    result = run("export", str(lead), "--csv", "-")
    assert result.exit_code == 0
    coders = {r["coder"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert coders == {"alice", "bob"}
    assert "blind coder copy" not in result.stderr
