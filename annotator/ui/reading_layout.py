"""The reading view's document layouts: Qt's plain-text one, or one that aligns right-to-left
paragraphs to the right (written in Python, so slower: used only for documents with RTL text).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QTextBlock
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit


class ReadingLayout(QPlainTextDocumentLayout):
    """The plain-text layout, with right-to-left paragraphs aligned to the right.

    Qt's plain-text layout aligns every paragraph to the left whatever its direction; each
    right-to-left block's lines are moved to the right edge once they are laid out.
    """

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)
        layout = block.layout() if block.isValid() else None
        if layout is not None and block.textDirection() == Qt.LayoutDirection.RightToLeft:
            margin = self.document().documentMargin()
            for number in range(layout.lineCount()):
                line = layout.lineAt(number)
                x = margin + max(0.0, line.width() - line.naturalTextWidth())
                if abs(line.x() - x) > 0.5:
                    line.setPosition(QPointF(x, line.y()))
        return rect


def swap_layout(view: QPlainTextEdit, *, right_to_left: bool) -> QPlainTextDocumentLayout:
    """Give ``view``'s (emptied) document :class:`ReadingLayout` or Qt's own layout.

    A new layout has no width (no wrapping) until the view lays its document out again,
    which it does on a resize or a change of wrap mode; the mode is switched off and on
    while the document is empty, where that costs nothing.
    """
    document = view.document()
    document.clear()  # nothing left for the old layout to lay out anew
    layout = ReadingLayout(document) if right_to_left else QPlainTextDocumentLayout(document)
    document.setDocumentLayout(layout)  # deletes the old layout
    wrap = view.lineWrapMode()
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    view.setLineWrapMode(wrap)
    return layout
