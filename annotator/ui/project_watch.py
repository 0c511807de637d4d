"""Keeps a window in step with what other programs write to its project, and with failures.

A project is often shared: a colleague's merge, ``annotator code`` in a terminal, a second
window. The window polls SQLite's ``data_version`` (unchanged by its own commits, so cheap and
quiet) once a second and whenever it is activated, and reloads the codebook, the document list
and the open document's codings only when another connection committed. The same reload runs
after any failed write, so the screen never shows a coding that is not stored.

The poll also watches the write-ahead log: when another program deleted or replaced it (see
:mod:`annotator.store.connection`), the window says so once, loudly, and the store refuses
every further write.
"""

from __future__ import annotations

import sqlite3
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from annotator.core.errors import AnnotatorError, JournalLost
from annotator.ui.session import describe_failure

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

POLL_MS = 1000
JOURNAL_LOST = (
    "Another program removed or replaced this project's journal while it was open here. "
    "Nothing more is written from this window, since it would go to a deleted file: close "
    "the project and open it again to see what the file holds."
)


class ProjectWatch(QObject):
    """Notices other programs' commits and a lost journal for one main window."""

    def __init__(self, window: MainWindow, interval_ms: int = POLL_MS) -> None:
        super().__init__(window)
        self.window = window
        self._version: int | None = None
        self.journal_lost = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        window.installEventFilter(self)

    def attach(self, session: Session) -> None:
        """Start watching a newly opened project."""
        self.journal_lost = False
        session.out_of_date.connect(self.reload)
        session.journal_lost.connect(self._on_journal_lost)
        self._version = self._read_version(session)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.check()
        return False

    def check(self) -> None:
        """Reload if another program committed since the last look; notice a lost journal."""
        session = self.window.session
        if session is None:
            self._timer.stop()
            return
        if not self.journal_lost and not session.project.journal_intact():
            self._on_journal_lost(JOURNAL_LOST)
            return
        version = self._read_version(session)
        if version is not None and version != self._version:
            self.reload()

    def reload(self) -> None:
        """Show what is stored now: codebook, documents, the open document's codings."""
        window, session = self.window, self.window.session
        if session is None:
            return
        try:
            window.reload_codebook()
            window.reload_documents()
            ids = window.documents.model.document_ids()
            if window.document_id in ids:
                window.reload_codings()
            elif ids:
                window.show_document(ids[0])
            else:
                window.document_id = None
            window.status_line.refresh()
        except (AnnotatorError, sqlite3.Error) as err:
            window.statusBar().showMessage(f"Could not reload the project: {err}", 10000)
        self._version = self._read_version(session)

    def report_uncaught(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        """The last line of defence, as ``sys.excepthook``: an error escaping a Qt slot.

        PySide prints such an error and goes on, so without this a write that failed outside
        :class:`Session` (the file busy past the wait, a full disk) left no trace in the
        window. Now it is one line there, and the view is reloaded from what is stored; the
        details still go to the terminal for a bug report.
        """
        traceback.print_exception(kind, error, trace)
        if isinstance(error, JournalLost):
            self._on_journal_lost(describe_failure(error))
        elif isinstance(error, AnnotatorError | sqlite3.Error | OSError):
            self.window.report(describe_failure(error))
        else:
            self.window.report(f"Unexpected error ({kind.__name__}: {error}); details on the "
                               "terminal")  # fmt: skip
        self.reload()

    def _read_version(self, session: Session) -> int | None:
        try:
            return session.project.data_version()
        except sqlite3.Error:
            return None

    def _on_journal_lost(self, message: str) -> None:
        """Say it once, as a modal box: every save from now on would be lost."""
        self.window.statusBar().showMessage(message)
        if self.journal_lost:
            return
        self.journal_lost = True
        box = QMessageBox(QMessageBox.Icon.Critical, "Annotator: work can no longer be saved",
                          JOURNAL_LOST, QMessageBox.StandardButton.Ok, self.window)  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.show()
