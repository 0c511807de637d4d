"""Out-of-date decisions where the coders now agree, on codings or on nothing (tryout3 P3).

Alice's correction in her copy makes two of the lead's decisions out of date: she widened a
span to bob's (the coders agree now), and withdrew a coding bob never had (nobody codes the
region any more, yet the consensus holds the old decision's coding). Take Agreements plans
both: the second as 'agreed' on nothing, which removes the stale consensus coding, records
an audit row in the batch, and is undone with the rest.
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.review_plan import count_line, plan_agreements, plan_coder_version
from annotator.store import Project
from annotator.store.coder_copy import copy_for
from annotator.store.merge import merge_files
from tests.store.test_merge_history import ACCUSATION, uncode
from tests.store.test_merge_memory import code, lead, spans  # noqa: F401


def corrected(lead: Project, tmp_path: Path) -> tuple[int, list[int]]:  # noqa: F811
    """The lead decided three regions from alice's first merge; alice then corrected two."""
    doc = lead.documents.by_name("hard").id
    accusation = lead.codes.by_path(ACCUSATION).id
    bob_wide = code(lead, "bob", ACCUSATION, 10, 25)
    bob_alone = code(lead, "bob", ACCUSATION, 60, 70)
    path = tmp_path / "a.annotator"
    copy_for(lead, "alice", path)
    with Project.open(path) as copy:
        code(copy, "alice", ACCUSATION, 10, 20)
        code(copy, "alice", ACCUSATION, 40, 50)
    merge_files(lead, [path])
    lena = lead.coders.ensure("lena").id
    alice = lead.coders.by_name("alice").id
    narrow, lavrov = sorted(
        (c for c in lead.codings.all() if c.coder_id == alice), key=lambda c: c.start
    )
    for region, spans_, sources in (
        ((10, 25), [(10, 20)], [narrow.id, bob_wide]),
        ((40, 50), [(40, 50)], [lavrov.id]),
        ((60, 70), [(60, 70)], [bob_alone]),
    ):
        lead.adjudications.decide(doc, accusation, region, spans_, action="accept",
                                  sources=sources, decided_by=lena,
                                  accepted_coder="alice")  # fmt: skip
    with Project.open(path) as copy:
        uncode(copy, "alice", 10, 20)
        code(copy, "alice", ACCUSATION, 10, 25)
        uncode(copy, "alice", 40, 50)
    merge_files(lead, [path])
    return doc, [alice, lead.coders.by_name("bob").id]


def test_take_agreements_also_takes_the_regions_nobody_codes_any_more(
    lead: Project,  # noqa: F811
    tmp_path: Path,
) -> None:
    doc, ids = corrected(lead, tmp_path)
    assert spans(lead, "consensus") == {(ACCUSATION, 10, 20), (ACCUSATION, 40, 50),
                                        (ACCUSATION, 60, 70)}  # fmt: skip
    assert sorted(s.record.region for s in lead.adjudications.stale(doc)) == [(10, 25), (40, 50)]
    consensus_id = lead.coders.by_name("consensus").id
    codings = lead.codings.for_document(doc, coder_ids=ids)
    consensus = lead.codings.for_document(doc, coder_ids=[consensus_id])
    plan = plan_agreements(doc, codings, ids, consensus, None,
                           lead.adjudications.decided_regions(doc),
                           lead.adjudications.stale_regions(doc))  # fmt: skip
    assert [(d.region, d.spans, d.action, d.sources) for d in plan] == [
        ((10, 25), [(10, 25)], "agreed", [c.id for c in codings if (c.start, c.end) == (10, 25)]),
        ((40, 50), [], "agreed", []),
    ]
    before = len(lead.adjudications.all())
    change = lead.adjudications.decide_many(plan, decided_by=lead.coders.by_name("lena").id,
                                            batch="agreements in hard")  # fmt: skip
    assert spans(lead, "consensus") == {(ACCUSATION, 10, 25), (ACCUSATION, 60, 70)}
    assert lead.adjudications.stale(doc) == []
    records = lead.adjudications.all()[before:]
    assert [(r.region, r.action, r.batch) for r in records] == [
        ((10, 25), "agreed", "agreements in hard"), ((40, 50), "agreed", "agreements in hard"),
    ]  # fmt: skip
    [removed] = [s for s in records[1].sources if s.get("replaced")]
    assert (removed["start"], removed["end"]) == (40, 50)
    # Nothing left to take; one undo puts the whole batch back.
    codings = lead.codings.for_document(doc, coder_ids=ids)
    consensus = lead.codings.for_document(doc, coder_ids=[consensus_id])
    assert plan_agreements(doc, codings, ids, consensus, None,
                           lead.adjudications.decided_regions(doc),
                           lead.adjudications.stale_regions(doc)) == []  # fmt: skip
    lead.adjudications.undo_many(list(change.records))
    assert spans(lead, "consensus") == {(ACCUSATION, 10, 20), (ACCUSATION, 40, 50),
                                        (ACCUSATION, 60, 70)}  # fmt: skip
    assert len(lead.adjudications.stale(doc)) == 2


def test_a_coders_version_also_settles_the_regions_nobody_codes_any_more(
    lead: Project,  # noqa: F811
    tmp_path: Path,
) -> None:
    doc, ids = corrected(lead, tmp_path)
    codings = lead.codings.for_document(doc, coder_ids=ids)
    plan = plan_coder_version(doc, codings, ids, ids[1], "bob", [], None,
                              lead.adjudications.decided_regions(doc),
                              lead.adjudications.stale_regions(doc))  # fmt: skip
    assert [(d.region, d.spans, d.action) for d in plan] == [
        ((10, 25), [(10, 25)], "agreed"), ((40, 50), [], "agreed"),
    ]  # fmt: skip


def test_the_count_line_tells_disagreements_from_decisions_to_review_again() -> None:
    assert count_line(1, 2, 2) == "1 disagreement, 2 decisions to review again; 2 not yet decided"
    assert count_line(0, 1, 1) == "0 disagreements, 1 decision to review again; 1 not yet decided"
    assert count_line(2, 0, 2) == "2 disagreements, 2 not yet decided"
    assert count_line(1, 0, 0) == "1 disagreement, 0 not yet decided"
