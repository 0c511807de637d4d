"""A decision made before a coder changed her coding: the merge preview says so, Compare Coders
lists the region for review again, and Take Agreements takes the coders' new agreement."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.store.merge import merge_files
from tests.ui.conftest import SEED, code, coder_copy, compare, make_window, open_comparison
from tests.ui.test_review import consensus


def test_a_decision_out_of_date_after_a_merge_is_listed_and_re_decided(
    qtbot: QtBot, tmp_path: Path, demo_path: Path
) -> None:
    copy = coder_copy(demo_path, tmp_path / "bob.annotator", "bob")
    with Project.open(copy) as bobs:
        code(bobs, SEED, "Actors/Russia", "bob", "Russian military")
    with Project.open(demo_path) as lead:
        code(lead, SEED, "Actors/Russia", "alice", "Russian military operations")
        merge_files(lead, [copy])
    window, view = open_comparison(qtbot, tmp_path, demo_path, "alice", "bob")
    assert view.list.count() == 1
    assert view.decide("accept", "b")  # bob's shorter span
    assert consensus(demo_path) == [("Actors/Russia", "Russian military")]
    assert "0 not yet decided" in view.count.text()
    # Bob widens his span in his copy: now both coders agree.
    with Project.open(copy) as bobs:
        [mine] = bobs.codings.all()
        bobs.codings.remove(mine.id)
        code(bobs, SEED, "Actors/Russia", "bob", "Russian military operations")
    with qtbot.waitSignal(window.exchange.previewed, timeout=20_000):
        assert window.exchange.preview_merge([copy])
    dialog = window.exchange.preview
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert "the decision (accept) on Actors/Russia" in dialog.warnings.text()
    assert "was made before bob changed a coding it was made from" in dialog.warnings.text()
    assert "review it again" in dialog.details.toPlainText()
    with qtbot.waitSignal(window.exchange.merged, timeout=20_000) as merged:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert merged.args[0].endswith("; 1 decision to review again (Compare Coders)")
    view = compare(window, "alice", "bob")  # the merged project is opened afresh
    # The coders agree now, but the region is listed: its decision is out of date.
    assert view.list.count() == 1
    label = view.list.item(0).text()
    assert label.startswith("⚠ review again: decided before bob changed their coding")
    assert "1 not yet decided" in view.count.text()
    view.take_agreements()  # Ctrl+6
    preview = view.preview
    assert preview is not None
    assert preview.list.count() == 1
    assert "Actors/Russia" in preview.list.item(0).text()
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    assert consensus(demo_path) == [("Actors/Russia", "Russian military operations")]
    view.refresh()
    assert view.list.count() == 0  # decided again, and agreed: nothing left to show
    # One undo puts the old consensus back; the region is to be reviewed again.
    window.session.undo_stack.undo()  # type: ignore[union-attr]
    assert consensus(demo_path) == [("Actors/Russia", "Russian military")]
    view.refresh()
    assert view.list.item(0).text().startswith("⚠ review again")


def test_make_coder_copy_notes_an_earlier_copy_for_that_coder(
    qtbot: QtBot, tmp_path: Path, demo_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, demo_path, coder="carol")
    window.exchange.make_copy("alice", tmp_path / "alice.annotator", False, True)
    assert "Note:" not in window.statusBar().currentMessage()
    window.exchange.make_copy("Alice", tmp_path / "alice-again.annotator", False, True)
    message = window.statusBar().currentMessage()
    assert "Wrote alice-again.annotator for alice" in message
    assert "Note: a copy for 'alice' was already made on" in message
    assert "(alice.annotator)" in message


def test_a_decision_whose_coding_moved_to_another_code_is_listed_as_an_empty_region(
    qtbot: QtBot, tmp_path: Path, demo_path: Path
) -> None:
    """Accepted alice's coding; she then recodes it with another code: nobody codes it now."""
    with Project.open(demo_path) as lead:
        code(lead, SEED, "Stance/Accusation", "alice", "White House")
        code(lead, SEED, "Stance/Accusation", "bob", "White")
    window, view = open_comparison(qtbot, tmp_path, demo_path, "alice", "bob")
    assert view.decide("accept", "a")
    assert consensus(demo_path) == [("Stance/Accusation", "White House")]
    project = window.session.project  # type: ignore[union-attr]
    alice = project.coders.by_name("alice").id
    [mine] = [c for c in project.codings.all() if c.coder_id == alice]
    bob = project.coders.by_name("bob").id
    [bobs] = [c for c in project.codings.all() if c.coder_id == bob]
    project.codings.update(mine.id, code_id=project.codes.by_path("Actors/Russia").id)
    project.codings.remove(bobs.id)
    view.refresh()
    rows = [view.list.item(i).text() for i in range(view.list.count())]
    [again] = [r for r in rows if "Stance/Accusation" in r]
    assert again.startswith("⚠ review again: decided before alice and bob changed their coding")
    assert "1 alice: nothing; 2 bob: nothing" in again
    view.list.setCurrentRow(rows.index(again))
    assert view.decide("accept", "a")  # alice's version: nothing
    assert ("Stance/Accusation", "White House") not in consensus(demo_path)
    assert project.adjudications.stale() == []
