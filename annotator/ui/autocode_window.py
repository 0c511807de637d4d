"""Search all documents, see the hits in context, and auto-code them as one undoable step.

Searching and the preview run in a worker thread on their own connection. Applying writes on
the session's connection, through the session's undo stack: one action codes every span of
the preview, and one undo takes them all back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import Change
from annotator.core.search import MODES, SCOPES, Hit, Mode, Scope, SearchSpec
from annotator.core.wording import plural
from annotator.store import Project
from annotator.store.analysis import texts
from annotator.store.autocode import (
    AutocodePlan,
    apply_autocode,
    plan_autocode,
    remove_autocodings,
    search_project,
)
from annotator.ui.background import BackgroundJob, Progress, Work
from annotator.ui.result_table import result_table, status_row
from annotator.ui.rows_model import Row, RowsModel

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

MODE_LABELS = {"plain": "Plain text", "word": "Whole word", "regex": "Regular expression"}
ANYWHERE = "(anywhere)"
HIT_COLUMNS = ("Document", "Start", "End", "Before", "Hit", "After")
PLAN_COLUMNS = ("Document", "Start", "End", "Will be coded")


class AutocodeWindow(QWidget):
    """Search, preview what auto-coding would code, apply it (undo with Ctrl+Z)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.main = window
        self.setWindowTitle("Search and Auto-code")
        self.resize(1000, 620)
        self.plan: AutocodePlan | None = None
        self._names: dict[int, str] = {}
        self.model = RowsModel(HIT_COLUMNS)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.job = BackgroundJob(self)
        self.job.failed.connect(self._on_failed)
        self.job.done.connect(self._on_result)
        self._handle: Callable[[Any], None] | None = None
        self._build()

    def _build(self) -> None:
        self.pattern = QLineEdit(self)
        self.pattern.setPlaceholderText("Search all documents")
        self.pattern.returnPressed.connect(self.search)
        self.pattern.textChanged.connect(self._forget_plan)
        self.mode = QComboBox(self)
        for mode in MODES:
            self.mode.addItem(MODE_LABELS[mode], mode)
        self.case = QCheckBox("&Case-sensitive", self)
        self.search_button = QPushButton("&Search", self)
        self.search_button.clicked.connect(self.search)
        top = QHBoxLayout()
        for widget in (self.pattern, self.mode, self.case, self.search_button):
            top.addWidget(widget, 1 if widget is self.pattern else 0)
        self.code_box = QComboBox(self)
        self.scope = QComboBox(self)
        self.scope.addItems(list(SCOPES))
        self.within = QComboBox(self)
        self.preview_button = QPushButton("&Preview", self)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button = QPushButton("&Apply", self)
        self.apply_button.clicked.connect(self.apply)
        self.apply_button.setEnabled(False)
        for box in (self.mode, self.code_box, self.scope, self.within):
            box.currentIndexChanged.connect(self._forget_plan)
        self.case.toggled.connect(self._forget_plan)
        middle = QHBoxLayout()
        for label, widget in (("Code", self.code_box), ("Unit", self.scope),
                              ("Only inside", self.within)):  # fmt: skip
            middle.addWidget(QLabel(label, self))
            middle.addWidget(widget)
        middle.addStretch(1)
        middle.addWidget(self.preview_button)
        middle.addWidget(self.apply_button)
        self.table = result_table(self, self.proxy)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status, self.progress, bottom = status_row(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def fill_choices(self) -> None:
        session = self.main.session
        if session is None:
            return
        paths = [code.path for code in session.project.codes.all()]
        self._names = {doc.id: doc.name for doc in session.project.documents.all()}
        for box, first in ((self.code_box, []), (self.within, [ANYWHERE])):
            current = box.currentText()
            box.clear()
            box.addItems([*first, *paths])
            if current in paths:
                box.setCurrentText(current)

    def spec(self) -> SearchSpec:
        mode: Mode = self.mode.currentData()
        return SearchSpec(self.pattern.text(), mode, self.case.isChecked())

    def _within(self) -> str | None:
        text = self.within.currentText()
        return None if text in ("", ANYWHERE) else text

    def _start(self, label: str, work: Work, done: Callable[[Any], None]) -> None:
        session = self.main.session
        if session is None or self.job.is_busy():
            return
        try:
            self.spec().compile()
        except AnnotatorError as err:  # a bad pattern is said before any work
            self.status.setText(str(err))
            return
        self._handle = done
        self.status.setText(label)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.job.start(session.project.path, work)

    def _on_result(self, result: object) -> None:
        self.progress.hide()
        if self._handle is not None:
            self._handle(result)

    def search(self) -> None:
        """List every hit with its context (the unit is the hit itself)."""
        spec = self.spec()
        scope: Scope = self.scope.currentText()  # type: ignore[assignment]
        within = self._within()

        def work(project: Project, _: Progress) -> list[Hit]:
            return search_project(project, spec, scope=scope, within=within)

        self._start("Searching…", work, self._on_hits)

    def preview(self) -> None:
        """Work out what auto-coding would code, and show it; nothing is written."""
        session = self.main.session
        if session is None or not self.code_box.currentText():
            self.status.setText("Choose a code to apply.")
            return
        spec, code, coder = self.spec(), self.code_box.currentText(), session.coder.name
        scope: Scope = self.scope.currentText()  # type: ignore[assignment]
        within = self._within()

        def work(project: Project, _: Progress) -> tuple[AutocodePlan, list[str]]:
            plan = plan_autocode(project, code, coder, spec, scope=scope, within=within)
            bodies = texts(project, {document_id for document_id, _, _ in plan.new})
            return plan, [bodies[d][start:end] for d, start, end in plan.new]

        self._start("Preparing the preview…", work, self._on_plan)

    def _on_hits(self, hits: list[Hit]) -> None:
        rows: list[Row] = [
            (self._names.get(h.document_id, "?"), h.start, h.end, h.before, h.text, h.after)
            for h in hits
        ]
        self.model.set_rows(HIT_COLUMNS, rows)
        self.table.resizeColumnsToContents()
        documents = len({h.document_id for h in hits})
        self.status.setText(f"{plural(len(hits), 'hit')} in {plural(documents, 'document')}")

    def _on_plan(self, result: tuple[AutocodePlan, list[str]]) -> None:
        plan, unit_texts = result
        self.plan = plan
        rows: list[Row] = [
            (self._names.get(document_id, "?"), start, end, text)
            for (document_id, start, end), text in zip(plan.new, unit_texts, strict=True)
        ]
        self.model.set_rows(PLAN_COLUMNS, rows)
        self.table.resizeColumnsToContents()
        coder = self.main.session.coder.name if self.main.session else "?"
        self.status.setText(
            f"Preview: {len(plan.hits)} hits; {len(plan.new)} spans to code as "
            f"{self.code_box.currentText()} for {coder}; {plan.existing} already coded. "
            "Apply to code them (one undoable step)."
        )
        self.apply_button.setEnabled(bool(plan.new))

    def apply(self) -> None:
        """Code the previewed spans in one transaction, as one step of the undo stack."""
        session, plan = self.main.session, self.plan
        if session is None or plan is None or not plan.new:
            return
        project = session.project
        coder_id = session.coder_id_to_write()  # planned before the coder was added: -1 then
        if coder_id is None:
            return
        plan = replace(plan, coder_id=coder_id)
        batches: list[tuple[int, ...]] = []

        def do() -> Change:
            change = apply_autocode(project, plan)
            batches.append(change.added)
            return change

        def undo() -> Change:
            return remove_autocodings(project, batches[-1])

        label = f"Auto-code {len(plan.new)} spans as {self.code_box.currentText()}"
        change = session.perform(label, do, undo)
        self.apply_button.setEnabled(False)
        self.plan = None
        if change is not None:
            self.status.setText(f"{change.summary}. Edit ▸ Undo takes them back.")

    def _forget_plan(self) -> None:
        """A changed setting makes the preview stale: it must be made again before applying."""
        self.plan = None
        self.apply_button.setEnabled(False)

    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self._handle = None
        self.status.setText(message)

    def closeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self.job.wait()
        super().closeEvent(event)  # type: ignore[arg-type]
