"""The coding workspace: documents on the left, the article in the middle, codes on the right.

The window holds no data of its own beyond ids: it asks the :class:`Session` (and through it
the store) and repaints what a :class:`~annotator.core.model.Change` says changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QColor, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.csvformat import write_csv
from annotator.core.errors import AnnotatorError
from annotator.core.model import STATUSES, Change, Code, Coding
from annotator.core.spans import extend_to_words
from annotator.store import Project
from annotator.store.bulk import build_demo
from annotator.store.exports import ExportFilter, coding_export
from annotator.store.project import SUFFIX
from annotator.ui.code_dialogs import CodebookDialog
from annotator.ui.codebook_actions import CodebookActions
from annotator.ui.codebook_panel import SELECTION_MIME, CodebookPanel, swatch
from annotator.ui.codings_panel import CodingsPanel
from annotator.ui.dialogs import MemoDialog, ShortcutsDialog, ask_coder_name, pick_code
from annotator.ui.documents_panel import DocumentsPanel
from annotator.ui.find_bar import FindBar
from annotator.ui.session import Session
from annotator.ui.settings import Settings
from annotator.ui.text_view import CodingTextView

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from annotator.ui.comparison import ComparisonView
    from annotator.ui.dashboard import AgreementDashboard

MAX_RECENT_CODES = 10


class _TextView(CodingTextView):
    """The text view, with drag data that says which offsets were dragged."""

    def createMimeDataFromSelection(self) -> QMimeData:
        data = super().createMimeDataFromSelection()
        start, end = self.selection()
        data.setData(SELECTION_MIME, f"{start},{end}".encode())
        return data


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.session: Session | None = None
        self.document_id: int | None = None
        self._codes: dict[int, Code] = {}
        self._colours: dict[int, QColor] = {}
        self._icons: dict[int, QIcon] = {}
        self._coder_names: dict[int, str] = {}
        self._shortcuts: dict[int, str] = {}
        self._code_actions: list[QAction] = []
        self._recent_codes: list[int] = []
        self.setWindowTitle("Annotator")
        self.resize(1400, 860)
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self._update_enabled()

    # == building ==================================================================================

    def _build_widgets(self) -> None:
        self.documents = DocumentsPanel(self)
        self.documents.document_selected.connect(self.show_document)
        self.text = _TextView(self)
        self.text.selection_changed.connect(self._selection_changed)
        self.text.coding_clicked.connect(self._coding_clicked)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.find_bar.search.connect(self._find)
        self.find_bar.next.connect(lambda: self.text.find_next())
        self.find_bar.previous.connect(lambda: self.text.find_next(backwards=True))
        self.find_bar.closed.connect(self._close_find)
        reader = QWidget(self)
        reader_layout = QVBoxLayout(reader)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.text)
        reader_layout.addWidget(self.find_bar)
        self.placeholder = QLabel(self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setTextFormat(Qt.TextFormat.RichText)
        self.centre = QStackedWidget(self)
        self.centre.addWidget(self.placeholder)
        self.centre.addWidget(reader)
        self.codebook = CodebookPanel(self)
        self.panels: list[CodebookPanel] = []
        self.codebook_dialog: CodebookDialog | None = None
        self.dashboard: AgreementDashboard | None = None
        self._engine: ProcessPoolExecutor | None = None
        self.comparison: ComparisonView | None = None
        self.codebook_actions = CodebookActions(self)
        self.codebook_actions.connect_panel(self.codebook)
        self.codings = CodingsPanel(self)
        self.codings.coding_activated.connect(self.select_coding)
        self.codings.model.code_path = self._code_path
        self.codings.model.code_icon = self._icons.get
        self.codings.model.coder_name = self._coder_name
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.codebook)
        right.addWidget(self.codings)
        right.setSizes([520, 300])
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.documents)
        self.splitter.addWidget(self.centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 730, 520])
        self.setCentralWidget(self.splitter)
        self._show_placeholder()

    def _action(
        self, text: str, slot: object, keys: str | QKeySequence.StandardKey | list[str] = "",
        tip: str = "",
    ) -> QAction:  # fmt: skip
        action = QAction(text, self)
        if isinstance(keys, list):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys:
            action.setShortcut(QKeySequence(keys))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_new = a(
            "&New Project…", self.new_project_dialog, "Ctrl+N", "Create a project file"
        )
        self.act_open = a("&Open Project…", self.open_project_dialog, "Ctrl+O", "Open a project")
        self.act_import = a(
            "&Import Text Files…",
            self.import_dialog,
            "Ctrl+I",
            "Import .txt files into this project",
        )
        self.act_export = a(
            "&Export Coded Spans (CSV)…",
            self.export_dialog,
            "Ctrl+E",
            "Write every coding with its exact text to a CSV file",
        )
        self.act_quit = a("&Quit", self.close, "Ctrl+Q")
        self.act_undo = a("&Undo", self.undo, "Ctrl+Z", "Undo the last change")
        self.act_redo = a("&Redo", self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"], "Redo")
        self.act_find = a("&Find in Document…", self.open_find, "Ctrl+F")
        self.act_remove = a(
            "&Remove Coding",
            self.remove_selected_coding,
            ["Del", "Backspace"],
            "Remove the selected coding",
        )
        self.act_memo = a(
            "Edit Coding &Memo…",
            self.edit_coding_memo,
            "Ctrl+M",
            "Write a memo on the selected coding",
        )
        self.act_change_code = a("C&hange Coding's Code…", self.change_coding_code, "Ctrl+R")
        self.act_start_left = a("Move Start Left", lambda: self.nudge("start", -1), "Alt+Left")
        self.act_start_right = a("Move Start Right", lambda: self.nudge("start", 1), "Alt+Right")
        self.act_end_left = a("Move End Left", lambda: self.nudge("end", -1), "Shift+Alt+Left")
        self.act_end_right = a("Move End Right", lambda: self.nudge("end", 1), "Shift+Alt+Right")
        self.act_words = a(
            "Extend Selection to Whole &Words",
            self._toggle_words,
            "",
            "Grow every coded selection to whole words",
        )
        self.act_words.setCheckable(True)
        self.act_words.setChecked(bool(self.settings.get("extend_to_words")))
        self.act_next_doc = a("&Next Document", lambda: self.step_document(1), "Ctrl+PgDown")
        self.act_prev_doc = a("&Previous Document", lambda: self.step_document(-1), "Ctrl+PgUp")
        self.act_done = a(
            "Mark Document &Done",
            lambda: self.mark("done"),
            "Ctrl+D",
            "Mark this document done for the current coder",
        )
        self.act_progress = a(
            "Mark Document &In Progress", lambda: self.mark("in progress"), "Ctrl+Shift+D"
        )
        self.act_doc_memo = a("Document &Memo…", self.edit_document_memo, "Ctrl+Shift+M")
        self.act_codebook = a(
            "&Codebook…",
            self.codebook_actions.open_codebook,
            "Ctrl+B",
            "The codebook with each code's definition",
        )
        self.act_add_code = a(
            "Add &Code…",
            lambda: self.codebook_actions.add_code_dialog(None),
            "Ctrl+Shift+N",
            "Add a code at the top of the codebook",
        )
        self.act_import_codebook = a(
            "Import Codebook…",
            self.codebook_actions.import_codebook_dialog,
            "",
            "Add codes from a REFI-QDA .qdc or a codebook CSV",
        )
        self.act_export_codebook = a(
            "Export Codebook…",
            self.codebook_actions.export_codebook_dialog,
            "",
            "Write the codebook as REFI-QDA .qdc or CSV",
        )
        self.act_dashboard = a(
            "Agreement &Dashboard…",
            self.open_dashboard,
            "Ctrl+Shift+A",
            "Agreement measures per code, coloured by strength",
        )
        self.act_compare = a(
            "&Compare Coders…",
            self.open_comparison,
            "Ctrl+Shift+K",
            "Review disagreements between two coders and settle them",
        )
        self.act_blind = a(
            "&Blind Coding",
            self.toggle_blind,
            "",
            "Hide other coders' codings from each coder until they mark a document done",
        )
        self.act_blind.setCheckable(True)
        self.act_new_coder = a("&New Coder…", self.new_coder_dialog, "", "Code as someone new")
        self.act_shortcuts = a("&Keyboard Shortcuts", self.show_shortcuts, "F1")
        self.act_about = a("&About Annotator", self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        file_menu.addActions([self.act_import, self.act_export])
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.act_undo, self.act_redo])
        edit.addSeparator()
        edit.addAction(self.act_find)
        code_menu = bar.addMenu("&Code")
        self.apply_menu = code_menu.addMenu("&Apply Code")
        self.recent_codes_menu = code_menu.addMenu("Re&cent Codes")
        code_menu.addAction(self.act_words)
        code_menu.addSeparator()
        code_menu.addActions([self.act_codebook, self.act_add_code, self.act_import_codebook,
                              self.act_export_codebook])  # fmt: skip
        code_menu.addSeparator()
        code_menu.addActions([self.act_remove, self.act_change_code, self.act_memo])
        code_menu.addSeparator()
        code_menu.addActions([self.act_start_left, self.act_start_right, self.act_end_left,
                              self.act_end_right])  # fmt: skip
        document_menu = bar.addMenu("&Document")
        document_menu.addActions([self.act_next_doc, self.act_prev_doc])
        document_menu.addSeparator()
        document_menu.addActions([self.act_done, self.act_progress, self.act_doc_memo])
        review = bar.addMenu("&Review")
        review.addActions([self.act_dashboard, self.act_compare])
        review.addSeparator()
        review.addAction(self.act_blind)
        self.coder_menu = bar.addMenu("C&oder")
        self.coder_menu.aboutToShow.connect(self._fill_coder_menu)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.act_shortcuts, self.act_about])
        short = {self.act_open: "Open", self.act_import: "Import", self.act_export: "Export",
                 self.act_undo: "Undo", self.act_redo: "Redo", self.act_find: "Find",
                 self.act_remove: "Remove Coding", self.act_done: "Mark Done"}  # fmt: skip
        for action, label in short.items():
            action.setIconText(label)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.addActions([self.act_open, self.act_import, self.act_export])
        toolbar.addSeparator()
        toolbar.addActions([self.act_undo, self.act_redo, self.act_find])
        toolbar.addSeparator()
        toolbar.addActions([self.act_remove, self.act_done])
        self._fill_recent_projects()

    def _build_status_bar(self) -> None:
        self.status_project = QLabel(self)
        self.status_coder = QLabel(self)
        self.status_document = QLabel(self)
        self.status_selection = QLabel(self)
        self.status_selection.setToolTip("Selection in code points: start–end (length)")
        for label in (self.status_project, self.status_coder, self.status_document,
                      self.status_selection):  # fmt: skip
            self.statusBar().addPermanentWidget(label)

    # == project ===================================================================================

    def open_project(self, path: Path, coder: str | None = None) -> bool:
        """Open a project file; ask for a coder name if none is known yet."""
        try:
            project = Project.open(path)
        except AnnotatorError as err:
            self.report(str(err))
            return False
        name = coder or self.settings.get("coder") or ask_coder_name(self)
        if not name:
            project.close()
            self.report("A coder name is needed to code; the project was not opened.")
            return False
        self.close_project()
        self.settings.set("coder", name)
        self.settings.add_recent(path)
        self.session = Session(project, name, self)
        self.session.changed.connect(self._on_change)
        self.session.failed.connect(self.report)
        self.session.coder_changed.connect(self._on_coder_changed)
        # Bound methods, not lambdas: Qt drops these connections when the window goes away.
        self.session.undo_stack.canUndoChanged.connect(self._undo_state_changed)
        self.session.undo_stack.canRedoChanged.connect(self._undo_state_changed)
        self.act_blind.setChecked(project.settings.blind)
        if self._engine is None and len(project.coders.with_codings()) > 1:
            # Start the agreement engine's process now, so the dashboard opens quickly.
            from annotator.ui.dashboard import engine_process

            self._engine = engine_process()
        view = self.settings.get("view_filter")
        self.session.view_filter = view if view in ("all", "mine") else "all"
        self.reload_codebook()
        self._reload_documents()
        ids = self.documents.model.document_ids()
        self._fill_recent_projects()
        if ids:
            self.show_document(ids[0])
        else:
            self.document_id = None
            self._show_placeholder()
        self._update_status()
        self._update_enabled()
        return True

    def close_project(self) -> None:
        for dialog in (self.dashboard, self.comparison, self.codebook_dialog):
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
        if self.codebook_dialog is not None:
            self.panels.remove(self.codebook_dialog.panel)
        self.dashboard = self.comparison = None
        self.codebook_dialog = None
        if self.session is not None:
            # No more signals from the old session: its undo stack outlives this call.
            self.session.blockSignals(True)
            self.session.undo_stack.blockSignals(True)
            self.session.project.close()
            self.session.deleteLater()
        self.session = None
        self.document_id = None

    def new_project_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New project", f"project{SUFFIX}",
                                              f"Annotator projects (*{SUFFIX})")  # fmt: skip
        if not name:
            return
        path = Path(name)
        if path.suffix != SUFFIX:
            path = path.with_suffix(SUFFIX)
        try:
            Project.create(path).close()
        except AnnotatorError as err:
            self.report(str(err))
            return
        self.open_project(path)

    def open_project_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open project", "", f"Annotator projects (*{SUFFIX});;All files (*)"
        )
        if name:
            self.open_project(Path(name))

    def import_dialog(self) -> None:
        if self.session is None:
            return
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import text files", "", "Text files (*.txt);;All files (*)"
        )
        if names:
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: list[Path]) -> None:
        if self.session is None:
            return
        try:
            results = self.session.project.documents.import_paths(paths)
        except AnnotatorError as err:
            self.report(str(err))
            return
        imported = [r for r in results if r.ok]
        refused = [r for r in results if not r.ok]
        self._reload_documents()
        if imported and self.document_id is None and imported[0].document_id is not None:
            self.show_document(imported[0].document_id)
        summary = f"Imported {len(imported)} file(s), refused {len(refused)}."
        if refused:
            self.report(summary + " " + "; ".join(r.message for r in refused[:5]))
        else:
            self.statusBar().showMessage(summary, 8000)

    def export_dialog(self) -> None:
        if self.session is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export coded spans", "codings.csv", "CSV (*.csv)"
        )
        if name:
            self.export_csv(Path(name))

    def export_csv(self, path: Path, *, excel: bool = False) -> None:
        if self.session is None:
            return
        try:
            header, rows = coding_export(self.session.project, ExportFilter())
            count = write_csv(path, header, rows, excel=excel)
        except (AnnotatorError, OSError) as err:
            self.report(f"Export failed: {err}")
            return
        self.statusBar().showMessage(f"Wrote {count} codings to {path}", 8000)

    # == documents =================================================================================

    def show_document(self, document_id: int) -> None:
        if self.session is None:
            return
        project = self.session.project
        try:
            text = project.documents.text(document_id)
        except AnnotatorError as err:
            self.report(str(err))
            return
        self.document_id = document_id
        codings = self.session.visible_codings(document_id)
        self._refresh_coder_names(codings)
        self.text.set_document(text, codings)
        self.codings.model.set_codings(codings, text)
        self._update_code_counts(codings)
        self.documents.select(document_id)
        self.centre.setCurrentIndex(1)
        if self.find_bar.isVisible():
            self._find(self.find_bar.field.text())
        self._update_status()
        self._update_enabled()

    def step_document(self, step: int) -> None:
        ids = self.documents.visible_ids()
        if not ids:
            return
        if self.document_id not in ids:
            self.show_document(ids[0])
            return
        position = ids.index(self.document_id) + step
        if 0 <= position < len(ids):
            self.show_document(ids[position])

    def mark(self, status: str) -> None:
        if self.session is not None and self.document_id is not None and status in STATUSES:
            self.session.set_status(self.document_id, status)

    def edit_document_memo(self) -> None:
        if self.session is None or self.document_id is None:
            return
        project = self.session.project
        name = project.documents.get(self.document_id).name
        dialog = MemoDialog("Document memo", f"Memo on {name}:",
                            project.memos.get("document", self.document_id), self)  # fmt: skip
        if dialog.exec():
            self.session.set_memo("document", self.document_id, dialog.text())

    # == coding ====================================================================================

    def apply_code(self, code_id: int) -> int | None:
        """Apply a code to the current selection; returns the new coding's id."""
        if self.session is None or self.document_id is None:
            return None
        code = self._codes.get(code_id)
        start, end = self.text.selection()
        if code is None:
            return None
        if start == end:
            self.statusBar().showMessage("Select some text first, then apply a code.", 5000)
            return None
        if self.act_words.isChecked():
            start, end = extend_to_words(self.text.text(), start, end)
        coding_id = self.session.apply_code(self.document_id, code, start, end)
        if coding_id is not None:
            self._remember_code(code_id)
            self.statusBar().showMessage(f"Coded {end - start} characters as {code.path}", 4000)
        return coding_id

    def select_coding(self, coding_id: int) -> None:
        self.text.select_coding(coding_id)
        self.codings.select(coding_id)
        self._update_enabled()

    def selected_coding(self) -> Coding | None:
        if self.session is None or not self.text.selected_coding():
            return None
        try:
            return self.session.project.codings.get(self.text.selected_coding())
        except AnnotatorError:
            return None

    def remove_selected_coding(self) -> None:
        coding = self.selected_coding()
        if coding is not None and self.session is not None:
            self.session.remove_coding(coding.id)

    def nudge(self, edge: str, step: int) -> None:
        """Move the selected coding's start or end by one code point."""
        coding = self.selected_coding()
        if coding is None or self.session is None:
            return
        if edge == "start":
            self.session.update_coding(coding.id, start=coding.start + step, text="Move start")
        else:
            self.session.update_coding(coding.id, end=coding.end + step, text="Move end")

    def edit_coding_memo(self) -> None:
        coding = self.selected_coding()
        if coding is None or self.session is None:
            return
        code = self._codes.get(coding.code_id)
        dialog = MemoDialog("Coding memo", f"Memo on this coding ({code.path if code else ''}):",
                            coding.memo, self)  # fmt: skip
        if dialog.exec():
            self.session.update_coding(coding.id, memo=dialog.text(), text="Edit memo")

    def change_coding_code(self) -> None:
        coding = self.selected_coding()
        if coding is None or self.session is None:
            return
        paths = [code.path for code in self._codes.values()]
        current = self._codes[coding.code_id].path if coding.code_id in self._codes else ""
        choice = pick_code(self, paths, current)
        target = next((c for c in self._codes.values() if c.path == choice), None)
        if target is not None and target.id != coding.code_id:
            self.session.update_coding(coding.id, code_id=target.id, text="Change code")

    def undo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def _remember_code(self, code_id: int) -> None:
        self._recent_codes = [code_id, *(c for c in self._recent_codes if c != code_id)]
        del self._recent_codes[MAX_RECENT_CODES:]
        self.recent_codes_menu.clear()
        for recent in self._recent_codes:
            code = self._codes.get(recent)
            if code is not None:
                action = self.recent_codes_menu.addAction(swatch(code.color), code.path)
                action.triggered.connect(lambda _=False, c=recent: self.apply_code(c))

    # == review ====================================================================================

    def open_dashboard(self) -> None:
        if self.session is None:
            return
        from annotator.ui.dashboard import AgreementDashboard

        if self.dashboard is None or self.dashboard.session is not self.session:
            self.dashboard = AgreementDashboard(self.session, self, self._engine)
            self._engine = None  # the dashboard owns it now
        self.dashboard.show()
        self.dashboard.raise_()
        if not self.dashboard.model.rowCount():
            self.dashboard.compute()

    def open_comparison(self) -> None:
        if self.session is None:
            return
        from annotator.ui.comparison import ComparisonView

        if self.comparison is None or self.comparison.session is not self.session:
            self.comparison = ComparisonView(self.session, self)
        if self.document_id is not None:
            self.comparison.select_document(self.document_id)
        self.comparison.show()
        self.comparison.raise_()
        self.comparison.refresh()

    def toggle_blind(self, checked: bool) -> None:
        if self.session is not None:
            self.session.set_blind(bool(checked))

    # == coders ====================================================================================

    def new_coder_dialog(self) -> None:
        if self.session is None:
            return
        name = ask_coder_name(self)
        if name:
            self.switch_coder(name)

    def switch_coder(self, name: str) -> None:
        if self.session is None:
            return
        self.session.switch_coder(name)
        self.settings.set("coder", self.session.coder.name)

    def set_view(self, view: str) -> None:
        if self.session is None:
            return
        self.session.set_view_filter(view)
        if view in ("all", "mine"):
            self.settings.set("view_filter", view)

    def _fill_coder_menu(self) -> None:
        menu = self.coder_menu
        menu.clear()
        if self.session is None:
            menu.addAction("Open a project first").setEnabled(False)
            return
        switch = menu.addMenu("&Switch Coder")
        group = QActionGroup(switch)
        for coder in self.session.project.coders.all():
            action = switch.addAction(coder.name)
            action.setCheckable(True)
            action.setChecked(coder.id == self.session.coder.id)
            group.addAction(action)
            action.triggered.connect(lambda _=False, n=coder.name: self.switch_coder(n))
        switch.addSeparator()
        switch.addAction(self.act_new_coder)
        view = menu.addMenu("&Show Codings Of")
        view_group = QActionGroup(view)
        options = [("mine", "&My Codings"), ("all", "&All Coders")]
        options += [(c.name, c.name) for c in self.session.project.coders.all()
                    if c.id != self.session.coder.id]  # fmt: skip
        for key, label in options:
            action = view.addAction(label)
            action.setCheckable(True)
            action.setChecked(self.session.view_filter == key)
            view_group.addAction(action)
            action.triggered.connect(lambda _=False, k=key: self.set_view(k))

    def _on_coder_changed(self) -> None:
        self._reload_documents()
        if self.document_id is not None:
            self.show_document(self.document_id)
        self._update_status()

    # == refreshing ================================================================================

    def _on_change(self, change: Change) -> None:
        if change.kind == "code":
            self.reload_codebook()
            if self.codebook_dialog is not None:
                self.codebook_dialog.show_details()
        if (
            change.kind == "coding"
            and change.document_ids
            and (self.document_id not in change.document_ids)
        ):
            # Undo or redo of a step made in another document: show where it happened.
            self.show_document(min(change.document_ids))
        elif self.document_id is not None and change.kind == "coding":
            self._apply_coding_change(change)
        elif self.document_id is not None and change.kind == "code":
            self._reload_codings()
        if change.kind == "status" and self.session and self.session.project.settings.blind:
            self._reload_codings()  # marking a document done reveals the others' codings
        if change.kind != "coding":
            self._reload_documents()
        self.statusBar().showMessage(change.summary, 4000)
        self._update_enabled()

    def _apply_coding_change(self, change: Change) -> None:
        """Show one change to the current document's codings without reloading the rest."""
        if self.session is None:
            return
        codings = self.session.project.codings
        visible = self.session.visible_coder_ids(self.document_id)
        selected = self.text.selected_coding()
        before = {c.id: c for c in change.before if isinstance(c, Coding)}
        delta = 0
        for coding_id in (*change.removed, *change.updated):
            if coding_id in before:
                self._add_count(before[coding_id].code_id, 0, -1)
                delta -= 1
            self._hide_coding(coding_id)
        for coding_id in (*change.added, *change.updated):
            coding = codings.get(coding_id)
            self._add_count(coding.code_id, 0, 1)
            delta += 1
            if coding.document_id == self.document_id and (
                visible is None or coding.coder_id in visible
            ):
                self._refresh_coder_names([coding])
                self.text.add_coding(coding)
                self.codings.model.insert(coding)
                self._add_count(coding.code_id, 1, 0)
        if delta and self.document_id is not None:
            self.documents.model.adjust_codings(self.document_id, delta)
        if selected and selected in change.updated:
            self.text.select_coding(selected, scroll=False)
        if self.text.selected_coding():
            self.codings.select(self.text.selected_coding())

    def _hide_coding(self, coding_id: int) -> None:
        shown = {c.id: c for c in self.text.codings_by_id([coding_id])}
        if coding_id in shown:
            self.text.remove_coding(coding_id)
            self.codings.model.remove(coding_id)
            self._add_count(shown[coding_id].code_id, -1, 0)

    def _reload_codings(self) -> None:
        if self.session is None or self.document_id is None:
            return
        selected = self.text.selected_coding()
        codings = self.session.visible_codings(self.document_id)
        self._refresh_coder_names(codings)
        self.text.set_codings(codings)
        self.codings.model.set_codings(codings, self.text.text())
        self._update_code_counts(codings)
        if selected:
            self.text.select_coding(selected, scroll=False)
            self.codings.select(selected)

    def _reload_documents(self) -> None:
        if self.session is None:
            return
        project = self.session.project
        self.documents.set_documents(
            project.documents.all(), project.status.for_coder(self.session.coder.id),
            self.document_id,
        )  # fmt: skip
        if not self.documents.model.document_ids():
            self._show_placeholder()

    def reload_codebook(self) -> None:
        if self.session is None:
            return
        codes = self.session.project.codes.all()
        self._codes = {code.id: code for code in codes}
        self._colours = {code.id: QColor(code.color) for code in codes}
        self._icons.clear()
        self._icons.update({code.id: swatch(code.color) for code in codes})
        self.text.set_painting(self._colours, self._describe)
        self._coder_names = {c.id: c.name for c in self.session.project.coders.all()}
        self._shortcuts = effective_shortcuts(codes)
        totals = self.session.project.codes.coding_counts()
        for panel in self.panels:
            current = panel.current_code_id()
            panel.set_codes(codes, self._shortcuts, {}, totals)
            if current in self._codes:
                panel.select_code(current)
        self._bind_code_shortcuts(codes)

    def _bind_code_shortcuts(self, codes: list[Code]) -> None:
        for action in self._code_actions:
            self.removeAction(action)
            action.deleteLater()
        self._code_actions = []
        self.apply_menu.clear()
        for code in codes:
            action = QAction(swatch(code.color), code.path, self)
            keys = self._shortcuts.get(code.id)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(code.description or code.path)
            action.triggered.connect(lambda _=False, c=code.id: self.apply_code(c))
            self.addAction(action)
            self.apply_menu.addAction(action)
            self._code_actions.append(action)

    def _refresh_coder_names(self, codings: list[Coding]) -> None:
        if self.session is not None and any(c.coder_id not in self._coder_names for c in codings):
            self._coder_names = {c.id: c.name for c in self.session.project.coders.all()}

    def _code_path(self, code_id: int) -> str:
        code = self._codes.get(code_id)
        return code.path if code else "?"

    def _coder_name(self, coder_id: int) -> str:
        return self._coder_names.get(coder_id, "?")

    def _describe(self, coding: Coding) -> str:
        code = self._codes.get(coding.code_id)
        lines = [
            code.path if code else "?",
            f"by {self._coder_names.get(coding.coder_id, '?')}",
            f"characters {coding.start}–{coding.end}",
        ]
        if coding.memo:
            lines.append(f"memo: {coding.memo}")
        return "\n".join(lines)

    def _update_code_counts(self, codings: list[Coding]) -> None:
        if self.session is None:
            return
        here: dict[int, int] = {}
        for c in codings:
            here[c.code_id] = here.get(c.code_id, 0) + 1
        totals = self.session.project.codes.coding_counts()
        for panel in self.panels:
            panel.model.set_counts(here, totals)

    def _add_count(self, code_id: int, here: int, total: int) -> None:
        for panel in self.panels:
            panel.model.add_count(code_id, here, total)

    def _fill_recent_projects(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.get("recent_projects")
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_project(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def _show_placeholder(self) -> None:
        if self.session is None:
            self.placeholder.setText(
                "<h2>Annotator</h2><p>Open a project (Ctrl+O) or create one (Ctrl+N).</p>"
                "<p>Or try the demo: <code>annotator demo demo.annotator</code></p>"
            )
        else:
            self.placeholder.setText(
                "<h3>No documents yet</h3><p>Import .txt files with File ▸ Import Text Files "
                "(Ctrl+I).</p>"
            )
        self.centre.setCurrentIndex(0)

    def _selection_changed(self, start: int, end: int) -> None:
        if start == end:
            self.status_selection.setText(f"at {start}")
        else:
            self.status_selection.setText(f"selection {start}–{end} ({end - start})")

    def _coding_clicked(self, coding_id: int) -> None:
        self.codings.select(coding_id)
        self._update_enabled()

    def _toggle_words(self, checked: bool) -> None:
        self.settings.set("extend_to_words", bool(checked))

    def open_find(self) -> None:
        if self.document_id is not None:
            self.find_bar.open_bar()

    def _find(self, needle: str) -> None:
        self.find_bar.set_count(self.text.find_all(needle))

    def _close_find(self) -> None:
        self.text.find_all("")
        self.text.setFocus()

    def _update_status(self) -> None:
        if self.session is None:
            for label in (self.status_project, self.status_coder, self.status_document):
                label.setText("")
            self.setWindowTitle("Annotator")
            return
        self.status_project.setText(f"Project: {self.session.project.path.name}")
        view = {"all": "all coders", "mine": "mine only"}.get(
            self.session.view_filter, self.session.view_filter
        )
        self.status_coder.setText(f"Coder: {self.session.coder.name} (showing {view})")
        name = ""
        if self.document_id is not None:
            document = self.session.project.documents.get(self.document_id)
            status = self.session.project.status.get(self.document_id, self.session.coder.id)
            name = f"{document.name} — {status}"
        self.status_document.setText(f"Document: {name}" if name else "")
        self.setWindowTitle(f"Annotator — {self.session.project.path.name}"
                            + (f" — {name}" if name else ""))  # fmt: skip

    def _undo_state_changed(self, _: bool) -> None:
        self._update_enabled()

    def _update_enabled(self) -> None:
        has_project = self.session is not None
        has_document = has_project and self.document_id is not None
        has_coding = has_document and bool(self.text.selected_coding())
        project_actions = (
            self.act_dashboard, self.act_compare, self.act_blind,
            self.act_import, self.act_export, self.act_new_coder, self.act_codebook,
            self.act_add_code, self.act_import_codebook, self.act_export_codebook,
        )  # fmt: skip
        for action in project_actions:
            action.setEnabled(has_project)
        for action in (self.act_find, self.act_done, self.act_progress, self.act_doc_memo,
                       self.act_next_doc, self.act_prev_doc):  # fmt: skip
            action.setEnabled(has_document)
        for action in (self.act_remove, self.act_memo, self.act_change_code, self.act_start_left,
                       self.act_start_right, self.act_end_left, self.act_end_right):  # fmt: skip
            action.setEnabled(has_coding)
        stack = self.session.undo_stack if self.session else None
        self.act_undo.setEnabled(bool(stack and stack.canUndo()))
        self.act_redo.setEnabled(bool(stack and stack.canRedo()))
        if stack:
            self.act_undo.setText(f"&Undo {stack.undoText()}".rstrip())
            self.act_redo.setText(f"&Redo {stack.redoText()}".rstrip())

    # == messages and help ========================================================================

    def report(self, message: str) -> None:
        """Show a one-line problem without blocking: status bar plus a non-modal box."""
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Annotator", message,
                          QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Not modal: the message must not stop the researcher from going on coding.
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows = []
        for action in self.actions():
            if action.shortcut().isEmpty() or action in self._code_actions:
                continue
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                             for s in action.shortcuts())  # fmt: skip
            rows.append((action.text().replace("&", "").rstrip("…"), keys))
        for action in self._code_actions:
            if not action.shortcut().isEmpty():
                rows.append((f"Apply {action.text()}", action.shortcut().toString()))
        return rows

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self).exec()

    def show_about(self) -> None:
        from annotator import __version__

        QMessageBox.about(
            self, "About Annotator",
            f"<h3>Annotator {__version__}</h3><p>Qualitative content analysis with exact "
            "offsets (Unicode code points) and agreement measures a methods reviewer can "
            "trust.</p>",
        )  # fmt: skip

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._engine is not None:
            self._engine.shutdown(wait=False, cancel_futures=True)
            self._engine = None
        for dialog in (self.dashboard, self.comparison, self.codebook_dialog):
            if dialog is not None:
                dialog.close()
        self.close_project()
        super().closeEvent(event)


def effective_shortcuts(codes: list[Code]) -> dict[int, str]:
    """Each code's key: its own, else one of the digits 1-9 that no code claims, in tree order."""
    keys = {code.id: code.shortcut for code in codes if code.shortcut}
    free = [d for d in "123456789" if d not in keys.values()]
    for code in codes:
        if not free:
            break
        if code.id not in keys:
            keys[code.id] = free.pop(0)
    return keys


def create_demo_if_missing(path: Path) -> None:
    """Build the demo project at ``path`` unless a file is already there."""
    if not path.exists():
        with Project.create(path) as project:
            build_demo(project)


__all__ = ["MainWindow", "QMenu", "create_demo_if_missing"]
