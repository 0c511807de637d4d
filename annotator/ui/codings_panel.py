"""The codings of the current document: code, coder, excerpt, memo.

Signals (CodingsPanel):
    coding_activated(int): a coding was clicked; the window scrolls the text to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedLayout,
    QTableView,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Code", "Coder", "Text", "Memo")
EXCERPT = 80


@dataclass(frozen=True)
class CodingRow:
    coding_id: int
    code_path: str
    icon: QIcon
    coder: str
    excerpt: str
    memo: str
    start: int
    end: int


class CodingsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CodingRow] = []

    def set_rows(self, rows: Sequence[CodingRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, coding_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.coding_id == coding_id:
                return number
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.code_path, row.coder, row.excerpt, ("✎ " + row.memo) if row.memo else "")[
                column
            ]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return row.icon
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{row.code_path} by {row.coder}, characters {row.start}–{row.end}"
                    + (f"\nMemo: {row.memo}" if row.memo else ""))  # fmt: skip
        if role == Qt.ItemDataRole.UserRole:
            return row.coding_id
        return None


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
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
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

    def set_rows(self, rows: Sequence[CodingRow]) -> None:
        self.model.set_rows(rows)
        self._stack.setCurrentWidget(self.table if rows else self.empty)

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
