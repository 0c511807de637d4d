"""File ▸ Make Coder Copy…, Merge Project…, Import/Export ▸ REFI-QDA Project….

A merge or a ``.qdpx`` import is first planned without writing (:func:`merge_snapshots` with
``dry_run``), shown in a :class:`MergePreviewDialog` (what comes in, what conflicts), and only
written when the user presses Merge. Reading, planning and writing run off the GUI thread. The
project is then reopened, so every panel shows the merged data and the undo history (which a
merge does not join) starts afresh; the window stays on the document, selection and scroll
position it showed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.exchange import MergeReport, ProjectSnapshot
from annotator.core.qdpx_read import read_qdpx
from annotator.core.wording import plural
from annotator.store import Project
from annotator.store.coder_copy import copy_for
from annotator.store.merge import check_not_target, merge_snapshots
from annotator.store.project import SUFFIX
from annotator.store.qdpx_io import export_qdpx
from annotator.store.snapshot import load_snapshot
from annotator.ui import file_dialogs
from annotator.ui.background import BackgroundJob, Progress, Work

# What planning returns: the sources read, the reader's notes, and the merge reports.
Planned = tuple[list[tuple[str, ProjectSnapshot]], list[str], list[MergeReport]]

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class MergePreviewDialog(QDialog):
    """What a merge would bring in and what conflicts, before anything is written."""

    def __init__(self, reports: list[MergeReport], notes: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge preview")
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        changes = any(r.changes_anything for r in reports)
        conflicts = sum(len(r.conflicts) for r in reports)
        withdrawn = sum(r.counts["codings"].withdrawn for r in reports)
        if not changes:
            what = "Nothing new to merge."
        elif withdrawn:
            what = (
                f"Merging will add what is listed and withdraw {plural(withdrawn, 'coding')} that "
                "their coder removed in a coder copy."
            )
        else:
            what = "Merging will add what is listed."
        kept = f" {plural(conflicts, 'conflict')}: the project's own version is kept."
        self.headline = QLabel(what + (kept if conflicts else ""))
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        # Warnings (two people under one coder name?) above the figures, where they are read.
        warnings = [warning for report in reports for warning in report.warnings]
        self.warnings = QLabel("\n".join(f"⚠ {warning}" for warning in warnings), self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("font-weight: bold")
        self.warnings.setVisible(bool(warnings))
        layout.addWidget(self.warnings)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        # The summary lines are columns of figures: a fixed-pitch font keeps them aligned.
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        lines: list[str] = list(notes)
        for report in reports:
            lines.append(f"From {report.source}:")
            lines.extend(f"  {line}" for line in report.lines())
        self.details.setPlainText("\n".join(lines))
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(changes)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class CoderCopyDialog(QDialog):
    """Asks whom the copy is for, and whether blind and without the other coders."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Make coder copy")
        # Wide enough for the title and the check boxes' labels in full (it was cut short).
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.coder = QLineEdit(self)
        self.blind = QCheckBox("Blind coding on in the copy", self)
        self.blind.setToolTip("Locked on in the copy: the coder cannot turn it off there")
        self.alone = QCheckBox("Without the other coders' codings", self)
        self.alone.setToolTip(
            "Blind coding only hides the others' codings in the window; left out, they are "
            "not in the file at all"
        )
        # Blind goes with leaving the others out: hidden codings would still be in the file.
        self.blind.toggled.connect(self.alone.setChecked)
        self.blind.setChecked(True)
        form.addRow("Coder:", self.coder)
        form.addRow(self.blind)
        form.addRow(self.alone)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ExchangeActions(QObject):
    """Team-work and exchange items of the File menu of one main window.

    Reading sources, planning and writing run in a :class:`BackgroundJob` on a connection of
    its own (the window's stays with the GUI thread); the preview waits on the GUI thread.

    Signals:
        previewed: a preview dialog is open.
        merged: a merge or import was written (with the summary line shown).
    """

    merged = Signal(str)
    previewed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.preview: MergePreviewDialog | None = None
        self.job = BackgroundJob(self)
        self.job.done.connect(self._job_done)
        self.job.failed.connect(self._job_failed)
        self._then: Callable[[Any], None] | None = None
        menu = window.menus["file"]
        before = window.file_actions.act_quit
        add = window.add_action
        self.act_copy = add(None, "Make &Coder Copy…", self.copy_dialog,
                            tip="A copy of this project to hand to one coder",
                            needs="project")  # fmt: skip
        self.act_merge = add(None, "&Merge Project…", self.merge_dialog,
                             tip="Bring coder copies or other projects into this one",
                             needs="project")  # fmt: skip
        exchange = QMenu("Import/E&xport", menu)
        self.act_import = add(None, "&Import REFI-QDA Project (.qdpx)…", self.import_dialog,
                              tip="NVivo, ATLAS.ti, MAXQDA, QualCoder projects")  # fmt: skip
        self.act_export = add(None, "&Export REFI-QDA Project (.qdpx)…", self.export_dialog,
                              tip="Positions in code points, as the standard says",
                              needs="project")  # fmt: skip
        self.act_export_nvivo = add(None, "Export REFI-QDA Project for &NVivo…",
                                    lambda: self.export_dialog(offsets="utf16"),
                                    tip="Positions in UTF-16 code units, as NVivo counts",
                                    needs="project")  # fmt: skip
        menu.insertActions(before, [self.act_copy, self.act_merge])
        menu.insertMenu(before, exchange)
        exchange.addActions([self.act_import, self.act_export, self.act_export_nvivo])
        menu.insertSeparator(before)

    def close_windows(self) -> None:
        """The project is closing: let a running job finish, drop its result and the preview.

        The job's own connection commits or rolls back whole; only the follow-up (showing a
        preview, reopening the project) would act on the wrong project, so it is dropped.
        """
        self._then = None
        self.job.wait()
        if self.preview is not None:
            self.preview.close()
            self.preview.deleteLater()
            self.preview = None

    # -- coder copies ---------------------------------------------------------------------------

    def copy_dialog(self) -> None:
        session = self.window.session
        if session is None:
            return
        dialog = CoderCopyDialog(self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.coder.text().strip():
            return
        coder = dialog.coder.text().strip()
        try:  # before the file dialog: no file to choose for a copy that cannot be made
            session.project.coders.refuse_consensus(coder)
        except AnnotatorError as err:
            self.window.report(str(err))
            return
        path = file_dialogs.save_file(
            self.window, "Save coder copy", f"{coder}{SUFFIX}", f"Annotator projects (*{SUFFIX})",
            project=self.window.project_path(),
        )  # fmt: skip
        if path is not None:
            self.make_copy(coder, path, dialog.blind.isChecked(), dialog.alone.isChecked())

    def make_copy(self, coder: str, path: Path, blind: bool, alone: bool) -> None:
        session = self.window.session
        if session is None:
            return
        project = session.project
        own = project.coders.matching(coder)
        others = [c.name for c in project.coders.with_codings() if own is None or c.id != own.id]
        try:
            made = copy_for(
                project, coder, path, blind=blind, without_other_coders=alone,
                made_by=session.coder.name,
            )  # fmt: skip
        except AnnotatorError as err:
            self.window.report(str(err))
            return
        notes = f" Note: {made.earlier}." if made.earlier else ""
        if blind and not alone and others:
            notes += (
                f" Note: the copy holds the codings of {', '.join(others)} (hidden there, but "
                "the file can be read: “Without the other coders' codings” leaves them out)."
            )
        memos = f" {made.memo_note}." if made.memo_note else ""
        self.window.statusBar().showMessage(
            f"Wrote {made.path.name} for {made.coder}: {plural(made.documents, 'document')}, "
            f"{plural(made.codings, 'coding')}.{memos}{notes}", 30000 if notes else 10000,
        )  # fmt: skip

    # -- merge and import -----------------------------------------------------------------------

    def merge_dialog(self) -> None:
        paths = file_dialogs.open_files(
            self.window, "Merge projects", f"Annotator projects (*{SUFFIX})",
            project=self.window.project_path(),
        )  # fmt: skip
        if paths:
            self.preview_merge(paths)

    def preview_merge(self, paths: list[Path]) -> bool:
        """Read the sources and plan the merge off the GUI thread, then show the plan.

        Returns whether the work started; the preview appears when it is done.
        """

        def work(project: Project, _progress: Progress) -> Planned:
            check_not_target(project, paths)
            sources = [(path.name, load_snapshot(path)) for path in paths]
            return sources, [], merge_snapshots(project, sources, dry_run=True)

        return self._start(work, self._show_preview)

    def import_dialog(self) -> None:
        path = file_dialogs.open_file(
            self.window, "Import REFI-QDA project", "REFI-QDA projects (*.qdpx)",
            project=self.window.project_path(),
        )  # fmt: skip
        if path is not None:
            self.preview_import(path)

    def preview_import(self, path: Path) -> bool:
        """Like :meth:`preview_merge` for a ``.qdpx`` (into a new project if none is open)."""
        if self.window.session is None and not self._new_project_for(path):
            return False

        def work(project: Project, _progress: Progress) -> Planned:
            read = read_qdpx(path)
            sources = [(path.name, read.snapshot)]
            return sources, read.lines(), merge_snapshots(project, sources, dry_run=True)

        return self._start(work, self._show_preview)

    def _new_project_for(self, qdpx: Path) -> bool:
        path = file_dialogs.save_file(
            self.window, "New project for the import", qdpx.with_suffix(SUFFIX).name,
            f"Annotator projects (*{SUFFIX})", project=self.window.project_path(),
        )  # fmt: skip
        if path is None:
            return False
        try:
            Project.create(path).close()
        except AnnotatorError as err:
            self.window.report(str(err))
            return False
        return self.window.open_project(path)

    def _start(self, work: Work, then: Callable[[Any], None]) -> bool:
        """Run ``work`` on a connection of its own in a worker thread; ``then`` gets the result."""
        session = self.window.session
        if session is None:
            self.window.report("Open the project to merge into first.")
            return False
        if self.job.is_busy():
            self.window.report("A merge or import is already running.")
            return False
        self._then = then
        self.window.statusBar().showMessage("Reading and planning…")
        return self.job.start(session.project.path, work)

    def _job_done(self, result: object) -> None:
        then, self._then = self._then, None
        if then is not None:
            then(result)

    def _show_preview(self, result: Any) -> None:
        sources, notes, reports = result
        self.window.statusBar().clearMessage()
        self.preview = MergePreviewDialog(reports, notes, self.window)
        self.preview.accepted.connect(lambda: self._merge(sources))
        self.preview.open()
        self.previewed.emit()

    def _merge(self, sources: list[tuple[str, ProjectSnapshot]]) -> None:
        """Write the merge, also off the GUI thread; the project is reopened afterwards."""

        def work(project: Project, _progress: Progress) -> list[MergeReport]:
            return merge_snapshots(project, sources)

        self._start(work, self._merged)

    def _merged(self, result: Any) -> None:
        window = self.window
        reports: list[MergeReport] = result
        added = sum(r.counts["codings"].added for r in reports)
        withdrawn = sum(r.counts["codings"].withdrawn for r in reports)
        conflicts = sum(len(r.conflicts) for r in reports)
        summary = (
            f"Merged {plural(len(reports), 'source')}: {plural(added, 'coding')} added, "
            + (f"{withdrawn} withdrawn, " if withdrawn else "")
            + plural(conflicts, "conflict")
        )
        if window.session is not None:
            place = self._place()
            if window.open_project(window.session.project.path, window.session.coder.name):
                self._return_to(place)
        if window.session is not None:  # decisions a coder's correction put out of date
            stale = len(window.session.project.adjudications.stale())
            if stale:
                summary += f"; {plural(stale, 'decision')} to review again (Compare Coders)"
        window.statusBar().showMessage(summary, 10000)
        self.merged.emit(summary)

    def _place(self) -> tuple[int, tuple[int, int], int] | None:
        """The document shown, its selection (code points) and scroll position."""
        window = self.window
        if window.document_id is None:
            return None
        return window.document_id, window.text.selection(), window.text.verticalScrollBar().value()

    def _return_to(self, place: tuple[int, tuple[int, int], int] | None) -> None:
        """Show again what :meth:`_place` noted, if the document is still there."""
        window = self.window
        if place is None:
            return
        document_id, (start, end), scroll = place
        if document_id not in window.documents.model.document_ids():
            return
        if window.document_id != document_id:
            window.show_document(document_id)
        window.text.select_codepoints(start, end)
        window.text.verticalScrollBar().setValue(scroll)

    def _job_failed(self, message: str) -> None:
        self._then = None
        self.window.statusBar().clearMessage()
        self.window.report(f"Nothing was merged: {message}")

    # -- export ---------------------------------------------------------------------------------

    def export_dialog(self, offsets: str = "codepoints") -> None:
        session = self.window.session
        if session is None:
            return
        path = file_dialogs.save_file(
            self.window, "Export REFI-QDA project", session.project.path.with_suffix(".qdpx").name,
            "REFI-QDA projects (*.qdpx)", project=session.project.path,
        )  # fmt: skip
        if path is not None:
            self.export(path, offsets)

    def export(self, path: Path, offsets: str = "codepoints") -> None:
        session = self.window.session
        if session is None:
            return
        try:
            own = session.exported_coders()  # a blind coder copy: the coder's own codings only
            count = export_qdpx(session.project, path, offsets=offsets, coders=own)
        except (AnnotatorError, OSError) as err:
            self.window.report(f"Export failed: {err}")
            return
        whose = f" of {own[0]} (blind coder copy: yours only)" if own else ""
        self.window.statusBar().showMessage(f"Wrote {plural(count, 'coding')}{whose} to {path}",
                                            8000)  # fmt: skip
