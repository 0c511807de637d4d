"""The codings of the current document: code, coder, excerpt, memo.

:class:`CodingsModel` keeps the codings sorted by position and computes each cell only when
the view asks for it, so a document with thousands of codings fills the list at once, and a
single coding added or removed is one row inserted or removed.

Signals (CodingsPanel):
    coding_activated(int): a coding was clicked; the window scrolls the text to it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedLayout,
    QTableView,
    QWidget,
)

from annotator.core.model import Coding
from annotator.ui.table_model import ColumnsModel

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Code", "Coder", "Text", "Memo")
EXCERPT = 80
Key = tuple[int, int, int]


def _key(coding: Coding) -> Key:
    return (coding.start, coding.end, coding.id)


class CodingsModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[Key] = []
        self._codings: dict[int, Coding] = {}
        self._text = ""
        self.code_path: Callable[[int], str] = str
        self.code_icon: Callable[[int], QIcon | None] = lambda code_id: None
        self.coder_name: Callable[[int], str] = str

    def set_codings(self, codings: Sequence[Coding], text: str) -> None:
        self.beginResetModel()
        self._text = text
        self._codings = {c.id: c for c in codings}
        self._keys = sorted(_key(c) for c in codings)
        self.endResetModel()

    def insert(self, coding: Coding) -> None:
        if coding.id in self._codings:
            self.remove(coding.id)
        row = bisect_left(self._keys, _key(coding))
        self.beginInsertRows(QModelIndex(), row, row)
        self._keys.insert(row, _key(coding))
        self._codings[coding.id] = coding
        self.endInsertRows()

    def remove(self, coding_id: int) -> None:
        row = self.row_of(coding_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[row]
        del self._codings[coding_id]
        self.endRemoveRows()

    def row_of(self, coding_id: int) -> int:
        coding = self._codings.get(coding_id)
        if coding is None:
            return -1
        return bisect_left(self._keys, _key(coding))

    def coding_at(self, row: int) -> Coding:
        return self._codings[self._keys[row][2]]

    def row_total(self) -> int:
        return len(self._keys)

    def data(self, index: Index, role: int = 0) -> object:
        if not self.valid(index):
            return None
        coding = self.coding_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self.code_path(coding.code_id)
            if column == 1:
                return self.coder_name(coding.coder_id)
            if column == 2:
                return self._excerpt(coding)
            return ("✎ " + coding.memo) if coding.memo else ""
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self.code_icon(coding.code_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            memo = f"\nMemo: {coding.memo}" if coding.memo else ""
            return (f"{self.code_path(coding.code_id)} by {self.coder_name(coding.coder_id)}, "
                    f"characters {coding.start}–{coding.end}{memo}")  # fmt: skip
        if role == Qt.ItemDataRole.UserRole:
            return coding.id
        return None

    def _excerpt(self, coding: Coding) -> str:
        excerpt = self._text[coding.start : min(coding.end, coding.start + EXCERPT)]
        excerpt = excerpt.replace("\n", " ⏎ ")
        return excerpt + "…" if coding.end - coding.start > EXCERPT else excerpt


class CodingsPanel(QWidget):
    coding_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CodingsModel()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Codings of this document")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Fixed widths: sizing columns to their contents would read every row on each change.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 190)
        header.resizeSection(1, 64)
        header.resizeSection(3, 90)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)
        self.empty = QLabel(
            "No codings shown yet.\nSelect text, then press a code's key or double-click the code.",
            self,
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty)
        self.model.rowsInserted.connect(self._update_empty)
        self.model.rowsRemoved.connect(self._update_empty)
        self.model.modelReset.connect(self._update_empty)
        self._update_empty()

    def _update_empty(self) -> None:
        self._stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty)

    def select(self, coding_id: int) -> None:
        row = self.model.row_of(coding_id)
        if row < 0:
            self.table.clearSelection()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _clicked(self, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.UserRole)
        if value is not None:
            self.coding_activated.emit(int(value))
