"""The status bar's permanent labels and the window title: who codes what, and where.

The labels are kept short (the title carries the project and document names in full) so that
the messages on the left of the status bar are not cut off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class StatusLine(QObject):
    """Blind-coding badge, coder and view, document and status, caret or selection."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.blind = QLabel("Blind coding", window)
        self.blind.setStyleSheet("QLabel { background: #F0E442; color: black; "
                                 "border-radius: 3px; padding: 0 6px; }")  # fmt: skip
        self.blind.hide()
        self.coder = QLabel(window)
        self.document = QLabel(window)
        self.selection = QLabel(window)
        self.selection.setToolTip("Caret or selection in code points: start–end (length)")
        for label in (self.blind, self.coder, self.document, self.selection):
            window.statusBar().addPermanentWidget(label)
        window.text.selection_changed.connect(self.show_selection)

    def show_selection(self, start: int, end: int) -> None:
        where = self.window.document_admin.location(start)  # "p. 4" or "00:12:31" where known
        where = f", {where}" if where else ""
        if start == end:
            self.selection.setText(f"at {start}{where}")
        else:
            self.selection.setText(f"selection {start}–{end} ({end - start}){where}")

    def refresh(self) -> None:
        """Title and labels from the session: coder, whose codings show, document, status."""
        window, session = self.window, self.window.session
        self.blind.setVisible(bool(session and session.project.settings.blind))
        if session is None:
            for label in (self.coder, self.document):
                label.setText("")
            window.setWindowTitle("Annotator")
            return
        if session.project.settings.blind:
            owner = session.blind_owner()
            lock = session.project.settings.blind_lock
            self.blind.setText("Blind coding (locked)" if lock else "Blind coding")
            self.blind.setToolTip(
                "Blind coding is on" + (f" (turned on by {owner})" if owner else "") + ": each "
                "coder sees only their own codings in a document until they mark it done."
                + (f" {lock.reason()}" if lock else "")
            )  # fmt: skip
        view = {"all": "all coders", "mine": "mine only"}.get(session.view_filter,
                                                              session.view_filter)  # fmt: skip
        document_id = window.document_id
        if session.project.settings.blind_lock is not None:
            view = "mine only (blind copy)"  # the others' codings never show in a locked copy
        elif (
            document_id is not None
            and session.view_filter != "mine"
            and session.visible_coder_ids(document_id) == [session.coder.id]
        ):
            view = "mine only (blind until done)"  # what the text shows, not the menu choice
        self.coder.setText(f"{session.coder.name} · {view}")
        self.coder.setToolTip(f"Coding as {session.coder.name}; showing the codings of "
                              f"{view} (Coder menu)")  # fmt: skip
        name = shown = status = ""
        if window.document_id is not None:
            document = session.project.documents.get(window.document_id)
            name, shown = document.name, document.label  # the title, as the list shows it
            status = session.project.status.get(window.document_id, session.coder.id)
        metrics = self.document.fontMetrics()
        short = metrics.elidedText(shown, Qt.TextElideMode.ElideMiddle, 180)
        self.document.setText(f"{short} — {status}" if name else "")
        called = f"{shown} ({name})" if shown != name else name
        self.document.setToolTip(f"{called}: {status} for {session.coder.name}")
        title = f"{shown} — {status} — " if name else ""
        window.setWindowTitle(f"{title}{session.project.path.name} — Annotator")
