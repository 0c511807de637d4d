"""The Segments window: every coded segment of a code (or of a code query), across documents.

It is a window of its own, not a dialog: the workspace stays usable beside it, and a
double-click on a row shows that document in the workspace with the segment selected.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.csvformat import write_csv
from annotator.core.segments import SEGMENT_COLUMNS, Segment
from annotator.core.wording import plural
from annotator.store import Project
from annotator.store.analysis import SegmentFilter, coded_segments, query_segments
from annotator.ui import file_dialogs
from annotator.ui.background import BackgroundJob, Progress
from annotator.ui.result_table import result_table, status_row
from annotator.ui.table_model import ColumnsModel, Index

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

ALL = "(all)"


_WIDEST = 200  # pixels for the Document and Code columns at most


class SegmentsModel(ColumnsModel):
    """A thin adapter over a list of :class:`Segment`; sorting is left to a proxy."""

    columns = ("Document", "Code", "Coder", "Start", "End", "Text", "Memo")

    def __init__(self) -> None:
        super().__init__()
        self.segments: list[Segment] = []
        self.titles: dict[str, str] = {}  # document name -> title ("" when none)

    def set_segments(self, segments: list[Segment], titles: dict[str, str] | None = None) -> None:
        """``titles``: documents are shown by title, as the workspace lists them."""
        self.beginResetModel()
        self.segments = segments
        self.titles = titles or {}
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.segments)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index):
            return None
        segment = self.segments[index.row()]
        shown = self.titles.get(segment.document) or segment.document
        values = (shown, segment.code, segment.coder, segment.start, segment.end,
                  segment.text, segment.memo)  # fmt: skip
        value = values[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return value.replace("\n", " ⏎ ") if isinstance(value, str) else value
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.column() == 0
            and shown != segment.document
        ):
            return segment.document
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:
            return f"{segment.before}[{segment.text}]{segment.after}"
        if role == Qt.ItemDataRole.UserRole:
            return index.row()
        return None


class SegmentsWindow(QWidget):
    """Choose a code, a coder or a query; list the segments; open one; export them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.main = window
        self.setWindowTitle("Coded Segments")
        self.resize(1000, 600)
        self.model = SegmentsModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.job = BackgroundJob(self)
        self.job.done.connect(self._on_done)
        self.job.failed.connect(self._on_failed)
        self._build()

    def _build(self) -> None:
        self.code_box = QComboBox(self)
        self.coder_box = QComboBox(self)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(
            'Query, e.g. Stance AND "Actors/Russia"@alice (overrides Code)'
        )
        self.query.returnPressed.connect(self.refresh)
        self.context = QSpinBox(self)
        self.context.setRange(0, 1000)
        self.context.setValue(40)
        self.context.setPrefix("context ")
        self.show_button = QPushButton("&Show", self)
        self.show_button.clicked.connect(self.refresh)
        self.export_button = QPushButton("&Export CSV…", self)
        self.export_button.clicked.connect(self.export_dialog)
        top = QHBoxLayout()
        for label, widget in (("Code", self.code_box), ("Coder", self.coder_box)):
            top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        top.addWidget(self.query, 1)
        top.addWidget(self.context)
        top.addWidget(self.show_button)
        top.addWidget(self.export_button)
        self.table = result_table(self, self.proxy)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.open_segment)
        self.status, self.progress, bottom = status_row(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def fill_choices(self) -> None:
        """Codes and coders of the open project (kept when still there)."""
        session = self.main.session
        if session is None:
            return
        own = session.counted_coders()  # blind coding: the coder's own segments only
        coders = list(own) or [coder.name for coder in session.project.coders.all()]
        for box, names, choices in (
            (self.code_box, [code.path for code in session.project.codes.all()], [ALL]),
            (self.coder_box, coders, [] if own else [ALL]),
        ):
            current = box.currentText()
            box.clear()
            box.addItems([*choices, *names])
            if current in names:
                box.setCurrentText(current)
        self.coder_box.setToolTip(
            "Blind coding is on: your own segments only" if own else "Whose segments to list"
        )

    def refresh(self) -> None:
        """Read the segments in a worker thread; the table fills when they arrive."""
        session = self.main.session
        if session is None or self.job.is_busy():
            return
        coders = _chosen(self.coder_box) or session.counted_coders()
        chosen = SegmentFilter(codes=_chosen(self.code_box), coders=coders)
        query = self.query.text().strip()
        context = self.context.value()
        work: Callable[[Project, Progress], list[Segment]]
        if query:

            def work(project: Project, _: Progress) -> list[Segment]:
                return query_segments(project, query, SegmentFilter(coders=chosen.coders), context)
        else:

            def work(project: Project, _: Progress) -> list[Segment]:
                return coded_segments(project, chosen, context)

        self.status.setText("Reading segments…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.job.start(session.project.path, work)

    def _on_done(self, segments: list[Segment]) -> None:
        self.progress.hide()
        session = self.main.session
        titles = session.project.documents.titles() if session is not None else {}
        self.model.set_segments(segments, titles)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in (0, 1):  # long titles and queries elide; the text stays in view
            header.resizeSection(column, min(header.sectionSize(column), _WIDEST))
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # the coded text
        documents = len({s.document_id for s in segments})
        self.status.setText(
            f"{plural(len(segments), 'segment')} in {plural(documents, 'document')}"
        )

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.status.setText(message)

    def show_segments(self, segments: list[Segment], title: str) -> None:
        """Show a given list (a co-occurrence cell's segments) instead of choosing one."""
        self.setWindowTitle(title)
        for widget in (self.code_box, self.coder_box, self.query, self.context, self.show_button):
            widget.setEnabled(False)
        self._on_done(segments)

    def segment_at(self, index: QModelIndex) -> Segment:
        return self.model.segments[self.proxy.mapToSource(index).row()]

    def open_segment(self, index: QModelIndex) -> None:
        """Show the segment's document in the workspace with the segment selected."""
        segment = self.segment_at(index)
        self.main.show_document(segment.document_id)
        if self.main.document_id != segment.document_id:
            return
        if segment.coding_id is not None:
            self.main.select_coding(segment.coding_id)
        self.main.text.select_codepoints(segment.start, segment.end)
        self.main.raise_()
        self.main.activateWindow()

    def export_dialog(self) -> None:
        path = file_dialogs.save_file(
            self, "Export segments", "segments.csv", "CSV (*.csv)",
            project=self.main.project_path(),
        )  # fmt: skip
        if path is not None:
            self.export_csv(path)

    def export_csv(self, path: Path) -> None:
        """The rows in the order shown, with their context, as CSV (temp file + rename)."""
        rows = [
            self.segment_at(self.proxy.index(row, 0)).row() for row in range(self.proxy.rowCount())
        ]
        try:
            count = write_csv(path, SEGMENT_COLUMNS, rows)
        except OSError as err:
            self.status.setText(f"Export failed: {err.strerror or err}")
            return
        self.status.setText(f"Wrote {count} segments to {path}")

    def closeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self.job.wait()
        super().closeEvent(event)  # type: ignore[arg-type]


def _chosen(box: QComboBox) -> tuple[str, ...]:
    text = box.currentText()
    return () if text in ("", ALL) else (text,)
