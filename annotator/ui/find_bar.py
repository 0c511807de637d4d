"""Find in the document: a bar under the text with a count and next/previous.

The count beside the field says where the user is: ``3 of 17`` once Enter (or a button) has
gone to a match, ``17 matches`` while the typed text is highlighted everywhere but none is
gone to yet, ``No matches`` when nothing matches, and nothing while the field is empty.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    """Signals: search(str), next(), previous(), closed()."""

    search = Signal(str)
    next = Signal()
    previous = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in document…")
        self.field.setAccessibleName("Find in document")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self.search)
        self.field.installEventFilter(self)
        self.count = QLabel(self)
        self.count.setAccessibleName("Find matches")
        self.count.setMinimumWidth(90)
        previous = QToolButton(self)
        previous.setText("▲")
        previous.setToolTip("Previous match (Shift+Enter)")
        previous.clicked.connect(self.previous)
        following = QToolButton(self)
        following.setText("▼")
        following.setToolTip("Next match (Enter)")
        following.clicked.connect(self.next)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Escape)")
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.search.emit(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def show_position(self, current: int, total: int) -> None:
        """Show match ``current`` (0-based; -1: none gone to yet) of ``total``."""
        if not self.field.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText("No matches")
        elif current < 0:
            self.count.setText(f"{total} match{'es' if total != 1 else ''}")
        else:
            self.count.setText(f"{current + 1} of {total}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the field goes to the next match, Shift+Enter to the previous one.

        Taken before the line edit sees the key: it would report Shift+Enter as a plain
        Enter (``returnPressed``) and pass it on as well, a step forward and one back.
        """
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous.emit()
            else:
                self.next.emit()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)
