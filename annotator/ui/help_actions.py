"""The Help menu: the table of keyboard shortcuts and the About box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from annotator.ui.dialogs import ShortcutsDialog

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class HelpActions(QObject):
    """The Help menu of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.add_action("help", "&Keyboard Shortcuts", self.show_shortcuts, "F1")
        window.add_action("help", "&About Annotator", self.show_about)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(action, keys) for every command with keys, then one row per code's key."""
        rows = []
        code_actions = self.window.coding_actions.code_actions
        for action in self.window.actions():
            if action.shortcut().isEmpty() or action in code_actions:
                continue
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                             for s in action.shortcuts())  # fmt: skip
            rows.append((action.text().replace("&", "").rstrip("…"), keys))
        for action in code_actions:
            if not action.shortcut().isEmpty():
                rows.append((f"Apply {action.text()}", action.shortcut().toString()))
        return rows

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self.window).exec()

    def show_about(self) -> None:
        from annotator import __version__

        QMessageBox.about(
            self.window, "About Annotator",
            f"<h3>Annotator {__version__}</h3><p>Qualitative content analysis with exact "
            "offsets (Unicode code points) and agreement measures a methods reviewer can "
            "trust.</p>",
        )  # fmt: skip
