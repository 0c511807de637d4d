"""Where text sits on screen: rectangles of spans in a laid-out block, and highlight colours.

Used by the text view to turn code-point spans (already converted to the block's UTF-16
positions) into rectangles that follow the visual order of right-to-left runs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QTextBlock, QTextLine
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.bidi import block_class

MATCH_BRUSH = QBrush(QColor(255, 213, 79, 170))
MATCH_LINE = QColor(160, 120, 0)
_RTL_CHARS = block_class()
_RTL = re.compile(f"[{_RTL_CHARS}]")
# Right-to-left words with the spaces and marks between them, which the bidi algorithm lays
# out as one right-to-left run.
_RTL_RUN = re.compile(f"[{_RTL_CHARS}]+(?:[\\s\u00a0.,;:!?()\\-]+[{_RTL_CHARS}]+)*")


class BlockRects:
    """Viewport rectangles of blocks during one paint, each asked of Qt once.

    Qt finds a block's rectangle by walking the blocks from the first visible one and asking
    the document layout for each; with a layout written in Python (the right-to-left
    alignment) that walk is slow, and one paint asks for the same few blocks thousands of
    times (two per stripe). Nothing scrolls or lays out anew during a paint.
    """

    def __init__(self, view: QPlainTextEdit) -> None:
        self._view = view
        self._offset = view.contentOffset()
        self._rects: dict[int, QRectF] = {}

    def of(self, block: QTextBlock) -> QRectF:
        number = block.blockNumber()
        rect = self._rects.get(number)
        if rect is None:
            rect = self._view.blockBoundingGeometry(block).translated(self._offset)
            self._rects[number] = rect
        return rect


class BlockGeometry:
    """Where the text of one laid-out block sits, for turning spans into rectangles.

    Positions are in visual order only within a run of one writing direction, so a span is
    cut at the block's direction changes and each run's rectangle spans the leading edge of its
    first character to the trailing edge of its last: two layout queries per run, however long.
    Lines and direction runs are looked up once per block, then found by binary search.
    """

    def __init__(self, block: QTextBlock) -> None:
        layout = block.layout()
        count = layout.lineCount() if layout is not None else 0
        self._lines = [layout.lineAt(i) for i in range(count)] if layout is not None else []
        self._line_starts = [line.textStart() for line in self._lines]
        text = block.text()
        runs = [(m.start(), m.end()) for m in _RTL_RUN.finditer(text)] if _RTL.search(text) else []
        self._rtl_starts = [r[0] for r in runs]
        self._rtl_ends = [r[1] for r in runs]

    def line_span(self, line: int) -> tuple[int, int]:
        """Block positions ``[start, end)`` of one line."""
        text_line = self._lines[line]
        return text_line.textStart(), text_line.textStart() + text_line.textLength()

    def rects(self, start: int, end: int) -> list[QRectF]:
        """Rectangles (relative to the block) covering block positions ``[start, end)``."""
        rects: list[QRectF] = []
        if end <= start or not self._lines:
            return rects
        number = max(0, bisect_right(self._line_starts, start) - 1)
        while number < len(self._lines) and self._line_starts[number] < end:
            line = self._lines[number]
            a = max(start, line.textStart())
            b = min(end, line.textStart() + line.textLength())
            number += 1
            if b <= a:
                continue
            for r_start, r_end in self._runs(a, b):
                x1 = _x(line, r_start, _LEADING)
                x2 = _x(line, r_end - 1, _TRAILING)
                left, right = min(x1, x2), max(x1, x2)
                rects.append(QRectF(left, line.y(), max(1.0, right - left), line.height()))
        return rects

    def _runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """``[start, end)`` cut where the writing direction changes."""
        if not self._rtl_starts:
            return [(start, end)]
        runs: list[tuple[int, int]] = []
        position = start
        index = bisect_right(self._rtl_ends, start)
        while index < len(self._rtl_starts) and self._rtl_starts[index] < end:
            r_start, r_end = max(self._rtl_starts[index], start), min(self._rtl_ends[index], end)
            if r_start > position:
                runs.append((position, r_start))
            runs.append((r_start, r_end))
            position = r_end
            index += 1
        if position < end:
            runs.append((position, end))
        return runs


_LEADING = QTextLine.Edge.Leading
_TRAILING = QTextLine.Edge.Trailing


def _x(line: QTextLine, position: int, edge: QTextLine.Edge) -> float:
    """x of one edge of the character at ``position`` (PySide also returns the position)."""
    result: tuple[float, int] = line.cursorToX(position, edge)  # type: ignore[assignment]
    return float(result[0])


def blend(colours: Sequence[QColor], *, selected: bool) -> QColor:
    """One translucent background for the codings covering a piece (averaged colours)."""
    red = sum(c.red() for c in colours) // len(colours)
    green = sum(c.green() for c in colours) // len(colours)
    blue = sum(c.blue() for c in colours) // len(colours)
    alpha = 110 + min(60, 30 * (len(colours) - 1))
    if selected:
        alpha = 220
    return QColor(red, green, blue, alpha)
