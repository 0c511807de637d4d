"""The Analysis menu: coded segments and code queries, search and auto-coding, tables, reports.

Each feature is a window of its own, made on first use and closed with the project, so the
main window only holds this controller.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from annotator.store import Project
from annotator.store.analysis import SegmentFilter
from annotator.store.report_source import SUFFIXES, write_report
from annotator.ui import file_dialogs
from annotator.ui.background import BackgroundJob, Progress

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
            keeps_focus=False,
        )  # fmt: skip
        self.act_autocode = add(
            "analysis", "Search and &Auto-code…", self.open_autocode, "Ctrl+Shift+H",
            "Search all documents; code the hits, their sentences or paragraphs", needs="project",
            keeps_focus=False,
        )  # fmt: skip
        self.act_report = add(
            "file", "Export Re&port…", self.export_report_dialog, "",
            "Coded documents with highlights, memos and codebook: HTML, RTF or LaTeX",
            needs="project",
        )  # fmt: skip
        _move_before_quit(window, self.act_report)
        self.report_job = BackgroundJob(self)
        self.report_job.progress.connect(self._report_progress)
        self.report_job.done.connect(self._report_done)
        self.report_job.failed.connect(self.window.report)
        self.act_tables = add(
            "analysis", "&Tables and Charts…", self.open_tables, "Ctrl+Shift+T",
            "Code frequencies, co-occurrence, heat map, codeline", needs="project",
            keeps_focus=False,
        )  # fmt: skip

    def close_windows(self) -> None:
        """Close the analysis windows (the project is closing); a report being written is
        cancelled (its file never appears half-written)."""
        self.report_job.wait()
        for widget in self._windows:
            widget.close()
            widget.deleteLater()
        self._windows.clear()
        self.segments = None
        self.autocode = None
        self.tables = None

    def _keep(self, widget: QWidget) -> None:
        self._windows.append(widget)

    def open_segments(self) -> SegmentsWindow | None:
        if self.window.session is None:
            return None
        from annotator.ui.segments_window import SegmentsWindow

        if self.segments is None:
            self.segments = SegmentsWindow(self.window)
            self._keep(self.segments)
        self.segments.fill_choices()
        _bring_forward(self.segments)
        return self.segments

    def open_autocode(self) -> AutocodeWindow | None:
        if self.window.session is None:
            return None
        from annotator.ui.autocode_window import AutocodeWindow

        if self.autocode is None:
            self.autocode = AutocodeWindow(self.window)
            self._keep(self.autocode)
        self.autocode.fill_choices()
        _bring_forward(self.autocode)
        return self.autocode

    def open_tables(self) -> TablesWindow | None:
        if self.window.session is None:
            return None
        from annotator.ui.tables_window import TablesWindow

        if self.tables is None:
            self.tables = TablesWindow(self.window)
            self._keep(self.tables)
        self.tables.fill_choices()
        if self.tables.frequencies.table_data is None and not self.tables.job.is_busy():
            # Nothing computed yet: say how, rather than show an empty table without a word.
            self.tables.status.setText("Choose what to count, then Refresh (Alt+R).")
        _bring_forward(self.tables)
        return self.tables

    def export_report_dialog(self) -> None:
        if self.window.session is None:
            return
        path = file_dialogs.save_file(
            self.window, "Export report", "report.html",
            "HTML (*.html);;RTF for Word and LibreOffice (*.rtf);;LaTeX (*.tex)",
            project=self.window.project_path(),
        )  # fmt: skip
        if path is not None:
            self.export_report(path)

    def export_report(self, path: Path) -> bool:
        """Write the report in a worker thread; the status bar shows progress."""
        session = self.window.session
        kind = SUFFIXES.get(path.suffix.lower())
        if session is None or kind is None:
            self.window.report(f"{path.name}: a report is written as .html, .rtf or .tex")
            return False

        own = session.exported_coders()  # a blind coder copy: the coder's own codings only

        def work(project: Project, progress: Progress) -> Path:
            write_report(project, path, kind, SegmentFilter(coders=own), progress)
            return path

        return self.report_job.start(session.project.path, work)

    def _report_progress(self, done: int, total: int) -> None:
        self.window.statusBar().showMessage(f"Writing the report: document {done} of {total}…")

    def _report_done(self, path: Path) -> None:
        self.window.statusBar().showMessage(f"Wrote the report to {path}", 8000)


def _move_before_quit(window: MainWindow, action: QAction) -> None:
    """File menu actions go above the separator and Quit, not below them."""
    menu = window.menus["file"]
    actions = menu.actions()
    quit_action = window.file_actions.act_quit
    if quit_action in actions:
        index = actions.index(quit_action)
        before = actions[index - 1] if index and actions[index - 1].isSeparator() else quit_action
        menu.removeAction(action)
        menu.insertAction(before, action)


def _bring_forward(widget: QWidget) -> None:
    """Show a tool window in front with the keyboard, as a window opened by a key should be
    (its action leaves the focus alone: giving it back to the text would bury the window)."""
    widget.show()
    widget.raise_()
    widget.activateWindow()
