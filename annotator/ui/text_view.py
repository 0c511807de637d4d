"""The article text: read-only, selectable, with coding highlights and a margin of stripes.

This widget is the boundary between Qt's UTF-16 positions and Annotator's code-point offsets:
every position that enters or leaves it is converted with the document's
:class:`~annotator.core.offsets.Utf16Index`, and nowhere else in the UI.

Highlights are drawn only for the part of the text on screen: at open, the codings are cut
into pieces at their boundaries once (O(M log M)); on each scroll the pieces meeting the
visible range are found by binary search and handed to Qt as extra selections. Opening a
densely coded document therefore costs about linear time in its codings, and scrolling costs
only what is visible.

Signals:
    selection_changed(int, int): the selection as code points ``[start, end)``.
    coding_clicked(int): a coding was clicked in the text (0: none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotator.core.coverage import Piece, PieceIndex, lanes, pieces
from annotator.core.model import Coding
from annotator.core.offsets import Utf16Index

STRIPE_WIDTH = 5
STRIPE_GAP = 2
MAX_LANES = 10
MARGIN_PAD = 6


@dataclass(frozen=True)
class CodingStyle:
    """How one coding is drawn and described."""

    color: QColor
    tooltip: str
    has_memo: bool


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
        self._rects = self._view.paint_stripes(painter, self.width())
        painter.end()


class CodingTextView(QPlainTextEdit):
    selection_changed = Signal(int, int)
    coding_clicked = Signal(int)

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
        self._styles: dict[int, CodingStyle] = {}
        self._pieces = PieceIndex([])
        self._lanes: dict[int, int] = {}
        self._lane_count = 0
        self._selected = 0
        self._matches: list[tuple[int, int]] = []
        self._current_match = -1
        self._shown_range: tuple[int, int] | None = None
        self._margin = StripeMargin(self)
        self._apply_reading_style()
        self.updateRequest.connect(self._on_update_request)
        self.selectionChanged.connect(self._emit_selection)
        self._update_margin_width()

    # -- content -------------------------------------------------------------------------------

    def set_document(
        self, text: str, codings: Sequence[Coding], styles: Mapping[int, CodingStyle]
    ) -> None:
        """Show a new text with its codings (offsets in code points)."""
        self._text = text
        self._index = Utf16Index(text)
        self.setPlainText(text)
        self._matches = []
        self._current_match = -1
        self._selected = 0
        self.set_codings(codings, styles)

    def set_codings(self, codings: Sequence[Coding], styles: Mapping[int, CodingStyle]) -> None:
        """Replace the codings drawn over the current text."""
        self._codings = {c.id: c for c in codings}
        self._styles = dict(styles)
        self._pieces = PieceIndex(pieces(codings))
        self._lanes = lanes(codings)
        self._lane_count = min(MAX_LANES, max(self._lanes.values(), default=-1) + 1)
        if self._selected not in self._codings:
            self._selected = 0
        self._update_margin_width()
        self._refresh()

    def text(self) -> str:
        return self._text

    def codings(self) -> list[Coding]:
        return list(self._codings.values())

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
        self._selected = coding_id if coding_id in self._codings else 0
        if self._selected and scroll:
            coding = self._codings[self._selected]
            cursor = self.textCursor()
            cursor.setPosition(self._index.to_utf16(coding.start))
            self.setTextCursor(cursor)
            self.centerCursor()
        self._refresh()

    def codings_at(self, position: int) -> tuple[int, ...]:
        """Codings covering the character at ``position`` (code points), shortest first."""
        return self._pieces.at(position)

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

    # -- find ----------------------------------------------------------------------------------

    def find_all(self, needle: str, case_sensitive: bool = False) -> int:
        """Highlight every match of ``needle``; return how many there are."""
        self._matches = []
        self._current_match = -1
        if needle:
            haystack = self._text if case_sensitive else self._text.casefold()
            wanted = needle if case_sensitive else needle.casefold()
            if len(haystack) == len(self._text):
                position = haystack.find(wanted)
                while position >= 0:
                    self._matches.append((position, position + len(needle)))
                    position = haystack.find(wanted, position + max(1, len(needle)))
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

    # -- drawing -------------------------------------------------------------------------------

    def margin_width(self) -> int:
        lanes_shown = max(1, self._lane_count)
        return MARGIN_PAD * 2 + lanes_shown * (STRIPE_WIDTH + STRIPE_GAP)

    def tooltip_for(self, coding_id: int) -> str:
        style = self._styles.get(coding_id)
        return style.tooltip if style else ""

    def visible_range(self) -> tuple[int, int]:
        """Code points shown in the viewport, with a screen's margin either side."""
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        first = block.position()
        last = first
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > height * 2:
                break
            last = block.position() + block.length()
            block = block.next()
        span = max(1, last - first)
        start = max(0, first - span)
        end = min(self._index.length_utf16, last + span)
        return self._index.span_to_codepoint(start, end)

    def _refresh(self) -> None:
        self._shown_range = None
        self._update_highlights()
        self._margin.update()

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._margin.scroll(0, dy)
        else:
            self._margin.update(0, rect.y(), self._margin.width(), rect.height())
        self._update_highlights()

    def _update_highlights(self) -> None:
        shown = self.visible_range()
        if shown == self._shown_range:
            return
        self._shown_range = shown
        selections = [self._piece_selection(p) for p in self._pieces.between(*shown)]
        selections.extend(self._match_selections(*shown))
        self.setExtraSelections(selections)

    def _piece_selection(self, piece: Piece) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        u_start, u_end = self._index.span_to_utf16(piece.start, piece.end)
        cursor.setPosition(u_start)
        cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        colours = [self._styles[i].color for i in piece.codings if i in self._styles]
        if colours:
            fmt.setBackground(_blend(colours, selected=self._selected in piece.codings))
        if len(piece.codings) > 1:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colours[0].darker(160) if colours else QColor("gray"))
        if self._selected in piece.codings:
            fmt.setFontWeight(QFont.Weight.DemiBold)
        fmt.setProperty(QTextFormat.Property.UserProperty, list(piece.codings))
        selection.format = fmt
        return selection

    def _match_selections(self, start: int, end: int) -> list[QTextEdit.ExtraSelection]:
        out = []
        highlight = QColor(self.palette().highlight().color())
        for index, (m_start, m_end) in enumerate(self._matches):
            if m_end <= start or m_start >= end:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            u_start, u_end = self._index.span_to_utf16(m_start, m_end)
            cursor.setPosition(u_start)
            cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(highlight)
            colour = QColor("#FFD54F")
            colour.setAlpha(230 if index == self._current_match else 150)
            fmt.setBackground(colour)
            fmt.setForeground(QColor("black"))
            selection.format = fmt
            out.append(selection)
        return out

    def paint_stripes(self, painter: QPainter, width: int) -> list[tuple[QRect, int]]:
        """Draw the stripe of each coding on screen; return their rectangles."""
        shown = self.visible_range()
        on_screen: set[int] = set()
        for piece in self._pieces.between(*shown):
            on_screen.update(piece.codings)
        rects: list[tuple[QRect, int]] = []
        height = self.viewport().height()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for coding_id in sorted(
            on_screen, key=lambda i: -self._codings[i].end + self._codings[i].start
        ):
            coding = self._codings[coding_id]
            style = self._styles.get(coding_id)
            if style is None:
                continue
            top = self._y_of(coding.start, bottom=False)
            bottom = self._y_of(coding.end, bottom=True)
            if bottom < 0 or top > height:
                continue
            lane = min(self._lanes.get(coding_id, 0), MAX_LANES - 1)
            x = MARGIN_PAD + lane * (STRIPE_WIDTH + STRIPE_GAP)
            rect = QRect(x, int(top), STRIPE_WIDTH, max(3, int(bottom - top)))
            colour = QColor(style.color)
            if coding_id == self._selected:
                painter.fillRect(rect.adjusted(-1, -1, 1, 1), self.palette().text())
            painter.fillRect(rect, colour)
            if style.has_memo:
                painter.setBrush(self.palette().text())
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(
                    QRectF(x - 0.5, rect.top() - 3, STRIPE_WIDTH + 1, STRIPE_WIDTH + 1)
                )
            rects.append((rect, coding_id))
        return rects

    def _y_of(self, position: int, *, bottom: bool) -> float:
        """Viewport y of a code-point position (top of its line, or bottom)."""
        utf16 = self._index.to_utf16(position)
        if bottom and utf16 > 0:
            utf16 -= 1
        block = self.document().findBlock(utf16)
        if not block.isValid():
            return float(self.viewport().height())
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margin_width()
        self._shown_range = None
        self._update_highlights()

    def _apply_reading_style(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.5))
        self.setFont(font)
        self.document().setDocumentMargin(18)
        option = self.document().defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.setCursorWidth(2)

    def margin(self) -> StripeMargin:
        return self._margin


def _blend(colours: Sequence[QColor], *, selected: bool) -> QColor:
    """One translucent background for the codings covering a piece (averaged colours)."""
    red = sum(c.red() for c in colours) // len(colours)
    green = sum(c.green() for c in colours) // len(colours)
    blue = sum(c.blue() for c in colours) // len(colours)
    alpha = 110 + min(60, 30 * (len(colours) - 1))
    if selected:
        alpha = 220
    return QColor(red, green, blue, alpha)
