"""Choosing a code from the codebook tree, narrowed by typing.

A flat list of paths is slow to read in a codebook of a hundred codes; the tree keeps the
codebook's shape, and the filter (any part of a path, any case) narrows it as the user
types. Up and Down move through what is left, Enter takes the highlighted code.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Code
from annotator.ui.codebook_panel import swatch

ID_ROLE = Qt.ItemDataRole.UserRole
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class CodePicker(QDialog):
    """The codebook as a tree with a filter; :meth:`chosen` is the code id picked."""

    def __init__(
        self, codes: Sequence[Code], current: int | None = None, *,
        title: str = "Choose a code", exclude: int | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(420, 520)
        self.model = QStandardItemModel(self)
        items: dict[int, QStandardItem] = {}
        for code in codes:  # tree order: parents come first
            item = QStandardItem(swatch(code.color), code.name)
            item.setData(code.id, ID_ROLE)
            item.setData(code.path, PATH_ROLE)
            item.setEditable(False)
            if code.id == exclude:
                item.setEnabled(False)
            parent_item = items.get(code.parent_id) if code.parent_id is not None else None
            (parent_item or self.model.invisibleRootItem()).appendRow(item)
            items[code.id] = item
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterRole(PATH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Type to filter codes…")
        self.filter.setAccessibleName("Filter codes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Codes")
        self.tree.expandAll()
        self.tree.doubleClicked.connect(lambda _: self._accept_current())
        self.tree.activated.connect(lambda _: self._accept_current())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept_current)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Type part of a code's path; Up/Down to move, Enter to choose.", self)
        )
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        if current in items:
            self.tree.setCurrentIndex(self.proxy.mapFromSource(items[current].index()))
        self.filter.setFocus()

    def chosen(self) -> int | None:
        index = self.tree.currentIndex()
        value = index.data(ID_ROLE) if index.isValid() else None
        return None if value is None else int(value)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()
        current = self.tree.currentIndex()
        if text.strip() and (not current.isValid() or not self._matches(current)):
            first = self._first_match(QModelIndex())
            if first is not None:
                self.tree.setCurrentIndex(first)

    def _matches(self, index: QModelIndex) -> bool:
        path = str(index.data(PATH_ROLE) or "")
        return self.filter.text().strip().casefold() in path.casefold()

    def _first_match(self, parent: QModelIndex) -> QModelIndex | None:
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            if self._matches(index) and index.flags() & Qt.ItemFlag.ItemIsEnabled:
                return index
            below = self._first_match(index)
            if below is not None:
                return below
        return None

    def _accept_current(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up, Down and Enter in the filter act on the tree, so the hands stay on the keys."""
        if (
            watched is self.filter
            and isinstance(event, QKeyEvent)
            and (event.type() == QEvent.Type.KeyPress)
        ):
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                               Qt.Key.Key_PageDown):  # fmt: skip
                self.tree.keyPressEvent(event)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._accept_current()
                return True
        return super().eventFilter(watched, event)


def pick_code(
    parent: QWidget | None, codes: Sequence[Code], current: int | None = None, *,
    title: str = "Change code", exclude: int | None = None,
) -> int | None:  # fmt: skip
    """Ask for a code with :class:`CodePicker`; its id, or None when cancelled."""
    dialog = CodePicker(codes, current, title=title, exclude=exclude, parent=parent)
    return dialog.chosen() if dialog.exec() else None
