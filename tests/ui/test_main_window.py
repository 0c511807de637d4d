"""The window's menus by name, for controllers that add their own items."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.ui.main_window import MENUS, MainWindow
from annotator.ui.settings import Settings
from tests.ui.conftest import make_window


def test_every_menu_is_reachable_by_name_in_menu_bar_order(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(Settings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    bar = [action.text() for action in window.menuBar().actions()]
    assert bar == list(MENUS.values())
    assert [window.menus[name].title() for name in MENUS] == bar


def test_a_controller_adds_an_item_that_follows_the_document(
    qtbot: QtBot, tmp_path: Path, demo_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, demo_path)
    calls: list[int] = []
    action = window.add_action(
        "review", "Count", lambda: calls.append(1), "Ctrl+Alt+J", needs="document"
    )
    assert action in window.menus["review"].actions()
    window.close_project()
    window._update_enabled()
    assert not action.isEnabled()
    assert window.open_project(demo_path, coder="alice")
    assert action.isEnabled()
    window.text.setFocus()
    qtbot.keyClick(window.text, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier)  # fmt: skip
    assert calls == [1]


def test_the_file_menu_keeps_quit_last_and_imports_together(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(Settings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    texts = [a.text() for a in window.menus["file"].actions() if not a.isSeparator()]
    assert texts[-1] == "&Quit"
    assert texts.index("Import &Folder…") == texts.index("&Import Documents…") + 1
