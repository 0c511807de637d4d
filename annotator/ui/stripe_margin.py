"""The margin beside the text: one coloured stripe per coding, hover for what it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QSize
from PySide6.QtGui import QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from annotator.ui.text_view import CodingTextView


class StripeMargin(QWidget):
    """A coloured bar beside the text for every coding on screen; hover to see what it is."""

    def __init__(self, view: CodingTextView) -> None:
        super().__init__(view)
        self._view = view
        self._rects: list[tuple[QRect, int]] = []
        self.setMouseTracking(True)
        self.setAccessibleName("Coding stripes")
        self.setToolTip("")

    def sizeHint(self) -> QSize:
        return QSize(self._view.margin_width(), 0)

    def stripe_rects(self) -> list[tuple[QRect, int]]:
        """(rectangle, coding id) of every stripe drawn in the last paint."""
        return list(self._rects)

    def tooltip_at(self, point: QPoint) -> str:
        for rect, coding_id in reversed(self._rects):
            if rect.adjusted(-1, 0, 1, 0).contains(point):
                return self._view.tooltip_for(coding_id)
        return ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for rect, coding_id in reversed(self._rects):
            if rect.adjusted(-1, 0, 1, 0).contains(event.position().toPoint()):
                self._view.select_coding(coding_id, scroll=False)
                self._view.coding_clicked.emit(coding_id)
                return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        drawn = self._view.paint_stripes(painter, event.rect())
        band = event.rect()
        kept = [(r, i) for r, i in self._rects if not band.intersects(r)]
        self._rects = kept + drawn
        painter.end()
