"""A copy without the other coders leaves document memos out (tryout3 P1).

Document memos carry no author: one coder's notes ("Accusation throughout, see para 3") would
reach the next coder unattributed. Code memos, the lead's codebook definitions, stay. Merging
such a copy back neither deletes nor conflicts with the lead's document memos.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli, main  # noqa: F401  (main registers the commands)
from annotator.store import Project
from annotator.store.bulk import build_demo
from annotator.store.coder_copy import copy_for
from annotator.store.merge import merge_files

SEED = "000_dc4029054c129186"
OTHER = "001_307fc1a73f51a9d5"


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    """A project with two document memos (one alice's, merged in) and a code memo."""
    path = tmp_path / "lead.annotator"
    with Project.create(path) as project:
        build_demo(project)
        seed = project.documents.by_name(SEED).id
        other = project.documents.by_name(OTHER).id
        project.memos.set("document", seed, "Doc memo by alice: boilerplate heavy")
        project.memos.set("document", other, "Lead: check the date")
        russia = project.codes.by_path("Actors/Russia").id
        project.memos.set("code", russia, "Any mention of the Russian state")
        doc = project.documents.text(seed).index("Russian military")
        project.codings.add(seed, russia, project.coders.ensure("alice").id, doc, doc + 7)
    return path


def memos(path: Path) -> list[str]:
    with Project.open(path) as project:
        return sorted(str(t) for (t,) in project.db.execute("SELECT text FROM document_memos"))


def code_memos(path: Path) -> list[str]:
    with Project.open(path) as project:
        return [str(t) for (t,) in project.db.execute("SELECT text FROM code_memos")]


def test_a_copy_without_the_others_leaves_document_memos_out(lead: Path, tmp_path: Path) -> None:
    out = tmp_path / "dave.annotator"
    with Project.open(lead) as project:
        made = copy_for(project, "dave", out, blind=True, without_other_coders=True)
    assert made.removed_document_memos == 2
    assert made.memo_note == "2 document memos left out: they carry no author"
    assert memos(out) == []
    assert code_memos(out) == ["Any mention of the Russian state"]
    # The freed pages are vacuumed: the memo cannot be read back from the file.
    assert b"boilerplate heavy" not in out.read_bytes()
    assert len(memos(lead)) == 2  # the lead's project keeps them


def test_a_copy_with_the_others_keeps_document_memos_unless_blind(
    lead: Path, tmp_path: Path
) -> None:
    out = tmp_path / "carol.annotator"
    with Project.open(lead) as project:
        made = copy_for(project, "carol", out)
    assert made.removed_document_memos == 0
    assert made.memo_note == ""
    assert len(memos(out)) == 2
    # Blind, even with the others' codings kept in the file: no one's notes (tryout4 Q3).
    blind = tmp_path / "erin.annotator"
    with Project.open(lead) as project:
        made = copy_for(project, "erin", blind, blind=True)
    assert made.memo_note == "2 document memos left out: they carry no author"
    assert memos(blind) == []
    assert b"boilerplate heavy" not in blind.read_bytes()


def test_merging_such_a_copy_back_keeps_the_leads_document_memos(
    lead: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dave.annotator"
    with Project.open(lead) as project:
        copy_for(project, "dave", out, blind=True, without_other_coders=True)
    with Project.open(out) as copy:
        other = copy.documents.by_name(OTHER).id
        copy.memos.set("document", other, "dave: second paragraph is a quote")
        third = copy.documents.all()[2].id
        copy.memos.set("document", third, "dave: short")
    with Project.open(lead) as project:
        (report,) = merge_files(project, [out])
    memo_count = report.counts["memos"]
    assert memo_count.added == 1  # dave's memo where the lead had none
    # No conflict for the memos the copy does not hold; dave's differing one is reported.
    conflicts = [c for c in report.conflicts if "memo" in str(c)]
    assert len(conflicts) == 1
    assert OTHER in conflicts[0]
    assert memos(lead) == [
        "Doc memo by alice: boilerplate heavy", "Lead: check the date", "dave: short",
    ]  # fmt: skip


def test_copy_for_says_how_many_document_memos_were_left_out(lead: Path, tmp_path: Path) -> None:
    out = tmp_path / "dave.annotator"
    result = CliRunner().invoke(
        cli, ["copy-for", str(lead), "--coder", "dave", "--out", str(out), "--blind",
              "--without-other-coders"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 document memos left out: they carry no author" in result.stdout
    kept = CliRunner().invoke(
        cli, ["copy-for", str(lead), "--coder", "erin", "--out", str(tmp_path / "e.annotator")]
    )
    assert kept.exit_code == 0, kept.output
    assert "document memo" not in kept.output
