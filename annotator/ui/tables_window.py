"""The Tables window: code frequencies, code co-occurrence (cells open their segments), charts.

Tables are computed in a worker thread on a connection of its own. A co-occurrence cell, in
the table or on the heat map, opens a Segments window listing the segments behind it, from
which a double-click goes to the workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSortFilterProxyModel, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.csvformat import write_csv
from annotator.core.errors import AnnotatorError
from annotator.core.segments import Segment
from annotator.core.spreadsheet import write_xlsx
from annotator.core.tables import COUNTS, MEASURES, Table
from annotator.store import Project
from annotator.store.analysis import SegmentFilter
from annotator.store.tables import cooccurrence_segments, cooccurrence_table, frequency_table
from annotator.ui import file_dialogs
from annotator.ui.background import BackgroundJob, Progress
from annotator.ui.chart_builders import codeline
from annotator.ui.charts import BarChart, Chart, ChartView, HeatMap, save_chart
from annotator.ui.rows_model import Row, RowsModel

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.segments_window import SegmentsWindow


class HeatMapView(ChartView):
    """A heat map whose cells can be clicked. Signals: none; calls ``on_cell(row, column)``."""

    def __init__(self, on_cell: Callable[[int, int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_cell = on_cell

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        if not isinstance(self.chart, HeatMap):
            return None
        return self.chart.cell_at(self.font(), QRectF(self.area()), point)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        cell = self.cell_at(event.position())
        if cell is not None:
            self._on_cell(*cell)


class _TablePane(QWidget):
    """Options above, a sortable table (or a chart) below, export buttons."""

    def __init__(self, owner: TablesWindow) -> None:
        super().__init__(owner)
        self.owner = owner
        self.table_data: Table | None = None
        self.model = RowsModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        # Codebook order until the user sorts by a column.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.options = QHBoxLayout()
        self.refresh_button = QPushButton("&Refresh", self)
        self.chart_button = QPushButton("&Chart", self)
        self.chart_button.setCheckable(True)
        self.chart_button.toggled.connect(lambda on: self.stack.setCurrentIndex(1 if on else 0))
        csv_button = QPushButton("Export CS&V…", self)
        csv_button.clicked.connect(self.export_csv_dialog)
        xlsx_button = QPushButton("Export &XLSX…", self)
        xlsx_button.clicked.connect(self.export_xlsx_dialog)
        save_button = QPushButton("Save C&hart…", self)
        save_button.clicked.connect(self.save_chart_dialog)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.chart_button, csv_button, xlsx_button, save_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.options)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

    def add_option(self, label: str, widget: QWidget) -> None:
        self.options.addWidget(QLabel(label, self))
        self.options.addWidget(widget)

    def finish_options(self) -> None:
        self.options.addStretch(1)
        self.options.addWidget(self.refresh_button)

    def show_table(self, table: Table, corner: str) -> None:
        self.table_data = table
        header, rows = table.records(corner)
        self.model.set_rows(header, [tuple(row) for row in rows])
        self.view.resizeColumnsToContents()

    def chart(self) -> Chart | None:
        raise NotImplementedError

    def title(self) -> str:
        raise NotImplementedError

    def export_csv_dialog(self) -> None:
        path = file_dialogs.save_file(
            self, "Export table", f"{self.title()}.csv", "CSV (*.csv)",
            project=self.owner.main.project_path(),
        )  # fmt: skip
        if path is not None:
            self.export(path)

    def export_xlsx_dialog(self) -> None:
        path = file_dialogs.save_file(
            self, "Export table", f"{self.title()}.xlsx", "Excel workbook (*.xlsx)",
            project=self.owner.main.project_path(),
        )  # fmt: skip
        if path is not None:
            self.export(path)

    def export(self, path: Path) -> None:
        """CSV or XLSX (by suffix), rows in the order shown."""
        header = list(self.model.columns)
        rows: list[Row] = [
            self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
            for r in range(self.proxy.rowCount())
        ]
        try:
            if path.suffix.lower() == ".xlsx":
                write_xlsx(path, [(self.title(), header, rows)])
            else:
                write_csv(path, header, rows)  # type: ignore[arg-type]
        except (OSError, AnnotatorError) as err:
            self.owner.status.setText(f"Export failed: {err}")
            return
        self.owner.status.setText(f"Wrote {len(rows)} rows to {path}")

    def save_chart_dialog(self) -> None:
        drawn = self.chart()
        if drawn is None:
            self.owner.status.setText("Refresh the table first.")
            return
        path = file_dialogs.save_file(
            self, "Save chart", f"{self.title()}.png", "PNG image (*.png);;SVG drawing (*.svg)",
            project=self.owner.main.project_path(),
        )  # fmt: skip
        if path is not None:
            try:
                save_chart(drawn, path)
            except (OSError, AnnotatorError) as err:
                self.owner.status.setText(f"Saving failed: {err}")
                return
            self.owner.status.setText(f"Wrote {path}")


class FrequencyPane(_TablePane):
    def __init__(self, owner: TablesWindow) -> None:
        super().__init__(owner)
        self.measure = QComboBox(self)
        self.measure.addItems(list(MEASURES))
        self.by = QComboBox(self)
        self.add_option("Count", self.measure)
        self.add_option("Columns", self.by)
        self.finish_options()
        self.refresh_button.clicked.connect(self.refresh)
        self.chart_view = ChartView(self)
        self.stack.addWidget(self.chart_view)

    def title(self) -> str:
        return f"frequencies-{self.measure.currentText()}"

    def fill_choices(self, attributes: list[str]) -> None:
        current = self.by.currentText()
        self.by.clear()
        self.by.addItems(["documents", "coders", *(f"attribute: {name}" for name in attributes)])
        if current:
            self.by.setCurrentText(current)

    def refresh(self) -> None:
        measure, choice = self.measure.currentText(), self.by.currentText()
        attribute = choice.removeprefix("attribute: ") if choice.startswith("attribute: ") else None
        by = "attribute" if attribute else ("coder" if choice == "coders" else "document")
        chosen = self.owner.scope()

        def work(project: Project, _: Progress) -> Table:
            return frequency_table(project, measure=measure, by=by, attribute=attribute,
                                   chosen=chosen)  # fmt: skip

        self.owner.run("Counting…", work, self._on_table)

    def _on_table(self, table: Table) -> None:
        self.show_table(table, "code")
        self.chart_view.set_chart(self.chart())
        self.owner.status.setText(f"{len(table.rows)} codes × {len(table.columns) - 1} columns")

    def chart(self) -> Chart | None:
        table = self.table_data
        if table is None:
            return None
        colours = self.owner.colours()
        rows = [
            (path, cells[-1], colours.get(code_id, "#4477AA"))
            for path, cells, code_id in zip(table.rows, table.cells, table.row_ids, strict=True)
            if cells[-1]
        ]
        return BarChart(
            f"Code frequencies ({self.measure.currentText()})",
            [r[0] for r in rows],
            [r[1] for r in rows],
            [r[2] for r in rows],
        )


class CooccurrencePane(_TablePane):
    def __init__(self, owner: TablesWindow) -> None:
        super().__init__(owner)
        self.count = QComboBox(self)
        self.count.addItems(list(COUNTS))
        self.distance = QSpinBox(self)
        self.distance.setRange(0, 100_000)
        self.distance.setSuffix(" characters")
        self.add_option("Count", self.count)
        self.add_option("Within", self.distance)
        self.finish_options()
        self.refresh_button.clicked.connect(self.refresh)
        self.heat_map = HeatMapView(self.open_cell, self)
        self.stack.addWidget(self.heat_map)
        self.view.doubleClicked.connect(self._cell_clicked)
        self.view.setToolTip("Double-click a cell to list the segments behind it")

    def title(self) -> str:
        return f"cooccurrence-{self.count.currentText()}"

    def refresh(self) -> None:
        count, distance = self.count.currentText(), self.distance.value()
        chosen = self.owner.scope()

        def work(project: Project, _: Progress) -> Table:
            return cooccurrence_table(project, count=count, distance=distance,
                                      chosen=chosen).table()  # fmt: skip

        self.owner.run("Counting co-occurrences…", work, self._on_table)

    def _on_table(self, table: Table) -> None:
        self.show_table(table, "code")
        self.heat_map.set_chart(self.chart())
        self.owner.status.setText(f"{len(table.rows)} codes; double-click a cell for its segments")

    def chart(self) -> Chart | None:
        if self.table_data is None:
            return None
        table = self.table_data
        within = "overlapping" if self.distance.value() == 0 else f"within {self.distance.value()}"
        return HeatMap(
            f"Co-occurrence ({self.count.currentText()}, {within})", table.rows, table.cells
        )

    def _cell_clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.column() >= 1:
            self.open_cell(source.row(), source.column() - 1)

    def open_cell(self, row: int, column: int) -> None:
        """List the segments of the two codes that co-occur in this cell."""
        table = self.table_data
        if table is None or row == column:
            return
        a, b = table.row_ids[row], table.row_ids[column]
        distance = self.distance.value()
        title = f"Co-occurrence: {table.rows[row]} × {table.rows[column]}"
        chosen = self.owner.scope()

        def work(project: Project, _: Progress) -> list[Segment]:
            return cooccurrence_segments(project, a, b, distance=distance, context=40,
                                         chosen=chosen)  # fmt: skip

        self.owner.run(
            "Reading the segments…", work, lambda found: self.owner.show_cell(found, title)
        )


class TablesWindow(QWidget):
    """Frequencies, co-occurrence and a codeline, each a tab."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.main = window
        self.setWindowTitle("Tables and Charts")
        self.resize(1100, 700)
        self.job = BackgroundJob(self)
        self.job.done.connect(self._on_done)
        self.job.failed.connect(self._on_failed)
        self._handle: Callable[[Any], object] | None = None
        self.cell_windows: list[SegmentsWindow] = []
        self.tabs = QTabWidget(self)
        self.frequencies = FrequencyPane(self)
        self.cooccurrence = CooccurrencePane(self)
        self.codeline_view = ChartView(self)
        codeline_pane = QWidget(self)
        codeline_layout = QVBoxLayout(codeline_pane)
        self.codeline_button = QPushButton("Codeline of the &current document", codeline_pane)
        self.codeline_button.clicked.connect(self.show_codeline)
        codeline_layout.addWidget(self.codeline_button, 0, Qt.AlignmentFlag.AlignLeft)
        codeline_layout.addWidget(self.codeline_view, 1)
        self.tabs.addTab(self.frequencies, "&Frequencies")
        self.tabs.addTab(self.cooccurrence, "C&o-occurrence")
        self.tabs.addTab(codeline_pane, "Code&line")
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

    def fill_choices(self) -> None:
        if self.main.session is not None:
            self.frequencies.fill_choices(self.main.session.project.documents.attribute_names())

    def scope(self) -> SegmentFilter:
        """Everyone's codings, or with blind coding on the current coder's own only."""
        session = self.main.session
        return SegmentFilter(coders=session.counted_coders() if session is not None else ())

    def colours(self) -> dict[int, str]:
        session = self.main.session
        return {} if session is None else {c.id: c.color for c in session.project.codes.all()}

    def run(
        self, label: str, work: Callable[[Project, Progress], Any], done: Callable[[Any], object]
    ) -> None:
        session = self.main.session
        if session is None or self.job.is_busy():
            return
        self._handle = done
        self.status.setText(label)
        self.job.start(session.project.path, work)

    def _on_done(self, result: object) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            handle(result)

    def _on_failed(self, message: str) -> None:
        self._handle = None
        self.status.setText(message)

    def show_cell(self, segments: list[Segment], title: str) -> SegmentsWindow:
        from annotator.ui.segments_window import SegmentsWindow

        window = SegmentsWindow(self.main)
        window.show_segments(segments, title)
        self.cell_windows.append(window)
        window.show()
        window.raise_()
        return window

    def show_codeline(self) -> None:
        session, document_id = self.main.session, self.main.document_id
        if session is None or document_id is None:
            self.status.setText("Show a document in the workspace first.")
            return
        name = session.project.documents.get(document_id).name
        self.codeline_view.set_chart(codeline(session.project, name, session.counted_coders()))
        self.status.setText(f"Codeline of {name}")

    def closeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self.job.wait()
        for window in self.cell_windows:
            window.close()
        super().closeEvent(event)  # type: ignore[arg-type]
