"""`annotator agreement` after the second methods audit, on its hand project.

Three texts where offsets matter: ``a`` (emoji, a ZWJ family, CRLF stored as LF; 26 code
points), ``b`` (a combining acute accent, Arabic and Hebrew; 19), ``c`` (Cyrillic; 20). The
figures with alice and bob (documents a and b; bob never worked on c) are the audit's, checked
there against an independent exact-fraction computation from the README's definitions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.store import Project

TEXTS = {
    "a": "Hi 😀 there\r\nworld 👩‍👩‍👧 end",
    "b": "Cafe\u0301 \u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd ok",
    "c": "Привет мир, как дела",
}
CODINGS = [
    ("a", "X", "alice", 0, 5), ("a", "X", "alice", 12, 17), ("a", "X", "bob", 0, 8),
    ("a", "X", "bob", 14, 20), ("a", "Y", "alice", 3, 4),
    ("b", "X", "alice", 0, 5), ("b", "X", "bob", 0, 2), ("b", "X", "bob", 2, 5),
    ("b", "Y", "bob", 6, 11),
    ("c", "X", "alice", 0, 6), ("c", "X", "carol", 0, 6), ("c", "Y", "carol", 10, 15),
]  # fmt: skip
# The audit's baseline, --coders alice,bob: (pooling, kappa, alpha, AC1, percent agreement).
BASELINE = {
    "pairs": (0.5551, 0.5525, 0.7623, 0.8444),
    "mean": (0.2933, 0.2833, 0.7561, 0.8444),
    "codes": (0.4836, 0.4826, None, 0.8444),
}


def run(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def hard(tmp_path: Path) -> Path:
    return build_hard(tmp_path)


def build_hard(tmp_path: Path) -> Path:
    """The hand project, built through the command line as a user builds it."""
    path = tmp_path / "p.annotator"
    run("new", path)
    files = []
    for name, text in TEXTS.items():
        (tmp_path / f"{name}.txt").write_bytes(text.encode())
        files.append(tmp_path / f"{name}.txt")
    run("import", path, *files)
    for code in ("X", "Y"):
        run("codes", "add", path, code)
    for document, code, coder, start, end in CODINGS:
        run("code", path, "--document", document, "--code", code, "--coder", coder,
            "--start", start, "--end", end)  # fmt: skip
    return path


def rows(path: Path, *args: object) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(
        run("agreement", path, "--pooled-only", "--format", "json", *args)
    )
    return found


def all_codes(found: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    return {
        r["pooling"]: (
            r["cohen_kappa"],
            r["krippendorff_alpha"],
            r["gwet_ac1"],
            r["percent_agreement"],
        )  # fmt: skip
        for r in found
        if r["code"] is None
    }


def test_the_hand_project_has_the_audited_figures(hard: Path) -> None:
    with Project.open(hard) as project:
        assert [d.length for d in project.documents.all()] == [26, 19, 20]
    got = all_codes(rows(hard, "--coders", "alice,bob"))
    for pooling, expected in BASELINE.items():
        assert got[pooling] == pytest.approx(expected, abs=5e-5), pooling


def test_selecting_an_unused_code_changes_no_all_codes_figure(hard: Path) -> None:
    """F1(a): Z is in the codebook, nobody used it; naming every code must change nothing."""
    run("codes", "add", hard, "Z")
    default = rows(hard, "--coders", "alice,bob")
    explicit = rows(hard, "--coders", "alice,bob", "--code", "X", "--code", "Y", "--code", "Z")
    assert all_codes(explicit) == all_codes(default)
    z = next(r for r in explicit if r["code"] == "Z")
    assert z["percent_agreement"] is None
    assert z["gwet_ac1"] is None
    assert "left out of the all-codes rows" in z["notes"]["percent_agreement"]
    x_and_z = all_codes(rows(hard, "--coders", "alice,bob", "--code", "X", "--code", "Z"))
    x = next(r for r in default if r["code"] == "X")
    assert x_and_z["pairs"][0] == pytest.approx(x["cohen_kappa"], abs=1e-12)  # 0.6250
    table = run("agreement", hard, "--coders", "alice,bob", "--code", "Z", "--pooled-only")
    assert "left out of the all-codes rows" in table


def test_a_coding_where_the_other_coder_never_worked_changes_nothing(hard: Path) -> None:
    """F1(b): alice's W on c, which bob never worked on, is not compared anywhere."""
    before = rows(hard, "--coders", "alice,bob")
    run("codes", "add", hard, "W")
    run("code", hard, "--document", "c", "--code", "W", "--coder", "alice", "--start", 0,
        "--end", 3)  # fmt: skip
    after = rows(hard, "--coders", "alice,bob")
    assert after == before
    named = rows(hard, "--coders", "alice,bob", "--document", "a", "--document", "b")
    assert all_codes(named) == all_codes(after)


def test_a_consensus_coder_spelt_otherwise_is_left_out(hard: Path, tmp_path: Path) -> None:
    """F5: "Consensus" (imported) is the consensus coder; the default compares three coders."""
    default = all_codes(rows(hard))
    csv = tmp_path / "cc.csv"
    csv.write_text("document,code_path,coder,start,end\nb,X,Consensus,0,5\na,X,Consensus,0,8\n")
    run("import-codings", hard, csv)
    found = rows(hard)
    assert found[-1]["coders"] == ["alice", "bob", "carol"]
    x = next(r for r in found if r["code"] == "X")
    assert (x["krippendorff_alpha"], x["fleiss_kappa"], x["percent_agreement"]) == pytest.approx(
        (0.7329, 0.7308, 0.8769), abs=5e-5
    )
    assert all_codes(found) == default
    report = tmp_path / "r.html"
    run("agreement", hard, "--report", report)
    page = report.read_text()
    assert "Coders (3): alice, bob, carol" in page
    assert "Consensus coder (consensus): left out of the comparison." in page
    run("agreement", hard, "--coders", "alice,consensus", "--report", report)
    page = report.read_text()
    assert "Consensus coder (Consensus): compared, because named." in page
    assert "left out of the comparison" not in page


def test_default_coders_worked_done_counts_auto_does_not(hard: Path) -> None:
    """F2, the command line's side: dave marked a and b done, robot only auto-coded."""
    with Project.open(hard) as project:
        dave = project.coders.ensure("dave").id
        for name in ("a", "b"):
            project.status.set(project.documents.by_name(name).id, dave, "done")
        assert [c.name for c in project.coders.active()] == ["alice", "bob", "carol", "dave"]
    run("autocode", hard, "--code", "Y", "--coder", "robot", "--match", "world")
    assert rows(hard)[-1]["coders"] == ["alice", "bob", "carol", "dave"]
    with Project.open(hard) as project:
        assert [c.name for c in project.coders.active()] == ["alice", "bob", "carol", "dave"]
        assert "robot" in [c.name for c in project.coders.active(include_auto=True)]


def test_renaming_documents_leaves_a_seeded_interval_unchanged(hard: Path) -> None:
    """F3: the same data and seed give the same interval under other document names."""
    args = ("--ci", 0.95, "--bootstrap", 300, "--seed", 11)
    before = rows(hard, *args)
    for old, new in (("a", "zz"), ("b", "aa"), ("c", "mm")):
        run("document", "rename", hard, old, new)
    after = rows(hard, *args)
    assert [r.get("ci") for r in after] == [r.get("ci") for r in before]
    assert any(r.get("ci", {}).get("krippendorff_alpha") for r in before)


def test_the_report_records_the_rule_that_chose_documents_and_codes(
    hard: Path, tmp_path: Path
) -> None:
    """F4.10: --where (and --document, --code) in the report, not only what they chose."""
    with Project.open(hard) as project:
        for name, language in (("a", "en"), ("b", "fr"), ("c", "ru")):
            project.documents.set_attribute(project.documents.by_name(name).id, "lang", language)
    report = tmp_path / "w.html"
    run("agreement", hard, "--coders", "alice,bob", "--where", "lang!=ru", "--code", "X",
        "--report", report)  # fmt: skip
    page = report.read_text()
    assert "documents whose attributes match <code>lang!=ru</code>" in page
    assert "codes (with their children) X" in page


def test_the_left_out_count_skips_the_consensus_coder_in_any_spelling(hard: Path) -> None:
    """F5: the auto-coding count matched the consensus coder's name exactly."""
    run("autocode", hard, "--code", "Y", "--coder", "robot", "--match", "world")
    run("autocode", hard, "--code", "X", "--coder", "Reviewer", "--match", "ok")
    with Project.open(hard) as project:
        project.settings.set("consensus_coder", "reviewer")
    result = CliRunner().invoke(cli, ["agreement", str(hard), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "left out 1 auto-coding (" in result.stderr  # robot's; not the consensus coder's
    assert json.loads(result.stdout)[-1]["coders"] == ["alice", "bob", "carol"]


def test_the_all_codes_rows_give_the_cause_of_their_dashes(hard: Path) -> None:
    """F4.4: on c alone alice and bob share no document; the all-codes rows say that, not
    "Cohen's kappa is undefined for every code here"."""
    table = run("agreement", hard, "--coders", "alice,bob", "--document", "c")
    assert "no document here was worked on by two or more of the selected coders" in table
    assert "undefined for every code" not in table
