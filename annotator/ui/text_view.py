"""The article text: read-only, selectable, with coding highlights and a margin of stripes.

This widget is the boundary between Qt's UTF-16 positions and Annotator's code-point offsets:
every position that enters or leaves it is converted with the document's
:class:`~annotator.core.offsets.Utf16Index`, and nowhere else in the UI.

Highlights are painted only for the lines on screen: at open, the codings are cut into
pieces at their boundaries once (O(M log M)), and each paint finds the pieces of the visible
lines by binary search and fills their rectangles behind the text, which Qt then draws once.
Adding or removing a coding updates the pieces it spans and repaints. Opening a densely coded
document therefore costs about linear time in its codings, and scrolling costs only what is
visible. In lines with right-to-left text each character's rectangle is taken from Qt's
layout, so highlights follow the visual order.

The selected coding is what the user is looking at: the coding exactly selected, else the
one the caret or selection is in (the shortest, when several cover it), so that Del, Ctrl+M
and Ctrl+R act on it whether the caret got there by mouse, keyboard or Find. Right-to-left
paragraphs are aligned to the right (:class:`ReadingLayout`). That layout is written in
Python, and Qt asks it for block rectangles on every caret, click, hover and paint, which
makes those three to six times slower; so a document is shown with it only when its text holds
a right-to-left character (:func:`~annotator.core.bidi.has_right_to_left`, one scan per
document), and with Qt's own plain-text layout otherwise, which places left-to-right text
exactly as :class:`ReadingLayout` does.

Signals:
    selection_changed(int, int): the selection (or the caret) as code points ``[start, end)``.
    coding_clicked(int): a coding was clicked in the text (0: none).
    selected_coding_changed(int): the selected coding changed (0: none).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import cast

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit, QToolTip, QWidget

from annotator.core.bidi import has_right_to_left
from annotator.core.coverage import Coverage, free_lane, lanes, shortest_first
from annotator.core.find import find_spans
from annotator.core.model import Coding
from annotator.core.offsets import Utf16Index
from annotator.ui.reading_layout import ReadingLayout, swap_layout
from annotator.ui.stripe_margin import StripeMargin
from annotator.ui.text_geometry import MATCH_BRUSH, MATCH_LINE, BlockGeometry, BlockRects, blend

STRIPE_WIDTH = 5
STRIPE_GAP = 2
MAX_LANES = 10
MARGIN_PAD = 6
LINE_REACH = 200  # more characters than any line of the reading view holds


class CodingTextView(QPlainTextEdit):
    selection_changed = Signal(int, int)
    coding_clicked = Signal(int)
    selected_coding_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setAccessibleName("Document text")
        self._index = Utf16Index("")
        self._text = ""
        self._codings: dict[int, Coding] = {}
        self._colours: Mapping[int, QColor] = {}
        self._describe: Callable[[Coding], str] = lambda coding: ""
        self._pieces = Coverage()
        self._looks: dict[tuple[tuple[int, ...], bool], tuple[QBrush, QColor | None]] = {}
        self._match_ends: list[int] = []
        self._line_rects: dict[tuple[int, int], list[tuple[QRectF, QBrush, QColor | None]]] = {}
        self._lanes: dict[int, int] = {}
        self._lane_key: Callable[[Coding], int] | None = None
        self._lane_count = 0
        self._selected = 0
        self._matches: list[tuple[int, int]] = []
        self._current_match = -1
        self._margin = StripeMargin(self)
        self._following = True
        self._cursor_width = 2
        # Qt's own layout until a document with right-to-left text comes (see _use_layout).
        self._layout = cast(QPlainTextDocumentLayout, self.document().documentLayout())
        self.document().setUndoRedoEnabled(False)
        self._apply_reading_style()
        self.updateRequest.connect(self._on_update_request)
        self.cursorPositionChanged.connect(self._caret_moved)
        self.selectionChanged.connect(self._caret_moved)
        self._update_margin_width()

    # -- content -------------------------------------------------------------------------------

    def set_document(self, text: str, codings: Sequence[Coding]) -> None:
        """Show a new text with its codings (offsets in code points)."""
        self._text = text
        self._index = Utf16Index(text)
        self._codings = {}
        self._pieces = Coverage()
        self.blockSignals(True)
        self._use_layout(right_to_left=has_right_to_left(text))
        self.setPlainText(text)
        self.blockSignals(False)
        self._matches = []
        self._match_ends = []
        self._current_match = -1
        self._set_selected(0)
        self.set_codings(codings)
        self._emit_selection()

    def _use_layout(self, *, right_to_left: bool) -> None:
        """Lay the next text out with :class:`ReadingLayout` or with Qt's own layout.

        See :func:`~annotator.ui.reading_layout.swap_layout`.
        """
        if isinstance(self._layout, ReadingLayout) != right_to_left:
            self._layout = swap_layout(self, right_to_left=right_to_left)
            self.setCursorWidth(self._cursor_width)  # kept in the layout: set again

    def uses_reading_layout(self) -> bool:
        """Whether the shown document is laid out by :class:`ReadingLayout` (it has RTL text)."""
        return isinstance(self._layout, ReadingLayout)

    def set_lane_key(self, key: Callable[[Coding], int] | None) -> None:
        """Put each coding's stripe in a fixed lane (e.g. one per coder) instead of packing."""
        self._lane_key = key

    def set_painting(
        self, colours: Mapping[int, QColor], describe: Callable[[Coding], str]
    ) -> None:
        """Colours by code id, and how to describe a coding in a stripe's tooltip."""
        self._colours = colours
        self._describe = describe
        self._looks.clear()
        self._refresh()

    def set_codings(self, codings: Sequence[Coding]) -> None:
        """Replace the codings drawn over the current text."""
        self._codings = {c.id: c for c in codings}
        self._pieces = Coverage(codings)
        key = self._lane_key
        self._lanes = {c.id: key(c) for c in codings} if key else lanes(codings, self._extent)
        if self._selected not in self._codings:
            self._set_selected(0)
        self._lanes_changed()

    def add_coding(self, coding: Coding) -> None:
        """Draw one more coding (touches only the text it covers)."""
        if coding.id in self._codings:
            self.remove_coding(coding.id)
        self._codings[coding.id] = coding
        self._pieces.add(coding)
        if self._lane_key is not None:
            self._lanes[coding.id] = self._lane_key(coding)
        else:
            sharing = self._pieces.ids_between(*self._extent(coding))
            self._lanes[coding.id] = free_lane(self._lanes[i] for i in sharing if i in self._lanes)
        self._lanes_changed(coding.start, coding.end)

    def remove_coding(self, coding_id: int) -> None:
        coding = self._codings.pop(coding_id, None)
        if coding is None:
            return
        self._pieces.remove(coding)
        self._lanes.pop(coding_id, None)
        if self._selected == coding_id:
            self._set_selected(0)
        self._lanes_changed(coding.start, coding.end)

    def _lanes_changed(self, start: int | None = None, end: int | None = None) -> None:
        count = min(MAX_LANES, max(self._lanes.values(), default=-1) + 1)
        if count != self._lane_count:
            self._lane_count = count
            self._update_margin_width()
            start = end = None
        self._refresh(start, end)

    def text(self) -> str:
        return self._text

    def codings(self) -> list[Coding]:
        return list(self._codings.values())

    def codings_by_id(self, ids: Sequence[int]) -> list[Coding]:
        return [self._codings[i] for i in ids if i in self._codings]

    # -- selection in code points ----------------------------------------------------------------

    def selection(self) -> tuple[int, int]:
        cursor = self.textCursor()
        return self._index.span_to_codepoint(cursor.selectionStart(), cursor.selectionEnd())

    def select_codepoints(self, start: int, end: int) -> None:
        """Select ``[start, end)`` given in code points, and show it."""
        u_start, u_end = self._index.span_to_utf16(start, end)
        cursor = self.textCursor()
        cursor.setPosition(u_start)
        cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def selected_coding(self) -> int:
        return self._selected

    def select_coding(self, coding_id: int, *, scroll: bool = True) -> None:
        """Mark one coding as selected (0 for none) and, optionally, scroll to it."""
        previous = self._codings.get(self._selected)
        self._set_selected(coding_id if coding_id in self._codings else 0)
        if previous is not None:
            self._refresh(previous.start, previous.end)
        if self._selected:
            coding = self._codings[self._selected]
            if scroll:
                cursor = self.textCursor()
                cursor.setPosition(self._index.to_utf16(coding.start))
                self._following = False  # the caret goes to the coding, not the other way
                self.setTextCursor(cursor)
                self._following = True
                self.centerCursor()
            self._refresh(coding.start, coding.end)

    def _set_selected(self, coding_id: int) -> None:
        if coding_id != self._selected:
            self._selected = coding_id
            self.selected_coding_changed.emit(coding_id)

    def coding_in_view(self, start: int, end: int) -> int:
        """The coding the user is looking at with ``[start, end)`` selected (0: none).

        The coding exactly selected; else the selected coding if it still holds the caret or
        meets the selection; else the shortest coding there.
        """
        exact = [i for i in self._pieces.ids_between(start, max(end, start + 1))
                 if (self._codings[i].start, self._codings[i].end) == (start, end)]  # fmt: skip
        if exact:
            return min(exact)
        current = self._codings.get(self._selected)
        if (
            current is not None
            and current.start <= start
            and (start < current.end if start == end else current.start < end)
        ):
            return current.id
        covering = self.codings_at(start) if start == end else self._pieces.ids_between(start, end)
        return shortest_first(covering, self._length_of)[0] if covering else 0

    def _caret_moved(self) -> None:
        self._emit_selection()
        if not self._following:
            return
        chosen = self.coding_in_view(*self.selection())
        if chosen != self._selected:
            self.select_coding(chosen, scroll=False)

    def codings_at(self, position: int) -> tuple[int, ...]:
        """Codings covering the character at ``position`` (code points), shortest first."""
        return shortest_first(self._pieces.at(position), self._length_of)

    def _length_of(self, coding_id: int) -> int:
        coding = self._codings[coding_id]
        return coding.end - coding.start

    def position_at(self, point: QPoint) -> int:
        """Code-point position of the character at a viewport point."""
        return self._index.to_codepoint(self.cursorForPosition(point).position())

    def utf16_span(self, start: int, end: int) -> tuple[int, int]:
        """For tests and drawing: a code-point span as Qt positions."""
        return self._index.span_to_utf16(start, end)

    def _emit_selection(self) -> None:
        self.selection_changed.emit(*self.selection())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        covering = self.codings_at(self.position_at(event.position().toPoint()))
        chosen = covering[0] if covering else 0
        self.select_coding(chosen, scroll=False)
        self.coding_clicked.emit(chosen)

    def viewportEvent(self, event: QEvent) -> bool:
        """Hovering over coded text names its codes (the stripes say more)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, point: QPoint) -> str:
        """The codes of the codings under a viewport point, one per line, shortest first."""
        cursor = self.cursorForPosition(point)
        if not self.cursorRect(cursor).adjusted(-12, -2, 12, 2).contains(point):
            return ""  # beyond the end of a line
        ids = self.codings_at(self.position_at(point))
        return "\n".join(self._describe(self._codings[i]).split("\n")[0] for i in ids)

    # -- find ----------------------------------------------------------------------------------

    def find_all(self, needle: str, case_sensitive: bool = False) -> int:
        """Highlight every match of ``needle``; return how many there are.

        A space in ``needle`` matches any space (the no-break spaces of news text too). When
        nothing matches, the selection is dropped, so the next code key cannot code a span
        the user no longer sees.
        """
        self._matches = find_spans(self._text, needle, case_sensitive=case_sensitive)
        self._current_match = -1
        self._match_ends = [end for _, end in self._matches]
        if needle and not self._matches and self.textCursor().hasSelection():
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
        self._refresh()
        return len(self._matches)

    def find_next(self, backwards: bool = False) -> tuple[int, int] | None:
        if not self._matches:
            return None
        step = -1 if backwards else 1
        self._current_match = (self._current_match + step) % len(self._matches)
        start, end = self._matches[self._current_match]
        self.select_codepoints(start, end)
        return start, end

    def matches(self) -> list[tuple[int, int]]:
        return list(self._matches)

    def match_position(self) -> tuple[int, int]:
        """(the match last gone to, 0-based, or -1 for none; how many matches there are)."""
        return self._current_match, len(self._matches)

    # -- drawing -------------------------------------------------------------------------------

    def margin_width(self) -> int:
        lanes_shown = max(1, self._lane_count)
        return MARGIN_PAD * 2 + lanes_shown * (STRIPE_WIDTH + STRIPE_GAP)

    def tooltip_for(self, coding_id: int) -> str:
        coding = self._codings.get(coding_id)
        return self._describe(coding) if coding else ""

    def _refresh(self, start: int | None = None, end: int | None = None) -> None:
        """Repaint; forget the cached rectangles of ``[start, end)`` (all when not given)."""
        if start is None or end is None:
            self._line_rects.clear()
            self.viewport().update()
            self._margin.update()
            return
        u_start, u_end = self._index.span_to_utf16(start, end)
        block = self.document().findBlock(u_start)
        while block.isValid() and block.position() <= u_end:
            self._forget_lines(block, u_start - block.position(), u_end - block.position())
            block = block.next()
        # Repaint just those lines: redrawing a whole page of dense text costs far more.
        top = self._y_of(start, bottom=False)
        bottom = self._y_of(end, bottom=True)
        height = self.viewport().height()
        if bottom < 0 or top > height:
            return
        band = QRect(0, int(top) - 1, self.viewport().width(), int(bottom - top) + 3)
        self.viewport().update(band)
        self._margin.update(QRect(0, band.top(), self._margin.width(), band.height()))

    def _forget_lines(self, block: QTextBlock, start: int, end: int) -> None:
        """Drop the cached rectangles of the block's lines that meet ``[start, end)``."""
        number = block.blockNumber()
        layout = block.layout()
        count = layout.lineCount() if layout is not None else 0
        for line in range(count):
            text_line = layout.lineAt(line)
            line_start = text_line.textStart()
            if line_start < end + 1 and start <= line_start + text_line.textLength() + 1:
                self._line_rects.pop((number, line), None)
        if count == 0:
            for key in [k for k in self._line_rects if k[0] == number]:
                del self._line_rects[key]

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._margin.scroll(0, dy)
        else:
            self._margin.update(0, rect.y(), self._margin.width(), rect.height())

    # -- painting the highlights -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        for rect, brush, underline in self.highlight_rects(event.rect()):
            painter.fillRect(rect, brush)
            if underline is not None:
                painter.fillRect(QRectF(rect.left(), rect.bottom() - 2, rect.width(), 2), underline)
        painter.end()
        super().paintEvent(event)

    def highlighted_spans(self) -> list[tuple[int, int, tuple[int, ...]]]:
        """(Qt start, Qt end, coding ids) of every highlighted piece of the visible lines."""
        out = []
        for _, first, last in self._visible_blocks(self.viewport().rect()):
            for piece in self._pieces.between(first, last):
                start, end = max(piece.start, first), min(piece.end, last)
                out.append((*self._index.span_to_utf16(start, end), piece.codings))
        return out

    def highlight_rects(self, area: QRect) -> list[tuple[QRectF, QBrush, QColor | None]]:
        """What :meth:`paintEvent` fills: rectangles of codings and find matches in ``area``.

        Rectangles are kept per line, relative to their block, until the codings or matches
        on that line change (or the layout does), so a repaint after one coding changed
        recomputes only the lines that coding spans.
        """
        out: list[tuple[QRectF, QBrush, QColor | None]] = []
        block_rects = BlockRects(self)
        for block, first, last in self._visible_blocks(area, block_rects):
            number = block.blockNumber()
            layout = block.layout()
            geometry: BlockGeometry | None = None
            top_left = block_rects.of(block).topLeft()
            for line in range(layout.lineCount() if layout is not None else 0):
                cached = self._line_rects.get((number, line))
                if cached is None:
                    geometry = geometry or BlockGeometry(block)
                    cached = self._line_rects[(number, line)] = self._rects_of_line(
                        block, geometry, line, first, last
                    )
                out.extend((rect.translated(top_left), brush, lin) for rect, brush, lin in cached)
        return out

    def _rects_of_line(
        self, block: QTextBlock, geometry: BlockGeometry, line: int, first: int, last: int
    ) -> list[tuple[QRectF, QBrush, QColor | None]]:
        out: list[tuple[QRectF, QBrush, QColor | None]] = []
        base = block.position()
        line_start, line_end = geometry.line_span(line)
        first, last = (
            max(first, self._index.to_codepoint(base + line_start)),
            min(last, self._index.to_codepoint(base + line_end)),
        )
        for piece in self._pieces.between(first, last):
            brush, underline = self._look(piece.codings)
            start, end = max(piece.start, first), min(piece.end, last)
            u_start, u_end = self._index.span_to_utf16(start, end)
            for rect in geometry.rects(u_start - base, u_end - base):
                out.append((rect, brush, underline))
        for m_start, m_end in self._matches_between(first, last):
            start, end = max(m_start, first), min(m_end, last)
            u_start, u_end = self._index.span_to_utf16(start, end)
            for rect in geometry.rects(u_start - base, u_end - base):
                out.append((rect, MATCH_BRUSH, MATCH_LINE))
        return out

    def _visible_blocks(
        self, area: QRect, block_rects: BlockRects | None = None
    ) -> list[tuple[QTextBlock, int, int]]:
        """Blocks meeting ``area`` with their code-point range."""
        out = []
        block = self.firstVisibleBlock()
        block_rects = block_rects or BlockRects(self)
        while block.isValid():
            geometry = block_rects.of(block)
            if geometry.top() > area.bottom():
                break
            if block.isVisible() and geometry.bottom() >= area.top():
                first, last = self._index.span_to_codepoint(
                    block.position(), block.position() + block.length() - 1
                )
                out.append((block, first, last))
            block = block.next()
        return out

    def _look(self, ids: tuple[int, ...]) -> tuple[QBrush, QColor | None]:
        """Background and underline of text covered by ``ids``; cached per combination."""
        ordered = shortest_first(ids, self._length_of)
        key = (tuple(self._codings[i].code_id for i in ordered), self._selected in ids)
        look = self._looks.get(key)
        if look is None:
            grey = QColor("#999999")
            colours = [self._colours.get(code_id, grey) for code_id in key[0]]
            underline = colours[0].darker(170) if len(colours) > 1 else None
            if key[1]:
                underline = self.palette().text().color()
            look = self._looks[key] = (QBrush(blend(colours, selected=key[1])), underline)
        return look

    def _matches_between(self, first: int, last: int) -> list[tuple[int, int]]:
        if not self._matches:
            return []
        low = bisect_right(self._match_ends, first)
        return [m for m in self._matches[low:] if m[0] < last] if low < len(self._matches) else []

    def paint_stripes(self, painter: QPainter, area: QRect) -> list[tuple[QRect, int]]:
        """Draw the stripe of each coding meeting ``area``; return their rectangles."""
        top_point = QPoint(0, max(0, area.top()))
        bottom_point = QPoint(self.viewport().width(), min(area.bottom(), self.viewport().height()))
        first = self.position_at(top_point)
        last = self.position_at(bottom_point)
        line_end = self._text.find("\n", last)
        on_screen = self._pieces.ids_between(
            first, len(self._text) if line_end < 0 else line_end + 1
        )
        rects: list[tuple[QRect, int]] = []
        height = self.viewport().height()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        grey = QColor("#999999")
        block_rects = BlockRects(self)
        for coding_id in sorted(on_screen, key=lambda i: -self._length_of(i)):
            coding = self._codings[coding_id]
            top = self._y_of(coding.start, bottom=False, block_rects=block_rects)
            bottom = self._y_of(coding.end, bottom=True, block_rects=block_rects)
            if bottom < 0 or top > height:
                continue
            lane = min(self._lanes.get(coding_id, 0), MAX_LANES - 1)
            x = MARGIN_PAD + lane * (STRIPE_WIDTH + STRIPE_GAP)
            rect = QRect(x, int(top), STRIPE_WIDTH, max(3, int(bottom - top)))
            colour = self._colours.get(coding.code_id, grey)
            if coding_id == self._selected:
                painter.fillRect(rect.adjusted(-1, -1, 1, 1), self.palette().text())
            painter.fillRect(rect, colour)
            if coding.memo:
                painter.setBrush(self.palette().text())
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(
                    QRectF(x - 0.5, rect.top() - 3, STRIPE_WIDTH + 1, STRIPE_WIDTH + 1)
                )
            rects.append((rect, coding_id))
        return rects

    def _y_of(self, position: int, *, bottom: bool, block_rects: BlockRects | None = None) -> float:
        """Viewport y of a code-point position (top of its line, or bottom)."""
        utf16 = self._index.to_utf16(position)
        if bottom and utf16 > 0:
            utf16 -= 1
        block = self.document().findBlock(utf16)
        if not block.isValid():
            return float(self.viewport().height())
        geometry = (block_rects or BlockRects(self)).of(block)
        layout = block.layout()
        line = layout.lineForTextPosition(utf16 - block.position()) if layout else None
        if line is None or not line.isValid():
            return geometry.bottom() if bottom else geometry.top()
        y = geometry.top() + line.y()
        return y + line.height() if bottom else y

    def _update_margin_width(self) -> None:
        self.setViewportMargins(self.margin_width(), 0, 0, 0)
        rect = self.contentsRect()
        self._margin.setGeometry(QRect(rect.left(), rect.top(), self.margin_width(), rect.height()))

    def _extent(self, coding: Coding) -> tuple[int, int]:
        """The text a coding's stripe may share lines with: its paragraph, near the coding.

        A stripe spans whole lines, so codings on one line must not share a stripe column.
        A line holds far fewer than :data:`LINE_REACH` characters; looking no further keeps
        codings far apart in one long paragraph free to share a column.
        """
        text = self._text
        low = max(0, coding.start - LINE_REACH)
        before = text.rfind("\n", low, coding.start)
        high = min(len(text), coding.end + LINE_REACH)
        after = text.find("\n", max(coding.start, coding.end - 1), high)
        return (before + 1 if before >= 0 else low), (after if after >= 0 else high)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margin_width()
        self._line_rects.clear()

    def _apply_reading_style(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.5))
        self.setFont(font)
        self.document().setDocumentMargin(18)
        option = self.document().defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.setCursorWidth(self._cursor_width)

    def margin(self) -> StripeMargin:
        return self._margin
