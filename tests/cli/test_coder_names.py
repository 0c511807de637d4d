"""Coder names on the command line: one rule for every command, and never the consensus coder.

A name is matched ignoring case and spacing; an unknown one is refused naming the coders
there are; a new name on ``code`` adds a coder and says so; the consensus coder's codings
come only from review (adjudication).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli
from annotator.store import Project

SEED = "000_dc4029054c129186"
OTHER = "002_1243f50a687903e2"


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(a) for a in args])


def code(runner: CliRunner, project: Path, coder: str, match: str, document: str = SEED) -> Result:
    return run(runner, "code", project, "--document", document, "--code", "Actors/Russia",
               "--coder", coder, "--match", match)  # fmt: skip


@pytest.fixture
def team(tmp_path: Path, runner: CliRunner) -> Path:
    """The demo coded by alice and "Bob Müller", who disagree on one span."""
    path = tmp_path / "lead.annotator"
    assert run(runner, "demo", path).exit_code == 0
    assert code(runner, path, "alice", "Russian military operations").exit_code == 0
    assert code(runner, path, "Bob Müller", "Russian military").exit_code == 0
    return path


def codings(path: Path) -> list[tuple[str, int, int]]:
    with Project.open(path) as project:
        names = {c.id: c.name for c in project.coders.all()}
        return sorted((names[c.coder_id], c.start, c.end) for c in project.codings.all())


# -- F12: agreement --coders -------------------------------------------------------------------


def test_agreement_matches_coder_names_as_every_command_does(team: Path, runner: CliRunner) -> None:
    exact = run(runner, "agreement", team, "--coders", "alice,Bob Müller", "--format", "json")
    assert exact.exit_code == 0, exact.output
    figures = json.loads(exact.stdout)
    assert figures[-1]["alpha_u"] is not None
    for typed in ("Alice,bob müller", "ALICE, Bob  Müller", " alice ,BOB MÜLLER"):
        other = run(runner, "agreement", team, "--coders", typed, "--format", "json")
        assert other.exit_code == 0, other.output
        assert json.loads(other.stdout) == figures  # same figures, stored names in the columns
    table = run(runner, "agreement", team, "--coders", "Alice,bob müller", "--format", "csv")
    assert "coded_by_alice" in table.stdout
    assert "coded_by_Bob Müller" in table.stdout
    assert "coded_by_Alice" not in table.stdout


@pytest.mark.parametrize("extra", [[], ["--report", "{tmp}/report.html"], ["--pooled-only"]])
def test_agreement_refuses_an_unknown_coder_naming_the_known_ones(
    team: Path, runner: CliRunner, tmp_path: Path, extra: list[str]
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in extra]
    result = run(runner, "agreement", team, "--coders", "alice,bob", *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: no coder named 'bob' (coders: Bob Müller, alice)\n"
    assert not (tmp_path / "report.html").exists()


def test_agreement_refuses_one_coder_named_twice_in_two_spellings(
    team: Path, runner: CliRunner
) -> None:
    result = run(runner, "agreement", team, "--coders", "alice,ALICE,Bob Müller")
    assert result.exit_code == 1
    assert "coder 'alice' is named more than once" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["segments", "{p}", "--coder", "nobody"],
        ["export", "{p}", "--csv", "-", "--coder", "nobody"],
        ["frequencies", "{p}", "--coder", "nobody"],
        ["cooccurrence", "{p}", "--coder", "nobody"],
        ["report", "{p}", "--html", "{tmp}/r.html", "--coder", "nobody"],
        ["segments", "{p}", "--query", "Actors/Russia@nobody"],
        ["uncode", "{p}", "--document", SEED, "--code", "Actors/Russia", "--coder", "nobody",
         "--start", "0", "--end", "1"],
    ],
)  # fmt: skip
def test_every_command_refuses_an_unknown_coder_alike(
    team: Path, runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    result = run(runner, *(a.replace("{p}", str(team)).replace("{tmp}", str(tmp_path))
                           for a in args))  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == "Error: no coder named 'nobody' (coders: Bob Müller, alice)\n"


# -- F3 / F2: a typo does not split a coder silently -------------------------------------------


def test_code_matches_an_existing_coder_and_echoes_the_stored_name(
    team: Path, runner: CliRunner
) -> None:
    result = code(runner, team, "bob  MÜLLER", "Kremlin")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(" Actors/Russia by Bob Müller\n")
    assert result.stderr == ""
    with Project.open(team) as project:
        assert [c.name for c in project.coders.all()] == ["Bob Müller", "alice"]


def test_a_new_coder_name_on_code_is_added_and_said(team: Path, runner: CliRunner) -> None:
    result = code(runner, team, "Bobby", "Kremlin")
    assert result.exit_code == 0, result.output
    assert result.stderr == "new coder 'Bobby' added\n"
    assert result.stdout.endswith(" by Bobby\n")
    again = code(runner, team, "bobby", "Russian")
    assert again.stderr == ""  # added once; the second time it is the same coder


def test_autocode_says_when_it_adds_a_coder(team: Path, runner: CliRunner) -> None:
    result = run(runner, "autocode", team, "--code", "Actors/Russia", "--coder", "robot",
                 "--match", "Kremlin")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "new coder 'robot' added" in result.stderr


def test_info_counts_in_the_singular_and_plural(team: Path, runner: CliRunner) -> None:
    assert code(runner, team, "alice", "Kremlin").exit_code == 0
    info = run(runner, "info", team).stdout
    assert "  Bob Müller: 1 coding\n" in info
    assert "  alice: 2 codings\n" in info


# -- F27: the consensus coder is written only by review ----------------------------------------


@pytest.mark.parametrize("name", ["consensus", " Consensus ", "CONSENSUS"])
def test_code_refuses_the_consensus_coder(team: Path, runner: CliRunner, name: str) -> None:
    before = codings(team)
    result = code(runner, team, name, "Kremlin")
    assert result.exit_code == 1
    assert "consensus coder" in result.stderr
    assert "through review (adjudication)" in result.stderr
    assert codings(team) == before
    with Project.open(team) as project:
        assert "consensus" not in [c.name for c in project.coders.all()]


def test_autocode_and_copy_for_refuse_the_consensus_coder(
    team: Path, runner: CliRunner, tmp_path: Path
) -> None:
    auto = run(runner, "autocode", team, "--code", "Actors/Russia", "--coder", "consensus",
               "--match", "Kremlin")  # fmt: skip
    assert auto.exit_code == 1
    assert "through review (adjudication)" in auto.stderr
    out = tmp_path / "cons.annotator"
    copy = run(runner, "copy-for", team, "--coder", "Consensus", "--out", out)
    assert copy.exit_code == 1
    assert "through review (adjudication)" in copy.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".cons.annotator*"))


def test_a_renamed_consensus_coder_is_refused_by_its_name(team: Path, runner: CliRunner) -> None:
    with Project.open(team) as project:
        project.settings.set("consensus_coder", "Gold standard")
    assert code(runner, team, "gold  STANDARD", "Kremlin").exit_code == 1
    assert code(runner, team, "consensus", "Kremlin").exit_code == 0  # an ordinary name now


def test_adjudication_still_writes_the_consensus_with_its_record(
    team: Path, runner: CliRunner
) -> None:
    with Project.open(team) as project:
        doc = project.documents.by_name(SEED)
        alice = project.coders.by_name("alice")
        [source] = project.codings.for_document(doc.id, coder_ids=[alice.id])
        project.adjudications.decide(
            doc.id, source.code_id, (source.start, source.end), [(source.start, source.end)],
            action="accept", sources=[source.id], decided_by=alice.id, accepted_coder="alice",
        )  # fmt: skip
    segments = run(runner, "segments", team, "--coder", "Consensus", "--format", "json")
    assert [row["text"] for row in json.loads(segments.stdout)] == ["Russian military operations"]
    trail = run(runner, "export", team, "--adjudications-csv", "-")
    assert trail.stdout.count("\n") == 2  # the header and the one decision


# -- F18: the table says why a figure is a dash ------------------------------------------------


def test_the_table_says_why_figures_are_dashes(team: Path, runner: CliRunner) -> None:
    # The lead's one trial coding elsewhere: three coders, none shared by all.
    assert code(runner, team, "Lena Lead", "Lavrov", document=OTHER).exit_code == 0
    result = run(runner, "agreement", team, "--pooled-only")
    assert result.exit_code == 0, result.output
    table, _, notes = result.stdout.partition("\n\n")
    assert " - " in table
    compared = "(3 coders compared: Bob Müller, Lena Lead, alice; --coders chooses)"
    assert notes.splitlines() == [
        f"-: cohen_kappa: Cohen's kappa is defined for exactly two coders {compared}",
        f"-: alpha_u: no document on which every selected coder worked {compared}",
        "-: gwet_ac1: AC1 is not pooled over codes; see the mean over codes",
    ]
    two = run(runner, "agreement", team, "--pooled-only", "--coders", "alice,bob müller")
    assert two.stdout.partition("\n\n")[2].splitlines() == [
        "-: gwet_ac1: AC1 is not pooled over codes; see the mean over codes",
    ]


def test_csv_and_json_are_unchanged_by_the_footnotes(team: Path, runner: CliRunner) -> None:
    assert code(runner, team, "Lena Lead", "Lavrov", document=OTHER).exit_code == 0
    csv_out = run(runner, "agreement", team, "--pooled-only", "--format", "csv").stdout
    assert "-: " not in csv_out
    assert csv_out.count("\n") == 5  # the header and the four pooled rows
    rows = json.loads(run(runner, "agreement", team, "--pooled-only", "--format", "json").stdout)
    assert rows[0]["notes"]["alpha_u"] == "no document on which every selected coder worked"
