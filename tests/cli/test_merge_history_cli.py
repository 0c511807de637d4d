"""End to end on the command line: a coder's corrections after the lead decided (N2), and an
older snapshot of a copy merged after the current one (N1b).

copy-for → code → merge → adjudicate (the store's review functions, as the window does) →
the coder corrects in her copy → merge: agreement reflects the copy, the old decision is
listed for review and taking agreements takes the coders' new agreement.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from annotator.core.disagreement import regions
from annotator.core.review_plan import plan_agreements
from annotator.store import Project
from tests.cli.test_exchange_cli import coded_by, make_lead, run


def code(runner: CliRunner, project: Path, coder: str, start: int, end: int) -> None:
    result = run(runner, "code", project, "--document", "hard", "--code", "Tone",
                 "--coder", coder, "--start", str(start), "--end", str(end))  # fmt: skip
    assert result.exit_code == 0, result.output


def uncode(runner: CliRunner, project: Path, coder: str, start: int, end: int) -> None:
    result = run(runner, "uncode", project, "--document", "hard", "--code", "Tone",
                 "--coder", coder, "--start", str(start), "--end", str(end))  # fmt: skip
    assert result.exit_code == 0, result.output


def consensus_spans(lead: Path) -> list[tuple[int, int]]:
    with Project.open(lead) as project:
        consensus = project.coders.by_name("consensus").id
        return sorted((c.start, c.end) for c in project.codings.all() if c.coder_id == consensus)


def test_a_correction_after_a_decision_reaches_agreement_and_the_decision_is_reviewed(
    tmp_path: Path, runner: CliRunner
) -> None:
    lead = make_lead(tmp_path, runner)
    alice, bob = tmp_path / "alice.annotator", tmp_path / "bob.annotator"
    for name, copy in (("alice", alice), ("bob", bob)):
        result = run(runner, "copy-for", lead, "--coder", name, "--out", copy, "--blind")
        assert result.exit_code == 0, result.output
    code(runner, alice, "alice", 10, 20)
    code(runner, bob, "bob", 10, 25)
    assert run(runner, "merge", lead, alice, bob).exit_code == 0
    # The lead accepts alice's version of the region, as Compare Coders does.
    with Project.open(lead) as project:
        doc = project.documents.by_name("hard").id
        ids = [project.coders.by_name(n).id for n in ("alice", "bob")]
        [item] = regions(project.codings.for_document(doc, coder_ids=ids), ids)
        project.adjudications.decide(
            doc, item.code_id, (item.start, item.end), [(10, 20)], action="accept",
            sources=list(item.codings), decided_by=project.coders.ensure("lena").id,
            accepted_coder="alice",
        )  # fmt: skip
    # Alice widens her span in her copy; the lead merges her copy again.
    uncode(runner, alice, "alice", 10, 20)
    code(runner, alice, "alice", 10, 25)
    preview = run(runner, "merge", lead, alice, "--dry-run")
    assert "warning: the decision (accept) on Tone [10, 25) in 'hard' was made before alice" in (
        preview.output
    )
    assert "changed a coding it was made from: review it again" in preview.output
    [planned] = json.loads(run(runner, "merge", lead, alice, "--dry-run", "--format",
                               "json").output)  # fmt: skip
    assert any("review it again" in w for w in planned["warnings"])
    result = run(runner, "merge", lead, alice)
    assert result.exit_code == 0, result.output
    assert "codings:       1 added, 0 already present, 1 withdrawn, 0 conflicts" in result.output
    # Agreement counts alice's coding as it is in her copy: 15 characters, not 10 + 15.
    assert coded_by(runner, lead, "Tone") == {"alice": 15, "bob": 15}
    assert consensus_spans(lead) == [(10, 20)]  # as decided, until decided again
    with Project.open(lead) as project:
        doc = project.documents.by_name("hard").id
        [stale] = project.adjudications.stale(doc)
        assert stale.reason() == "decided before alice changed their coding"
        ids = [project.coders.by_name(n).id for n in ("alice", "bob")]
        consensus = project.coders.by_name("consensus").id
        plan = plan_agreements(
            doc, project.codings.for_document(doc, coder_ids=ids), ids,
            project.codings.for_document(doc, coder_ids=[consensus]), None,
            project.adjudications.decided_regions(doc),
        )  # fmt: skip
        assert [(d.region, d.spans) for d in plan] == [((10, 25), [(10, 25)])]
        project.adjudications.decide_many(plan, decided_by=project.coders.by_name("lena").id)
        assert project.adjudications.stale(doc) == []
    assert consensus_spans(lead) == [(10, 25)]
    audit = tmp_path / "audit.csv"
    assert run(runner, "export", lead, "--adjudications-csv", audit).exit_code == 0
    assert len(audit.read_text(encoding="utf-8").splitlines()) == 3  # both decisions kept
    again = run(runner, "merge", lead, alice)
    assert "codings:       0 added, 1 already present, 0 conflicts" in again.output
    assert "warning" not in again.output


def test_an_older_snapshot_merged_later_does_not_bring_back_a_withdrawn_coding(
    tmp_path: Path, runner: CliRunner
) -> None:
    lead = make_lead(tmp_path, runner)
    copy = tmp_path / "a.annotator"
    run(runner, "copy-for", lead, "--coder", "alice", "--out", copy, "--blind",
        "--without-other-coders")  # fmt: skip
    code(runner, copy, "alice", 10, 20)
    code(runner, copy, "alice", 30, 40)
    assert run(runner, "merge", lead, copy).exit_code == 0
    tuesday = tmp_path / "a-tue.annotator"
    shutil.copyfile(copy, tuesday)
    uncode(runner, copy, "alice", 10, 20)
    assert "1 withdrawn" in run(runner, "merge", lead, copy).output
    result = run(runner, "merge", lead, tuesday)
    assert result.exit_code == 0, result.output
    assert "codings:       0 added, 1 already present, 0 conflicts" in result.output
    assert "note: 1 coding removed here earlier, not brought back" in result.output
    with Project.open(lead) as project:
        alice = project.coders.by_name("alice").id
        assert [(c.start, c.end) for c in project.codings.all() if c.coder_id == alice] == [
            (30, 40)
        ]
    # copy-for says a copy for alice exists already (a note, not a refusal).
    made = run(runner, "copy-for", lead, "--coder", "Alice", "--out", tmp_path / "a3.annotator")
    assert made.exit_code == 0, made.output
    assert "note: a copy for 'alice' was already made on" in made.output
