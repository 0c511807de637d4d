"""Small dialogs: memo editing, picking a code, the keyboard-shortcut table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class MemoDialog(QDialog):
    """A multi-line memo editor; OK saves, Escape cancels."""

    def __init__(self, title: str, about: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 320)
        label = QLabel(about, self)
        label.setWordWrap(True)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlainText(text)
        self.editor.setAccessibleName("Memo text")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.editor.toPlainText()


def ask_coder_name(parent: QWidget | None, current: str = "") -> str | None:
    """Ask for a coder name; None when cancelled or empty."""
    name, ok = QInputDialog.getText(
        parent, "Who is coding?",
        "Your coder name. Every coding you make is stored under it, so the team can compare "
        "coders:", text=current,
    )  # fmt: skip
    name = name.strip()
    return name if ok and name else None


def pick_code(
    parent: QWidget | None, paths: Sequence[str], current: str, title: str = "Change code"
) -> str | None:
    choice, ok = QInputDialog.getItem(
        parent, title, "Choose a code:", list(paths),
        max(0, list(paths).index(current)) if current in paths else 0, False,
    )  # fmt: skip
    return choice if ok else None


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
