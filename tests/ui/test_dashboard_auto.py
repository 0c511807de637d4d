"""The agreement dashboard leaves auto-codings out unless "Count auto-codings" is checked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from annotator.core.search import SearchSpec
from annotator.store import Project
from annotator.store.autocode import apply_autocode, plan_autocode
from annotator.ui.dashboard import AgreementDashboard
from tests.ui.conftest import EMOJI_SENTENCE, make_window, open_dashboard, settled


def _pooled(dashboard: AgreementDashboard) -> dict[str, int]:
    rows = {(r.document, r.code): r for r in dashboard.model.rows()}
    return dict(rows[(None, "Stance/Agreement")].coded_by)


def test_auto_codings_count_only_when_checked(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    start = EMOJI_SENTENCE.index("😀")
    with Project.open(hard_path) as project:
        doc = project.documents.by_name("emoji").id
        code = project.codes.by_path("Stance/Agreement").id
        for name in ("alice", "bob"):
            coder = project.coders.ensure(name).id
            project.codings.add(doc, code, coder, start, start + 1)
        plan = plan_autocode(project, "Stance/Agreement", "bob", SearchSpec("managers"),
                             document_ids=frozenset({doc}))  # fmt: skip
        assert len(apply_autocode(project, plan).added) == 1
    window = make_window(qtbot, tmp_path, hard_path)
    dashboard = open_dashboard(qtbot, window)
    assert not dashboard.include_auto.isChecked()
    assert _pooled(dashboard) == {"alice": 1, "bob": 1}
    assert "1 auto-coding left out." in dashboard.status.text()
    box = dashboard.include_auto
    # On the box itself: the widget is wider than its indicator and label.
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dashboard.include_auto.isChecked()
    qtbot.mouseClick(dashboard.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: not dashboard.is_busy() and _pooled(dashboard).get("bob") == 1 + len("managers"),
        timeout=20_000,
    )
    assert "left out" not in dashboard.status.text()


def _toggle(checklist: QListWidget, label: str, qtbot: QtBot) -> None:
    """Check or uncheck one item the way a keyboard user does: make it current, press Space."""
    (item,) = checklist.findItems(label, Qt.MatchFlag.MatchExactly)
    checklist.setFocus()
    checklist.setCurrentItem(item)
    before = item.checkState()
    qtbot.keyClick(checklist, Qt.Key.Key_Space)
    assert item.checkState() != before


def test_the_note_counts_the_auto_codings_of_the_chosen_scope(
    qtbot: QtBot, tmp_path: Path, auto_coded: Path
) -> None:
    """10 auto-codings in the project; the note counts those the comparison leaves out."""
    window = make_window(qtbot, tmp_path, auto_coded)
    dashboard = open_dashboard(qtbot, window)
    # alice's 3 and bob's 3. Carol made only auto-codings, so she worked nowhere and is not
    # checked (as the command line leaves her out); the consensus coder is not compared.
    assert dashboard._checked(dashboard.coders) == ["alice", "bob"]
    assert dashboard.status.text().endswith(" 6 auto-codings left out.")
    _toggle(dashboard.codes, "Fruit/Pear", qtbot)
    _toggle(dashboard.codes, "Fruit", qtbot)
    _toggle(dashboard.documents, "two", qtbot)
    qtbot.mouseClick(dashboard.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: settled(dashboard) and "left out" in dashboard.status.text(), timeout=20_000
    )
    assert {r.document for r in dashboard.model.rows()} == {"one", None}
    assert dashboard.status.text().endswith(" 2 auto-codings left out.")  # alice's apples in one
    _toggle(dashboard.coders, "alice", qtbot)
    _toggle(dashboard.coders, "consensus", qtbot)  # named: compared, so its 2 count
    _toggle(dashboard.documents, "two", qtbot)
    _toggle(dashboard.codes, "Fruit/Pear", qtbot)
    qtbot.mouseClick(dashboard.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settled(dashboard) and "rows for coders bob, consensus" in
                    dashboard.status.text(), timeout=20_000)  # fmt: skip
    assert dashboard.status.text().endswith(" 5 auto-codings left out.")  # bob's 3 pears too


def _uncheck_all(checklist: QListWidget) -> None:
    for i in range(checklist.count()):
        checklist.item(i).setCheckState(Qt.CheckState.Unchecked)


def test_unchecking_every_code_or_document_says_so_and_keeps_the_figures(
    qtbot: QtBot, tmp_path: Path, auto_coded: Path
) -> None:
    """An empty selection is not "everything": the dashboard asks for one and computes nothing."""
    window = make_window(qtbot, tmp_path, auto_coded)
    dashboard = open_dashboard(qtbot, window)
    rows = dashboard.model.rowCount()
    for checklist, message in (
        (dashboard.codes, "Check at least one code."),
        (dashboard.documents, "Check at least one document."),
    ):
        states = [checklist.item(i).checkState() for i in range(checklist.count())]
        _uncheck_all(checklist)
        qtbot.mouseClick(dashboard.compute_button, Qt.MouseButton.LeftButton)
        assert not dashboard.is_busy()
        assert dashboard.status.text() == message
        assert dashboard.model.rowCount() == rows  # the last figures stay until a real choice
        for i, state in enumerate(states):
            checklist.item(i).setCheckState(state)


def test_counting_auto_codings_brings_in_their_coders_as_the_command_line_does(
    qtbot: QtBot, tmp_path: Path, auto_coded: Path
) -> None:
    """Carol made only auto-codings: counted, she worked, and --include-auto compares her."""
    window = make_window(qtbot, tmp_path, auto_coded)
    dashboard = open_dashboard(qtbot, window)
    assert dashboard._checked(dashboard.coders) == ["alice", "bob"]
    box = dashboard.include_auto
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dashboard._checked(dashboard.coders) == ["alice", "bob", "carol"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dashboard._checked(dashboard.coders) == ["alice", "bob"]
    # A choice made by hand is kept.
    _toggle(dashboard.coders, "consensus", qtbot)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dashboard._checked(dashboard.coders) == ["alice", "bob", "consensus"]
