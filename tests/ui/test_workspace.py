"""The coding workspace driven as a user would: keys, mouse, menus; checked in the database."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import EMOJI_SENTENCE, make_window


def code_id(window: MainWindow, path: str) -> int:
    return next(c.id for c in window._codes.values() if c.path == path)


def select_by_keyboard(qtbot: QtBot, window: MainWindow, needle: str) -> None:
    """Put the caret before ``needle`` and extend the selection with Shift+Right."""
    text = window.text.text()
    start = text.index(needle)
    cursor = window.text.textCursor()
    cursor.setPosition(window.text.utf16_span(start, start)[0])
    window.text.setTextCursor(cursor)
    # The caret moves by grapheme clusters (a ZWJ family, a letter with its accent), and in
    # right-to-left text the key that moves forward is Left, as in every Qt editor.
    rtl = unicodedata.bidirectional(needle[0]) in ("R", "AL")
    key = Qt.Key.Key_Left if rtl else Qt.Key.Key_Right
    for _ in range(len(needle) * 2):
        if window.text.selection()[1] >= start + len(needle):
            break
        qtbot.keyClick(window.text, key, Qt.KeyboardModifier.ShiftModifier)
    assert window.text.selection() == (start, start + len(needle))


def select_by_mouse(qtbot: QtBot, window: MainWindow, start: int, end: int) -> None:
    view = window.text
    u_start, u_end = view.utf16_span(start, end)
    cursor = QTextCursor(view.document())
    cursor.setPosition(u_start)
    begin = view.cursorRect(cursor).center()
    cursor.setPosition(u_end)
    finish = view.cursorRect(cursor).center()
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
    qtbot.mouseMove(viewport, finish)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=finish)


def qt_text(window: MainWindow, start: int, end: int) -> str:
    """The text Qt holds between two of its own (UTF-16) positions."""
    cursor = QTextCursor(window.text.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def stored(path: Path) -> list[tuple[str, str, str, str]]:
    """(document, code path, coder, coded text) of every coding, read from the file."""
    with Project.open(path) as project:
        codes = {c.id: c.path for c in project.codes.all()}
        out = []
        for doc in project.documents.all():
            text = project.documents.text(doc.id)
            for c in project.codings.for_document(doc.id):
                coder = project.coders.get(c.coder_id).name
                out.append((doc.name, codes[c.code_id], coder, text[c.start : c.end]))
        return out


def test_select_and_press_shortcut_stores_coding(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    select_by_keyboard(qtbot, window, "Russian military operations")
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    assert stored(demo_path) == [
        ("000_dc4029054c129186", "Actors/Russia", "alice", "Russian military operations")
    ]
    assert window.codings.model.rowCount() == 1
    assert "Coded 27 characters" in window.statusBar().currentMessage()


def test_emoji_sentence_by_mouse_and_reopen(qtbot: QtBot, tmp_path: Path, hard_path: Path) -> None:
    window = make_window(qtbot, tmp_path, hard_path)
    assert window.text.text() == EMOJI_SENTENCE
    start = EMOJI_SENTENCE.index("agreed")
    select_by_mouse(qtbot, window, start, start + 6)
    assert window.text.textCursor().selectedText() == "agreed"
    assert window.text.selection() == (start, start + 6)
    window.apply_code(code_id(window, "Stance/Agreement"))
    assert stored(hard_path) == [("emoji", "Stance/Agreement", "alice", "agreed")]
    window.close()
    again = make_window(qtbot, tmp_path, hard_path)
    [(u_start, u_end, _)] = again.text.highlighted_spans()
    # Qt counts the emoji as two UTF-16 units; the highlight sits one unit later than code points.
    assert (u_start, u_end) == (start + 1, start + 7)
    assert qt_text(again, u_start, u_end) == "agreed"
    [(rect, _, _)] = again.text.highlight_rects(again.text.viewport().rect())
    word = QTextCursor(again.text.document())
    word.setPosition(u_start)
    left = again.text.cursorRect(word).left()
    assert abs(rect.left() - left) <= 2


def test_hard_scripts_and_crlf(qtbot: QtBot, tmp_path: Path, hard_path: Path) -> None:
    window = make_window(qtbot, tmp_path, hard_path)
    window.show_document(window.documents.model.document_ids()[1])
    text = window.text.text()
    assert "\r" not in text
    for needle in ("👩\u200d👩\u200d👧", "cafe\u0301", "روسيا", "Россия", "שלום"):
        select_by_keyboard(qtbot, window, needle)
        window.apply_code(code_id(window, "Actors/People"))
    coded = [row[3] for row in stored(hard_path)]
    assert sorted(coded) == sorted(["👩\u200d👩\u200d👧", "cafe\u0301", "روسيا", "Россия", "שלום"])


def test_overlapping_codes_stay_distinguishable(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    text = window.text.text()
    start = text.index("Russian military operations")
    window.text.select_codepoints(start, start + 16)
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    window.text.select_codepoints(start + 8, start + 27)
    window.apply_code(code_id(window, "Military action"))
    assert {row[3] for row in stored(demo_path)} == {"Russian military", "military operations"}
    overlap = [(a, b) for a, b, ids in window.text.highlighted_spans() if len(ids) == 2]
    assert [qt_text(window, a, b) for a, b in overlap] == ["military"]
    window.text.select_coding(0)  # the coding just made is selected, and underlined as such
    underlined = [u for _, _, u in window.text.highlight_rects(window.text.viewport().rect()) if u]
    assert len(underlined) == 1
    window.grab()  # paint, so the stripes are laid out
    lanes = {rect.x() for rect, _ in window.text.margin().stripe_rects()}
    assert len(lanes) == 2


def test_click_coding_then_delete_removes_it(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    text = window.text.text()
    start = text.index("White House")
    window.text.select_codepoints(start, start + 11)
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    assert len(stored(demo_path)) == 1
    cursor = QTextCursor(window.text.document())
    cursor.setPosition(window.text.utf16_span(start + 3, start + 3)[0])
    point = window.text.cursorRect(cursor).center() + QPoint(2, 0)
    qtbot.mouseClick(window.text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.text.selected_coding() != 0
    qtbot.keyClick(window.text, Qt.Key.Key_Delete)
    assert stored(demo_path) == []
    assert window.codings.model.rowCount() == 0


def test_undo_redo_round_trip_across_documents(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    first = window.document_id
    select_by_keyboard(qtbot, window, "Josh Earnest")
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    [row] = stored(demo_path)
    qtbot.keyClick(window.text, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.document_id != first
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(demo_path) == []
    assert window.document_id == first
    qtbot.keyClick(
        window.text, Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )  # fmt: skip
    assert stored(demo_path) == [row]
    assert window.codings.model.rowCount() == 1


def test_move_boundaries_by_keyboard(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    text = window.text.text()
    start = text.index("Russian military")
    window.text.select_codepoints(start, start + 7)
    coding = window.apply_code(code_id(window, "Actors/Russia"))
    assert coding is not None
    window.select_coding(coding)
    alt_shift = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    for _ in range(9):
        qtbot.keyClick(window.text, Qt.Key.Key_Right, alt_shift)
    assert stored(demo_path)[0][3] == "Russian military"
    qtbot.keyClick(window.text, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert stored(demo_path)[0][3] == "ussian military"
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(demo_path)[0][3] == "Russian military"
    # Alt+, and Alt+. move the end too, where the window manager takes Shift+Alt+arrows.
    qtbot.keyClick(window.text, Qt.Key.Key_Comma, Qt.KeyboardModifier.AltModifier)
    assert stored(demo_path)[0][3] == "Russian militar"
    qtbot.keyClick(window.text, Qt.Key.Key_Period, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.text, Qt.Key.Key_Period, Qt.KeyboardModifier.AltModifier)
    assert stored(demo_path)[0][3] == "Russian military "


def test_coder_switching_and_view_filter(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    select_by_keyboard(qtbot, window, "Russian military")
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    window.switch_coder("bob")
    assert "bob" in window.status_line.coder.text()
    select_by_keyboard(qtbot, window, "White House")
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    assert sorted(r[2] for r in stored(demo_path)) == ["alice", "bob"]
    window.set_view("mine")
    assert [c.coder_id for c in window.text.codings()] == [window.session.coder.id]  # type: ignore[union-attr]
    assert window.codings.model.rowCount() == 1
    window.set_view("alice")
    assert window.codings.model.index(0, 1).data() == "alice"
    window.set_view("all")
    assert window.codings.model.rowCount() == 2


def test_stripe_hover_shows_code_coder_and_memo(qtbot: QtBot, window: MainWindow) -> None:
    select_by_keyboard(qtbot, window, "White House")
    coding = window.apply_code(code_id(window, "Actors/United States"))
    assert coding is not None
    window.session.update_coding(coding, memo="spokesperson, not the president")  # type: ignore[union-attr]
    window.grab()
    margin = window.text.margin()
    [(rect, stripe)] = margin.stripe_rects()
    assert stripe == coding
    text = margin.tooltip_at(rect.center())
    assert "Actors/United States" in text
    assert "by alice" in text
    assert "spokesperson" in text
    event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), margin.mapToGlobal(rect.center()))
    margin.event(event)
    assert "Actors/United States" in QToolTip.text()


def test_find_highlights_all_matches(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.text, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.field, "Russian")
    expected = window.text.text().count("Russian")
    assert len(window.text.matches()) == expected > 1
    assert window.find_bar.count.text() == f"{expected} matches"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    assert window.text.textCursor().selectedText() == "Russian"


def test_find_shows_which_match_of_how_many(qtbot: QtBot, window: MainWindow) -> None:
    field, count = window.find_bar.field, window.find_bar.count
    qtbot.keyClick(window.text, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert count.text() == ""
    qtbot.keyClicks(field, "russia")
    matches = window.text.matches()
    total = len(matches)
    assert total > 3
    assert count.text() == f"{total} matches"  # highlighted, none gone to yet
    for _ in range(3):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert count.text() == f"3 of {total}"
    assert window.text.selection() == matches[2]
    # Beside the field, on its row, wide enough for its text.
    assert count.isVisible()
    assert count.x() > field.x() + field.width() // 2
    assert count.geometry().top() < field.geometry().center().y() < count.geometry().bottom()
    assert count.width() >= count.fontMetrics().horizontalAdvance(count.text())
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert count.text() == f"2 of {total}"
    assert window.text.selection() == matches[1]
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert count.text() == f"{total} of {total}"  # back past the first: the last
    qtbot.keyClicks(field, "n military")  # the text changes: fewer matches, none gone to
    fewer = len(window.text.matches())
    assert 0 < fewer < total
    assert count.text() == f"{fewer} match{'es' if fewer > 1 else ''}"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert count.text() == f"1 of {fewer}"
    qtbot.keyClicks(field, "zzz")
    assert count.text() == "No matches"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert count.text() == "No matches"
    field.clear()
    assert count.text() == ""


def test_mark_done_and_document_memo(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    qtbot.keyClick(window.text, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    document = window.document_id
    assert document is not None
    with Project.open(demo_path) as project:
        alice = project.coders.by_name("alice").id
        assert project.status.get(document, alice) == "done"
    assert "done" in window.documents.model.index(0, 2).data()
    window.session.set_memo("document", document, "Sputnik; check the date line")  # type: ignore[union-attr]
    with Project.open(demo_path) as project:
        assert project.memos.get("document", document).startswith("Sputnik")


def test_double_click_code_and_click_coding_in_list(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    select_by_keyboard(qtbot, window, "Syrian President Bashar Assad")
    index = window.codebook.proxy_index_of(code_id(window, "Actors/Syrian government"))
    tree = window.codebook.tree
    rect = tree.visualRect(index)
    # A real double-click is a press and release, then a double-click event on the same item.
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert stored(demo_path)[0][1:] == ("Actors/Syrian government", "alice",
                                        "Syrian President Bashar Assad")  # fmt: skip
    window.text.select_codepoints(0, 0)
    table = window.codings.table
    cell = table.visualRect(window.codings.model.index(0, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert window.text.selected_coding() == window.codings.model.index(0, 0).data(
        Qt.ItemDataRole.UserRole
    )


def test_refused_coding_and_bad_project_give_messages(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    qtbot.keyClick(window.text, Qt.Key.Key_1)  # nothing selected
    assert "Select some text first" in window.statusBar().currentMessage()
    bogus = tmp_path / "notes.annotator"
    bogus.write_text("not a project")
    assert not window.open_project(bogus)
    assert "not an Annotator project" in window.statusBar().currentMessage()
    assert window.session is not None  # the open project stays open


def test_models_pass_the_model_tester(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.codebook.model)
    qtmodeltester.check(window.documents.model)
    qtmodeltester.check(window.codings.model)


def test_highlights_follow_changes_across_wrapped_lines(qtbot: QtBot, window: MainWindow) -> None:
    """The per-line highlight cache forgets exactly the lines a change touches."""
    text = window.text.text()
    needle = "need to be appropriately integrated with the US-led coalition’s campaign"
    start = text.index(needle)
    window.text.select_codepoints(start, start + len(needle))
    coding = window.apply_code(code_id(window, "Stance/Condition set"))
    assert coding is not None
    viewport = window.text.viewport().rect()

    def painted() -> int:
        window.grab()
        return len(window.text.highlight_rects(viewport))

    with_coding = painted()
    assert with_coding >= 2  # the phrase wraps onto a second line
    window.select_coding(coding)
    qtbot.keyClick(window.text, Qt.Key.Key_Delete)
    assert painted() == 0
    assert window.text.highlighted_spans() == []
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert painted() == with_coding


def test_dropping_the_selection_on_a_code_applies_it(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    select_by_keyboard(qtbot, window, "Kremlin")
    data = window.text.createMimeDataFromSelection()
    tree = window.codebook.tree
    rect = tree.visualRect(window.codebook.proxy_index_of(code_id(window, "Actors/Russia")))
    event = QDropEvent(
        QPointF(rect.center()), Qt.DropAction.CopyAction, data,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    tree.dropEvent(event)
    assert event.isAccepted()
    assert stored(demo_path) == [("000_dc4029054c129186", "Actors/Russia", "alice", "Kremlin")]
