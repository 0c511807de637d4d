"""`annotator agreement` on the demo project after two coders coded it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.agreement import AgreementOptions, compute_agreement
from annotator.store import Project
from annotator.store.agreement_source import agreement_input

SEED = "000_dc4029054c129186"
KEYS = {
    "document", "code", "coders", "characters", "percent_agreement", "cohen_kappa",
    "fleiss_kappa", "krippendorff_alpha", "alpha_u", "coded_by", "coded_by_all",
}  # fmt: skip


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", str(path)]).exit_code == 0
    for coder, code, match in [
        ("alice", "Actors/Russia", "Russian military operations"),
        ("bob", "Actors/Russia", "Russian military"),
        ("alice", "Actors/United States", "White House"),
        ("bob", "Actors/United States", "White House"),
        ("bob", "Stance/Accusation", "alleged"),
    ]:
        result = runner.invoke(cli, ["code", str(path), "--document", SEED, "--code", code,
                                     "--coder", coder, "--match", match])  # fmt: skip
        assert result.exit_code == 0, result.output
    return path


def test_json_rows_have_the_documented_keys(coded: Path) -> None:
    result = CliRunner().invoke(cli, ["agreement", str(coded), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert all(set(row) >= KEYS for row in rows)
    pooled = {row["code"]: row for row in rows if row["document"] is None}
    assert pooled["Actors/United States"]["alpha_u"] == 1.0
    assert pooled["Actors/Russia"]["coded_by"] == {"alice": 27, "bob": 16}
    assert pooled["Stance/Accusation"]["cohen_kappa"] == pytest.approx(0.0, abs=1e-12)
    assert rows[-1]["document"] is None
    assert rows[-1]["code"] is None


def test_table_has_codes_as_rows_and_pooled_rows_last(coded: Path) -> None:
    result = CliRunner().invoke(cli, ["agreement", str(coded), "--coders", "alice,bob"])
    assert result.exit_code == 0
    table, _, footnotes = result.output.partition("\n\n")  # the reasons for dashes below
    lines = table.splitlines()
    assert "alpha_u" in lines[0]
    assert "cohen_kappa" in lines[0]
    assert all(line.startswith("-: ") for line in footnotes.splitlines())
    body = lines[2:]
    first_pooled = next(i for i, line in enumerate(body) if line.startswith("(pooled)"))
    assert all(line.startswith("(pooled)") for line in body[first_pooled:])
    assert [" ".join(line.split()[1:4]) for line in body[-3:]] == [
        "(all codes: pooled", "(all codes: mean", "(all codes: pooled",
    ]  # fmt: skip
    assert "pooled over codes)" in body[-1]


def test_filters_and_options(coded: Path) -> None:
    runner = CliRunner()
    args = ["agreement", str(coded), "--code", "Actors", "--pooled-only", "--ignore-whitespace",
            "--all-worked", "--format", "csv"]  # fmt: skip
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Stance" not in result.output
    assert "Actors/Russia" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--coders", "alice"], "at least two coders"),
        (["--coders", "alice,alice"], "coder 'alice' is named more than once in --coders"),
        (["--coders", "alice,nobody"], "no coder named 'nobody'"),
        (["--code", "Nope"], "no code 'Nope'"),
        (["--document", "nodoc"], "no document named"),
    ],
)
def test_errors(coded: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["agreement", str(coded), *args])
    assert result.exit_code == 1
    assert message in result.output


def test_pooled_only_computation_matches_the_full_one(coded: Path) -> None:
    with Project.open(coded) as project:
        data = agreement_input(project)
    full = {(r.document, r.code, r.pooling): r for r in compute_agreement(data, AgreementOptions())}
    quick = compute_agreement(data, AgreementOptions(per_document=False))
    assert all(row.document is None for row in quick)
    assert all(full[(row.document, row.code, row.pooling)] == row for row in quick)


def test_a_parent_and_its_child_are_one_selection(coded: Path) -> None:
    runner = CliRunner()
    base = ["agreement", str(coded), "--format", "json"]
    once = json.loads(runner.invoke(cli, [*base, "--code", "Actors"]).output)
    twice = runner.invoke(cli, [*base, "--code", "Actors", "--code", "Actors/Russia",
                                "--code", "Actors"])  # fmt: skip
    assert twice.exit_code == 0, twice.output
    assert json.loads(twice.output) == once
    codes = [row["code"] for row in once if row["document"] is None and row["code"]]
    assert len(codes) == len(set(codes))


def test_the_consensus_coder_is_compared_only_when_named(coded: Path) -> None:
    with Project.open(coded) as project:  # consensus codings come from review, recorded
        doc = project.documents.by_name(SEED)
        start = project.documents.text(doc.id).index("Russian")
        alice = project.codings.for_document(doc.id, coder_ids=[project.coders.by_name("alice").id])
        project.adjudications.decide(
            doc.id, project.codes.by_path("Actors/Russia").id, (start, start + 7),
            [(start, start + 7)], action="adjust", sources=[alice[0].id],
            decided_by=project.coders.by_name("alice").id,
        )  # fmt: skip
    runner = CliRunner()
    rows = json.loads(runner.invoke(cli, ["agreement", str(coded), "--format", "json"]).output)
    assert rows[-1]["coders"] == ["alice", "bob"]
    named = runner.invoke(cli, ["agreement", str(coded), "--coders", "alice,Consensus",
                                "--format", "json"])  # fmt: skip
    assert json.loads(named.output)[-1]["coders"] == ["alice", "consensus"]


def test_bootstrap_intervals_are_reproducible_from_the_seed(coded: Path) -> None:
    runner = CliRunner()
    args = ["agreement", str(coded), "--ci", "0.9", "--bootstrap", "200", "--seed", "5",
            "--format", "json"]  # fmt: skip
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "seed 5" in first.stderr
    rows = json.loads(first.stdout)
    russia = next(r for r in rows if r["document"] is None and r["code"] == "Actors/Russia")
    assert russia["ci"]["seed"] == 5
    assert russia["ci"]["level"] == 0.9
    assert russia["ci"]["resamples"] == 200
    assert len(russia["ci"]["alpha_u"]) == 2
    assert json.loads(runner.invoke(cli, args).stdout) == rows
    table = runner.invoke(cli, ["agreement", str(coded), "--bootstrap", "50"])
    assert "alpha_u_ci" in table.stdout
    assert "seed " in table.stderr


def test_report_is_self_contained_and_escaped(coded: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    hostile = "<script>alert(1)</script>"
    assert runner.invoke(cli, ["codes", "add", str(coded), hostile]).exit_code == 0
    assert (
        runner.invoke(
            cli,
            [
                "code",
                str(coded),
                "--document",
                SEED,
                "--code",
                hostile,
                "--coder",
                "alice",
                "--match",
                "Russian",
            ],
        ).exit_code
        == 0
    )
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["agreement", str(coded), "--report", str(out), "--ci", "0.95",
                                 "--bootstrap", "100", "--seed", "3"])  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert hostile not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for needle in ("alice", "bob", SEED, "Actors/Russia", "De Vries", "seed 3", "Gwet",
                   "α_U", "left out of the comparison", "missing data",
                   "1 worked on by two or more of\nthese coders, 1 by all of them"):  # fmt: skip
        assert needle in page, needle
    assert "http" not in page.replace("http-equiv", "")  # nothing loaded from elsewhere
    assert not list(tmp_path.glob(".report.html.*"))


def test_where_narrows_to_documents_by_attribute(coded: Path) -> None:
    runner = CliRunner()
    base = ["agreement", str(coded), "--format", "json"]
    sputnik = runner.invoke(cli, [*base, "--where", "outlet=sputnik", "--where", "date<2015-10"])
    assert sputnik.exit_code == 0, sputnik.output
    assert {row["document"] for row in json.loads(sputnik.stdout)} - {None} == {SEED}
    tass = runner.invoke(cli, [*base, "--where", "outlet=TASS"])  # coded by nobody
    assert tass.exit_code == 1
    assert "at least two coders" in tass.output
    none = runner.invoke(cli, [*base, "--where", "date>2030"])
    assert none.exit_code == 1
    assert "no document matches date>2030" in none.output


def test_auto_codings_are_left_out_unless_included(coded: Path) -> None:
    """Agreement between coders compares their judgements: a search rule's codings stay out."""
    runner = CliRunner()
    result = runner.invoke(cli, ["autocode", str(coded), "--code", "Actors/United States",
                                 "--coder", "bob", "--match", "Washington"])  # fmt: skip
    assert result.exit_code == 0, result.output
    with Project.open(coded) as project:
        auto = project.db.execute("SELECT count(*) FROM codings WHERE auto_rule IS NOT NULL")
        count = int(auto.fetchone()[0])
    assert count > 0

    def pooled(*extra: str) -> tuple[dict[str, object], str]:
        run = runner.invoke(cli, ["agreement", str(coded), "--format", "json", *extra])
        assert run.exit_code == 0, run.output
        rows = json.loads(run.stdout)
        by_code = {r["code"]: r for r in rows if r["document"] is None}
        return by_code["Actors/United States"], run.stderr

    report = coded.parent / "report.html"
    left, told = pooled("--report", str(report))
    assert left["alpha_u"] == 1.0
    assert "Auto-codings (made by a search rule, not by a coder): left out." in report.read_text(
        encoding="utf-8"
    )
    assert f"left out {count} auto-coding" in told
    assert pooled("--exclude-auto")[0] == left
    counted, quiet = pooled("--include-auto")
    assert counted["alpha_u"] != 1.0
    assert "left out" not in quiet


@pytest.mark.parametrize(
    ("args", "left_out"),
    [
        ([], 8),  # every auto-coding but the consensus coder's
        (["--code", "Fruit/Apple"], 3),
        (["--code", "Fruit"], 8),  # a parent brings its children
        (["--document", "one"], 3),
        (["--code", "Fruit/Apple", "--document", "two"], 1),
        (["--where", "outlet=ledger"], 5),
        (["--coders", "alice,consensus"], 5),  # the consensus coder counts when named
    ],
)
def test_left_out_auto_codings_are_those_of_the_chosen_scope(
    auto_coded: Path, args: list[str], left_out: int
) -> None:
    """The project holds 10 auto-codings; the note counts those the comparison leaves out."""
    with Project.open(auto_coded) as project:
        project.attributes.set_value(project.documents.by_name("two").id, "outlet", "Ledger")
    result = CliRunner().invoke(cli, ["agreement", str(auto_coded), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    plural = "" if left_out == 1 else "s"
    assert f"left out {left_out} auto-coding{plural} (--include-auto" in result.stderr


def test_documents_show_their_titles_where_people_read(auto_coded: Path, tmp_path: Path) -> None:
    """The table and the report show titles; CSV and JSON keep the name and add the title."""
    runner = CliRunner()
    base = ["agreement", str(auto_coded), "--coders", "alice,bob"]
    report = tmp_path / "report.html"
    table = runner.invoke(cli, [*base, "--report", str(report)])
    assert table.exit_code == 0, table.output
    rows = table.stdout.partition("\n\n")[0]  # not the reasons for dashes below
    shown = {line.split("  ")[0] for line in rows.splitlines()[2:]}
    assert shown == {"Zoe interview", "two", "(pooled)"}
    assert '<span title="one">Zoe interview</span>, two' in report.read_text(encoding="utf-8")

    rows = json.loads(runner.invoke(cli, [*base, "--format", "json"]).stdout)
    assert all(set(row) >= KEYS | {"title"} for row in rows)
    assert {(r["document"], r["title"]) for r in rows} == {
        ("one", "Zoe interview"), ("two", ""), (None, None),
    }  # fmt: skip

    lines = runner.invoke(cli, [*base, "--format", "csv"]).stdout.splitlines()
    header = lines[0].split(",")
    assert header[0] == "document"
    assert header[-1] == "title"
    cells = {(line.split(",")[0], line.split(",")[-1]) for line in lines[1:]}
    assert cells == {("one", "Zoe interview"), ("two", ""), ("", "")}


def test_the_note_names_coders_who_made_only_auto_codings(auto_coded: Path) -> None:
    """Of the 8 left out by default, carol's 2 come with a coder compared only with them."""
    result = CliRunner().invoke(cli, ["agreement", str(auto_coded), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert (
        "left out 8 auto-codings (--include-auto counts them; 2 of them by carol, who made "
        "only auto-codings and is compared only then)"
    ) in result.stderr
    named = CliRunner().invoke(cli, ["agreement", str(auto_coded), "--coders", "alice,bob"])
    assert "who made only" not in named.stderr
