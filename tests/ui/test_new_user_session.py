"""Defects a new user met in a working session under X, each driven with real keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.ui.main_window import MainWindow
from tests.ui.test_workspace import select_by_keyboard, stored


def test_undo_after_switching_coder_leaves_the_other_coders_work(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    select_by_keyboard(qtbot, window, "Russian military")
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    qtbot.keyClick(window.text, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    window.switch_coder("bob")
    assert not window.act_undo.isEnabled()
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(demo_path) == [
        ("000_dc4029054c129186", "Actors/Russia", "alice", "Russian military")
    ]
    with Project.open(demo_path) as project:
        alice = project.coders.by_name("alice").id
        assert project.status.get(1, alice) == "done"
    select_by_keyboard(qtbot, window, "White House")
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [row[2] for row in stored(demo_path)] == ["alice"]  # bob's own step is undone
