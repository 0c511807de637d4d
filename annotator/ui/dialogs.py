"""Small dialogs: memo editing, picking a code, the keyboard-shortcut table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.store.coders import same_coder


class MemoDialog(QDialog):
    """A multi-line memo editor; Ctrl+Enter or OK saves, Escape cancels.

    With ``quoted``, the coded text is shown above the editor: a memo is written about it.
    """

    def __init__(
        self, title: str, about: str, text: str, parent: QWidget | None = None, *,
        quoted: str = "",
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 360)
        label = QLabel(about, self)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        if quoted:
            self.quote = QLabel(self)
            self.quote.setText(_shorten(quoted, 600))
            self.quote.setWordWrap(True)
            self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.quote.setStyleSheet("QLabel { border-left: 3px solid palette(mid); "
                                     "padding: 4px 8px; font-style: italic; }")  # fmt: skip
            self.quote.setAccessibleName("Coded text")
            layout.addWidget(self.quote)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlainText(text)
        self.editor.setAccessibleName("Memo text")
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip("Save (Ctrl+Enter)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.editor.installEventFilter(self)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the editor saves (Enter alone is a new line of the memo)."""
        if (
            watched is self.editor
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def text(self) -> str:
        return self.editor.toPlainText()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ask_coder_name(
    parent: QWidget | None, current: str = "", problem: str = "", coders: Sequence[str] = ()
) -> str | None:
    """Ask for a coder name; None when cancelled or empty.

    ``current`` is pre-filled, so Enter alone answers the common case; ``coders`` (the
    project's) are offered in an editable list, so that picking one never splits a person's
    work under a second spelling. ``problem`` says why the name given before cannot be used;
    it is shown above the question.
    """
    question = (
        "Your coder name. Every coding you make is stored under it, so the team can compare coders:"
    )
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Who is coding?")
    dialog.setLabelText(f"{problem}\n\n{question}" if problem else question)
    if coders:
        dialog.setComboBoxItems(list(coders))
        dialog.setComboBoxEditable(True)
    dialog.setTextValue(current)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    name = dialog.textValue().strip()
    return name if ok and name else None


def confirm_copy_coder(parent: QWidget | None, name: str, copy_coder: str) -> str:
    """The coder to code as in a copy made for ``copy_coder`` when ``name`` was given.

    A different name would start a second coder (alice's work split under "Alicia"), so one
    question with both answers: code as the copy's coder (the default) or as ``name``.
    """
    if not copy_coder or same_coder(name, copy_coder):
        return name
    box = QMessageBox(QMessageBox.Icon.Question, "Coder copy",
                      f"This copy was made for {copy_coder}. Code as {copy_coder}?",
                      QMessageBox.StandardButton.NoButton, parent)  # fmt: skip
    box.setInformativeText(f"Coding as {name} adds a new coder to this copy.")
    theirs = box.addButton(f"Code as {copy_coder}", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(f"Code as {name}", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(theirs)
    box.exec()
    return copy_coder if box.clickedButton() is theirs else name


class ShortcutsDialog(QDialog):
    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 560)
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Action", "Keys"])
        table.verticalHeader().hide()
        for row, (action, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(action))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
