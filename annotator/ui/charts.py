"""Charts drawn with QPainter: code frequencies as bars, a co-occurrence heat map, a codeline.

Qt draws them, not a plotting library: the same painting code shows a chart in a window and
writes it as PNG (QImage) or SVG (QSvgGenerator), it needs no extra dependency of tens of
megabytes, and its text uses the fonts Qt already found, so Cyrillic, Arabic and emoji code
names render as they do in the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.core.atomic import atomic_write_bytes
from annotator.core.errors import AnnotatorError
from annotator.core.spans import Span

MARGIN = 12.0


@dataclass(frozen=True)
class BarChart:
    """One horizontal bar per label (longest label sets the left margin)."""

    title: str
    labels: Sequence[str]
    values: Sequence[float]
    colours: Sequence[str]

    def size(self) -> QSize:
        return QSize(760, int(60 + 22 * max(1, len(self.labels))))

    def paint(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetricsF(painter.font())
        top = _title(painter, area, self.title)
        label_width = max((metrics.horizontalAdvance(t) for t in self.labels), default=0) + 8
        value_width = metrics.horizontalAdvance(f"{max(self.values, default=0):g}") + 8
        left = area.left() + MARGIN + label_width
        width = max(10.0, area.right() - MARGIN - value_width - left)
        highest = max(self.values, default=0) or 1
        row = (area.bottom() - MARGIN - top) / max(1, len(self.labels))
        for index, (label, value) in enumerate(zip(self.labels, self.values, strict=True)):
            y = top + index * row
            text_rect = QRectF(area.left() + MARGIN, y, label_width - 8, row)
            painter.setPen(QColor("#222222"))
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            bar = QRectF(left, y + row * 0.15, width * value / highest, row * 0.7)
            painter.fillRect(
                bar, QColor(self.colours[index] if index < len(self.colours) else "#4477AA")
            )
            painter.drawText(
                QRectF(bar.right() + 4, y, value_width, row),
                Qt.AlignmentFlag.AlignVCenter,
                f"{value:g}",
            )


@dataclass(frozen=True)
class HeatMap:
    """A square matrix of counts, shaded from white to ``colour``; numbers in the cells."""

    title: str
    labels: Sequence[str]
    cells: Sequence[Sequence[int]]
    colour: str = "#332288"

    def size(self) -> QSize:
        side = 180 + 34 * max(1, len(self.labels))
        return QSize(side + 80, side + 40)

    def geometry(self, font: QFont, area: QRectF) -> tuple[float, float, float]:
        """Left and top of the grid and the side of one cell, for text in ``font``."""
        metrics = QFontMetricsF(font)
        label_width = max((metrics.horizontalAdvance(t) for t in self.labels), default=0) + 10
        top = area.top() + MARGIN + metrics.height() + 6 + label_width
        left = area.left() + MARGIN + label_width
        count = max(1, len(self.labels))
        cell = max(
            4.0, min((area.right() - MARGIN - left) / count, (area.bottom() - MARGIN - top) / count)
        )
        return left, top, cell

    def cell_at(self, font: QFont, area: QRectF, point: QPointF) -> tuple[int, int] | None:
        left, top, cell = self.geometry(font, area)
        column = int((point.x() - left) // cell)
        row = int((point.y() - top) // cell)
        count = len(self.labels)
        if point.x() >= left and point.y() >= top and row < count and column < count:
            return row, column
        return None

    def paint(self, painter: QPainter, area: QRectF) -> None:
        _title(painter, area, self.title)
        left, top, cell = self.geometry(painter.font(), area)
        off_diagonal = [v for r, row in enumerate(self.cells) for c, v in enumerate(row) if r != c]
        highest = max(off_diagonal, default=0) or 1
        base = QColor(self.colour)
        for r, label in enumerate(self.labels):
            y = top + r * cell
            painter.setPen(QColor("#222222"))
            painter.drawText(
                QRectF(area.left() + MARGIN, y, left - area.left() - MARGIN - 6, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            painter.save()
            painter.translate(left + r * cell + cell / 2, top - 6)
            painter.rotate(-90)
            painter.drawText(QPointF(0, QFontMetricsF(painter.font()).ascent() / 2 - 2), label)
            painter.restore()
            for c, value in enumerate(self.cells[r]):
                rect = QRectF(left + c * cell, y, cell, cell)
                if r == c:
                    shade = QColor("#DDDDDD")
                else:
                    shade = QColor(base)
                    shade.setAlphaF(0.08 + 0.92 * value / highest if value else 0.0)
                painter.fillRect(rect, QColor("white"))
                painter.fillRect(rect, shade)
                painter.setPen(QPen(QColor("#BBBBBB"), 0.5))
                painter.drawRect(rect)
                dark = r != c and value / highest > 0.55
                painter.setPen(QColor("white" if dark else "#222222"))
                if cell >= 16:
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(value))


@dataclass(frozen=True)
class Codeline:
    """One document's codes along its text: a row per code, a bar per segment."""

    title: str
    length: int
    rows: Sequence[tuple[str, str, Sequence[Span]]]  # label, colour, spans

    def size(self) -> QSize:
        return QSize(960, int(80 + 24 * max(1, len(self.rows))))

    def paint(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetricsF(painter.font())
        top = _title(painter, area, self.title)
        label_width = max((metrics.horizontalAdvance(t) for t, _, _ in self.rows), default=0) + 8
        left = area.left() + MARGIN + label_width
        width = max(10.0, area.right() - MARGIN - left)
        bottom = area.bottom() - MARGIN - metrics.height()
        row = (bottom - top) / max(1, len(self.rows))
        scale = width / max(1, self.length)
        for index, (label, colour, spans) in enumerate(self.rows):
            y = top + index * row
            painter.setPen(QColor("#222222"))
            painter.drawText(
                QRectF(area.left() + MARGIN, y, label_width - 8, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            painter.fillRect(QRectF(left, y + row / 2 - 0.5, width, 1), QColor("#DDDDDD"))
            for start, end in spans:
                painter.fillRect(
                    QRectF(
                        left + start * scale,
                        y + row * 0.2,
                        max(1.0, (end - start) * scale),
                        row * 0.6,
                    ),
                    QColor(colour),
                )
        painter.setPen(QColor("#555555"))
        painter.drawText(QPointF(left, bottom + metrics.ascent()), "0")
        end_label = f"{self.length} characters"
        painter.drawText(
            QPointF(left + width - metrics.horizontalAdvance(end_label), bottom + metrics.ascent()),
            end_label,
        )


Chart = BarChart | HeatMap | Codeline


def _title(painter: QPainter, area: QRectF, title: str) -> float:
    """Draw the title; return the y where the chart's body starts."""
    metrics = QFontMetricsF(painter.font())
    if not title:
        return area.top() + MARGIN + metrics.height() + 6
    font = QFont(painter.font())
    font.setBold(True)
    painter.save()
    painter.setFont(font)
    painter.setPen(QColor("#222222"))
    painter.drawText(QPointF(area.left() + MARGIN, area.top() + MARGIN + metrics.ascent()), title)
    painter.restore()
    return area.top() + MARGIN + metrics.height() + 6


def chart_bytes(chart: Chart, kind: str) -> bytes:
    """The chart as PNG or SVG bytes. Needs a Qt GUI application."""
    if QGuiApplication.instance() is None:
        raise AnnotatorError("charts need a Qt application")
    size = chart.size()
    whole = QRectF(0, 0, size.width(), size.height())
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if kind == "png":
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        chart.paint(painter, whole)
        painter.end()
        image.save(buffer, "PNG")  # type: ignore[call-overload]
    else:
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setViewBox(whole)
        generator.setTitle(chart.title)
        painter = QPainter(generator)
        painter.fillRect(whole, QColor("white"))
        chart.paint(painter, whole)
        painter.end()
    buffer.close()
    return bytes(data.data())


def save_chart(chart: Chart, path: Path) -> None:
    """Write the chart as PNG or SVG (by the file's suffix), atomically."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise AnnotatorError(f"{path.name}: charts are saved as .png or .svg")
    payload = chart_bytes(chart, kind)
    with atomic_write_bytes(path) as handle:
        handle.write(payload)


class ChartView(QWidget):
    """Shows one chart, scaled to the widget."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(300, 200)

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        if chart is not None:
            self.setMinimumSize(chart.size().boundedTo(QSize(900, 700)))
        self.update()

    def area(self) -> QRectF:
        return QRectF(0, 0, self.width(), self.height())

    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.chart is not None:
            self.chart.paint(painter, self.area())
        painter.end()


def start_offscreen_application() -> None:
    """A Qt application for drawing charts from the command line, with or without a display."""
    import os

    from PySide6.QtWidgets import QApplication

    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QApplication(["annotator"])
