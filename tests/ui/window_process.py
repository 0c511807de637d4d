"""A real main window in a process of its own, driven line by line from standard input.

Crash tests need to kill the window's process with SIGKILL and then look at the file, so the
window cannot live in the test's own process. Each command is one line; the answer is one line
starting with ``ok`` (or ``error``) once the command's effects are committed:

- ``menu <text>``: trigger the menu action whose text is ``<text>`` (as a menu click does); if
  it opens a file dialog, wait until the dialog has listed its folder and shown it, then cancel
  it with Escape, as a user would.
- ``code <start> <end> <key>``: select ``[start, end)`` (code points) in the text and press
  ``<key>`` (a code's shortcut digit).
- ``codings``: how many codings the window shows for the current document.
- ``status``: the status bar's message.
- ``quit``: close the window normally.

Run as ``python -m tests.ui.window_process PROJECT SETTINGS CODER``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

from annotator.ui.app import catch_failures
from annotator.ui.main_window import MainWindow
from annotator.ui.settings import Settings

# How long a file dialog stays on screen after listing its folder: enough for the view to ask
# for every visible row's icon and type, which is when Qt would look inside the files.
DIALOG_SHOWN_MS = 600
LISTING_MS = 3000
ENGINE_MS = 60000


class Driver(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._buffer = b""
        self._in_menu = False
        self._notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)

    def _read(self) -> None:
        chunk = os.read(sys.stdin.fileno(), 4096)
        if not chunk:
            QApplication.quit()
            return
        self._buffer += chunk
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            self._run(line.decode().strip())

    def _run(self, line: str) -> None:
        command, _, rest = line.partition(" ")
        try:
            answer = getattr(self, f"do_{command}")(rest)
        except Exception as err:  # noqa: BLE001 - reported to the test, which fails on it
            answer = f"error {type(err).__name__}: {err}"
        print(answer, flush=True)

    def do_menu(self, text: str) -> str:
        actions = [a for a in self.window.findChildren(QAction)
                   if a.text().replace("&", "").rstrip("…") == text]  # fmt: skip
        if not actions:
            return f"error no menu action {text!r}"
        seen: list[str] = []
        self._in_menu = True
        QTimer.singleShot(0, lambda: self._cancel_dialog_when_listed(seen))
        actions[0].trigger()
        self._in_menu = False
        return "ok " + (seen[0] if seen else "no dialog")

    def _cancel_dialog_when_listed(self, seen: list[str]) -> None:
        widget = QApplication.activeModalWidget()
        dialog = widget if isinstance(widget, QFileDialog) else None
        model = dialog.findChild(QFileSystemModel) if dialog is not None else None
        if dialog is None or model is None:
            if self._in_menu:  # the action may not open a dialog at all
                QTimer.singleShot(20, lambda: self._cancel_dialog_when_listed(seen))
            return
        try:
            loaded: list[str] = []
            model.directoryLoaded.connect(loaded.append)
            # Files a filter hides are looked at too, so wait for the listing itself, not for
            # rows (or a while, should the listing have finished before we started to listen).
            deadline = QDeadlineTimer(LISTING_MS)
            while not loaded and not deadline.hasExpired():
                QTest.qWait(20)
            QTest.qWait(DIALOG_SHOWN_MS)
            seen.append(dialog.directory().absolutePath())
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        finally:
            dialog.close()  # never leave the test waiting on a dialog

    def do_code(self, rest: str) -> str:
        start, end, key = rest.split()
        self.window.activateWindow()
        QTest.qWaitForWindowActive(self.window)
        self.window.text.setFocus()
        self.window.text.select_codepoints(int(start), int(end))
        QTest.keyClick(self.window.text, getattr(Qt.Key, f"Key_{key}"))
        return "ok " + self.window.statusBar().currentMessage()

    def do_dashboard(self, _: str) -> str:
        """Open the agreement dashboard and wait for its first figures (its engine is busy)."""
        self.do_menu("Agreement Dashboard")
        dashboard = self.window.review.dashboard
        deadline = QDeadlineTimer(ENGINE_MS)
        while (dashboard is None or not dashboard.model.rowCount()) and not deadline.hasExpired():
            QTest.qWait(50)
            dashboard = self.window.review.dashboard
        rows = dashboard.model.rowCount() if dashboard is not None else 0
        status = dashboard.status.text() if dashboard is not None else "no dashboard"
        return f"ok {rows} {status}"

    def do_budget(self, seconds: str) -> str:
        """How long writes wait for another program's lock (shortened for a test)."""
        assert self.window.session is not None
        self.window.session.project.db.write_budget = float(seconds)
        return "ok"

    def do_codings(self, _: str) -> str:
        return f"ok {len(self.window.text.codings())}"

    def do_status(self, _: str) -> str:
        return "ok " + self.window.statusBar().currentMessage()

    def do_quit(self, _: str) -> str:
        self.window.close()
        QApplication.quit()
        return "ok"


def main() -> int:
    project, settings, coder = sys.argv[1:4]
    app = QApplication(sys.argv[:1])
    window = MainWindow(Settings(Path(settings)))
    catch_failures(window)  # as the application does at start
    window.show()
    window.activateWindow()
    # Window shortcuts fire only in the active window, and activation is asynchronous.
    QTest.qWaitForWindowActive(window)
    if not window.open_project(Path(project), coder=coder):
        print("error cannot open", flush=True)
        return 1
    Driver(window)
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
