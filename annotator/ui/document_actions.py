"""The Document menu (next, previous, status, memo) and finding text in the document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.model import STATUSES
from annotator.ui.dialogs import MemoDialog

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class DocumentActions(QObject):
    """The Document menu and the find bar of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        add, d = window.add_action, "document"
        self.act_find = add("edit", "&Find in Document…", self.open_find, "Ctrl+F", needs=d,
                            keeps_focus=False)  # fmt: skip
        add(d, "&Next Document", lambda: self.step_document(1), "Ctrl+PgDown", needs=d)
        add(d, "&Previous Document", lambda: self.step_document(-1), "Ctrl+PgUp", needs=d)
        window.menus[d].addSeparator()
        self.act_done = add(d, "Mark Document &Done", lambda: self.mark("done"), "Ctrl+D",
                            "Mark this document done for the current coder", needs=d)  # fmt: skip
        add(d, "Mark Document &In Progress", lambda: self.mark("in progress"), "Ctrl+Shift+D",
            needs=d)  # fmt: skip
        add(d, "Document &Memo…", self.edit_document_memo, "Ctrl+Shift+M", needs=d)
        bar = window.find_bar
        bar.search.connect(self.find)
        bar.next.connect(lambda: self.step_match(backwards=False))
        bar.previous.connect(lambda: self.step_match(backwards=True))
        bar.closed.connect(self._close_find)

    def step_document(self, step: int) -> None:
        window = self.window
        ids = window.documents.visible_ids()
        if not ids:
            return
        if window.document_id not in ids:
            window.show_document(ids[0])
            return
        position = ids.index(window.document_id) + step
        if 0 <= position < len(ids):
            window.show_document(ids[position])

    def mark(self, status: str) -> None:
        window = self.window
        if window.session is not None and window.document_id is not None and status in STATUSES:
            window.session.set_status(window.document_id, status)

    def edit_document_memo(self) -> None:
        window = self.window
        if window.session is None or window.document_id is None:
            return
        project = window.session.project
        name = project.documents.get(window.document_id).label  # the title, as listed
        dialog = MemoDialog("Document memo", f"Memo on {name}:",
                            project.memos.get("document", window.document_id), window)  # fmt: skip
        if dialog.exec():
            window.session.set_memo("document", window.document_id, dialog.text())

    def open_find(self) -> None:
        if self.window.document_id is not None:
            self.window.find_bar.open_bar()

    def find(self, needle: str) -> None:
        self.window.text.find_all(needle)
        self.window.find_bar.show_position(*self.window.text.match_position())

    def step_match(self, *, backwards: bool) -> None:
        self.window.text.find_next(backwards=backwards)
        self.window.find_bar.show_position(*self.window.text.match_position())

    def _close_find(self) -> None:
        self.window.text.find_all("")
        self.window.text.setFocus()
