"""Bootstrap intervals in the dashboard: resamples, seed, progress and cancel.

The resampling runs in the agreement engine's process (never on the GUI thread, nor competing
with it for the interpreter lock). Progress comes back through a multiprocessing manager's
queue, which a worker thread relays as a signal; Cancel sets a manager event the engine
checks after every chunk of resamples, so it stops within a chunk and the process survives.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import secrets
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.managers import SyncManager
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QWidget,
)

from annotator.core.agreement import AgreementOptions, AgreementRow, Cancelled
from annotator.core.agreement.bootstrap import BootstrapOptions
from annotator.core.lifeline import die_with_parent
from annotator.store.agreement_source import bootstrap_from_file


class _BootstrapWorker(QObject):
    """Waits in a worker thread for the engine process; relays progress and the result.

    Signals: progress(int, int); done(object): the pooled rows with intervals; failed(str).
    """

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        executor: ProcessPoolExecutor,
        path: str,
        options: AgreementOptions,
        chosen: BootstrapOptions,
    ) -> None:
        super().__init__()
        self._executor = executor
        self._path = path
        self._options = options
        self._chosen = chosen
        self._manager: Any = None
        self._stop: Any = None

    @Slot()
    def run(self) -> None:
        try:
            # The manager's process ends with this one, even when this one is killed.
            self._manager = SyncManager(ctx=multiprocessing.get_context("spawn"))
            self._manager.start(die_with_parent, (os.getpid(),))
            updates = self._manager.Queue()
            self._stop = self._manager.Event()
            future = self._executor.submit(
                bootstrap_from_file, self._path, self._options, self._chosen, updates, self._stop
            )
            while not future.done():
                try:
                    done, total = updates.get(timeout=0.1)
                except queue.Empty:
                    continue
                self.progress.emit(done, total)
            rows = future.result()
            self._drain(updates)  # the last chunks' reports, queued as the work ended
            self.done.emit(rows)
        except Cancelled:
            self.failed.emit("Intervals cancelled.")
        except Exception as err:  # noqa: BLE001 - reported in the window, never a crash
            self.failed.emit(f"Intervals could not be computed: {err}")
        finally:
            if self._manager is not None:
                self._manager.shutdown()

    def _drain(self, updates: Any) -> None:
        while True:
            try:
                done, total = updates.get_nowait()
            except queue.Empty:
                return
            self.progress.emit(done, total)

    def cancel(self) -> None:
        if self._stop is not None:
            self._stop.set()


class BootstrapPanel(QWidget):
    """Resamples, seed, Intervals / Cancel buttons and a progress bar.

    Signals: intervals(object): pooled rows carrying ``ci``.
    """

    intervals = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resamples = QSpinBox(self)
        self.resamples.setRange(10, 100_000)
        self.resamples.setValue(1000)
        self.resamples.setAccessibleName("Bootstrap resamples")
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(secrets.randbelow(2**31))
        self.seed.setAccessibleName("Bootstrap seed")
        self.start_button = QPushButton("95 % Intervals", self)
        self.start_button.setToolTip(
            "Bootstrap confidence intervals for alpha and alpha_U, resampling documents; the "
            "seed is recorded so the interval can be reproduced"
        )
        self.cancel_button = QPushButton("Cancel Intervals", self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar(self)
        self.progress.setFormat("%v / %m resamples")
        self.status = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("Resamples:", self), self.resamples, QLabel("Seed:", self),
                       self.seed, self.start_button, self.cancel_button, self.progress,
                       self.status):  # fmt: skip
            layout.addWidget(widget)
        self._thread: QThread | None = None
        self._worker: _BootstrapWorker | None = None
        self.chosen: BootstrapOptions | None = None

    def is_busy(self) -> bool:
        return self._thread is not None

    def start(self, executor: ProcessPoolExecutor, path: str, options: AgreementOptions) -> None:
        if self._thread is not None:
            return
        self.chosen = BootstrapOptions(0.95, self.resamples.value(), self.seed.value())
        self._worker = _BootstrapWorker(executor, path, options, self.chosen)
        self._thread = QThread(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        queued = Qt.ConnectionType.QueuedConnection
        self._worker.progress.connect(self._on_progress, queued)
        self._worker.done.connect(self._on_done, queued)
        self._worker.failed.connect(self._on_failed, queued)
        self.progress.setRange(0, self.chosen.resamples)
        self.progress.setValue(0)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(f"resampling documents, seed {self.chosen.seed}…")
        self._thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def shutdown(self) -> None:
        """Cancel and wait for the worker thread (the window is closing)."""
        self.cancel()
        self._finish()

    def _finish(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = self._worker = None
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    @Slot(object)
    def _on_done(self, rows: list[AgreementRow]) -> None:
        self._finish()
        assert self.chosen is not None
        self.progress.setRange(0, self.chosen.resamples)
        self.progress.setValue(self.chosen.resamples)  # all done, whatever was last reported
        self.status.setText(f"95 % intervals from {self.chosen.resamples} resamples, seed "
                            f"{self.chosen.seed}")  # fmt: skip
        self.intervals.emit(rows)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._finish()
        self.status.setText(message)
