"""The coding workspace: documents on the left, the article in the middle, codes on the right.

The window holds no data of its own beyond ids: it asks the :class:`Session` (and through it
the store) and repaints what a :class:`~annotator.core.model.Change` says changed. Each menu's
actions live in a controller of their own (``file_actions``, ``coding_actions``,
``codebook_actions``, ``review_actions``, ``coder_actions``); a controller adds its items with
:meth:`MainWindow.add_action` to a menu named in :data:`MENUS` (``window.menus["review"]``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QAction, QCloseEvent, QColor, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import Change, Code, Coding
from annotator.store import Project
from annotator.store.bulk import build_demo
from annotator.ui.analysis_actions import AnalysisActions
from annotator.ui.code_dialogs import CodebookDialog
from annotator.ui.codebook_actions import CodebookActions
from annotator.ui.codebook_panel import SELECTION_MIME, CodebookPanel, swatch
from annotator.ui.coder_actions import CoderActions
from annotator.ui.coding_actions import CodingActions
from annotator.ui.codings_panel import CodingsPanel
from annotator.ui.dialogs import ask_coder_name
from annotator.ui.document_actions import DocumentActions
from annotator.ui.document_admin import DocumentAdmin
from annotator.ui.documents_panel import DocumentsPanel
from annotator.ui.exchange_actions import ExchangeActions
from annotator.ui.file_actions import FileActions
from annotator.ui.find_bar import FindBar
from annotator.ui.help_actions import HelpActions
from annotator.ui.project_watch import ProjectWatch
from annotator.ui.review_actions import ReviewActions
from annotator.ui.session import Session
from annotator.ui.settings import Settings
from annotator.ui.status_line import StatusLine
from annotator.ui.text_view import CodingTextView
from annotator.ui.work_focus import WorkFocus

if TYPE_CHECKING:
    from annotator.ui.comparison import ComparisonView
    from annotator.ui.dashboard import AgreementDashboard

#: The menu bar, left to right: the name a controller uses, and the menu's title.
MENUS = {"file": "&File", "edit": "&Edit", "code": "&Code", "document": "&Document",
         "review": "&Review", "analysis": "&Analysis", "coder": "C&oder",
         "help": "&Help"}  # fmt: skip
#: What an action needs to be enabled (see :meth:`MainWindow.add_action`).
NEEDS = ("project", "document", "coding")


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
        self._needs: dict[str, list[QAction]] = {need: [] for need in NEEDS}
        self.setWindowTitle("Annotator")
        self.resize(1400, 860)
        self.menus: dict[str, QMenu] = {k: self.menuBar().addMenu(t) for k, t in MENUS.items()}
        self._build_widgets()
        self._build_actions()
        self.status_line = StatusLine(self)
        self._update_enabled()

    # == building ==================================================================================

    def _build_widgets(self) -> None:
        self.documents = DocumentsPanel(self)
        self.documents.document_selected.connect(self.show_document)
        self.text = _TextView(self)
        self.text.coding_clicked.connect(self._coding_clicked)
        self.text.selected_coding_changed.connect(self._coding_clicked)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
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
        self.focus = WorkFocus(self)
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
        self.splitter.setSizes([320, 700, 480])  # room for document titles
        self.setCentralWidget(self.splitter)
        self._show_placeholder()

    def add_action(
        self, menu: str | None, text: str, slot: Callable[..., object],
        keys: str | QKeySequence.StandardKey | list[str] = "", tip: str = "", *, needs: str = "",
        keeps_focus: bool = True,
    ) -> QAction:  # fmt: skip
        """A window action (its keys work anywhere in the window), added to ``menus[menu]``.

        ``needs`` is one of :data:`NEEDS`: the action is enabled only while there is an open
        project, a document shown, or a coding selected. Afterwards the keyboard focus goes
        back to where the user was working (unless ``keeps_focus`` is False: the action
        opens a window or a field of its own).
        """
        action = QAction(text, self)
        if isinstance(keys, list):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys:
            action.setShortcut(QKeySequence(keys))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        if keeps_focus:
            action.triggered.connect(self.focus.restore)
        self.addAction(action)
        if menu is not None:
            self.menus[menu].addAction(action)
        if needs:
            self._needs[needs].append(action)
        return action

    def _build_actions(self) -> None:
        self.file_actions = FileActions(self)
        a = self.add_action
        self.act_undo = a("edit", "&Undo", self.undo, "Ctrl+Z", "Undo the last change")
        self.act_redo = a("edit", "&Redo", self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"], "Redo")
        a("edit", "Next &Pane", lambda: self.focus.cycle(1), "F6", keeps_focus=False)
        a("edit", "Pre&vious Pane", lambda: self.focus.cycle(-1), "Shift+F6", keeps_focus=False)
        self.menus["edit"].addSeparator()
        self.coding_actions = CodingActions(self)
        self.codebook_actions = CodebookActions(self)
        self.codebook_actions.connect_panel(self.codebook)
        panel = self.codebook
        for signal in (panel.add_requested, panel.edit_requested, panel.recolour_requested,
                       panel.merge_requested, panel.delete_requested):  # fmt: skip
            signal.connect(self.focus.restore)
        self.document_actions = DocumentActions(self)
        self.document_admin = DocumentAdmin(self)
        self.review = ReviewActions(self)
        self.analysis = AnalysisActions(self)
        self.coders = CoderActions(self)
        self.help_actions = HelpActions(self)
        self.exchange = ExchangeActions(self)
        self.project_watch = ProjectWatch(self)
        files, coding, docs = self.file_actions, self.coding_actions, self.document_actions
        short = {files.act_open: "Open", files.act_import: "Import", files.act_export: "Export",
                 self.act_undo: "Undo", self.act_redo: "Redo", docs.act_find: "Find",
                 coding.act_remove: "Remove Coding", docs.act_done: "Mark Done"}  # fmt: skip
        for action, label in short.items():
            action.setIconText(label)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.addActions([files.act_open, files.act_import, files.act_export])
        toolbar.addSeparator()
        toolbar.addActions([self.act_undo, self.act_redo, docs.act_find])
        toolbar.addSeparator()
        toolbar.addActions([coding.act_remove, docs.act_done])

    # == project ===================================================================================

    def open_project(self, path: Path, coder: str | None = None) -> bool:
        """Open a project file as the coder remembered for it, else as the one asked for."""
        try:
            project = Project.open(path)
        except AnnotatorError as err:
            self.report(str(err))
            return False
        name = coder or self.coders.coder_for(project, path)
        while name and (problem := project.coders.consensus_problem(name)):
            # Its codings come only from review: ask for the person's own name instead.
            name = ask_coder_name(self, problem=problem)
        if not name:
            project.close()
            self.report("A coder name is needed to code; the project was not opened.")
            return False
        self.close_project()
        self.settings.add_recent(path)
        self.session = Session(project, name, self)
        self.settings.remember_coder(path, self.session.coder.name)
        self.session.changed.connect(self._on_change)
        self.session.failed.connect(self.report)
        self.session.coder_changed.connect(self._on_coder_changed)
        self.project_watch.attach(self.session)
        # Bound methods, not lambdas: Qt drops these connections when the window goes away.
        self.session.undo_stack.canUndoChanged.connect(self._undo_state_changed)
        self.session.undo_stack.canRedoChanged.connect(self._undo_state_changed)
        self.review.project_opened()
        view = self.settings.get("view_filter")
        self.session.view_filter = view if view in ("all", "mine") else "all"
        self.reload_codebook()
        self.reload_documents()
        ids = self.documents.model.document_ids()
        self.file_actions.fill_recent_projects()
        if ids:
            self.show_document(ids[0])
        else:
            self.document_id = None
            self._show_placeholder()
        self.status_line.refresh()
        self._update_enabled()
        self.focus.start()
        return True

    def project_path(self) -> Path | None:
        """The open project's file, if any: what file dialogs must never open."""
        return self.session.project.path if self.session is not None else None

    def close_project(self) -> None:
        self.review.close_windows()
        self.document_admin.close_windows()
        self.analysis.close_windows()
        self.exchange.close_windows()
        if self.codebook_dialog is not None:
            self.codebook_dialog.close()
            self.codebook_dialog.deleteLater()
            self.panels.remove(self.codebook_dialog.panel)
        self.codebook_dialog = None
        if self.session is not None:
            # No more signals from the old session: its undo stack outlives this call.
            self.session.blockSignals(True)
            self.session.undo_stack.blockSignals(True)
            self.session.project.close()
            self.session.deleteLater()
        self.session = None
        self.document_id = None

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
            self.document_actions.find(self.find_bar.field.text())
        self.status_line.refresh()
        self._update_enabled()

    # == coding (the actions are in coding_actions) ================================================

    def apply_code(self, code_id: int) -> int | None:
        """Apply a code to the current selection; returns the new coding's id."""
        return self.coding_actions.apply_code(code_id)

    def select_coding(self, coding_id: int) -> None:
        self.text.select_coding(coding_id)
        self.codings.select(coding_id)
        self._update_enabled()

    def undo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    # == review and coders (in review_actions and coder_actions) ===================================

    @property
    def dashboard(self) -> AgreementDashboard | None:
        return self.review.dashboard

    @property
    def comparison(self) -> ComparisonView | None:
        return self.review.comparison

    def open_dashboard(self) -> None:
        self.review.open_dashboard()

    def open_comparison(self) -> None:
        self.review.open_comparison()

    def switch_coder(self, name: str) -> None:
        self.coders.switch_coder(name)

    def set_view(self, view: str) -> None:
        self.coders.set_view(view)

    def _on_coder_changed(self) -> None:
        self.review.sync_blind()
        self.reload_documents()
        if self.document_id is not None:
            self.show_document(self.document_id)
        self.status_line.refresh()

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
            # Undo or redo of a step made in another document, or a decision in Compare
            # Coders: show where it happened, and count it where it happened.
            self.show_document(min(change.document_ids))
            self._adjust_document_counts(change)
        elif self.document_id is not None and change.kind == "coding":
            self._apply_coding_change(change)
        elif self.document_id is not None and change.kind == "code":
            self.reload_codings()
        if change.kind == "status" and self.session and self.session.project.settings.blind:
            self.reload_codings()  # marking a document done reveals the others' codings
        if change.kind != "coding":
            self.reload_documents()
        if change.kind in ("coding", "status") and self.session and self.document_id is not None:
            # Coding can set the document in progress; Ctrl+D sets it done.
            status = self.session.project.status.get(self.document_id, self.session.coder.id)
            self.documents.model.set_status(self.document_id, status)
            self.status_line.refresh()
        self.statusBar().showMessage(change.summary, 4000)
        self._update_enabled()

    def _apply_coding_change(self, change: Change) -> None:
        """Show one change to the current document's codings without reloading the rest."""
        if self.session is None:
            return
        codings = self.session.project.codings
        visible = self.session.visible_coder_ids(self.document_id)
        counted = self.session.counted_coder_ids()  # blind coding: the coder's own only
        selected = self.text.selected_coding()
        before = {c.id: c for c in change.before if isinstance(c, Coding)}
        for coding_id in (*change.removed, *change.updated):
            if coding_id in before and (counted is None or before[coding_id].coder_id in counted):
                self._add_count(before[coding_id].code_id, 0, -1)
            self._hide_coding(coding_id)
        read: dict[int, Coding] = {}
        for coding_id in (*change.added, *change.updated):
            coding = read[coding_id] = codings.get(coding_id)
            if counted is None or coding.coder_id in counted:
                self._add_count(coding.code_id, 0, 1)
            if coding.document_id == self.document_id and (
                visible is None or coding.coder_id in visible
            ):
                self._refresh_coder_names([coding])
                self.text.add_coding(coding)
                self.codings.model.insert(coding)
                self._add_count(coding.code_id, 1, 0)
        self._adjust_document_counts(change, read)
        if selected and selected in change.updated:
            self.text.select_coding(selected, scroll=False)
        if self.text.selected_coding():
            self.codings.select(self.text.selected_coding())

    def _adjust_document_counts(
        self, change: Change, read: dict[int, Coding] | None = None
    ) -> None:
        """The document list's coding counts after ``change``, in the documents it changed.

        Per document: a decision in Compare Coders (or an undo) counts in the document decided,
        which need not be the one shown, and Take Agreements decides in several at once.
        ``read``: the added codings the caller has read already (not asked of the store twice).
        """
        read = read or {}
        if self.session is None:
            return
        counted = self.session.counted_coder_ids()
        codings = self.session.project.codings
        before = {c.id: c for c in change.before if isinstance(c, Coding)}
        if any(coding_id not in before for coding_id in change.removed):
            self.reload_documents()  # removed without saying what (undoing a decision): count
            return
        deltas: dict[int, int] = {}
        for coding_id in (*change.removed, *change.updated):
            old = before.get(coding_id)
            if old is not None and (counted is None or old.coder_id in counted):
                deltas[old.document_id] = deltas.get(old.document_id, 0) - 1
        for coding_id in (*change.added, *change.updated):
            try:
                coding = read.get(coding_id) or codings.get(coding_id)
            except AnnotatorError:  # gone again already (another program)
                continue
            if counted is None or coding.coder_id in counted:
                deltas[coding.document_id] = deltas.get(coding.document_id, 0) + 1
        for document_id, delta in deltas.items():
            if delta:
                self.documents.model.adjust_codings(document_id, delta)

    def _hide_coding(self, coding_id: int) -> None:
        shown = {c.id: c for c in self.text.codings_by_id([coding_id])}
        if coding_id in shown:
            self.text.remove_coding(coding_id)
            self.codings.model.remove(coding_id)
            self._add_count(shown[coding_id].code_id, -1, 0)

    def reload_codings(self) -> None:
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

    def reload_documents(self) -> None:
        if self.session is None:
            return
        project = self.session.project
        counted = self.session.counted_coder_ids()
        self.documents.set_documents(
            project.documents.all(counted), project.status.for_coder(self.session.coder.id),
            self.document_id,
        )  # fmt: skip
        self.documents.model.set_own_only(counted is not None)
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
        counted = self.session.counted_coder_ids()
        totals = self.session.project.codes.coding_counts(counted)
        here = _counts(self.text.codings()) if self.document_id is not None else {}
        for panel in self.panels:
            current = panel.current_code_id()
            panel.set_codes(codes, self._shortcuts, here, totals, own_only=counted is not None)
            if current in self._codes:
                panel.select_code(current)
        self.coding_actions.bind_code_keys(codes, self._shortcuts)

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
        here = _counts(codings)
        counted = self.session.counted_coder_ids()
        totals = self.session.project.codes.coding_counts(counted)
        for panel in self.panels:
            panel.model.set_counts(here, totals, own_only=counted is not None)

    def _add_count(self, code_id: int, here: int, total: int) -> None:
        for panel in self.panels:
            panel.model.add_count(code_id, here, total)

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

    def _coding_clicked(self, coding_id: int) -> None:
        self.codings.select(coding_id)
        self._update_enabled()

    def _undo_state_changed(self, _: bool) -> None:
        self._update_enabled()

    def _update_enabled(self) -> None:
        has_project = self.session is not None
        has_document = has_project and self.document_id is not None
        has_coding = has_document and bool(self.text.selected_coding())
        enabled = {"project": has_project, "document": has_document, "coding": has_coding}
        for need, actions in self._needs.items():
            for action in actions:
                action.setEnabled(enabled[need])
        self.review.sync_blind()  # disabled in a coder copy made with blind coding
        stack = self.session.undo_stack if self.session else None
        self.act_undo.setEnabled(bool(stack and stack.canUndo()))
        self.act_redo.setEnabled(bool(stack and stack.canRedo()))
        if stack:
            self.act_undo.setText(f"&Undo {stack.undoText()}".rstrip())
            self.act_redo.setText(f"&Redo {stack.redoText()}".rstrip())

    # == messages ==================================================================================

    def report(self, message: str) -> None:
        """Show a one-line problem without blocking: status bar plus a non-modal box."""
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Annotator", message,
                          QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Not modal: the message must not stop the researcher from going on coding.
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.review.shutdown()
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


def _counts(codings: list[Coding]) -> dict[int, int]:
    """Codings per code id."""
    here: dict[int, int] = {}
    for c in codings:
        here[c.code_id] = here.get(c.code_id, 0) + 1
    return here


def create_demo_if_missing(path: Path) -> None:
    """Build the demo project at ``path`` unless a file is already there."""
    if not path.exists():
        with Project.create(path) as project:
            build_demo(project)


__all__ = ["MENUS", "MainWindow", "create_demo_if_missing"]
