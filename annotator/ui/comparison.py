"""Comparing two coders on one document, and settling their disagreements.

The text shows coder A's codings in blue and coder B's in orange, one stripe column each; where
both coded, the colours blend and the text is underlined. The list beside it holds every
region, per code, where the two disagree. Each can be settled into the consensus coder: A's
version, B's, the union, the intersection, or the current text selection as new boundaries.
Every decision is recorded for the audit trail and can be undone (which removes the consensus
coding and its record together).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.disagreement import Disagreement, find_disagreements
from annotator.core.model import Change, Coding
from annotator.ui.bulk_review import BulkPreview, agreements_plan
from annotator.ui.session import Session
from annotator.ui.text_view import CodingTextView

COLOUR_A = QColor("#0072B2")
COLOUR_B = QColor("#E69F00")
EXCERPT = 70


class ComparisonView(QDialog):
    """One document, two coders, the disagreements between them, and their adjudication."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Compare coders")
        self.resize(1350, 820)
        self.items: list[Disagreement] = []
        self._codings: list[Coding] = []
        self._originals: dict[int, Coding] = {}
        self._paths: dict[int, str] = {}
        self._code_shown: int | None = None
        self.preview: BulkPreview | None = None
        self.document = QComboBox(self)
        self.coder_a = QComboBox(self)
        self.coder_b = QComboBox(self)
        for combo, name in ((self.document, "Document"), (self.coder_a, "Coder A"),
                            (self.coder_b, "Coder B")):  # fmt: skip
            combo.setAccessibleName(name)
        self.text = CodingTextView(self)
        self.text.set_lane_key(self._lane)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Disagreements")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show_item)
        self.banner = QLabel(self)
        self.banner.setStyleSheet("background: #FFF3CD; color: #5C4400; padding: 4px;")
        self.legend = QLabel(self)
        self.count = QLabel(self)
        self.buttons = self._make_actions()
        self._layout()
        self._fill_choices()
        self.document.currentIndexChanged.connect(self.refresh)
        self.coder_a.currentIndexChanged.connect(self.refresh)
        self.coder_b.currentIndexChanged.connect(self.refresh)
        session.changed.connect(self._on_change)
        self.refresh()

    # -- building ------------------------------------------------------------------------------

    def _make_actions(self) -> dict[str, QPushButton]:
        specs = [
            ("previous", "◀ Previous", "Alt+Up", self.previous),
            ("next", "Next ▶", "Alt+Down", self.next),
            ("accept_a", "Accept A", "Ctrl+1", lambda: self.decide("accept", "a")),
            ("accept_b", "Accept B", "Ctrl+2", lambda: self.decide("accept", "b")),
            ("union", "Union", "Ctrl+3", lambda: self.decide("union")),
            ("intersection", "Intersection", "Ctrl+4", lambda: self.decide("intersection")),
            ("adjust", "Use Selection", "Ctrl+5", lambda: self.decide("adjust")),
            ("agreements", "Take Agreements…", "Ctrl+6", self.take_agreements),
            ("undo", "Undo", "Ctrl+Z", self.session.undo_stack.undo),
        ]
        buttons: dict[str, QPushButton] = {}
        for name, text, keys, slot in specs:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            self.addAction(action)
            button = QPushButton(f"{text}  ({keys})", self)
            button.clicked.connect(action.trigger)
            button.setToolTip(_TIPS.get(name, text))
            buttons[name] = button
        return buttons

    def _layout(self) -> None:
        choose = QHBoxLayout()
        for label, combo in (("Document:", self.document), ("A:", self.coder_a),
                             ("B:", self.coder_b)):  # fmt: skip
            choose.addWidget(QLabel(label, self))
            choose.addWidget(combo, 1 if combo is self.document else 0)
        choose.addWidget(self.legend)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.count)
        side_layout.addWidget(self.list, 1)
        grid = QGridLayout()
        order = ["previous", "next", "accept_a", "accept_b", "union", "intersection", "adjust",
                 "agreements", "undo"]  # fmt: skip
        for number, name in enumerate(order):
            grid.addWidget(self.buttons[name], number // 2, number % 2)
        side_layout.addLayout(grid)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.text)
        splitter.addWidget(side)
        splitter.setSizes([830, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(choose)
        layout.addWidget(splitter, 1)

    def _fill_choices(self) -> None:
        project = self.session.project
        consensus = project.settings.consensus_coder
        coders = [c for c in project.coders.all() if c.name != consensus]
        for combo in (self.coder_a, self.coder_b):
            combo.blockSignals(True)
            combo.clear()
            for coder in coders:
                combo.addItem(coder.name, coder.id)
            combo.blockSignals(False)
        if len(coders) > 1:
            self.coder_b.setCurrentIndex(1)
        self.document.blockSignals(True)
        for document in project.documents.all():
            self.document.addItem(document.name, document.id)
        self.document.blockSignals(False)
        self.banner.setVisible(project.settings.blind)
        self.banner.setText(
            "Blind coding is on: coders see only their own codings until they mark a document "
            "done. This comparison shows both coders' codings to the reviewer."
        )

    # -- state ---------------------------------------------------------------------------------

    def document_id(self) -> int | None:
        value = self.document.currentData()
        return None if value is None else int(value)

    def coder_ids(self) -> tuple[int, int] | None:
        a, b = self.coder_a.currentData(), self.coder_b.currentData()
        if a is None or b is None or a == b:
            return None
        return int(a), int(b)

    def _lane(self, coding: Coding) -> int:
        pair = self.coder_ids()
        return 1 if pair and coding.coder_id == pair[1] else 0

    def select_document(self, document_id: int) -> None:
        index = self.document.findData(document_id)
        if index >= 0:
            self.document.setCurrentIndex(index)

    def select_coders(self, a: str, b: str) -> None:
        self.coder_a.setCurrentIndex(self.coder_a.findText(a))
        self.coder_b.setCurrentIndex(self.coder_b.findText(b))

    def refresh(self) -> None:
        """Reload the text, both coders' codings and the list of disagreements."""
        document_id, pair = self.document_id(), self.coder_ids()
        names = (self.coder_a.currentText(), self.coder_b.currentText())
        a_name, b_name = (html.escape(n) for n in names)
        self.legend.setText(
            f"<span style='background:{COLOUR_A.name()};color:white'>&nbsp;A {a_name}&nbsp;"
            f"</span> <span style='background:{COLOUR_B.name()}'>&nbsp;B {b_name}&nbsp;</span>"
            " both: blended and underlined"
        )
        if document_id is None or pair is None:
            self.items = []
            self.list.clear()
            self.count.setText("Choose a document and two different coders.")
            return
        project = self.session.project
        codings = project.codings.for_document(document_id, coder_ids=list(pair))
        current = self.list.currentRow()
        self.items = find_disagreements(codings, list(pair))
        text = project.documents.text(document_id)
        if self.text.text() != text:
            self.text.set_document(text, [])
        self._code_shown = None
        self._codings = codings
        self._originals = {c.id: c for c in codings}
        self._paths = {code.id: code.path for code in project.codes.all()}
        self.text.set_painting({pair[0]: COLOUR_A, pair[1]: COLOUR_B}, self._describe)
        self._show_codings(None)
        self._fill_list()
        if self.items:
            self.list.setCurrentRow(min(max(current, 0), len(self.items) - 1))

    def _describe(self, coding: Coding) -> str:
        original = self._originals.get(coding.id, coding)
        path = self._paths.get(original.code_id, "?")
        who = self.coder_a.currentText() if self._lane(coding) == 0 else self.coder_b.currentText()
        return f"{path}\nby {who}\ncharacters {coding.start}–{coding.end}"

    def _show_codings(self, code_id: int | None) -> None:
        """Draw one code's codings (or all), coloured by coder rather than by code."""
        pair = self.coder_ids()
        if pair is None:
            return
        shown = [c for c in self._codings if code_id is None or c.code_id == code_id]
        # Paint by coder: the colour table is keyed by "code id", so recolour via a copy.
        as_coder = [Coding(c.id, c.document_id, c.coder_id, c.coder_id, c.start, c.end, c.memo)
                    for c in shown]  # fmt: skip
        self.text.set_codings(as_coder)
        self._code_shown = code_id

    def _fill_list(self) -> None:
        project = self.session.project
        document_id = self.document_id()
        pair = self.coder_ids()
        names = {pair[0]: "A", pair[1]: "B"} if pair else {}
        decided = project.adjudications.for_document(document_id) if document_id else []
        text = self.text.text()
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            excerpt = text[item.start : min(item.end, item.start + EXCERPT)].replace("\n", " ")
            verdict = next(
                (d for d in decided if d.code_id == item.code_id
                 and d.region[0] < item.end and item.start < d.region[1]),
                None,
            )  # fmt: skip
            mark = ""
            if verdict:
                who = f" {verdict.accepted_coder}" if verdict.accepted_coder else ""
                mark = f"✓ {verdict.action}{who}  "
            path = self._paths.get(item.code_id, "?")
            more = "…" if item.end - item.start > EXCERPT else ""
            label = (f"{mark}{path}  [{item.start}–{item.end})\n{item.summary(names)}\n"
                     f"“{excerpt}{more}”")  # fmt: skip
            entry = QListWidgetItem(label, self.list)
            if verdict:
                entry.setForeground(QColor("gray"))
        self.list.blockSignals(False)
        open_items = sum(
            1 for i in range(self.list.count()) if not self.list.item(i).text().startswith("✓")
        )
        self.count.setText(f"{len(self.items)} disagreements, {open_items} not yet decided")

    def _show_item(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        if self._code_shown != item.code_id:
            self._show_codings(item.code_id)
        # The caret, not a selection: a selection would hide the coders' colours.
        self.text.select_codepoints(item.start, item.start)
        self.text.centerCursor()

    def current(self) -> Disagreement | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    # -- actions -------------------------------------------------------------------------------

    def next(self) -> None:
        if self.items:
            self.list.setCurrentRow(min(self.list.currentRow() + 1, len(self.items) - 1))

    def previous(self) -> None:
        if self.items:
            self.list.setCurrentRow(max(self.list.currentRow() - 1, 0))

    def decide(self, action: str, which: str | None = None) -> bool:
        item, pair, document_id = self.current(), self.coder_ids(), self.document_id()
        if item is None or pair is None or document_id is None:
            return False
        coder = {"a": pair[0], "b": pair[1]}.get(which or "")
        adjusted = self.text.selection() if action == "adjust" else None
        if adjusted is not None and adjusted[0] == adjusted[1]:
            self.count.setText("Select the text the consensus coding should cover first.")
            return False
        return self.session.adjudicate(document_id, item, action, coder_id=coder, adjusted=adjusted)

    def take_agreements(self) -> None:
        """Preview, then record, every region of this document both coders coded alike."""
        pair, document_id = self.coder_ids(), self.document_id()
        if pair is None or document_id is None:
            return
        plan = agreements_plan(self.session, [document_id], list(pair))
        self.preview = BulkPreview(
            self.session, "Take agreements into the consensus", plan,
            lambda: self.session.decide_many(
                f"Take {len(plan)} agreements", plan, f"agreements in {self.document.currentText()}"
            ),
            self,
        )  # fmt: skip
        self.preview.open()

    def _on_change(self, change: Change) -> None:
        if change.kind in ("coding", "code") and self.isVisible():
            row = self.list.currentRow()
            self.refresh()
            if self.items:
                self.list.setCurrentRow(min(row, len(self.items) - 1))


_TIPS = {
    "accept_a": "Code the region as coder A did, for the consensus coder",
    "accept_b": "Code the region as coder B did, for the consensus coder",
    "union": "Code everything either coder coded",
    "intersection": "Code only what both coders coded",
    "adjust": "Code exactly the text you have selected",
    "agreements": "Write every region both coders coded alike to the consensus coder (preview "
    "first; each region recorded; one undo)",
    "undo": "Undo the last decision (removes its consensus coding and audit record)",
}
