"""The File menu: create and open projects, import text files, export coded spans."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.csvformat import write_csv
from annotator.core.errors import AnnotatorError
from annotator.core.formats.reading import SUFFIXES
from annotator.core.wording import plural
from annotator.store import Project
from annotator.store.exports import ExportFilter, coding_export
from annotator.store.project import SUFFIX
from annotator.ui import file_dialogs

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
        self.act_copy = add(
            "file", "Save a Cop&y…", self.save_copy_dialog, "",
            "Write a complete copy of the project (including work not yet folded into the "
            "file) to another file", needs="project",
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
        path = file_dialogs.save_file(
            self.window, "New project", f"project{SUFFIX}", f"Annotator projects (*{SUFFIX})",
            project=self.window.project_path(),
        )  # fmt: skip
        if path is None:
            return
        if path.suffix != SUFFIX:
            path = path.with_suffix(SUFFIX)
        try:
            Project.create(path).close()
        except AnnotatorError as err:
            self.window.report(str(err))
            return
        self.window.open_project(path)

    def open_project_dialog(self) -> None:
        path = file_dialogs.open_file(
            self.window, "Open project", f"Annotator projects (*{SUFFIX});;All files (*)",
            project=self.window.project_path(), allow_project=True,
        )  # fmt: skip
        if path is not None:
            self.window.open_project(path)

    def import_dialog(self) -> None:
        if self.window.session is None:
            return
        paths = file_dialogs.open_files(
            self.window, "Import documents", IMPORT_FILTER, project=self.window.project_path()
        )
        if paths:
            self.window.document_admin.import_paths(paths)

    def export_dialog(self) -> None:
        if self.window.session is None:
            return
        own = self.window.session.exported_coders()
        title = f"Export {own[0]}'s coded spans (blind coder copy)" if own else "Export coded spans"
        path = file_dialogs.save_file(
            self.window, title, "codings.csv", "CSV (*.csv)",
            project=self.window.project_path(),
        )  # fmt: skip
        if path is not None:
            self.export_csv(path)

    def save_copy_dialog(self) -> None:
        session = self.window.session
        if session is None:
            return
        path = file_dialogs.save_file(
            self.window, "Save a copy of the project", f"{session.project.path.stem} copy{SUFFIX}",
            f"Annotator projects (*{SUFFIX})", project=session.project.path,
            replace_databases=True,
        )  # fmt: skip
        if path is not None:
            self.save_copy(path)

    def save_copy(self, path: Path) -> None:
        """Copy through SQLite's backup API (temp file + rename): a plain file copy of the
        ``.annotator`` alone can miss committed work still in its ``-wal``."""
        session = self.window.session
        if session is None:
            return
        try:
            # The user has confirmed replacing an older copy; the project itself is never.
            written = session.project.backup(path, force=True)
        except (AnnotatorError, OSError, sqlite3.Error) as err:
            self.window.report(f"The copy was not saved: {err}")
            return
        self.window.statusBar().showMessage(f"Saved a complete copy as {written}", 8000)

    def export_csv(self, path: Path, *, excel: bool = False) -> None:
        """Write the coded spans; in a blind coder copy only the coder's own (see Session)."""
        session = self.window.session
        if session is None:
            return
        own = session.exported_coders()
        try:
            header, rows = coding_export(session.project, ExportFilter(coders=own))
            count = write_csv(path, header, rows, excel=excel)
        except (AnnotatorError, OSError) as err:
            self.window.report(f"Export failed: {err}")
            return
        whose = f" of {own[0]} (blind coder copy: yours only)" if own else ""
        self.window.statusBar().showMessage(
            f"Wrote {plural(count, 'coding')}{whose} to {path}", 8000
        )
