"""Comparing two or more coders on one document, and settling their disagreements.

The text shows each compared coder's codings in a colour of their own, one stripe column per
coder; where several coded, the colours blend and the text is underlined. Every code is shown
at once (a filter narrows text and list to one code). The list beside it holds every region,
per code, where the coders disagree. Each can be settled into the consensus coder: one coder's
version, the union, the intersection, or the current text selection as new boundaries; after a
decision the view moves on to the next undecided disagreement. Bulk decisions (agreements,
one coder's version of a document, every document above an alpha_U threshold) are previewed
first. Every decision is recorded for the audit trail and can be undone.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
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

from annotator.core.disagreement import Disagreement
from annotator.core.model import Change, Coding
from annotator.core.review_plan import Decision, count_line
from annotator.core.spans import strip_whitespace
from annotator.store.review import StaleDecision
from annotator.ui.bulk_review import (
    BulkPreview,
    agreements_plan,
    coder_version_plan,
    documents_above,
    review_items,
    stale_verdict,
)
from annotator.ui.session import Session
from annotator.ui.text_view import CodingTextView

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
COLOURS = [QColor(c) for c in ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
                               "#56B4E9", "#F0E442", "#000000")]  # fmt: skip
COLOUR_A, COLOUR_B = COLOURS[0], COLOURS[1]
EXCERPT = 70
ALL_CODES = -1


class ComparisonView(QDialog):
    """One document, the chosen coders, the disagreements between them, and their adjudication."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, document_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Compare coders")
        self.resize(1400, 840)
        self.items: list[Disagreement] = []
        self.decided: list[bool] = []
        self._stale: list[StaleDecision] = []
        self._codings: list[Coding] = []
        self._originals: dict[int, Coding] = {}
        self._paths: dict[int, str] = {}
        self._names: dict[int, str] = {}
        self._document_names: dict[int, str] = {}  # the audit trail names documents by name
        self.preview: BulkPreview | None = None
        self.document = QComboBox(self)
        self.document.setAccessibleName("Document")
        self.code_filter = QComboBox(self)
        self.code_filter.setAccessibleName("Code filter")
        self.coders = QListWidget(self)
        self.coders.setAccessibleName("Coders compared")
        self.coders.setMaximumHeight(90)
        self.accept_coder = QComboBox(self)
        self.accept_coder.setAccessibleName("Coder whose version to accept")
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(-1.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.8)
        self.threshold.setAccessibleName("alpha_U threshold")
        self.text = CodingTextView(self)
        self.text.set_lane_key(self._lane)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Disagreements")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show_item)
        self.banner = QLabel(self)
        self.banner.setStyleSheet("background: #FFF3CD; color: #5C4400; padding: 4px;")
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.count = QLabel(self)
        self.count.setWordWrap(True)
        self.buttons = self._make_actions()
        self._layout()
        self._fill_choices()
        if document_id is not None:
            self.select_document(document_id)
        self._check_default_coders()
        self.document.currentIndexChanged.connect(self.refresh)
        self.code_filter.currentIndexChanged.connect(self.refresh)
        self.coders.itemChanged.connect(self.refresh)
        session.changed.connect(self._on_change)
        self.refresh()

    # -- building ------------------------------------------------------------------------------

    def _make_actions(self) -> dict[str, QPushButton]:
        specs = [
            ("previous", "◀ Previous", "Alt+Up", self.previous),
            ("next", "Next ▶", "Alt+Down", self.next),
            ("accept_a", "Accept 1st", "Ctrl+1", lambda: self.decide("accept", "a")),
            ("accept_b", "Accept 2nd", "Ctrl+2", lambda: self.decide("accept", "b")),
            ("union", "Union", "Ctrl+3", lambda: self.decide("union")),
            ("intersection", "Intersection", "Ctrl+4", lambda: self.decide("intersection")),
            ("adjust", "Use Selection", "Ctrl+5", lambda: self.decide("adjust")),
            ("accept_chosen", "Accept Chosen Coder", "Ctrl+0", self.accept_chosen),
            ("agreements", "Take Agreements…", "Ctrl+6", self.take_agreements),
            ("document_version", "Chosen Coder for Document…", "Ctrl+7", self.take_document),
            ("above_threshold", "Chosen Coder where α_U >…", "Ctrl+8", self.take_above_threshold),
            ("undo", "Undo", "Ctrl+Z", self.session.undo_stack.undo),
            ("redo", "Redo", "Ctrl+Shift+Z", self.session.undo_stack.redo),
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
        choose.addWidget(QLabel("Document:", self))
        choose.addWidget(self.document, 1)
        choose.addWidget(QLabel("Codes:", self))
        choose.addWidget(self.code_filter, 1)
        choose.addWidget(QLabel("Coders:", self))
        choose.addWidget(self.coders, 1)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.legend)
        side_layout.addWidget(self.count)
        side_layout.addWidget(self.list, 1)
        grid = QGridLayout()
        order = ["previous", "next", "accept_a", "accept_b", "union", "intersection", "adjust",
                 "undo", "redo"]  # fmt: skip
        for number, name in enumerate(order):
            grid.addWidget(self.buttons[name], number // 2, number % 2)
        side_layout.addLayout(grid)
        chosen = QHBoxLayout()
        chosen.addWidget(QLabel("Chosen coder:", self))
        chosen.addWidget(self.accept_coder, 1)
        chosen.addWidget(QLabel("α_U >", self))
        chosen.addWidget(self.threshold)
        side_layout.addLayout(chosen)
        bulk = QGridLayout()
        for number, name in enumerate(["accept_chosen", "agreements", "document_version",
                                       "above_threshold"]):  # fmt: skip
            bulk.addWidget(self.buttons[name], number // 2, number % 2)
        side_layout.addLayout(bulk)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.text)
        splitter.addWidget(side)
        splitter.setSizes([820, 580])
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(choose)
        layout.addWidget(splitter, 1)

    def _fill_choices(self) -> None:
        project = self.session.project
        coders = [c for c in project.coders.all() if not project.coders.is_consensus(c.name)]
        self.coders.blockSignals(True)
        self.coders.clear()
        for coder in coders:
            item = QListWidgetItem(coder.name, self.coders)
            item.setData(Qt.ItemDataRole.UserRole, coder.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.coders.blockSignals(False)
        self.document.blockSignals(True)
        # As the workspace lists them: the title (the name when it differs on hover), same order.
        for document in project.documents.all():
            self.document.addItem(document.label, document.id)
            self._document_names[document.id] = document.name
            if document.label != document.name:
                self.document.setItemData(
                    self.document.count() - 1, document.name, Qt.ItemDataRole.ToolTipRole
                )
        self.document.blockSignals(False)
        self.code_filter.blockSignals(True)
        self.code_filter.addItem("All codes", ALL_CODES)
        for code in project.codes.all():
            self.code_filter.addItem(code.path, code.id)
        self.code_filter.blockSignals(False)
        self.banner.setVisible(project.settings.blind)
        self.banner.setText(
            "Blind coding is on: coders see only their own codings until they mark a document "
            "done. This comparison shows every compared coder's codings to the reviewer."
        )

    def _check_default_coders(self) -> None:
        """Check the coders the agreement dashboard compares, preferring this document's.

        That is the agreement command's default coders (who worked: coded, auto-codings
        aside, or marked done; never the consensus coder); of them, those who worked on the
        document shown, when there are two or more. Never simply the first two in
        the list: a lead who only opened the project sorts first and has coded nothing.
        """
        project = self.session.project
        document_id = self.document_id()
        here = project.coders.active(document_id) if document_id is not None else []
        chosen = {c.id for c in (here if len(here) >= 2 else project.coders.active())}
        self.coders.blockSignals(True)
        for i in range(self.coders.count()):
            item = self.coders.item(i)
            checked = int(item.data(Qt.ItemDataRole.UserRole)) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.coders.blockSignals(False)

    # -- state ---------------------------------------------------------------------------------

    def document_id(self) -> int | None:
        value = self.document.currentData()
        return None if value is None else int(value)

    def compared(self) -> list[int]:
        """The ids of the checked coders, in list order (their colours and columns)."""
        return [
            int(self.coders.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.coders.count())
            if self.coders.item(i).checkState() == Qt.CheckState.Checked
        ]

    def coder_ids(self) -> tuple[int, ...] | None:
        """The compared coders, or None when fewer than two are checked."""
        ids = self.compared()
        return tuple(ids) if len(ids) >= 2 else None

    def code_id(self) -> int | None:
        value = self.code_filter.currentData()
        return None if value in (None, ALL_CODES) else int(value)

    def _lane(self, coding: Coding) -> int:
        ids = self.compared()
        return ids.index(coding.coder_id) if coding.coder_id in ids else 0

    def select_document(self, document_id: int) -> None:
        index = self.document.findData(document_id)
        if index >= 0:
            self.document.setCurrentIndex(index)

    def select_coders(self, *names: str) -> None:
        """Compare exactly these coders, in this order of the list."""
        self.coders.blockSignals(True)
        for i in range(self.coders.count()):
            item = self.coders.item(i)
            checked = item.text() in names
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.coders.blockSignals(False)
        self.refresh()

    def select_code(self, path: str | None) -> None:
        index = self.code_filter.findText(path) if path else 0
        self.code_filter.setCurrentIndex(max(index, 0))

    def refresh(self) -> None:
        """Reload the text, the compared coders' codings and the list of disagreements."""
        document_id, ids = self.document_id(), self.coder_ids()
        project = self.session.project
        self._names = {c.id: c.name for c in project.coders.all()}
        self._fill_accept_choices()
        self.legend.setText(" ".join(
            f"<span style='background:{COLOURS[n % len(COLOURS)].name()};color:white'>&nbsp;"
            f"{n + 1} {html.escape(self._names.get(i, '?'))}&nbsp;</span>"
            for n, i in enumerate(self.compared())
        ) + " several: blended and underlined")  # fmt: skip
        if document_id is None or ids is None:
            self.items, self.decided = [], []
            self.list.clear()
            self.count.setText("Choose a document and at least two coders.")
            return
        code_id = self.code_id()
        codings = [
            c for c in project.codings.for_document(document_id, coder_ids=list(ids))
            if code_id is None or c.code_id == code_id
        ]  # fmt: skip
        current = self.list.currentRow()
        self._stale = [
            s for s in project.adjudications.stale(document_id)
            if code_id is None or s.record.code_id == code_id
        ]  # fmt: skip
        self.items = review_items(codings, list(ids), self._stale)  # out-of-date ones too
        text = project.documents.text(document_id)
        if self.text.text() != text:
            self.text.set_document(text, [])
        self._codings = codings
        self._originals = {c.id: c for c in codings}
        self._paths = {code.id: code.path for code in project.codes.all()}
        colours = {coder: COLOURS[n % len(COLOURS)] for n, coder in enumerate(ids)}
        self.text.set_painting(colours, self._describe)
        # Paint by coder: the colour table is keyed by "code id", so recolour via a copy.
        self.text.set_codings([
            Coding(c.id, c.document_id, c.coder_id, c.coder_id, c.start, c.end, c.memo)
            for c in codings
        ])  # fmt: skip
        self._fill_list()
        if self.items:
            self.list.setCurrentRow(min(max(current, 0), len(self.items) - 1))

    def _fill_accept_choices(self) -> None:
        chosen = self.accept_coder.currentData()
        self.accept_coder.blockSignals(True)
        self.accept_coder.clear()
        for coder in self.compared():
            self.accept_coder.addItem(self._names.get(coder, "?"), coder)
        index = self.accept_coder.findData(chosen)
        self.accept_coder.setCurrentIndex(max(index, 0))
        self.accept_coder.blockSignals(False)

    def _describe(self, coding: Coding) -> str:
        original = self._originals.get(coding.id, coding)
        path = self._paths.get(original.code_id, "?")
        who = self._names.get(original.coder_id, "?")
        return f"{path}\nby {who}\ncharacters {coding.start}–{coding.end}"

    def _fill_list(self) -> None:
        project = self.session.project
        document_id = self.document_id()
        names = {coder: f"{n + 1} {self._names.get(coder, '?')}"
                 for n, coder in enumerate(self.compared())}  # fmt: skip
        decided = project.adjudications.for_document(document_id) if document_id else []
        text = self.text.text()
        self.decided = []
        review_again = 0
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.items:
            excerpt = text[item.start : min(item.end, item.start + EXCERPT)].replace("\n", " ")
            verdict = next(  # the latest decision: a region decided again says how, now
                (d for d in reversed(decided) if d.code_id == item.code_id
                 and d.region[0] < item.end and item.start < d.region[1]),
                None,
            )  # fmt: skip
            mark = ""
            stale = stale_verdict(item, self._stale)
            if stale:  # decided from codings changed since: to be decided again
                verdict, mark = None, f"⚠ review again: {stale.reason()}  "
                review_again += 1
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
            self.decided.append(verdict is not None)
        self.list.blockSignals(False)
        self.count.setText(
            count_line(len(self.items) - review_again, review_again, self.decided.count(False))
        )

    def _show_item(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
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

    def advance(self, after: int) -> None:
        """Move to the next undecided disagreement after row ``after`` (wrapping around)."""
        count = len(self.items)
        for step in range(1, count + 1):
            row = (after + step) % count
            if not self.decided[row]:
                self.list.setCurrentRow(row)
                return

    def decide(self, action: str, which: str | int | None = None) -> bool:
        """Settle the current disagreement; ``which`` is "a", "b" or a coder id for accept."""
        item, ids, document_id = self.current(), self.coder_ids(), self.document_id()
        if item is None or ids is None or document_id is None:
            return False
        coder = {"a": ids[0], "b": ids[1]}.get(which) if isinstance(which, str) else which
        adjusted = None
        if action == "adjust":  # the consensus boundary: a dragged selection's spaces left off
            adjusted = strip_whitespace(self.text.text(), *self.text.selection())
        if adjusted is not None and adjusted[0] == adjusted[1]:
            self.count.setText("Select the text the consensus coding should cover first.")
            return False
        row = self.list.currentRow()
        done = self.session.adjudicate(document_id, item, action, coder_id=coder, adjusted=adjusted)
        if done and not self.isVisible():
            self.refresh()  # a hidden view does not follow changes by itself
        if done and self.items:
            self.advance(min(row, len(self.items) - 1) if row < len(self.items) else -1)
        return done

    def accept_chosen(self) -> bool:
        chosen = self.accept_coder.currentData()
        return chosen is not None and self.decide("accept", int(chosen))

    def _preview(self, title: str, plan: list[Decision], batch: str, empty: str) -> None:
        """Show the plan before it is recorded; with nothing in it, ``empty`` in the count line
        instead (an empty dialog with a greyed Apply only says the same, less plainly)."""
        if not plan:
            if self.preview is not None:  # an earlier preview, done with (it is window-modal)
                self.preview.close()
                self.preview = None
            self.count.setText(empty)
            return
        self.preview = BulkPreview(
            self.session, title, plan,
            lambda: self.session.decide_many(f"{title} ({len(plan)} regions)", plan, batch),
            self,
        )  # fmt: skip
        self.preview.open()

    def take_agreements(self) -> None:
        """Preview, then record, every region of this document the coders coded alike."""
        ids, document_id = self.coder_ids(), self.document_id()
        if ids is None or document_id is None:
            return
        plan = agreements_plan(self.session, [document_id], list(ids), self.code_id())
        self._preview(
            "Take agreements into the consensus", plan,
            f"agreements in {self._document_names[document_id]}",
            "No agreements left to take here (regions already decided are skipped).",
        )  # fmt: skip

    def take_document(self) -> None:
        """Preview, then record, the chosen coder's version of every region of this document."""
        ids, document_id = self.coder_ids(), self.document_id()
        chosen = self.accept_coder.currentData()
        if ids is None or document_id is None or chosen is None:
            return
        name = self.accept_coder.currentText()
        code_id = self.code_id()
        code_ids = {code_id} if code_id is not None else None
        plan = coder_version_plan(self.session, [document_id], list(ids), int(chosen), code_ids)
        self._preview(f"Accept {name}'s version of the document", plan,
                      f"{name}'s version of {self._document_names[document_id]}",
                      f"Nothing left to take from {name} here (regions already decided are "
                      "skipped).")  # fmt: skip

    def take_above_threshold(self) -> None:
        """The chosen coder's version of the filtered code in every document above α_U."""
        ids, code_id = self.coder_ids(), self.code_id()
        chosen = self.accept_coder.currentData()
        if ids is None or chosen is None:
            return
        if code_id is None:
            self.count.setText("Choose one code in the code filter first.")
            return
        threshold = self.threshold.value()
        documents = documents_above(self.session, list(ids), code_id, threshold)
        name = self.accept_coder.currentText()
        plan = coder_version_plan(self.session, documents, list(ids), int(chosen), {code_id})
        code = self.code_filter.currentText()
        self._preview(
            f"Accept {name}'s version of {code} where α_U > {threshold:.2f}", plan,
            f"{name}'s version of {code} in {len(documents)} documents with alpha_U > "
            f"{threshold:.3f}",
            f"Nothing left to take from {name} for {code} above α_U {threshold:.2f}.",
        )  # fmt: skip

    def _on_change(self, change: Change) -> None:
        if change.kind in ("coding", "code") and self.isVisible():
            row = self.list.currentRow()
            self.refresh()
            if self.items:
                self.list.setCurrentRow(min(max(row, 0), len(self.items) - 1))


_TIPS = {
    "accept_a": "Code the region as the first compared coder did, for the consensus coder",
    "accept_b": "Code the region as the second compared coder did, for the consensus coder",
    "accept_chosen": "Code the region as the chosen coder did",
    "union": "Code everything any compared coder coded",
    "intersection": "Code only what every compared coder coded",
    "adjust": "Code exactly the text you have selected",
    "agreements": "Write every region the coders coded alike to the consensus coder (preview "
    "first; each region recorded; one undo)",
    "document_version": "The chosen coder's version of every region of this document (preview "
    "first; agreed regions recorded as agreed; one undo)",
    "above_threshold": "The chosen coder's version of the filtered code in every document whose "
    "alpha_U for it is above the threshold (preview first; one undo)",
    "undo": "Undo the last decision (removes its consensus codings and audit records)",
    "redo": "Redo the decision just undone",
}
