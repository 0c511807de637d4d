"""The document list: title (or name), codings, the current coder's status; filterable by
name or title, and by attributes (the ids a caller allows).

Signals (DocumentsPanel):
    document_selected(int): the user picked a document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Document
from annotator.ui.table_model import ColumnsModel

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Document", "Codings", "Status")
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_MARK = {"not started": "○ not started", "in progress": "◐ in progress", "done": "● done"}


class DocumentsModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self._documents: list[Document] = []
        self._status: Mapping[int, str] = {}
        self._own_only = False  # blind coding: the counts are the current coder's own

    def set_own_only(self, own_only: bool) -> None:
        if own_only != self._own_only:
            self._own_only = own_only
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        own = self._own_only and section == 1 and orientation == Qt.Orientation.Horizontal
        if own and role == Qt.ItemDataRole.DisplayRole:
            return "Mine"
        if own and role == Qt.ItemDataRole.ToolTipRole:
            return "Your codings in the document (blind coding: the others' are not counted)"
        return super().headerData(section, orientation, role)

    def set_documents(self, documents: Sequence[Document], status: Mapping[int, str]) -> None:
        self.beginResetModel()
        self._documents = list(documents)
        self._status = status
        self.endResetModel()

    def row_of(self, document_id: int) -> int:
        for row, document in enumerate(self._documents):
            if document.id == document_id:
                return row
        return -1

    def set_status(self, document_id: int, status: str) -> None:
        """One document's status changed (for the current coder): repaint that row only."""
        row = self.row_of(document_id)
        if row >= 0 and self._status.get(document_id, "not started") != status:
            self._status = {**self._status, document_id: status}
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def adjust_codings(self, document_id: int, delta: int) -> None:
        """Change one document's coding count in place (after a coding was added or removed)."""
        row = self.row_of(document_id)
        if row < 0:
            return
        document = self._documents[row]
        self._documents[row] = replace(document, codings=max(0, document.codings + delta))
        self.dataChanged.emit(self.index(row, 1), self.index(row, 1))

    def document_ids(self) -> list[int]:
        return [d.id for d in self._documents]

    def row_total(self) -> int:
        return len(self._documents)

    def data(self, index: Index, role: int = 0) -> object:
        if not self.valid(index):
            return None
        document = self._documents[index.row()]
        status = self._status.get(document.id, "not started")
        if role == Qt.ItemDataRole.DisplayRole:
            return (document.label, document.codings, STATUS_MARK[status])[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            title = f"{document.title}\n" if document.title else ""
            return (f"{title}{document.name} ({document.format or 'txt'})\n"
                    f"{document.length:,} characters\nYour status: {status}")  # fmt: skip
        if role == SEARCH_ROLE:
            return f"{document.name}\n{document.title}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return document.id
        return None


class DocumentsProxy(QSortFilterProxyModel):
    """Filters by name or title (the text box) and by a set of allowed ids (attributes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allowed: set[int] | None = None

    def set_allowed(self, allowed: set[int] | None) -> None:
        self.allowed = allowed
        self.invalidate()  # invalidateFilter() is deprecated from Qt 6.10

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self.allowed is not None and index.data(Qt.ItemDataRole.UserRole) not in self.allowed:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class DocumentsPanel(QWidget):
    document_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentsModel()
        self.proxy = DocumentsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter documents…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter documents")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Documents")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        self._quiet = False

    def set_documents(
        self, documents: Sequence[Document], status: Mapping[int, str], current: int | None
    ) -> None:
        self._quiet = True
        self.model.set_documents(documents, status)
        if current is not None:
            self.select(current)
        self._quiet = False

    def select(self, document_id: int) -> None:
        row = self.model.row_of(document_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def visible_ids(self) -> list[int]:
        return [
            int(self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole))
            for row in range(self.proxy.rowCount())
        ]

    def _selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        if self._quiet or not selected.indexes():
            return
        value = selected.indexes()[0].data(Qt.ItemDataRole.UserRole)
        if value is not None:
            self.document_selected.emit(int(value))
