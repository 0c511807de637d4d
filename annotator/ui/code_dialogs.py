"""Dialogs for the codebook: a code's definition and key, and the codebook window."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Code
from annotator.core.palette import PALETTE
from annotator.ui.codebook_panel import CodebookPanel, swatch


def choose_colour(parent: QWidget | None, current: str) -> str | None:
    """The default palette as custom colours, plus any colour; None when cancelled."""
    for index, colour in enumerate(PALETTE[:16]):
        QColorDialog.setCustomColor(index, QColor(colour))
    chosen = QColorDialog.getColor(QColor(current), parent, "Code colour")
    return chosen.name().upper() if chosen.isValid() else None


class CodeDialog(QDialog):
    """Edit a code: name, colour, definition, inclusion and exclusion criteria, example, key.

    ``conflict(keys)`` says what already uses a key sequence (or None); OK is disabled while
    the key conflicts.
    """

    def __init__(
        self, code: Code, conflict: Callable[[str], str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Code: {code.path}")
        self.resize(560, 560)
        self._conflict = conflict
        self._colour = code.color
        self.name = QLineEdit(code.name, self)
        self.colour_button = QPushButton(self)
        self.colour_button.clicked.connect(self._pick_colour)
        self._show_colour()
        self.description = self._text(code.description, "What the code means")
        self.inclusion = self._text(code.inclusion, "Code text when…")
        self.exclusion = self._text(code.exclusion, "Do not code text when…")
        self.example = self._text(code.example, "A typical passage")
        self.shortcut = QKeySequenceEdit(QKeySequence(code.shortcut or ""), self)
        self.shortcut.setMaximumSequenceLength(1)
        self.shortcut.keySequenceChanged.connect(self._check)
        clear = QPushButton("Clear", self)
        clear.clicked.connect(self.shortcut.clear)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #B00020")
        keys = QHBoxLayout()
        keys.addWidget(self.shortcut, 1)
        keys.addWidget(clear)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Colour:", self.colour_button)
        form.addRow("&Definition:", self.description)
        form.addRow("&Include when:", self.inclusion)
        form.addRow("E&xclude when:", self.exclusion)
        form.addRow("E&xample:", self.example)
        form.addRow("&Key:", keys)
        form.addRow("", self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._original = self.values()
        self._check()

    def _text(self, value: str, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(value, self)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(80)
        return edit

    def _pick_colour(self) -> None:
        chosen = choose_colour(self, self._colour)
        if chosen:
            self._colour = chosen
            self._show_colour()

    def _show_colour(self) -> None:
        self.colour_button.setIcon(swatch(self._colour, 16))
        self.colour_button.setText(self._colour)

    def keys(self) -> str:
        return self.shortcut.keySequence().toString(QKeySequence.SequenceFormat.PortableText)

    def _check(self) -> None:
        keys = self.keys()
        used_by = self._conflict(keys) if keys else None
        self.problem.setText(f"{keys} is already used by {used_by}" if used_by else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not used_by)

    def values(self) -> dict[str, str | None]:
        return {
            "name": self.name.text().strip(),
            "color": self._colour,
            "description": self.description.toPlainText().strip(),
            "inclusion": self.inclusion.toPlainText().strip(),
            "exclusion": self.exclusion.toPlainText().strip(),
            "example": self.example.toPlainText().strip(),
            "shortcut": self.keys() or None,
        }

    def changes(self) -> dict[str, str | None]:
        """Only the fields the user changed."""
        now = self.values()
        return {k: v for k, v in now.items() if v != self._original[k]}


class CodebookDialog(QDialog):
    """The codebook in a window of its own: the tree beside the selected code's definition."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Codebook")
        self.resize(900, 620)
        self.panel = CodebookPanel(self)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.setAccessibleName("Code definition")
        self.import_button = QPushButton("Import…", self)
        self.export_button = QPushButton("Export…", self)
        self.edit_button = QPushButton("Edit…", self)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(close)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.panel)
        splitter.addWidget(self.details)
        splitter.setSizes([520, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addLayout(buttons)
        self.edit_button.clicked.connect(self._edit)
        self.panel.tree.selectionModel().currentChanged.connect(lambda *_: self.show_details())

    def _edit(self) -> None:
        code_id = self.panel.current_code_id()
        if code_id is not None:
            self.panel.edit_requested.emit(code_id)

    def show_details(self) -> None:
        code = self.panel.model.code(self.panel.proxy.mapToSource(self.panel.tree.currentIndex()))
        if code is None:
            self.details.setHtml("<p>Select a code to see its definition.</p>")
            return
        rows = [f"<h3>{html.escape(code.path)}</h3>"]
        fields = (
            ("Definition", code.description),
            ("Include when", code.inclusion),
            ("Exclude when", code.exclusion),
            ("Example", code.example),
        )
        for label, text in fields:
            body = html.escape(text) if text else "<i>not written yet</i>"
            rows.append(f"<p><b>{label}</b><br>{body}</p>")
        rows.append(f"<p><b>Colour</b> {code.color} &nbsp; <b>Key</b> {code.shortcut or '—'}</p>")
        counts = self.panel.model.per_coder(code.id)
        if counts:
            listed = ", ".join(f"{html.escape(n)}: {c}" for n, c in counts.items())
            rows.append(f"<p><b>Codings</b> {listed}</p>")
        rows.append(f"<p style='color:gray'>GUID {code.guid}</p>")
        self.details.setHtml("".join(rows))
