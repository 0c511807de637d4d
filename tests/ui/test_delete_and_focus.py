"""Del acts on the coding the user is looking at; focus stays where the user works."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.ui.main_window import MainWindow
from annotator.ui.settings import Settings
from tests.ui.driving import click_button, focused, press, type_and_enter, when_modal
from tests.ui.test_workspace import code_id, select_by_keyboard, stored

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focus_returns_to(qtbot: QtBot, widget: QWidget) -> None:
    """Activation after a dialog closes is asynchronous: wait for the focus to land."""
    qtbot.waitUntil(lambda: focused() is widget, timeout=2000)


def memos(path: Path) -> list[str]:
    with Project.open(path) as project:
        return [c.memo for c in project.codings.all()]


def click_row(qtbot: QtBot, window: MainWindow, row: int) -> None:
    table = window.codings.table
    rect = table.visualRect(window.codings.model.index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def find(qtbot: QtBot, window: MainWindow, needle: str) -> None:
    qtbot.keyClick(window.text, Qt.Key.Key_F, CTRL)
    assert focused() is window.find_bar.field
    qtbot.keyClicks(window.find_bar.field, needle)
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert focused() is window.text


def test_del_after_find_and_coding_removes_the_new_coding_not_the_listed_one(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    select_by_keyboard(qtbot, window, "White House")
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    click_row(qtbot, window, 0)  # the older coding, picked in the list
    assert window.text.selected_coding() != 0
    window.text.setFocus()
    find(qtbot, window, "Russian military")
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    find(qtbot, window, "airstrikes")
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    assert len(stored(demo_path)) == 3
    qtbot.keyClick(window.text, Qt.Key.Key_Delete)
    assert sorted(row[3] for row in stored(demo_path)) == ["Russian military", "White House"]


def test_del_acts_on_the_coding_under_the_caret_after_keyboard_moves(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    select_by_keyboard(qtbot, window, "White House")
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    select_by_keyboard(qtbot, window, "Russian military")
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    # Move the caret into "White House" with the keyboard alone, then Del.
    text = window.text.text()
    qtbot.keyClick(window.text, Qt.Key.Key_Home, CTRL)
    for _ in range(text.index("White House") + 3):
        qtbot.keyClick(window.text, Qt.Key.Key_Right)
    qtbot.keyClick(window.text, Qt.Key.Key_Delete)
    assert [row[3] for row in stored(demo_path)] == ["Russian military"]


def test_del_asks_when_the_coding_has_a_memo_and_undo_restores_the_memo(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    select_by_keyboard(qtbot, window, "White House")
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    log = when_modal(type_and_enter("spokesperson", CTRL))
    qtbot.keyClick(window.text, Qt.Key.Key_M, CTRL)  # the memo editor: Ctrl+Enter saves
    assert log == ["MemoDialog"]
    assert memos(demo_path) == ["spokesperson"]
    focus_returns_to(qtbot, window.text)
    log = when_modal(press(Qt.Key.Key_Escape))
    qtbot.keyClick(window.text, Qt.Key.Key_Delete)
    assert log == ["QMessageBox"]
    assert memos(demo_path) == ["spokesperson"]  # Escape: kept
    focus_returns_to(qtbot, window.text)
    log = when_modal(click_button(QMessageBox.StandardButton.Yes))
    qtbot.keyClick(window.text, Qt.Key.Key_Delete)
    assert log == ["QMessageBox"]
    assert memos(demo_path) == []
    focus_returns_to(qtbot, window.text)
    qtbot.keyClick(window.text, Qt.Key.Key_Z, CTRL)
    assert memos(demo_path) == ["spokesperson"]


def test_focus_is_in_the_text_at_start(qtbot: QtBot, tmp_path: Path, demo_path: Path) -> None:
    window = MainWindow(Settings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window, timeout=5000):
        window.activateWindow()
    assert window.open_project(demo_path, coder="alice")
    qtbot.wait(100)
    assert focused() is window.text


def test_insert_in_the_codebook_then_f2_renames_the_new_code(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    tree = window.codebook.tree
    tree.setFocus()
    window.codebook.select_code(code_id(window, "Actors"))
    log = when_modal(type_and_enter("Ukraine"))
    qtbot.keyClick(tree, Qt.Key.Key_Insert)
    assert log == ["QInputDialog"]
    assert "Actors/Ukraine" in {c.path for c in window._codes.values()}
    focus_returns_to(qtbot, tree)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    [editor] = tree.viewport().findChildren(QLineEdit)
    assert editor.text() == "Ukraine"
    editor.selectAll()
    qtbot.keyClicks(editor, "Kyiv")
    # Offscreen, item editors ignore a synthetic Return: clicking another code commits.
    other = tree.visualRect(window.codebook.proxy_index_of(code_id(window, "Stance")))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=other.center())
    with Project.open(demo_path) as project:
        assert "Actors/Kyiv" in {c.path for c in project.codes.all()}


def test_add_code_from_the_text_returns_to_the_text_and_ctrl_z_undoes(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    log = when_modal(type_and_enter("Irony"))
    qtbot.keyClick(window.text, Qt.Key.Key_N, CTRL | SHIFT)
    assert log == ["QInputDialog"]
    focus_returns_to(qtbot, window.text)
    qtbot.keyClick(window.text, Qt.Key.Key_Z, CTRL)
    with Project.open(demo_path) as project:
        assert "Irony" not in {c.path for c in project.codes.all()}


def test_change_code_returns_to_the_text(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    select_by_keyboard(qtbot, window, "White House")
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    log = when_modal(type_and_enter("Military action"))
    qtbot.keyClick(window.text, Qt.Key.Key_R, CTRL)
    assert log
    assert [row[1] for row in stored(demo_path)] == ["Military action"]
    focus_returns_to(qtbot, window.text)
    qtbot.keyClick(window.text, Qt.Key.Key_E, CTRL | SHIFT)  # nothing bound: must not crash
    qtbot.keyClick(window.text, Qt.Key.Key_Z, CTRL)
    assert [row[1] for row in stored(demo_path)] == ["Actors/United States"]


def test_blind_coding_from_the_menu_keeps_focus_in_the_text(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    window.review.act_blind.trigger()
    assert focused() is window.text
    select_by_keyboard(qtbot, window, "White House")
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    assert len(stored(demo_path)) == 1
    assert QApplication.focusWidget() is window.text
    assert window.text.mapToGlobal(QPoint(0, 0)) is not None


def test_f6_moves_between_panes_and_f2_renames_in_the_codebook(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    qtbot.keyClick(window.text, Qt.Key.Key_F6)
    assert focused() is window.codebook.tree
    qtbot.keyClick(window.codebook.tree, Qt.Key.Key_F6, SHIFT)
    assert focused() is window.text
    qtbot.keyClick(window.text, Qt.Key.Key_F6, SHIFT)
    assert focused() is window.documents.table


def test_set_coding_to_the_selection_and_undo(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    select_by_keyboard(qtbot, window, "Russian military")
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    # Extend the selection with the keyboard over the coding, then set the coding to it.
    for _ in range(len(" operations")):
        qtbot.keyClick(window.text, Qt.Key.Key_Right, SHIFT)
    qtbot.keyClick(window.text, Qt.Key.Key_R, CTRL | SHIFT)
    assert [row[3] for row in stored(demo_path)] == ["Russian military operations"]
    qtbot.keyClick(window.text, Qt.Key.Key_Z, CTRL)
    assert [row[3] for row in stored(demo_path)] == ["Russian military"]
