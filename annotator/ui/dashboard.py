"""The agreement dashboard: codes x measures, coloured by strength, computed off the GUI thread.

The project is read on the GUI thread (SQLite connections belong to their thread); the
computation runs in a worker thread that reports progress and can be cancelled, so the window
never freezes. Double-click a pooled row to see that code document by document.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import (
    AgreementOptions,
    AgreementRow,
)
from annotator.core.csvformat import write_csv
from annotator.core.errors import AnnotatorError
from annotator.core.lifeline import die_with_parent
from annotator.store.agreement_source import agreement_from_file, auto_coding_count, warm_up
from annotator.ui import file_dialogs
from annotator.ui.agreement_model import (
    GOOD,
    POOLED,
    TENTATIVE,
    AgreementModel,
    Index,
    strength_colour,
)
from annotator.ui.dashboard_bootstrap import BootstrapPanel
from annotator.ui.dashboard_where import WhereFilter
from annotator.ui.session import Session


def engine_process() -> ProcessPoolExecutor:
    """A one-process pool for the agreement engine, started at once (it takes a moment).

    "spawn": a fresh interpreter, never a fork of a process that runs Qt. The worker ends
    with this process, even when this one is killed (:func:`die_with_parent`).
    """
    executor = ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent, initargs=(os.getpid(),),
    )  # fmt: skip
    executor.submit(warm_up)
    return executor


#: The "Show" key of one code document by document (no document name starts with NUL).
CODE_VIEW = "\x00code\x00"


class RowFilter(QSortFilterProxyModel):
    """Shows the pooled rows, every document's rows, or one document's; optionally one code."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: str | None = POOLED  # a name, POOLED, or None for every document
        self.code: str | None = None

    def set_view(self, document: str | None, code: str | None = None) -> None:
        self.document, self.code = document, code
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AgreementModel)
        row = model.row_at(source_row)
        if self.code is not None and row.code != self.code:
            return False
        if self.document is None:
            return row.document is not None if self.code is not None else True
        if self.document == POOLED:
            return row.document is None
        return row.document == self.document


class _Worker(QObject):
    """Waits, in a worker thread, for the engine running in a separate process.

    The engine is pure Python; in a thread of the GUI process it would compete with the GUI
    for the interpreter lock. In its own process it uses the second core, and this thread only
    waits (without the lock) and relays the results. Signals: first(object): the pooled rows;
    done(object): every row; failed(str).
    """

    first = Signal(object)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, executor: ProcessPoolExecutor, path: str, options: AgreementOptions) -> None:
        super().__init__()
        self._executor = executor
        self._path = path
        self._options = options
        self.cancelled = False
        self._future: Future[list[AgreementRow]] | None = None

    @Slot()
    def run(self) -> None:
        try:
            # The pooled rows first (about a third of the work), then every document's.
            quick = replace(self._options, per_document=False)
            for options, signal in ((quick, self.first), (self._options, self.done)):
                self._future = self._executor.submit(
                    agreement_from_file, self._path, options,
                    with_texts=options.ignore_whitespace,
                )  # fmt: skip
                rows = self._future.result()
                if self.cancelled:
                    self.failed.emit("Cancelled.")
                    return
                signal.emit(rows)
        except CancelledError:
            self.failed.emit("Cancelled.")
        except Exception as err:  # noqa: BLE001 - reported in the window, never a crash
            self.failed.emit(f"Agreement could not be computed: {err}")

    def cancel(self) -> None:
        self.cancelled = True
        if self._future is not None:
            self._future.cancel()


class AlphaChart(QWidget):
    """alpha_U per code as horizontal bars, with the 0.667 and 0.800 thresholds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, float | None]] = []
        self.setMinimumWidth(260)
        self.setAccessibleName("alpha_U per code")

    def set_rows(self, rows: Sequence[AgreementRow]) -> None:
        self._bars = [(r.code or "", r.alpha_u) for r in rows if r.document is None and r.code]
        self.setMinimumHeight(40 + 20 * len(self._bars))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().text().color()
        label_width = min(170, self.width() // 2)
        left, right = label_width + 8, self.width() - 44  # room for the value after the bar
        painter.setPen(text_colour)
        painter.drawText(8, 16, "α_U per code (pooled)")
        scale = max(1, right - left)
        for threshold in (TENTATIVE, GOOD):
            x = left + threshold * scale
            painter.setPen(QColor(120, 120, 120))
            painter.drawLine(int(x), 24, int(x), self.height() - 4)
        for number, (name, value) in enumerate(self._bars):
            y = 28 + number * 20
            painter.setPen(text_colour)
            metrics = painter.fontMetrics()
            painter.drawText(
                8, y + 13, metrics.elidedText(name, Qt.TextElideMode.ElideLeft, label_width)
            )
            if value is None:
                painter.drawText(left + 4, y + 13, "—")
                continue
            width = max(0.0, min(1.0, value)) * scale
            colour = strength_colour(value) or QColor("gray")
            colour.setAlpha(220)
            painter.fillRect(QRectF(left, y + 3, width, 13), colour)
            painter.drawText(int(left + width + 4), y + 13, f"{value:.2f}")
        painter.end()


class AgreementDashboard(QDialog):
    """Choose coders, documents and codes; see every measure; drill down; export."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        executor: ProcessPoolExecutor | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Agreement")
        self.resize(1300, 760)
        self._thread: QThread | None = None
        self._executor: ProcessPoolExecutor | None = executor
        self._worker: _Worker | None = None
        self.coders = self._checklist("Coders")
        self.documents = self._checklist("Documents")
        self.where = WhereFilter(self)
        self.where.textChanged.connect(lambda: self.where.show_in(self.documents, session.project))
        self.codes = self._checklist("Codes")
        self.ignore_whitespace = QCheckBox("Ignore whitespace", self)
        self.all_worked = QCheckBox("Every coder worked on every document", self)
        # Off by default: reliability is about coders' judgements, not a search rule's hits.
        self.include_auto = QCheckBox("Count auto-codings", self)
        self.include_auto.setToolTip(
            "Codings made by Auto-code (a search rule) are left out of agreement unless checked."
        )
        self.include_auto.toggled.connect(self._follow_default_coders)
        self._auto_note = ""
        self._titles: dict[str, str] = {}  # document name -> title ("" when none)
        self.compute_button = QPushButton("Compute", self)
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.intervals = BootstrapPanel(self)
        self.intervals.start_button.clicked.connect(self.start_intervals)
        self.intervals.intervals.connect(self.model_intervals)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.clicked.connect(self.export_dialog)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.status = QLabel(self)
        self.blind_banner = QLabel(self)
        self.blind_banner.setStyleSheet("background: #FFF3CD; color: #5C4400; padding: 4px;")
        self.view = QComboBox(self)
        self.view.currentIndexChanged.connect(self._apply_view)
        self.model = AgreementModel()
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.EditRole)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)  # titles, codes
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # Start in the engine's order (codes, then the overall row); sort on a header click.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName("Agreement by code")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(self._drill_down)
        self.chart = AlphaChart(self)
        legend = QLabel(
            "<span style='background:#9fd8aa'>&nbsp;α ≥ 0.800&nbsp;</span> reliable &nbsp; "
            "<span style='background:#f2d58a'>&nbsp;0.667 ≤ α &lt; 0.800&nbsp;</span> tentative "
            "conclusions only &nbsp; <span style='background:#eba0a0'>&nbsp;α &lt; 0.667&nbsp;"
            "</span> not reliable (Krippendorff 2004). Colours apply to κ, α and α_U. "
            "Double-click a pooled row to see it per document.",
            self,
        )
        legend.setWordWrap(True)
        self._layout(legend)
        self._fill_choices()

    def _checklist(self, name: str) -> QListWidget:
        widget = QListWidget(self)
        widget.setAccessibleName(name)
        widget.setMaximumHeight(130)
        return widget

    def _layout(self, legend: QLabel) -> None:
        choices = QHBoxLayout()
        for title, widget in (("Coders", self.coders), ("Documents", self.documents),
                              ("Codes", self.codes)):  # fmt: skip
            column = QVBoxLayout()
            column.addWidget(QLabel(f"<b>{title}</b>", self))
            if widget is self.documents:
                column.addWidget(self.where)
            column.addWidget(widget)
            choices.addLayout(column)
        options = QVBoxLayout()
        options.addWidget(self.ignore_whitespace)
        options.addWidget(self.all_worked)
        options.addWidget(self.include_auto)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compute_button)
        buttons.addWidget(self.cancel_button)
        options.addLayout(buttons)
        options.addWidget(self.progress)
        options.addStretch(1)
        choices.addLayout(options)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show:", self))
        bar.addWidget(self.view, 1)
        bar.addWidget(self.export_button)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setSizes([950, 330])
        layout = QVBoxLayout(self)
        layout.addWidget(self.blind_banner)
        layout.addLayout(choices)
        layout.addLayout(bar)
        layout.addWidget(self.intervals)
        layout.addWidget(splitter, 1)
        layout.addWidget(legend)
        layout.addWidget(self.status)

    def _default_coders(self, include_auto: bool) -> set[str]:
        """Whom the command line compares by default with or without auto-codings."""
        coders = self.session.project.coders.active(include_auto=include_auto)
        return {coder.name for coder in coders}

    def _follow_default_coders(self, include_auto: bool) -> None:
        """Counting auto-codings changes who worked (a coder with auto-codings only did);
        the coders follow, as ``--include-auto`` does, unless the user chose them by hand."""
        if set(self._checked(self.coders)) != self._default_coders(not include_auto):
            return
        wanted = self._default_coders(include_auto)
        for i in range(self.coders.count()):
            item = self.coders.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _fill_choices(self) -> None:
        project = self.session.project
        active = {coder.name for coder in project.coders.active()}
        documents = project.documents.all()
        self._titles = {d.name: d.title for d in documents}
        for widget, names, checked in (
            (
                self.coders,
                [(c.name, c.name) for c in project.coders.all()],
                lambda n: n in active,
            ),
            # Documents as the workspace lists them: by title, in the project's order.
            (self.documents, [(d.name, d.label) for d in documents], lambda n: True),
            (self.codes, [(c.path, c.path) for c in project.codes.all()], lambda n: True),
        ):
            widget.clear()
            for name, label in names:
                item = QListWidgetItem(label, widget)
                item.setData(Qt.ItemDataRole.UserRole, name)
                if label != name:
                    item.setToolTip(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if checked(name) else Qt.CheckState.Unchecked
                )
        blind = project.settings.blind
        self.blind_banner.setVisible(blind)
        self.blind_banner.setText(
            "Blind coding is on: in the workspace, coders see only their own codings in a "
            "document until they mark it done. These figures include every coder's codings."
        )

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        """The names (not the labels shown) of the checked items."""
        return [
            str(widget.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked
        ]  # fmt: skip

    def options(self) -> AgreementOptions:
        """The choices made; AnnotatorError when the Where filter is bad or matches nothing."""
        codes, documents = self._checked(self.codes), self._checked(self.documents)
        matching = self.where.matching(self.session.project)
        if matching is not None:
            documents = [name for name in documents if name in matching]
            if not documents:
                raise AnnotatorError("no document matches " + " and ".join(self.where.conditions()))
        return AgreementOptions(
            coders=self._checked(self.coders),
            # All checked means "no restriction": codes nobody used then get no rows.
            codes=codes if len(codes) < self.codes.count() else None,
            documents=documents
            if matching is not None or len(documents) < self.documents.count()
            else None,
            ignore_whitespace=self.ignore_whitespace.isChecked(),
            all_worked=self.all_worked.isChecked(),
            include_auto=self.include_auto.isChecked(),
        )

    def _usable_options(self) -> AgreementOptions | None:
        """The options, or None with the reason in the status line."""
        try:
            options = self.options()
        except AnnotatorError as err:
            self.status.setText(str(err))
            return None
        if len(options.coders or []) < 2:
            self.status.setText("Choose at least two coders.")
            return None
        # The engine reads an empty selection as "no restriction": say so instead of showing all.
        if options.codes == []:
            self.status.setText("Check at least one code.")
            return None
        if options.documents == []:
            self.status.setText("Check at least one document.")
            return None
        return options

    def compute(self) -> None:
        """Read the project here, compute in a worker thread; results arrive by signal."""
        if self._thread is not None:
            return
        options = self._usable_options()
        if options is None:
            return
        project = self.session.project
        self._titles = project.documents.titles()  # as they are now
        left_out = 0 if options.include_auto else auto_coding_count(project, options)
        plural = "" if left_out == 1 else "s"
        self._auto_note = f" {left_out} auto-coding{plural} left out." if left_out else ""
        if self._executor is None:
            self._executor = engine_process()
        self._worker = _Worker(self._executor, str(self.session.project.path), options)
        self._thread = QThread(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Queued: results are handled on the GUI thread, never in the worker.
        queued = Qt.ConnectionType.QueuedConnection
        self._worker.first.connect(self._on_first, queued)
        self._worker.done.connect(self._on_done, queued)
        self._worker.failed.connect(self._on_failed, queued)
        self.compute_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText("Computing the pooled figures…")
        self.progress.setRange(0, 0)  # busy until the pooled figures arrive
        self._thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        if self._executor is not None and self._thread is not None:
            # A running computation cannot be interrupted politely: stop its process.
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.terminate()
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def is_busy(self) -> bool:
        return self._thread is not None

    def _finish(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = None
        self._worker = None
        self.compute_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat("%p%")

    @Slot(object)
    def _on_first(self, rows: list[AgreementRow]) -> None:
        self._show_rows(rows)
        self.progress.setRange(0, 2)
        self.progress.setValue(1)
        self.progress.setFormat("pooled figures done; documents…")
        self.status.setText("Pooled figures shown; every document's figures are on their way…")

    @Slot(object)
    def _on_done(self, rows: list[AgreementRow]) -> None:
        self._finish()
        self._show_rows(rows)
        self.status.setText((f"{len(rows)} rows for coders {', '.join(rows[-1].coders)}."
                             if rows else "No codings to compare.") + self._auto_note)  # fmt: skip

    def _show_rows(self, rows: list[AgreementRow]) -> None:
        view = self.view.currentData()
        self.model.set_rows(rows, self._titles)
        self.chart.set_rows(rows)
        # Size columns from the first rows only: measuring 30,000 rows would freeze the window.
        self.table.horizontalHeader().setResizeContentsPrecision(60)
        self.table.resizeColumnsToContents()
        documents = sorted({r.document for r in rows if r.document is not None})
        self.view.blockSignals(True)
        self.view.clear()
        self.view.addItem("Pooled over documents", POOLED)
        self.view.addItem("Every document", "*")
        for name in documents:
            label = self._titles.get(name) or name
            self.view.addItem(f"Document: {label}", name)
            if label != name:
                self.view.setItemData(self.view.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        if isinstance(view, str) and view.startswith(CODE_VIEW):
            self._add_code_view(view[len(CODE_VIEW) :])
        if view is not None and self.view.findData(view) >= 0:
            self.view.setCurrentIndex(self.view.findData(view))
        self.view.blockSignals(False)
        self._apply_view()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._finish()
        self.status.setText(message)

    def _apply_view(self) -> None:
        key = self.view.currentData()
        if isinstance(key, str) and key.startswith(CODE_VIEW):
            self.proxy.set_view(None, key[len(CODE_VIEW) :])
            return
        self.proxy.set_view(None if key in (None, "*") else str(key))

    def _add_code_view(self, code: str) -> int:
        """The "Show" entry of one code, document by document (added once)."""
        index = self.view.findData(CODE_VIEW + code)
        if index < 0:
            self.view.addItem(f"Code: {code}, every document", CODE_VIEW + code)
            index = self.view.count() - 1
        return index

    def show_document(self, name: str) -> None:
        index = self.view.findData(name)
        if index >= 0:
            self.view.setCurrentIndex(index)

    def _drill_down(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        row = self.model.rows()[source.row()]
        if row.document is None and row.code is not None:
            # "Show" says what is shown, so choosing "Pooled" there goes back.
            self.view.setCurrentIndex(self._add_code_view(row.code))
            self.status.setText(f"{row.code}, document by document. Choose a view to go back.")

    def start_intervals(self) -> None:
        """Bootstrap intervals for the current choices, in the engine's process."""
        options = self._usable_options()
        if options is None:
            return
        if self._executor is None:
            self._executor = engine_process()
        self.intervals.start(self._executor, str(self.session.project.path), options)

    def model_intervals(self, rows: list[AgreementRow]) -> None:
        self.model.set_intervals(rows)
        self.table.resizeColumnsToContents()

    def export_dialog(self) -> None:
        path = file_dialogs.save_file(
            self, "Export agreement", "agreement.csv", "CSV (*.csv)",
            project=self.session.project.path,
        )  # fmt: skip
        if path is not None:
            self.export_csv(path)

    def export_csv(self, path: Path) -> None:
        rows = self.model.rows()
        write_csv(path, self.model.export_header(), [self.model.row_values(r) for r in rows])
        self.status.setText(f"Wrote {len(rows)} rows to {path}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.intervals.shutdown()
        self.cancel()
        self._finish()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        super().closeEvent(event)
