"""Documents as things to manage: import in the background, properties, the attribute table,
rename, delete (undoable), and the attribute filter of the documents panel.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox, QProgressDialog

from annotator.core.attributes import parse_filters
from annotator.core.errors import AnnotatorError
from annotator.core.formats.extracted import PLACES, Region, place_of
from annotator.core.importing import PreparedFile, Refusal
from annotator.core.model import Change
from annotator.core.wording import plural
from annotator.store.attributes import AttributeChange
from annotator.store.document_rows import DeletedDocument
from annotator.ui import file_dialogs
from annotator.ui.attribute_table import TITLE, AttributeRow, AttributeTableDialog
from annotator.ui.document_properties import DocumentPropertiesDialog, PropertyEdits
from annotator.ui.import_worker import ImportJob

if TYPE_CHECKING:
    from annotator.store import Project
    from annotator.ui.main_window import MainWindow

# Fewer files than this are read without showing a progress dialog.
PROGRESS_AFTER = 4


class DocumentAdmin(QObject):
    """The Document menu's management actions and the background import of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        add, d = window.add_action, "document"
        window.menus[d].addSeparator()
        add(d, "Document P&roperties…", self.edit_properties, "Alt+Return", needs=d)
        add(
            d,
            "&Attribute Table…",
            self.open_attribute_table,
            "Ctrl+Shift+B",
            needs="project",
            keeps_focus=False,
        )
        add(d, "R&ename Document…", self.rename_current, needs=d)
        add(d, "De&lete Document…", self.delete_current, needs=d)
        folder = add("file", "Import &Folder…", self.import_folder_dialog, needs="project")
        _place_after(window.menus["file"], window.file_actions.act_import, folder)
        self.job = ImportJob(self)
        self.job.progress.connect(self._progress)
        self.job.done.connect(self._imported)
        self.progress: QProgressDialog | None = None
        self.table: AttributeTableDialog | None = None
        self._places: tuple[int, list[Region]] | None = None
        self.filter = QLineEdit(window.documents)
        self.filter.setPlaceholderText("Attributes: outlet=TASS, date>=2016")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter documents by attribute")
        self.filter.textChanged.connect(self.apply_filter)
        layout = window.documents.layout()
        if layout is not None:
            layout.insertWidget(1, self.filter)  # type: ignore[attr-defined]

    def location(self, offset: int) -> str:
        """Where ``offset`` of the shown document is in its original: ``p. 4``, ``00:12:31``.

        The pages or cues are read once per document shown, not on every caret move.
        """
        project, document_id = self.project, self.window.document_id
        if project is None or document_id is None:
            return ""
        if self._places is None or self._places[0] != document_id:
            regions = [r for r in project.documents.regions(document_id) if r.kind in PLACES]
            self._places = (document_id, regions)
        return place_of(self._places[1], offset)

    @property
    def project(self) -> Project | None:
        return None if self.window.session is None else self.window.session.project

    # -- import --------------------------------------------------------------------------------

    def import_folder_dialog(self) -> None:
        folder = file_dialogs.choose_folder(
            self.window, "Import a folder of documents", project=self.window.project_path()
        )
        if folder is not None:
            self.import_paths([folder])

    def import_paths(self, paths: list[Path], *, full_page: bool = False) -> None:
        """Read the files on a worker thread, then store them in one transaction."""
        if self.project is None or self.job.is_busy():
            return
        count = self.job.start(paths, full_page=full_page)
        if count >= PROGRESS_AFTER:
            self.progress = QProgressDialog("Reading files…", "Cancel", 0, count, self.window)
            self.progress.setWindowTitle("Import")
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(0)
            self.progress.canceled.connect(self.job.cancel)

    def _progress(self, done: int, total: int, name: str) -> None:
        # A modal progress dialog's setValue() runs the event loop, which may deliver the end
        # of the import and drop the dialog: keep a reference and set the value last.
        # A cancelled dialog's setValue() would show it again: ignore late reports.
        progress = self.progress
        if progress is None or progress.wasCanceled():
            return
        progress.setMaximum(total)
        progress.setLabelText(f"Reading {name} ({done + 1} of {total})…")
        progress.setValue(done)

    def _imported(self, prepared: list[PreparedFile | Refusal] | None) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.job.cancel)  # close() emits canceled
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        window, project = self.window, self.project
        if project is None:
            return
        if prepared is None:
            window.statusBar().showMessage("Import cancelled; nothing was imported.", 8000)
            return
        try:
            results = project.documents.add_prepared(prepared)
        except AnnotatorError as err:
            window.report(str(err))
            return
        imported = [r for r in results if r.ok]
        refused = [r for r in results if not r.ok]
        window.reload_documents()
        self.apply_filter()
        if imported and window.document_id is None and imported[0].document_id is not None:
            window.show_document(imported[0].document_id)
        summary = f"Imported {plural(len(imported), 'file')}, refused {len(refused)}."
        if refused:
            window.report(summary + " " + "; ".join(r.message for r in refused[:5]))
        else:
            window.statusBar().showMessage(summary, 8000)

    # -- the attribute filter ------------------------------------------------------------------

    def apply_filter(self) -> None:
        text = self.filter.text().strip()
        proxy = self.window.documents.proxy
        if not text or self.project is None:
            self.filter.setToolTip("")
            self.filter.setStyleSheet("")
            proxy.set_allowed(None)
            return
        try:
            filters = parse_filters(part for part in text.split(",") if part.strip())
        except AnnotatorError as err:
            self.filter.setToolTip(str(err))
            self.filter.setStyleSheet("QLineEdit { color: #b00020; }")
            return
        self.filter.setToolTip("")
        self.filter.setStyleSheet("")
        proxy.set_allowed(self.project.attributes.matching(filters))

    # -- properties, rename, delete ------------------------------------------------------------

    def edit_properties(self) -> None:
        window, project = self.window, self.project
        if project is None or window.document_id is None or window.session is None:
            return
        document = project.documents.get(window.document_id)
        try:
            file_name, data = project.documents.source(document.id)
            provenance = f"{file_name} ({document.format}, {len(data):,} bytes, kept)"
        except AnnotatorError:
            provenance = f"{document.source_path or 'added as text'} ({document.format or 'txt'})"
        dialog = DocumentPropertiesDialog(
            document, project.documents.attributes(document.id), project.attributes.types(),
            provenance, window,
        )  # fmt: skip
        if dialog.exec():
            self.apply_edits(document.id, dialog.edits())

    def apply_edits(self, document_id: int, edits: PropertyEdits) -> bool:
        """Name, title, types and attributes as one undoable step."""
        session, project = self.window.session, self.project
        if session is None or project is None:
            return False
        old = project.documents.get(document_id)
        old_types = project.attributes.types()
        records: list[Change] = []

        def apply() -> Change:
            with project.transaction():
                if edits.name != old.name:
                    project.documents.rename(document_id, edits.name)
                if edits.title != old.title:
                    project.documents.set_title(document_id, edits.title)
                for name, kind in edits.types.items():
                    if old_types.get(name) != kind:
                        project.attributes.set_type(name, kind)
                values = [(document_id, n, v or None) for n, v in edits.attributes.items()]
                records.append(project.attributes.set_many(values))
            return Change(f"Edit properties of {edits.name}", "document", updated=(document_id,))

        def revert() -> Change:
            with project.transaction():
                project.attributes.undo(records.pop())
                project.documents.set_title(document_id, old.title)
                project.documents.rename(document_id, old.name)
            return Change(f"Undo properties of {old.name}", "document", updated=(document_id,))

        return session.perform(f"Edit properties of {old.name}", apply, revert) is not None

    def rename_current(self) -> None:
        window, project = self.window, self.project
        if project is None or window.document_id is None:
            return
        old = project.documents.get(window.document_id)
        name, ok = QInputDialog.getText(window, "Rename document", "New name:", text=old.name)
        if ok and name.strip() and name.strip() != old.name:
            self.rename(old.id, name.strip())

    def rename(self, document_id: int, name: str) -> bool:
        session, project = self.window.session, self.project
        if session is None or project is None:
            return False
        old = project.documents.get(document_id).name
        documents = project.documents
        change = session.perform(
            f"Rename {old}", lambda: documents.rename(document_id, name),
            lambda: documents.rename(document_id, old),
        )  # fmt: skip
        return change is not None

    def delete_current(self) -> None:
        window, project = self.window, self.project
        if project is None or window.document_id is None:
            return
        document = project.documents.get(window.document_id)
        # Blind coding: count the coder's own codings only, and say the others' go too.
        counted = window.session.counted_coder_ids() if window.session is not None else None
        count = document.codings
        if counted is not None:
            count = len(project.codings.for_document(document.id, coder_ids=counted))
        plural = "" if count == 1 else "s"
        yours = " of yours (the other coders' codings in it go too)" if counted is not None else ""
        answer = QMessageBox.question(
            window, "Delete document",
            f"Delete {document.label} and its {count} coding{plural}{yours}? "
            "Edit ▸ Undo brings them back.",
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(document.id)

    def delete(self, document_id: int) -> bool:
        """Delete a document with its codings; undo restores it exactly."""
        session, project = self.window.session, self.project
        if session is None or project is None:
            return False
        documents = project.documents
        snapshots: list[DeletedDocument] = []

        def delete() -> Change:
            change = documents.delete(document_id)
            snapshots.append(change.before[0])  # type: ignore[arg-type]
            self._leave(document_id)
            return change

        def restore() -> Change:
            return documents.restore(snapshots.pop())

        name = documents.get(document_id).name
        return session.perform(f"Delete {name}", delete, restore) is not None

    def _leave(self, document_id: int) -> None:
        """Stop showing a document that is gone: show the next one, or the placeholder."""
        window = self.window
        if window.document_id != document_id:
            return
        window.document_id = None
        remaining = [i for i in window.documents.visible_ids() if i != document_id]
        window.reload_documents()
        if remaining:
            window.show_document(remaining[0])

    # -- the attribute table -------------------------------------------------------------------

    def open_attribute_table(self) -> None:
        if self.project is None or self.window.session is None:
            return
        if self.table is None:
            self.table = AttributeTableDialog(self.set_cell, self.add_attribute, self.window)
            self.window.session.changed.connect(self.table_changed)
        self.refresh_table()
        self.table.show()
        self.table.raise_()
        self.table.activateWindow()

    def table_changed(self, change: Change) -> None:
        """Refresh after the event: a change may come from the table's own editor, whose model
        must not be reset while it is still committing."""
        if change.kind == "document":
            QTimer.singleShot(0, self.refresh_table)
            QTimer.singleShot(0, self.apply_filter)

    def refresh_table(self) -> None:
        if self.table is None or self.project is None:
            return
        values = self.project.attributes.values()
        rows = [
            AttributeRow(d.id, d.name, d.title, values.get(d.id, {}))
            for d in self.project.documents.all()
        ]
        self.table.set_rows(rows, self.project.attributes.types())

    def set_cell(self, document_id: int, attribute: str, value: str) -> bool:
        """One cell of the attribute table, as an undoable step."""
        session, project = self.window.session, self.project
        if session is None or project is None:
            return False
        if attribute == TITLE:
            old_title = project.documents.get(document_id).title
            documents = project.documents
            done = session.perform(
                "Set title", lambda: documents.set_title(document_id, value),
                lambda: documents.set_title(document_id, old_title),
            )  # fmt: skip
            return done is not None
        attributes = project.attributes
        changes: list[Change] = []

        def apply() -> Change:
            change = attributes.set_value(document_id, attribute, value or None)
            changes.append(change)
            return change

        def revert() -> Change:
            return attributes.undo(changes.pop())

        done = session.perform(f"Set {attribute}", apply, revert)
        return done is not None and any(isinstance(c, AttributeChange) for c in done.before)

    def add_attribute(self, name: str, kind: str) -> bool:
        project = self.project
        if project is None:
            return False
        try:
            project.attributes.set_type(name, kind)
        except AnnotatorError as err:
            self.window.report(str(err))
            return False
        self.refresh_table()
        return True

    def close_windows(self) -> None:
        self._places = None
        self.job.wait()
        if self.table is not None:
            self.table.close()
            self.table.deleteLater()
            self.table = None
        self.filter.clear()


def _place_after(menu: QMenu, anchor: QAction, action: QAction) -> None:
    """Move ``action`` to just below ``anchor`` (beside the action it belongs with)."""
    actions = menu.actions()
    if anchor not in actions:
        return
    menu.removeAction(action)
    actions = menu.actions()
    following = actions[actions.index(anchor) + 1 :]
    if following:
        menu.insertAction(following[0], action)
    else:
        menu.addAction(action)
