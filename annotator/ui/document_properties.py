"""The document properties dialog: name, title, typed attributes, and where the text came from.

The dialog only collects the edits; the caller applies them as one undoable step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.attributes import TYPES, check_value
from annotator.core.errors import AnnotatorError
from annotator.core.model import Document


@dataclass(frozen=True)
class PropertyEdits:
    """What the user asked for: the new name and title, every attribute value, new types."""

    name: str
    title: str
    attributes: dict[str, str]
    types: dict[str, str]


class DocumentPropertiesDialog(QDialog):
    """Edit one document's name, title and attributes (values checked against their types)."""

    def __init__(
        self,
        document: Document,
        attributes: dict[str, str],
        types: dict[str, str],
        provenance: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Properties of {document.name}")
        self._types = dict(types)
        self.name = QLineEdit(document.name, self)
        self.name.setAccessibleName("Name")
        self.title = QLineEdit(document.title, self)
        self.title.setAccessibleName("Title")
        self.title.setPlaceholderText("Shown in lists instead of the name")
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Title:", self.title)
        form.addRow("Source:", QLabel(provenance, self))
        self.table = QTableWidget(0, 3, self)
        self.table.setAccessibleName("Attributes")
        self.table.setHorizontalHeaderLabels(["Attribute", "Type", "Value"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for name in sorted(set(types) | set(attributes)):
            self._add_row(name, types.get(name, "text"), attributes.get(name, ""), known=True)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("New attribute")
        self.new_name.setAccessibleName("New attribute name")
        self.new_type = QComboBox(self)
        self.new_type.addItems(TYPES)
        add = QPushButton("&Add Attribute", self)
        add.clicked.connect(self._add_new)
        adder = QHBoxLayout()
        adder.addWidget(self.new_name, 1)
        adder.addWidget(self.new_type)
        adder.addWidget(add)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table)
        layout.addLayout(adder)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def _add_row(self, name: str, kind: str, value: str, *, known: bool) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        label = QTableWidgetItem(name)
        label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
        kind_item = QTableWidgetItem(kind)
        kind_item.setFlags(kind_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 0, label)
        self.table.setItem(row, 1, kind_item)
        self.table.setItem(row, 2, QTableWidgetItem(value))
        if not known:
            self._types[name] = kind

    def _add_new(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            return
        existing = [self._cell(r, 0) for r in range(self.table.rowCount())]
        if name in existing:
            self.table.setCurrentCell(existing.index(name), 2)
        else:
            self._add_row(name, self.new_type.currentText(), "", known=False)
            self.table.setCurrentCell(self.table.rowCount() - 1, 2)
        self.new_name.clear()

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return "" if item is None else item.text()

    def edits(self) -> PropertyEdits:
        values: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            values[self._cell(row, 0)] = self._cell(row, 2).strip()
        return PropertyEdits(self.name.text().strip(), self.title.text().strip(), values,
                             dict(self._types))  # fmt: skip

    def accept(self) -> None:
        """Refuse to close while a value does not fit its type or the name is empty."""
        edits = self.edits()
        try:
            if not edits.name:
                raise AnnotatorError("a document needs a name")
            for name, value in edits.attributes.items():
                check_value(value, edits.types.get(name, "text"), name)
        except AnnotatorError as err:
            self.error.setText(str(err))
            return
        super().accept()
