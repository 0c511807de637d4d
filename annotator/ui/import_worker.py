"""Reading files for import off the GUI thread, with progress and cancel.

Reading is the slow part (PDF layout, web-page boilerplate removal) and needs no project, so
the worker only reads; the prepared files come back by a queued signal and the GUI thread
stores them in one transaction. A cancelled import stores nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from annotator.core.importing import PreparedFile, Refusal, collect_text_files, prepare_files


class _Reader(QObject):
    """Reads one batch; its signals carry the batch's serial so stale ones can be told apart."""

    progress = Signal(int, int, int, str)
    done = Signal(int, object)

    def __init__(self, serial: int, paths: list[Path], full_page: bool) -> None:
        super().__init__()
        self.serial = serial
        self._paths = paths
        self._full_page = full_page
        self.cancelled = False

    def _report(self, done: int, name: str) -> bool:
        self.progress.emit(self.serial, done, len(self._paths), name)
        return not self.cancelled

    @Slot()
    def run(self) -> None:
        prepared = prepare_files(self._paths, full_page=self._full_page, progress=self._report)
        self.done.emit(self.serial, None if self.cancelled else prepared)


class ImportJob(QObject):
    """Reads one batch of files at a time on a thread of its own.

    Signals:
        progress(int, int, str): files read so far, how many in all, the file being read.
        done(object): the list of :class:`PreparedFile` and :class:`Refusal`, or None when
            cancelled. Nothing is emitted for a batch once it is cancelled or done: its
            worker's queued signals may still be on their way (seen under load), and they
            are told from the current batch's by a serial number.
    """

    progress = Signal(int, int, str)
    done = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._reader: _Reader | None = None
        self._serial = 0

    def is_busy(self) -> bool:
        return self._thread is not None

    def start(self, paths: list[Path], *, full_page: bool = False) -> int:
        """Start reading ``paths`` (folders expanded); returns how many files, 0 when busy."""
        if self._thread is not None:
            return 0
        files = collect_text_files(paths)
        self._serial += 1
        self._reader = _Reader(self._serial, files, full_page)
        self._thread = QThread(self)
        self._reader.moveToThread(self._thread)
        self._thread.started.connect(self._reader.run)
        queued = Qt.ConnectionType.QueuedConnection
        self._reader.progress.connect(self._on_progress, queued)
        self._reader.done.connect(self._on_done, queued)
        self._thread.start()
        return len(files)

    def cancel(self) -> None:
        if self._reader is not None:
            self._reader.cancelled = True

    def wait(self) -> None:
        """Cancel and block until the thread has stopped (closing the window meanwhile)."""
        if self._thread is not None:
            self.cancel()
            self._thread.quit()
            self._thread.wait()

    def _is_live(self, serial: int) -> bool:
        return self._reader is not None and serial == self._reader.serial

    @Slot(int, int, int, str)
    def _on_progress(self, serial: int, done: int, total: int, name: str) -> None:
        if self._is_live(serial) and self._reader is not None and not self._reader.cancelled:
            self.progress.emit(done, total, name)

    @Slot(int, object)
    def _on_done(self, serial: int, prepared: list[PreparedFile | Refusal] | None) -> None:
        if not self._is_live(serial):
            return
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._reader is not None:
            self._reader.deleteLater()
        self._thread = None
        self._reader = None
        self.done.emit(prepared)
