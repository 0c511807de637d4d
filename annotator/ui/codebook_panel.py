"""The codebook tree in the tagging panel: swatches, shortcuts, counts, a filter box.

:class:`CodebookModel` is a thin adapter over a list of :class:`~annotator.core.model.Code`
records; it is rebuilt when the codebook changes (codebooks are small) and keeps only ids.

Signals (CodebookPanel):
    apply_requested(int): the user asked to apply code ``id`` (double-click or drop).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Code

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Code", "Key", "Here", "All")
SELECTION_MIME = "application/x-annotator-selection"


def swatch(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class CodebookModel(QAbstractItemModel):
    """Codes as a tree; column 0 carries the code id in ``Qt.UserRole``."""

    def __init__(self) -> None:
        super().__init__()
        self._codes: dict[int, Code] = {}
        self._children: dict[int | None, list[int]] = {None: []}
        self._shortcuts: dict[int, str] = {}
        self._here: dict[int, int] = {}
        self._total: dict[int, int] = {}
        self._icons: dict[str, QIcon] = {}

    def set_codes(
        self,
        codes: Sequence[Code],
        shortcuts: Mapping[int, str],
        here: Mapping[int, int],
        total: Mapping[int, int],
    ) -> None:
        self.beginResetModel()
        self._codes = {code.id: code for code in codes}
        self._children = {None: []}
        for code in codes:
            self._children.setdefault(code.parent_id, []).append(code.id)
            self._children.setdefault(code.id, [])
        self._shortcuts = dict(shortcuts)
        self._here = dict(here)
        self._total = dict(total)
        self.endResetModel()

    def set_counts(self, here: Mapping[int, int], total: Mapping[int, int]) -> None:
        """New counts; one dataChanged per group of siblings."""
        self._here = dict(here)
        self._total = dict(total)
        for children in self._children.values():
            if children:
                first = self.createIndex(0, 2, children[0])
                last = self.createIndex(len(children) - 1, 3, children[-1])
                self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])

    def add_count(self, code_id: int, here: int, total: int) -> None:
        """Adjust one code's counts after a coding was added (+1) or removed (-1)."""
        self._here[code_id] = self._here.get(code_id, 0) + here
        self._total[code_id] = self._total.get(code_id, 0) + total
        index = self.index_of(code_id)
        if index.isValid():
            self.dataChanged.emit(index.siblingAtColumn(2), index.siblingAtColumn(3))

    def code(self, index: Index) -> Code | None:
        return self._codes.get(index.internalId()) if index.isValid() else None

    def index_of(self, code_id: int, column: int = 0) -> QModelIndex:
        code = self._codes.get(code_id)
        if code is None:
            return QModelIndex()
        row = self._children[code.parent_id].index(code_id)
        return self.createIndex(row, column, code_id)

    # -- QAbstractItemModel --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        key = parent.internalId() if parent.isValid() else None
        siblings = self._children.get(key, [])
        if not (0 <= row < len(siblings) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        code = self._codes.get(index.internalId())
        if code is None or code.parent_id is None:
            return QModelIndex()
        return self.index_of(code.parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        key = parent.internalId() if parent.isValid() else None
        return len(self._children.get(key, []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return ("Code name", "Key that applies the code", "Codings in this document",
                    "Codings in the project")[section]  # fmt: skip
        return None

    def data(self, index: Index, role: int = 0) -> object:
        code = self.code(index)
        if code is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(code, index.column())
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            if code.color not in self._icons:
                self._icons[code.color] = swatch(code.color)
            return self._icons[code.color]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(code)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return code.id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{code.path}, {self._total.get(code.id, 0)} codings"
        return None

    def _display(self, code: Code, column: int) -> object:
        if column == 0:
            return code.name
        if column == 1:
            return self._shortcuts.get(code.id, "")
        if column == 2:
            return self._here.get(code.id, 0) or ""
        return self._total.get(code.id, 0) or ""

    def _tooltip(self, code: Code) -> str:
        parts = [f"<b>{code.path}</b>"]
        if code.description:
            parts.append(code.description)
        if self._shortcuts.get(code.id):
            parts.append(f"Key: {self._shortcuts[code.id]}")
        return "<br>".join(parts)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        )


class CodebookTree(QTreeView):
    """The tree view; accepts a text selection dragged onto a code."""

    dropped_on = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        data = event.mimeData()
        return data.hasFormat(SELECTION_MIME) or data.hasText()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if self._accepts(event) and index.isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        code_id = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        if code_id is None or not self._accepts(event):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.dropped_on.emit(int(code_id))


class CodebookPanel(QWidget):
    apply_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CodebookModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter codes…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter codes")
        self.filter.textChanged.connect(self._filter)
        self.tree = CodebookTree(self)
        self.tree.setModel(self.proxy)
        self.tree.setAccessibleName("Codebook")
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setToolTip("Double-click a code, press its key, or drop selected text on it")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: sizing to contents would read every row on each count change.
        for column, width in ((1, 44), (2, 48), (3, 48)):
            header.resizeSection(column, width)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.dropped_on.connect(self.apply_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)

    def set_codes(
        self,
        codes: Sequence[Code],
        shortcuts: Mapping[int, str],
        here: Mapping[int, int],
        total: Mapping[int, int],
    ) -> None:
        self.model.set_codes(codes, shortcuts, here, total)
        self.tree.expandAll()

    def current_code_id(self) -> int | None:
        index = self.tree.currentIndex()
        value = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        return None if value is None else int(value)

    def proxy_index_of(self, code_id: int) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index_of(code_id))

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    def _double_clicked(self, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.UserRole)
        if value is not None:
            self.apply_requested.emit(int(value))
