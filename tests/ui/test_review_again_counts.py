"""Compare Coders after a coder's correction made decisions out of date (tryout3 P3).

The count line tells the one real disagreement from the decisions to review again, and Take
Agreements (Ctrl+6) also offers the region nobody codes any more, removing the stale consensus
coding there, as one undoable batch with the rest.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.store.coder_copy import copy_for
from annotator.store.merge import merge_files
from tests.ui.conftest import SEED, code, open_comparison
from tests.ui.test_review import audit, consensus

RUSSIA = "Actors/Russia"


def uncode(project: Project, coder: str, needle: str) -> None:
    doc = project.documents.by_name(SEED)
    start = project.documents.text(doc.id).index(needle)
    who = project.coders.by_name(coder).id
    [coding] = [
        c for c in project.codings.for_document(doc.id, coder_ids=[who])
        if (c.start, c.end) == (start, start + len(needle))
    ]  # fmt: skip
    project.codings.remove(coding.id)


def decide_for_alice(project: Project, needle: str, region: str) -> None:
    """The lead accepts alice's coding ``needle`` for the region spanning ``region``."""
    doc = project.documents.by_name(SEED)
    text = project.documents.text(doc.id)
    start, wide = text.index(needle), text.index(region)
    overlapping = [
        c.id for c in project.codings.for_document(doc.id)
        if wide < c.end and c.start < wide + len(region)
    ]  # fmt: skip
    project.adjudications.decide(
        doc.id, project.codes.by_path(RUSSIA).id, (wide, wide + len(region)),
        [(start, start + len(needle))], action="accept", sources=overlapping,
        decided_by=project.coders.ensure("lena").id, accepted_coder="alice",
    )  # fmt: skip


def test_review_again_is_counted_apart_and_taken_with_the_agreements(
    qtbot: QtBot, tmp_path: Path, demo_path: Path
) -> None:
    copy = tmp_path / "alice.annotator"
    with Project.open(demo_path) as lead:
        code(lead, SEED, RUSSIA, "bob", "Russian military operations")
        code(lead, SEED, "Actors/United States", "bob", "White House")  # bob's alone: undecided
        copy_for(lead, "alice", copy, blind=True, without_other_coders=True)
    with Project.open(copy) as alices:
        code(alices, SEED, RUSSIA, "alice", "Russian military")
        code(alices, SEED, RUSSIA, "alice", "Vladimir Putin")
    with Project.open(demo_path) as lead:
        merge_files(lead, [copy])
        decide_for_alice(lead, "Russian military", "Russian military operations")
        decide_for_alice(lead, "Vladimir Putin", "Vladimir Putin")
    # alice's correction: she widens her span to bob's and withdraws her Putin coding.
    with Project.open(copy) as alices:
        uncode(alices, "alice", "Russian military")
        code(alices, SEED, RUSSIA, "alice", "Russian military operations")
        uncode(alices, "alice", "Vladimir Putin")
    with Project.open(demo_path) as lead:
        merge_files(lead, [copy])
        assert len(lead.adjudications.stale()) == 2
    _, view = open_comparison(qtbot, tmp_path, demo_path, "alice", "bob", coder="lena")
    assert view.list.count() == 3
    assert view.count.text() == ("1 disagreement, 2 decisions to review again; 3 not yet decided")
    rows = [view.list.item(i).text() for i in range(view.list.count())]
    assert sum(row.startswith("⚠ review again") for row in rows) == 2
    qtbot.waitUntil(view.isActiveWindow)  # window shortcuts fire in the active window only
    qtbot.keyClick(view.list, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    preview = view.preview
    assert preview is not None
    planned = [preview.list.item(i).text() for i in range(preview.list.count())]
    assert len(planned) == 2
    assert "“Russian military operations”" in planned[0]
    assert planned[1].endswith(
        "agreed: nobody codes this any more (decision out of date; its consensus coding is removed)"
    )
    assert "1 region under an out-of-date decision is coded by no compared coder any more" in (
        preview.summary.text()
    )
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert consensus(demo_path) == [(RUSSIA, "Russian military operations")]
    assert audit(demo_path)[2:] == [("agreed", None), ("agreed", None)]
    view.refresh()
    assert view.list.count() == 1  # bob's White House, still to decide
    assert view.count.text() == "1 disagreement, 1 not yet decided"
    # One undo takes the whole batch back: the stale consensus codings and the review again.
    qtbot.keyClick(view.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert consensus(demo_path) == [(RUSSIA, "Russian military"), (RUSSIA, "Vladimir Putin")]
    assert len(audit(demo_path)) == 2
    view.refresh()
    assert view.count.text() == ("1 disagreement, 2 decisions to review again; 3 not yet decided")
