"""Which coders the window codes as and compares: never the consensus, never a bystander.

Compare Coders starts with the coders the agreement dashboard compares (those with codings,
those of the document shown first), not with the first two names in the list; the consensus
coder cannot be chosen to code as anywhere a name is typed or picked.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.ui.exchange_actions import CoderCopyDialog
from annotator.ui.main_window import MainWindow
from annotator.ui.settings import Settings
from tests.ui.conftest import make_window
from tests.ui.driving import type_and_enter, when_modal

SEED = "000_dc4029054c129186"
OTHER = "002_1243f50a687903e2"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def code(project: Project, document: str, coder: str, needle: str) -> None:
    doc = project.documents.by_name(document)
    start = project.documents.text(doc.id).index(needle)
    project.codings.add(doc.id, project.codes.by_path("Actors/Russia").id,
                        project.coders.ensure(coder).id, start, start + len(needle))  # fmt: skip


@pytest.fixture
def merged(demo_path: Path) -> Path:
    """The lead's project after merging alice's and bob's copies, and carol's elsewhere."""
    with Project.open(demo_path) as project:
        code(project, SEED, "alice", "Russian military operations")
        code(project, SEED, "bob", "Russian military operations in Syria")
        code(project, OTHER, "carol", "Lavrov")
        project.coders.ensure("Alicia")  # a typo coder from a copy: no codings
    return demo_path


def checked(window: MainWindow) -> list[str]:
    view = window.comparison
    assert view is not None
    return [
        view.coders.item(i).text() for i in range(view.coders.count())
        if view.coders.item(i).checkState() == Qt.CheckState.Checked
    ]  # fmt: skip


# -- F6: Compare Coders starts with the coders who coded ---------------------------------------


def test_compare_coders_checks_who_coded_the_document_not_the_lead(
    qtbot: QtBot, tmp_path: Path, merged: Path
) -> None:
    # "Lena Lead" sorts before alice and bob and has coded nothing: she must not be compared
    # (nor listed: opening the project does not add her as a coder).
    window = make_window(qtbot, tmp_path, merged, coder="Lena Lead")
    qtbot.keyClick(window.text, Qt.Key.Key_K, CTRL_SHIFT)
    view = window.comparison
    assert view is not None
    assert view.isVisible()
    assert [view.coders.item(i).text() for i in range(view.coders.count())] == [
        "Alicia", "alice", "bob", "carol",
    ]  # fmt: skip
    assert checked(window) == ["alice", "bob"]  # carol coded another document only
    assert view.accept_coder.currentText() == "alice"
    assert "1 alice: " in view.list.item(0).text()
    assert "2 bob: " in view.list.item(0).text()
    qtbot.waitUntil(view.isActiveWindow, timeout=5000)  # its shortcuts act once it is active
    view.list.setCurrentRow(0)
    qtbot.keyClick(view.list, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    with Project.open(merged) as project:  # bob's version went into the consensus
        doc = project.documents.by_name(SEED)
        text = project.documents.text(doc.id)
        consensus = project.coders.by_name("consensus").id
        assert [text[c.start : c.end] for c in project.codings.for_document(doc.id)
                if c.coder_id == consensus] == ["Russian military operations in Syria"]  # fmt: skip


def test_on_a_document_fewer_than_two_coded_every_active_coder_is_checked(
    qtbot: QtBot, tmp_path: Path, merged: Path
) -> None:
    window = make_window(qtbot, tmp_path, merged, coder="Lena Lead")
    window.show_document(window.session.project.documents.by_name(OTHER).id)  # type: ignore[union-attr]
    qtbot.keyClick(window.text, Qt.Key.Key_K, CTRL_SHIFT)
    assert checked(window) == ["alice", "bob", "carol"]  # as the dashboard checks them


def test_the_dashboard_and_the_comparison_share_the_rule(
    qtbot: QtBot, tmp_path: Path, merged: Path
) -> None:
    window = make_window(qtbot, tmp_path, merged, coder="Lena Lead")
    with Project.open(merged) as project:
        assert [c.name for c in project.coders.active()] == ["alice", "bob", "carol"]
        assert [c.name for c in project.coders.active(project.documents.by_name(SEED).id)] == [
            "alice", "bob",
        ]  # fmt: skip
    window.open_dashboard()
    dashboard = window.dashboard
    assert dashboard is not None
    assert dashboard._checked(dashboard.coders) == ["alice", "bob", "carol"]


# -- F27: the consensus coder is not someone to code as ----------------------------------------


def test_the_first_start_prompt_asks_again_for_the_consensus_name(
    qtbot: QtBot, tmp_path: Path, merged: Path
) -> None:
    window = MainWindow(Settings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    asked: list[str] = []
    again: list[list[str]] = []

    def first(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        asked.append(dialog.labelText())
        again.append(when_modal(second))
        QTest.keyClicks(dialog.focusWidget() or dialog, "Consensus")
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    def second(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        asked.append(dialog.labelText())
        QTest.keyClicks(dialog.focusWidget() or dialog, "dana")
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    log = when_modal(first)
    assert window.open_project(merged)
    assert log == ["QInputDialog"]
    assert again == [["QInputDialog"]]
    assert "consensus coder" not in asked[0]
    assert asked[1].startswith("'consensus' is the consensus coder: its codings are made through")
    assert window.session is not None
    assert window.session.coder.name == "dana"
    assert window.settings.get("coder") == "dana"


def test_new_coder_refuses_the_consensus_and_switch_coder_does_not_offer_it(
    qtbot: QtBot, tmp_path: Path, merged: Path
) -> None:
    window = make_window(qtbot, tmp_path, merged, coder="alice")
    with Project.open(merged) as project:
        project.coders.ensure("consensus")  # there after a first adjudication
    log = when_modal(type_and_enter(" CONSENSUS"))
    window.coders.act_new_coder.trigger()
    assert log == ["QInputDialog"]
    assert window.session is not None
    assert window.session.coder.name == "alice"
    assert "through review (adjudication)" in window.statusBar().currentMessage()
    window.menus["coder"].aboutToShow.emit()
    switch = cast(QMenu, window.menus["coder"].actions()[0].menu())
    names = [a.text() for a in switch.actions() if not a.isSeparator()]
    assert "consensus" not in names
    assert "alice" in names
    qtbot.keyClick(window.text, Qt.Key.Key_1)  # a code key still codes as alice
    with Project.open(merged) as project:
        assert project.coders.by_name("consensus").id not in {
            c.coder_id for c in project.codings.all()
        }


def test_a_coder_copy_for_the_consensus_is_refused_before_choosing_a_file(
    qtbot: QtBot, tmp_path: Path, merged: Path
) -> None:
    window = make_window(qtbot, tmp_path, merged, coder="alice")
    seen: list[str] = []
    handled: set[int] = set()

    def answer() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None and handled:
            return
        QTimer.singleShot(50, answer)
        if modal is None or id(modal) in handled or not modal.isVisible():
            return
        handled.add(id(modal))
        seen.append(type(modal).__name__)
        if isinstance(modal, CoderCopyDialog):
            QTest.keyClicks(modal.coder, "consensus")
            QTest.keyClick(modal.coder, Qt.Key.Key_Return)
        elif isinstance(modal, QFileDialog):  # only before the fix: make the copy
            field = modal.findChild(QLineEdit, "fileNameEdit")
            assert field is not None
            field.setText(str(tmp_path / "cons.annotator"))
            QTest.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    window.exchange.copy_dialog()
    assert seen == ["CoderCopyDialog"]
    assert not (tmp_path / "cons.annotator").exists()
    assert "'consensus' is the consensus coder" in window.statusBar().currentMessage()
