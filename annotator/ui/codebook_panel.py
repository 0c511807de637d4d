"""The codebook tree in the tagging panel: swatches, shortcuts, counts, a filter box.

:class:`CodebookModel` is a thin adapter over a list of :class:`~annotator.core.model.Code`
records; it is rebuilt when the codebook changes (codebooks are small) and keeps only ids.

Signals (CodebookPanel):
    apply_requested(int): the user asked to apply code ``id`` (double-click or drop).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Code
from annotator.core.wording import plural

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Code", "Key", "Here", "All")
SELECTION_MIME = "application/x-annotator-selection"
CODE_MIME = "application/x-annotator-code"


def swatch(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class CodebookModel(QAbstractItemModel):
    """Codes as a tree; column 0 carries the code id in ``Qt.UserRole``.

    Edits and drops do not change the model: they are requests (signals) that the window
    turns into undoable store operations, after which the model is refreshed.

    Signals:
        rename_requested(int, str): a code was renamed in place.
        move_requested(int, object, object): code id, new parent id (or None), position.
    """

    rename_requested = Signal(int, str)
    move_requested = Signal(int, object, object)

    def __init__(self) -> None:
        super().__init__()
        self._codes: dict[int, Code] = {}
        self._children: dict[int | None, list[int]] = {None: []}
        self._shortcuts: dict[int, str] = {}
        self._here: dict[int, int] = {}
        self._total: dict[int, int] = {}
        self._own_only = False  # blind coding: "All" counts the current coder's codings only
        self._icons: dict[str, QIcon] = {}
        self.per_coder: Callable[[int], Mapping[str, int]] = lambda code_id: {}

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

    def set_counts(
        self, here: Mapping[int, int], total: Mapping[int, int], *, own_only: bool = False
    ) -> None:
        """New counts; one dataChanged per group of siblings.

        ``own_only``: ``total`` counts the current coder's codings only (blind coding), and
        the column says so ("Mine" instead of "All").
        """
        self.set_own_only(own_only)
        self._here = dict(here)
        self._total = dict(total)
        for children in self._children.values():
            if children:
                first = self.createIndex(0, 2, children[0])
                last = self.createIndex(len(children) - 1, 3, children[-1])
                self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])

    def set_own_only(self, own_only: bool) -> None:
        if own_only != self._own_only:
            self._own_only = own_only
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 3, 3)

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
        own = self._own_only and section == 3
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Mine" if own else COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if own:
                return "Your codings in the project (blind coding: the others' are not counted)"
            return ("Code name", "Key that applies the code", "Codings in this document",
                    "Codings in the project")[section]  # fmt: skip
        return None

    def data(self, index: Index, role: int = 0) -> object:
        code = self.code(index)
        if code is None:
            return None
        if role == Qt.ItemDataRole.EditRole and index.column() == 0:
            return code.name
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
            return f"{code.path}, {plural(self._total.get(code.id, 0), 'coding')}"
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
        parts = [f"<b>{html.escape(code.path)}</b>"]
        fields = (
            ("", code.description),
            ("Include: ", code.inclusion),
            ("Exclude: ", code.exclusion),
            ("Example: ", code.example),
        )
        for label, text in fields:
            if text:
                parts.append(f"{label}{html.escape(text)}")
        if self._shortcuts.get(code.id):
            parts.append(f"Key: {self._shortcuts[code.id]}")
        counts = self.per_coder(code.id)
        if counts:
            parts.append(
                "Codings: " + ", ".join(f"{html.escape(n)} {c}" for n, c in counts.items())
            )
        return "<br>".join(parts)

    def setData(self, index: Index, value: object, role: int = 2) -> bool:
        code = self.code(index)
        if code is None or role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        name = str(value).strip()
        if not name or name == code.name:
            return False
        self.rename_requested.emit(code.id, name)
        return True

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        codes = [self.code(i) for i in indexes if i.isValid() and i.column() == 0]
        if codes and codes[0] is not None:
            data.setData(CODE_MIME, str(codes[0].id).encode())
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(CODE_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """A code dropped on another code (new parent) or between codes (new position)."""
        if not data.hasFormat(CODE_MIME):
            return False
        code_id = int(bytes(data.data(CODE_MIME).data()).decode())
        parent_id = parent.internalId() if parent.isValid() else None
        self.move_requested.emit(code_id, parent_id, row if row >= 0 else None)
        # The window moves the code through the store; Qt must not remove the dragged row.
        return False

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDropEnabled
            | Qt.ItemFlag.ItemIsDragEnabled
        )
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


class CodebookTree(QTreeView):
    """The tree view; accepts a text selection dragged onto a code."""

    dropped_on = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragEnabled(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )

    @staticmethod
    def _moves_code(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        """A code dragged within the tree (handled by the model) rather than text."""
        return event.mimeData().hasFormat(CODE_MIME)

    def _code_under(self, event: QDragMoveEvent | QDropEvent) -> int | None:
        """The code a text selection is dragged onto, if it carries text at all."""
        data = event.mimeData()
        if not (data.hasFormat(SELECTION_MIME) or data.hasText()):
            return None
        index = self.indexAt(event.position().toPoint())
        value = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        return None if value is None else int(value)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        data = event.mimeData()
        if self._moves_code(event):
            super().dragEnterEvent(event)
        elif data.hasFormat(SELECTION_MIME) or data.hasText():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._moves_code(event):
            super().dragMoveEvent(event)
        elif self._code_under(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self._moves_code(event):
            super().dropEvent(event)
            return
        code_id = self._code_under(event)
        if code_id is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.dropped_on.emit(code_id)


class CodebookPanel(QWidget):
    """The filter box and the tree, with a context menu of codebook actions.

    Signals:
        apply_requested(int): apply this code to the text selection.
        add_requested(object): add a code under this parent id (None: at the top).
        edit_requested(int), recolour_requested(int), merge_requested(int),
        delete_requested(int): act on this code.
    """

    apply_requested = Signal(int)
    add_requested = Signal(object)
    edit_requested = Signal(int)
    recolour_requested = Signal(int)
    merge_requested = Signal(int)
    delete_requested = Signal(int)

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
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.actions_by_name = self._make_actions()
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
        *,
        own_only: bool = False,
    ) -> None:
        self.model.set_codes(codes, shortcuts, here, total)
        self.model.set_own_only(own_only)
        self.tree.expandAll()

    def current_code_id(self) -> int | None:
        index = self.tree.currentIndex()
        value = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        return None if value is None else int(value)

    def proxy_index_of(self, code_id: int) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index_of(code_id))

    def _make_actions(self) -> dict[str, QAction]:
        def current(signal: SignalInstance) -> Callable[[], None]:
            def emit() -> None:
                code_id = self.current_code_id()
                if code_id is not None:
                    signal.emit(code_id)

            return emit

        def add_child() -> None:
            self.add_requested.emit(self.current_code_id())

        def add_sibling() -> None:
            code = self.model.code(self.proxy.mapToSource(self.tree.currentIndex()))
            self.add_requested.emit(code.parent_id if code else None)

        specs = [
            ("apply", "Apply to Selection", current(self.apply_requested), ""),
            ("add_child", "Add Child Code…", add_child, "Ins"),
            ("add_sibling", "Add Sibling Code…", add_sibling, "Shift+Ins"),
            ("rename", "Rename", self._rename, ""),
            ("recolour", "Change Colour…", current(self.recolour_requested), ""),
            ("edit", "Definition and Key…", current(self.edit_requested), "Ctrl+Return"),
            ("merge", "Merge Into…", current(self.merge_requested), ""),
            ("delete", "Delete Code…", current(self.delete_requested), ""),
        ]
        actions: dict[str, QAction] = {}
        for name, text, slot, keys in specs:
            action = QAction(text, self)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.tree.addAction(action)
            actions[name] = action
        return actions

    def _rename(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid():
            self.tree.edit(index.siblingAtColumn(0))

    def _context_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        has_code = self.tree.indexAt(point).isValid()
        for name, action in self.actions_by_name.items():
            action.setEnabled(has_code or name == "add_child")
            menu.addAction(action)
            if name in ("apply", "add_sibling", "edit"):
                menu.addSeparator()
        menu.exec(self.tree.viewport().mapToGlobal(point))

    def select_code(self, code_id: int) -> None:
        index = self.proxy_index_of(code_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()

    def _double_clicked(self, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.UserRole)
        if value is not None:
            self.apply_requested.emit(int(value))
