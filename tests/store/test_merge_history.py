"""A merge keeps removals made in the lead's project, and out-of-date decisions are re-decided.

Codings the lead's project removed (by hand, or withdrawn by an earlier merge) do not come
back from a stale copy or an older snapshot of a copy; a coding made again afterwards does.
A decision made from codings the coder changed since is listed for review, and a new decision
replaces its consensus codings (undo puts them back).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.core.review_plan import plan_agreements
from annotator.store import Project
from annotator.store.coder_copy import copy_for
from annotator.store.exports import adjudication_export
from annotator.store.merge import merge_files
from tests.store.test_merge_memory import closed_digest, code, lead, spans  # noqa: F401

ACCUSATION = "Stance/Accusation"


def withdrawn_rows(project: Project) -> int:
    return int(project.db.execute("SELECT count(*) FROM withdrawn_codings").fetchone()[0])


def alices_copy(lead: Project, tmp_path: Path, name: str = "a.annotator") -> Path:  # noqa: F811
    """Alice codes [10, 20) and [30, 40) in her copy, which is merged once."""
    path = tmp_path / name
    copy_for(lead, "alice", path)
    with Project.open(path) as copy:
        code(copy, "alice", ACCUSATION, 10, 20)
        code(copy, "alice", ACCUSATION, 30, 40)
    merge_files(lead, [path])
    return path


def uncode(project: Project, coder: str, start: int, end: int) -> None:
    coder_id = project.coders.by_name(coder).id
    [coding] = [
        c for c in project.codings.all()
        if c.coder_id == coder_id and (c.start, c.end) == (start, end)
    ]  # fmt: skip
    project.codings.remove(coding.id)


def test_an_older_snapshot_of_the_copy_does_not_bring_back_a_withdrawn_coding(
    lead: Project,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = alices_copy(lead, tmp_path)
    tuesday = tmp_path / "a-tue.annotator"
    shutil.copyfile(path, tuesday)
    with Project.open(path) as copy:
        uncode(copy, "alice", 10, 20)
    assert merge_files(lead, [path])[0].counts["codings"].withdrawn == 1
    report = merge_files(lead, [tuesday])[0]
    assert report.counts["codings"].added == 0
    assert "1 coding removed here earlier, not brought back" in " ".join(report.notes)
    assert report.as_dict()["notes"] == report.notes
    assert spans(lead, "alice") == {(ACCUSATION, 30, 40)}
    # Idempotent: merging the snapshot again writes nothing.
    before = closed_digest(lead)
    again = merge_files(lead, [tuesday])[0]
    assert not again.changes_anything
    assert closed_digest(lead) == before


def test_a_second_stale_copy_for_the_same_coder_does_not_bring_back_a_withdrawal(
    lead: Project,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = alices_copy(lead, tmp_path)
    second = tmp_path / "a2.annotator"
    made = copy_for(lead, "Alice", second)  # holds alice's codings as merged
    assert "a copy for 'alice' was already made on" in made.earlier
    assert "(a.annotator)" in made.earlier
    assert "merged on" in made.earlier
    with Project.open(path) as copy:
        uncode(copy, "alice", 30, 40)
    merge_files(lead, [path])
    report = merge_files(lead, [second])[0]
    assert report.counts["codings"].added == 0
    assert spans(lead, "alice") == {(ACCUSATION, 10, 20)}
    # The two-copies warning matches coder names as the store does (case ignored).
    assert any("a.annotator" in w and "different copy" in w for w in report.warnings)


def test_the_warning_for_another_copy_ignores_case(lead: Project, tmp_path: Path) -> None:  # noqa: F811
    one, two = tmp_path / "a.annotator", tmp_path / "A2.annotator"
    copy_for(lead, "alice", one)
    copy_for(lead, "Alice", two)
    with Project.open(two) as copy:  # a copy made by hand-edited setting spelled "Alice"
        copy.settings.set("copy_for_coder", "Alice")
    for path, start in ((one, 10), (two, 30)):
        with Project.open(path) as copy:
            code(copy, "alice", ACCUSATION, start, start + 5)
    reports = merge_files(lead, [one, two])
    assert reports[0].warnings == []
    [warning] = reports[1].warnings
    assert warning.startswith("copy A2.annotator for coder 'Alice' is a different copy")


def test_a_coding_the_lead_removed_stays_removed_unless_made_again_in_the_copy(
    lead: Project,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = alices_copy(lead, tmp_path)
    uncode(lead, "alice", 30, 40)
    report = merge_files(lead, [path])[0]
    assert report.counts["codings"].added == 0
    assert any("1 coding removed here earlier, not brought back" in n for n in report.notes)
    assert spans(lead, "alice") == {(ACCUSATION, 10, 20)}
    # Alice codes it again (a new coding, made after the removal): it comes in.
    with Project.open(path) as copy:
        uncode(copy, "alice", 30, 40)
        code(copy, "alice", ACCUSATION, 30, 40)
    assert merge_files(lead, [path])[0].counts["codings"].added == 1
    assert spans(lead, "alice") == {(ACCUSATION, 10, 20), (ACCUSATION, 30, 40)}


def test_undoing_a_removal_clears_its_record(lead: Project, tmp_path: Path) -> None:  # noqa: F811
    path = alices_copy(lead, tmp_path)
    alice = lead.coders.by_name("alice").id
    [coding] = [c for c in lead.codings.all() if c.coder_id == alice and c.start == 30]
    before = withdrawn_rows(lead)
    lead.codings.remove(coding.id)
    assert withdrawn_rows(lead) == before + 1
    lead.codings.restore(coding)  # undo
    assert withdrawn_rows(lead) == before
    assert merge_files(lead, [path])[0].notes == []


def test_created_at_survives_copy_for_and_merge(lead: Project, tmp_path: Path) -> None:  # noqa: F811
    made = code(lead, "lena", ACCUSATION, 0, 5)
    created = lead.codings.get(made).created_at
    path = tmp_path / "a.annotator"
    copy_for(lead, "alice", path)
    with Project.open(path) as copy:
        [copied] = copy.codings.all()
        assert copied.created_at == created
        mine = code(copy, "alice", ACCUSATION, 10, 20)
        alices = copy.codings.get(mine).created_at
    merge_files(lead, [path])
    alice = lead.coders.by_name("alice").id
    [merged] = [c for c in lead.codings.all() if c.coder_id == alice]
    assert merged.created_at == alices
    assert merged.updated_at == alices


def test_an_out_of_date_decision_is_re_decided_by_taking_the_new_agreement(
    lead: Project,  # noqa: F811
    tmp_path: Path,
) -> None:
    """N2: alice widens her span after the lead decided; both coders now agree."""
    doc = lead.documents.by_name("hard").id
    accusation = lead.codes.by_path(ACCUSATION).id
    bob = code(lead, "bob", ACCUSATION, 10, 25)
    path = tmp_path / "a.annotator"
    copy_for(lead, "alice", path)
    with Project.open(path) as copy:
        code(copy, "alice", ACCUSATION, 10, 20)
    merge_files(lead, [path])
    lena = lead.coders.ensure("lena").id
    alice_id = lead.coders.by_name("alice").id
    [alices] = [c.id for c in lead.codings.all() if c.coder_id == alice_id]
    lead.adjudications.decide(doc, accusation, (10, 25), [(10, 20)], action="accept",
                              sources=[alices, bob], decided_by=lena,
                              accepted_coder="alice")  # fmt: skip
    assert lead.adjudications.stale(doc) == []
    with Project.open(path) as copy:
        uncode(copy, "alice", 10, 20)
        code(copy, "alice", ACCUSATION, 10, 25)
    report = merge_files(lead, [path])[0]
    assert report.counts["codings"].withdrawn == 1
    assert report.counts["codings"].added == 1
    assert spans(lead, "alice") == {(ACCUSATION, 10, 25)}
    [stale] = lead.adjudications.stale(doc)
    assert stale.coders == ("alice",)
    assert (accusation, 10, 25) not in lead.adjudications.decided_regions(doc)
    # Take Agreements (as the comparison plans it) now takes the new agreement.
    ids = [alice_id, lead.coders.by_name("bob").id]
    consensus_id = lead.coders.by_name("consensus").id
    codings = lead.codings.for_document(doc, coder_ids=ids)
    consensus = lead.codings.for_document(doc, coder_ids=[consensus_id])
    plan = plan_agreements(doc, codings, ids, consensus, None,
                           lead.adjudications.decided_regions(doc))  # fmt: skip
    assert [(d.region, d.spans, d.action) for d in plan] == [((10, 25), [(10, 25)], "agreed")]
    change = lead.adjudications.decide_many(plan, decided_by=lena)
    assert spans(lead, "consensus") == {(ACCUSATION, 10, 25)}  # replaced, not added beside
    assert lead.adjudications.stale(doc) == []
    old, new = lead.adjudications.all()
    assert old.sources[0]["coding_id"] == alices  # the old record stays whole
    replaced = [s for s in new.sources if s.get("replaced")]
    assert [(s["start"], s["end"]) for s in replaced] == [(10, 20)]
    rows = adjudication_export(lead)
    assert rows[1][9].endswith(f"{replaced[0]['coding_id']}:consensus:10-20:replaced")
    # Undo puts the replaced consensus coding back, and the decision is out of date again.
    lead.adjudications.undo_many(list(change.records))
    assert spans(lead, "consensus") == {(ACCUSATION, 10, 20)}
    assert [s.record.id for s in lead.adjudications.stale(doc)] == [old.id]
    assert old.results == [c.id for c in lead.codings.all() if c.coder_id == consensus_id]


def test_a_span_changed_back_in_the_copy_comes_in_again(lead: Project, tmp_path: Path) -> None:  # noqa: F811
    """A span change keeps created_at: the change's time decides, not the creation's."""
    path = alices_copy(lead, tmp_path)
    with Project.open(path) as copy:
        [first] = [c for c in copy.codings.all() if c.start == 10]
        copy.codings.update(first.id, end=25)
    merge_files(lead, [path])  # withdraws [10, 20) here
    assert spans(lead, "alice") == {(ACCUSATION, 10, 25), (ACCUSATION, 30, 40)}
    with Project.open(path) as copy:
        copy.codings.update(first.id, end=20)  # back to the first span
    report = merge_files(lead, [path])[0]
    assert report.notes == []
    assert spans(lead, "alice") == {(ACCUSATION, 10, 20), (ACCUSATION, 30, 40)}
