"""Every document's title and attributes in one table, edited like a spreadsheet.

The model is a thin adapter over plain rows; an edit is handed to ``commit`` (the window's
undoable operation) and the table shows what the store then holds, so a value the type refuses
snaps back and the reason appears in the window's message line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.attributes import TYPES

Index = QModelIndex | QPersistentModelIndex
TITLE = "title"


@dataclass(frozen=True)
class AttributeRow:
    """One document's line of the table."""

    document_id: int
    name: str
    title: str
    values: dict[str, str]


# commit(document_id, attribute or TITLE, new value) -> whether the store took it
Commit = Callable[[int, str, str], bool]


class AttributeTableModel(QAbstractTableModel):
    """Columns: document name (read-only), title, then one per attribute (``name (type)``)."""

    def __init__(self, commit: Commit) -> None:
        super().__init__()
        self._commit = commit
        self._rows: list[AttributeRow] = []
        self._names: list[str] = []
        self._types: dict[str, str] = {}

    def set_rows(self, rows: Sequence[AttributeRow], types: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._types = dict(types)
        self._names = sorted(types)
        self.endResetModel()

    def attribute_at(self, column: int) -> str:
        return TITLE if column == 1 else self._names[column - 2]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2 + len(self._names)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        if section == 0:
            return "Document"
        if section == 1:
            return "Title"
        name = self._names[section - 2]
        return f"{name} ({self._types[name]})"

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return row.name
            if index.column() == 1:
                return row.title
            return row.values.get(self._names[index.column() - 2], "")
        if role == Qt.ItemDataRole.UserRole:
            return row.document_id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base if index.column() == 0 else base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: object, role: int = 0) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == 0:
            return False
        row = self._rows[index.row()]
        text = str(value).strip()
        if text == (self.data(index, Qt.ItemDataRole.EditRole) or ""):
            return False
        return self._commit(row.document_id, self.attribute_at(index.column()), text)


class AttributeTableDialog(QDialog):
    """The table, a filter over names and titles, and a way to add a typed attribute.

    ``add_attribute(name, type)`` declares a new column; ``reload()`` is called after each change.
    """

    def __init__(
        self, commit: Commit, add_attribute: Callable[[str, str], bool], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Document attributes")
        self.model = AttributeTableModel(commit)
        self._add_attribute = add_attribute
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Attribute table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("New attribute")
        self.new_name.setAccessibleName("New attribute name")
        self.new_type = QComboBox(self)
        self.new_type.addItems(TYPES)
        add = QPushButton("&Add Column", self)
        add.clicked.connect(self._add)
        self.new_name.returnPressed.connect(self._add)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        for button in (add, close):
            button.setAutoDefault(False)  # Return belongs to the cell being edited
        bar = QHBoxLayout()
        bar.addWidget(self.new_name, 1)
        bar.addWidget(self.new_type)
        bar.addWidget(add)
        bar.addStretch(1)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(bar)
        self.resize(900, 480)

    def set_rows(self, rows: Sequence[AttributeRow], types: dict[str, str]) -> None:
        current = self.table.currentIndex()
        self.model.set_rows(rows, types)
        self.table.resizeColumnsToContents()
        if current.isValid():
            self.table.setCurrentIndex(self.model.index(current.row(), current.column()))

    def _add(self) -> None:
        name = self.new_name.text().strip()
        if name and self._add_attribute(name, self.new_type.currentText()):
            self.new_name.clear()
