"""The Analysis menu: coded segments and code queries, search and auto-coding, tables, reports.

Each feature is a window of its own, made on first use and closed with the project, so the
main window only holds this controller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from annotator.ui.autocode_window import AutocodeWindow
    from annotator.ui.main_window import MainWindow
    from annotator.ui.segments_window import SegmentsWindow
    from annotator.ui.tables_window import TablesWindow


class AnalysisActions(QObject):
    """Owns the analysis windows of one main window and the Analysis menu's actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.segments: SegmentsWindow | None = None
        self.autocode: AutocodeWindow | None = None
        self.tables: TablesWindow | None = None
        self._windows: list[QWidget] = []
        add = window.add_action
        self.act_segments = add(
            "analysis", "Coded &Segments…", self.open_segments, "Ctrl+Shift+G",
            "Every segment of a code, or of a code query, across documents", needs="project",
        )  # fmt: skip
        self.act_autocode = add(
            "analysis", "Search and &Auto-code…", self.open_autocode, "Ctrl+Shift+H",
            "Search all documents; code the hits, their sentences or paragraphs", needs="project",
        )  # fmt: skip
        self.act_tables = add(
            "analysis", "&Tables and Charts…", self.open_tables, "Ctrl+Shift+T",
            "Code frequencies, co-occurrence, heat map, codeline", needs="project",
        )  # fmt: skip

    def close_windows(self) -> None:
        """Close the analysis windows (the project is closing)."""
        for widget in self._windows:
            widget.close()
            widget.deleteLater()
        self._windows.clear()
        self.segments = None
        self.autocode = None
        self.tables = None

    def _keep(self, widget: QWidget) -> None:
        self._windows.append(widget)
        widget.show()
        widget.raise_()

    def open_segments(self) -> SegmentsWindow | None:
        if self.window.session is None:
            return None
        from annotator.ui.segments_window import SegmentsWindow

        if self.segments is None:
            self.segments = SegmentsWindow(self.window)
            self._keep(self.segments)
        self.segments.fill_choices()
        self.segments.show()
        self.segments.raise_()
        return self.segments

    def open_autocode(self) -> AutocodeWindow | None:
        if self.window.session is None:
            return None
        from annotator.ui.autocode_window import AutocodeWindow

        if self.autocode is None:
            self.autocode = AutocodeWindow(self.window)
            self._keep(self.autocode)
        self.autocode.fill_choices()
        self.autocode.show()
        self.autocode.raise_()
        return self.autocode

    def open_tables(self) -> TablesWindow | None:
        if self.window.session is None:
            return None
        from annotator.ui.tables_window import TablesWindow

        if self.tables is None:
            self.tables = TablesWindow(self.window)
            self._keep(self.tables)
        self.tables.fill_choices()
        self.tables.show()
        self.tables.raise_()
        return self.tables
