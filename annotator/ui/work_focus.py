"""Where the keyboard is: the pane the user works in, kept across dialogs, and F6 between panes.

After a dialog, a menu or a reload, Qt gives the focus to the first widget that takes it:
the document filter, where typed names and code keys are lost. The window instead gives it
back to the pane the user last worked in (the text, the codebook, the codings or the
document list), and F6 / Shift+F6 move between those panes without the mouse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class WorkFocus(QObject):
    """Remembers the pane the user works in and gives the keyboard back to it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.work: QWidget = window.text
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._changed)

    def panes(self) -> list[QWidget]:
        """The panes in reading order: documents, text, codebook, codings."""
        window = self.window
        panes = [window.documents.table, window.text, window.codebook.tree, window.codings.table]
        return [pane for pane in panes if pane.isVisible()]

    def _changed(self, _: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new in self.panes():
            self.work = new

    def restore(self) -> None:
        """Give the keyboard back to the pane the user was working in (not while a dialog is up)."""
        if QApplication.activeModalWidget() is None:
            self.window.activateWindow()
            target = self.work if self.work.isVisible() else self.window.text
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def start(self) -> None:
        """A project was opened: the text is where work begins."""
        self.work = self.window.text
        self.restore()

    def cycle(self, step: int) -> None:
        """Move the keyboard to the next (1) or previous (-1) pane."""
        panes = self.panes()
        if not panes:
            return
        current = QApplication.focusWidget()
        position = (
            panes.index(current)
            if current in panes
            else panes.index(self.work)
            if self.work in panes
            else 0
        )
        target = panes[(position + step) % len(panes)]
        target.setFocus(Qt.FocusReason.TabFocusReason)
