"""The File menu: create and open projects, import text files, export coded spans."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from annotator.core.csvformat import write_csv
from annotator.core.errors import AnnotatorError
from annotator.core.formats.reading import SUFFIXES
from annotator.store import Project
from annotator.store.exports import ExportFilter, coding_export
from annotator.store.project import SUFFIX

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


IMPORT_FILTER = "Documents (" + " ".join(f"*{suffix}" for suffix in SUFFIXES) + ");;All files (*)"


class FileActions(QObject):
    """The File menu of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        add = window.add_action
        self.act_new = add("file", "&New Project…", self.new_project_dialog, "Ctrl+N",
                           "Create a project file")  # fmt: skip
        self.act_open = add("file", "&Open Project…", self.open_project_dialog, "Ctrl+O",
                            "Open a project")  # fmt: skip
        self.recent_menu = window.menus["file"].addMenu("Open &Recent")
        window.menus["file"].addSeparator()
        self.act_import = add(
            "file", "&Import Documents…", self.import_dialog, "Ctrl+I",
            "Import .txt files into this project", needs="project",
        )  # fmt: skip
        self.act_export = add(
            "file", "&Export Coded Spans (CSV)…", self.export_dialog, "Ctrl+E",
            "Write every coding with its exact text to a CSV file", needs="project",
        )  # fmt: skip
        window.menus["file"].addSeparator()
        self.act_quit = add("file", "&Quit", window.close, "Ctrl+Q")
        self.fill_recent_projects()

    def fill_recent_projects(self) -> None:
        self.recent_menu.clear()
        recent = self.window.settings.get("recent_projects")
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.window.open_project(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def new_project_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.window, "New project", f"project{SUFFIX}",
                                              f"Annotator projects (*{SUFFIX})")  # fmt: skip
        if not name:
            return
        path = Path(name)
        if path.suffix != SUFFIX:
            path = path.with_suffix(SUFFIX)
        try:
            Project.create(path).close()
        except AnnotatorError as err:
            self.window.report(str(err))
            return
        self.window.open_project(path)

    def open_project_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Open project", "", f"Annotator projects (*{SUFFIX});;All files (*)"
        )
        if name:
            self.window.open_project(Path(name))

    def import_dialog(self) -> None:
        if self.window.session is None:
            return
        names, _ = QFileDialog.getOpenFileNames(self.window, "Import documents", "", IMPORT_FILTER)
        if names:
            self.window.document_admin.import_paths([Path(n) for n in names])

    def export_dialog(self) -> None:
        if self.window.session is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export coded spans", "codings.csv", "CSV (*.csv)"
        )
        if name:
            self.export_csv(Path(name))

    def export_csv(self, path: Path, *, excel: bool = False) -> None:
        if self.window.session is None:
            return
        try:
            header, rows = coding_export(self.window.session.project, ExportFilter())
            count = write_csv(path, header, rows, excel=excel)
        except (AnnotatorError, OSError) as err:
            self.window.report(f"Export failed: {err}")
            return
        self.window.statusBar().showMessage(f"Wrote {count} codings to {path}", 8000)
