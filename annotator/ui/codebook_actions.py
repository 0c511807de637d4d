"""The codebook's actions in the window: add, rename, recolour, define, move, merge, delete.

Each action asks the user what it needs (a name, a colour, a confirmation) and hands the change
to the :class:`~annotator.ui.session.Session`, which commits it and makes it undoable. The
window refreshes its panels when the change arrives.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.store.codebook_io import export_codebook_file, import_codebook_file
from annotator.ui import file_dialogs
from annotator.ui.code_dialogs import CodebookDialog, CodeDialog, choose_colour
from annotator.ui.code_picker import pick_code
from annotator.ui.codebook_panel import CodebookPanel

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class CodebookActions(QObject):
    """Handles the requests of every codebook panel of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        add = window.add_action
        self.act_codebook = add(
            "code", "&Codebook…", self.open_codebook, "Ctrl+B",
            "The codebook with each code's definition", needs="project", keeps_focus=False,
        )  # fmt: skip
        self.act_add_code = add(
            "code", "Add C&ode…", lambda: self.add_code_dialog(None), "Ctrl+Shift+N",
            "Add a code at the top of the codebook", needs="project",
        )  # fmt: skip
        add("code", "&Import Codebook…", self.import_codebook_dialog, "",
            "Add codes from a REFI-QDA .qdc or a codebook CSV", needs="project")  # fmt: skip
        add("code", "E&xport Codebook…", self.export_codebook_dialog, "",
            "Write the codebook as REFI-QDA .qdc or CSV", needs="project")  # fmt: skip

    def connect_panel(self, panel: CodebookPanel) -> None:
        self.window.panels.append(panel)
        panel.apply_requested.connect(self.window.apply_code)
        panel.add_requested.connect(self.add_code_dialog)
        panel.edit_requested.connect(self.edit_code_dialog)
        panel.recolour_requested.connect(self.recolour_code_dialog)
        panel.merge_requested.connect(self.merge_code_dialog)
        panel.delete_requested.connect(self.delete_code_dialog)
        panel.model.rename_requested.connect(self.rename_code)
        panel.model.move_requested.connect(self.move_code)
        panel.model.per_coder = self._per_coder

    def _per_coder(self, code_id: int) -> dict[str, int]:
        session = self.window.session
        if session is None:
            return {}
        return session.project.codes.counts_by_coder(code_id, session.counted_coder_ids())

    def open_codebook(self) -> None:
        if self.window.session is None:
            return
        if self.window.codebook_dialog is None:
            self.window.codebook_dialog = CodebookDialog(self.window)
            self.connect_panel(self.window.codebook_dialog.panel)
            self.window.codebook_dialog.import_button.clicked.connect(self.import_codebook_dialog)
            self.window.codebook_dialog.export_button.clicked.connect(self.export_codebook_dialog)
            self.window.reload_codebook()
        self.window.codebook_dialog.show()
        self.window.codebook_dialog.raise_()
        self.window.codebook_dialog.show_details()

    def add_code_dialog(self, parent_id: int | None) -> None:
        if self.window.session is None:
            return
        where = (
            self.window._codes[parent_id].path
            if parent_id in self.window._codes
            else "the top level"
        )
        name, ok = QInputDialog.getText(
            self.window, "Add code", f"Name of the new code under {where}:"
        )
        if ok and name.strip():
            self.add_code(name, parent_id)

    def add_code(self, name: str, parent_id: int | None) -> int | None:
        if self.window.session is None:
            return None
        code_id = self.window.session.add_code(name, parent_id)
        if code_id is not None:
            for panel in self.window.panels:
                panel.select_code(code_id)
        return code_id

    def rename_code(self, code_id: int, name: str) -> None:
        if self.window.session is not None:
            self.window.session.update_code(code_id, f"Rename code to {name}", name=name)

    def recolour_code_dialog(self, code_id: int) -> None:
        code = self.window._codes.get(code_id)
        if code is None or self.window.session is None:
            return
        colour = choose_colour(self.window, code.color)
        if colour and colour != code.color:
            self.window.session.update_code(code_id, f"Recolour {code.name}", color=colour)

    def edit_code_dialog(self, code_id: int) -> None:
        code = self.window._codes.get(code_id)
        if code is None or self.window.session is None:
            return
        dialog = CodeDialog(code, lambda keys: self.shortcut_conflict(code_id, keys), self.window)
        if dialog.exec() and dialog.changes():
            self.window.session.update_code(code_id, f"Edit {code.name}", **dialog.changes())

    def shortcut_conflict(self, code_id: int, keys: str) -> str | None:
        """What else uses ``keys``: another code, or one of the window's commands."""
        wanted = QKeySequence(keys)
        exact = QKeySequence.SequenceMatch.ExactMatch
        for code in self.window._codes.values():
            if (
                code.id != code_id
                and code.shortcut
                and QKeySequence(code.shortcut).matches(wanted) == exact
            ):
                return f"the code {code.path}"
        for action in self.window.actions():
            if action in self.window.coding_actions.code_actions:
                continue
            if any(s.matches(wanted) == exact for s in action.shortcuts()):
                return f"the command “{action.text().replace('&', '')}”"
        return None

    def merge_code_dialog(self, code_id: int) -> None:
        code = self.window._codes.get(code_id)
        if code is None or self.window.session is None:
            return
        choice = pick_code(self.window, list(self.window._codes.values()), None,
                           title=f"Merge {code.path} into…", exclude=code_id)  # fmt: skip
        if choice is not None and choice != code_id:
            self.window.session.merge_codes(code_id, choice)

    def delete_code_dialog(self, code_id: int) -> None:
        code = self.window._codes.get(code_id)
        if code is None or self.window.session is None:
            return
        session = self.window.session
        counted = session.counted_coder_ids()  # blind coding: not the others' counts
        blind = counted is not None
        count = session.project.codes.count_codings(code_id, counted)
        children = len(self.window.session.project.codes.descendants(code_id)) - 1
        extra = f", its {children} child code{'s' if children != 1 else ''}" if children else ""
        answer = QMessageBox.question(
            self.window, "Delete code",
            f"Delete {code.path}{extra} and {count} coding{'s' if count != 1 else ''}"
            f"{' of yours (the other coders’ codings of it go too)' if blind else ''}? "
            "You can undo this with Ctrl+Z.",
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.window.session.delete_code(code_id)

    def move_code(self, code_id: int, parent_id: object, position: object) -> None:
        if self.window.session is None or code_id == parent_id:
            return
        parent = parent_id if isinstance(parent_id, int) else None
        where = position if isinstance(position, int) else None
        self.window.session.move_code(code_id, parent, where)

    def import_codebook_dialog(self) -> None:
        if self.window.session is None:
            return
        path = file_dialogs.open_file(
            self.window, "Import codebook", "Codebooks (*.qdc *.csv);;All files (*)",
            project=self.window.session.project.path,
        )  # fmt: skip
        if path is not None:
            self.import_codebook(path)

    def import_codebook(self, path: Path) -> None:
        if self.window.session is None:
            return
        try:
            change = import_codebook_file(self.window.session.project, path)
        except AnnotatorError as err:
            self.window.report(str(err))
            return
        self.window.session.changed.emit(change)

    def export_codebook_dialog(self) -> None:
        if self.window.session is None:
            return
        path = file_dialogs.save_file(
            self.window, "Export codebook", "codebook.qdc",
            "REFI-QDA codebook (*.qdc);;CSV (*.csv)", project=self.window.session.project.path,
        )  # fmt: skip
        if path is None:
            return
        try:
            count = export_codebook_file(self.window.session.project, path)
        except (AnnotatorError, OSError) as err:
            self.window.report(f"Export failed: {err}")
            return
        self.window.statusBar().showMessage(f"Wrote {count} codes to {path}", 8000)
