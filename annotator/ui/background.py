"""Running analysis work off the GUI thread, on a connection of its own, with progress.

SQLite connections belong to the thread that made them, so the worker opens the project file
itself (WAL lets it read while the workspace keeps its own connection). Results come back by
queued signals and are handled on the GUI thread; no widget is touched from the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from annotator.core.errors import AnnotatorError
from annotator.store import Project

Progress = Callable[[int, int], None]
Work = Callable[[Project, Progress], Any]


class Cancelled(AnnotatorError):
    """The user cancelled the work."""


class _Worker(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, path: Path, work: Work) -> None:
        super().__init__()
        self._path = path
        self._work = work
        self.cancelled = False

    def _report(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled("Cancelled.")
        self.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            with Project.open(self._path) as project:
                result = self._work(project, self._report)
        except AnnotatorError as err:
            self.failed.emit(str(err))
        except OSError as err:
            self.failed.emit(str(err.strerror or err))
        else:
            self.done.emit(result)


class BackgroundJob(QObject):
    """One piece of work at a time for a window; a new start while busy is refused.

    Signals:
        progress(int, int): done and total, from the work's own reports.
        done(object): the work's result.
        failed(str): a one-line message (also "Cancelled.").
        finished(): after done or failed, once the thread has stopped.
    """

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    def is_busy(self) -> bool:
        return self._thread is not None

    def start(self, path: Path, work: Work) -> bool:
        if self._thread is not None:
            return False
        self._worker = _Worker(path, work)
        self._thread = QThread(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        queued = Qt.ConnectionType.QueuedConnection
        self._worker.progress.connect(self.progress, queued)
        self._worker.done.connect(self._on_done, queued)
        self._worker.failed.connect(self._on_failed, queued)
        self._thread.start()
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancelled = True

    def wait(self) -> None:
        """Block until the thread has stopped (closing a window while it works)."""
        if self._thread is not None:
            self.cancel()
            self._thread.quit()
            self._thread.wait()

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self._stop()
        self.done.emit(result)
        self.finished.emit()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stop()
        self.failed.emit(message)
        self.finished.emit()

    def _stop(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = None
        self._worker = None
