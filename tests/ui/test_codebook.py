"""The codebook driven through the tree: rename, recolour, move, merge, delete, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QColorDialog, QInputDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.ui.main_window import MainWindow, effective_shortcuts
from tests.ui.driving import type_and_enter, when_modal
from tests.ui.test_workspace import code_id, select_by_keyboard


def paths(path: Path) -> list[str]:
    with Project.open(path) as project:
        return [c.path for c in project.codes.all()]


def select_in_tree(qtbot: QtBot, window: MainWindow, code_path: str) -> None:
    panel = window.codebook
    index = panel.proxy_index_of(code_id(window, code_path))
    panel.tree.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    panel.tree.setFocus()


def undo(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # after a dialog, activation is async
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_rename_in_place_and_undo(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    select_in_tree(qtbot, window, "Actors/ISIL")
    qtbot.keyClick(window.codebook.tree, Qt.Key.Key_F2)
    [editor] = window.codebook.tree.viewport().findChildren(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Islamic State")
    # Clicking another code commits the edit. (Offscreen the window is never active, and Qt's
    # item editors then ignore a synthetic Return even in a bare QTreeView.)
    tree = window.codebook.tree
    other = tree.visualRect(window.codebook.proxy_index_of(code_id(window, "Stance")))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=other.center())
    assert "Actors/Islamic State" in paths(demo_path)
    undo(qtbot, window)
    assert "Actors/ISIL" in paths(demo_path)


def test_recolour_from_the_context_action(
    qtbot: QtBot, window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QColor

    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#123456"))
    select_in_tree(qtbot, window, "Actors/Russia")
    window.codebook.actions_by_name["recolour"].trigger()
    with Project.open(demo_path) as project:
        assert project.codes.by_path("Actors/Russia").color == "#123456"
    assert (
        window.codebook.model.data(
            window.codebook.model.index_of(code_id(window, "Actors/Russia")),
            Qt.ItemDataRole.DecorationRole,
        )
        is not None
    )
    undo(qtbot, window)
    with Project.open(demo_path) as project:
        assert project.codes.by_path("Actors/Russia").color == "#D55E00"


def test_drag_code_to_new_parent_and_undo(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    proxy = window.codebook.proxy
    source = window.codebook.proxy_index_of(code_id(window, "Actors/ISIL"))
    target = window.codebook.proxy_index_of(code_id(window, "Stance"))
    data = proxy.mimeData([source])
    proxy.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    assert "Stance/ISIL" in paths(demo_path)
    assert (
        window.codebook.proxy_index_of(code_id(window, "Stance/ISIL")).parent().data() == "Stance"
    )
    undo(qtbot, window)
    assert paths(demo_path).index("Actors/ISIL") == 6


def test_merge_moves_codings_and_undo_splits(
    qtbot: QtBot, window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    select_by_keyboard(qtbot, window, "Russian military operations")
    window.apply_code(code_id(window, "Actors/Coalition"))
    select_in_tree(qtbot, window, "Actors/Coalition")
    log = when_modal(type_and_enter("united"))  # the picker's filter, then Enter
    window.codebook.actions_by_name["merge"].trigger()
    assert log == ["CodePicker"]
    assert "Actors/Coalition" not in paths(demo_path)
    assert [r.code_path for r in _rows(window)] == ["Actors/United States"]
    undo(qtbot, window)
    assert "Actors/Coalition" in paths(demo_path)
    assert [r.code_path for r in _rows(window)] == ["Actors/Coalition"]


def test_delete_asks_with_count_and_undo_restores(
    qtbot: QtBot, window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    select_by_keyboard(qtbot, window, "Russian military operations")
    window.apply_code(code_id(window, "Actors/Russia"))
    asked: list[str] = []

    def answer(parent: object, title: str, text: str, *rest: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    select_in_tree(qtbot, window, "Actors")
    window.codebook.actions_by_name["delete"].trigger()
    assert "6 child codes and 1 coding" in asked[0]
    assert not any(p.startswith("Actors") for p in paths(demo_path))
    assert window.codings.model.rowCount() == 0
    undo(qtbot, window)
    assert "Actors/Russia" in paths(demo_path)
    assert window.codings.model.rowCount() == 1


def test_add_child_code_and_shortcut_conflicts(
    qtbot: QtBot, window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Turkey", True))
    select_in_tree(qtbot, window, "Actors")
    qtbot.keyClick(window.codebook.tree, Qt.Key.Key_Insert)
    assert "Actors/Turkey" in paths(demo_path)
    turkey = code_id(window, "Actors/Turkey")
    assert window.codebook_actions.shortcut_conflict(turkey, "1") == "the code Actors/Russia"
    assert "Undo" in (window.codebook_actions.shortcut_conflict(turkey, "Ctrl+Z") or "")
    assert window.codebook_actions.shortcut_conflict(turkey, "T") is None
    # The store refuses a conflicting key too, with a message and no change.
    window.session.update_code(turkey, shortcut="2")  # type: ignore[union-attr]
    assert "already used by Actors/United States" in window.statusBar().currentMessage()
    window.session.update_code(turkey, shortcut="T")  # type: ignore[union-attr]
    select_by_keyboard(qtbot, window, "Russian")
    qtbot.keyClick(window.text, Qt.Key.Key_T)
    assert [r.code_path for r in _rows(window)] == ["Actors/Turkey"]


def test_code_dialog_disables_ok_on_conflict(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QDialogButtonBox

    from annotator.ui.code_dialogs import CodeDialog

    code = window._codes[code_id(window, "Actors/ISIL")]
    dialog = CodeDialog(
        code, lambda keys: window.codebook_actions.shortcut_conflict(code.id, keys), window
    )
    qtbot.addWidget(dialog)
    dialog.shortcut.setKeySequence(QKeySequence("3"))
    assert "Cooperation offered" in dialog.problem.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.shortcut.setKeySequence(QKeySequence("I"))
    dialog.description.setPlainText("The Islamic State")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.changes() == {"shortcut": "I", "description": "The Islamic State"}


def test_default_keys_fill_free_digits() -> None:
    from annotator.core.model import Code

    codes = [Code(i, "g", None, f"c{i}", f"c{i}", "#000000", shortcut="2" if i == 1 else None)
             for i in range(12)]  # fmt: skip
    keys = effective_shortcuts(codes)
    assert keys[1] == "2"
    assert keys[0] == "1"
    assert keys[2] == "3"
    assert len([k for k in keys.values() if k.isdigit()]) == 9


def test_codebook_dialog_shows_definitions_and_counts(qtbot: QtBot, window: MainWindow) -> None:
    select_by_keyboard(qtbot, window, "Russian")
    window.apply_code(code_id(window, "Actors/Russia"))
    qtbot.keyClick(window.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dialog = window.codebook_dialog
    assert dialog is not None
    assert dialog.isVisible()
    panel = dialog.panel
    panel.select_code(code_id(window, "Actors/Russia"))
    text = dialog.details.toPlainText()
    assert "Russia, its government" in text
    assert "alice: 1" in text


def _rows(window: MainWindow) -> list:
    model = window.codings.model
    return [
        type("Row", (), {"code_path": model.index(r, 0).data()}) for r in range(model.rowCount())
    ]
