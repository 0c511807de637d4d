"""Find, stripes, right-to-left text, status, counts and blind coding, as a user meets them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from annotator.core.decoding import decode_bytes
from annotator.store import Project
from annotator.ui.codebook_panel import COLUMNS
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import SEED, make_window
from tests.ui.test_review import review, seeded  # noqa: F401, F811 - fixtures
from tests.ui.test_workspace import code_id, select_by_keyboard, stored

CTRL = Qt.KeyboardModifier.ControlModifier
RUSSIA, UKRAINE = Qt.Key.Key_2, Qt.Key.Key_3  # key 1 is their parent, "Actors"
NEWS = "Moscow\u00a0said on Monday that the Kremlin\u202fhad agreed. Kiev said no."


def status_of(path: Path, coder: str = "alice") -> str:
    with Project.open(path) as project:
        doc = project.documents.all()[0]
        return project.status.get(doc.id, project.coders.by_name(coder).id)


def news_project(tmp_path: Path, text: str = NEWS) -> Path:
    path = tmp_path / "news.annotator"
    with Project.create(path) as project:
        project.documents.add(decode_bytes(text.encode()), "news")
        project.codes.ensure_path("Actors/Russia", color="#0072B2")
        project.codes.ensure_path("Actors/Ukraine", color="#F0E442")
    return path


def test_find_matches_no_break_spaces_and_clears_the_selection_on_failure(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = news_project(tmp_path)
    window = make_window(qtbot, tmp_path, path)
    qtbot.keyClick(window.text, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.field, "moscow said")
    assert window.find_bar.count.text() == "1 match"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    assert window.text.selection() == (0, len("Moscow said"))
    window.find_bar.field.clear()
    qtbot.keyClicks(window.find_bar.field, "kremlin had")
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    start = NEWS.index("Kremlin")
    assert window.text.selection() == (start, start + len("Kremlin had"))
    qtbot.keyClicks(window.find_bar.field, "zzz")
    assert window.find_bar.count.text() == "No matches"
    start, end = window.text.selection()
    assert start == end  # nothing left selected for the next key to code
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    assert stored(path) == []


def test_codings_on_one_line_each_get_a_stripe_and_a_tooltip(qtbot: QtBot, tmp_path: Path) -> None:
    path = news_project(tmp_path)
    window = make_window(qtbot, tmp_path, path)
    select_by_keyboard(qtbot, window, "Moscow")
    qtbot.keyClick(window.text, RUSSIA)
    select_by_keyboard(qtbot, window, "Kiev")
    qtbot.keyClick(window.text, UKRAINE)
    window.grab()
    stripes = window.text.margin().stripe_rects()
    assert sorted(i for _, i in stripes) == sorted(c.id for c in window.text.codings())
    (first, _), (second, _) = stripes
    assert not first.intersects(second)
    margin = window.text.margin()
    tips = {margin.tooltip_at(rect.center()).split("\n")[0] for rect, _ in stripes}
    assert tips == {"Actors/Russia", "Actors/Ukraine"}


def test_hovering_over_coded_text_names_its_code(qtbot: QtBot, tmp_path: Path) -> None:
    path = news_project(tmp_path)
    window = make_window(qtbot, tmp_path, path)
    select_by_keyboard(qtbot, window, "Kremlin")
    qtbot.keyClick(window.text, RUSSIA)
    cursor = QTextCursor(window.text.document())
    cursor.setPosition(window.text.utf16_span(NEWS.index("Kremlin") + 2, 0)[0])
    point = window.text.cursorRect(cursor).center()
    assert window.text.tooltip_at(point) == "Actors/Russia"
    cursor.setPosition(window.text.utf16_span(NEWS.index("Monday") + 2, 0)[0])
    assert window.text.tooltip_at(window.text.cursorRect(cursor).center()) == ""


def test_right_to_left_paragraphs_are_aligned_right(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, hard_path)
    window.show_document(window.documents.model.document_ids()[1])
    text = window.text.text()
    width = window.text.viewport().width()
    for needle, right in (("قال", True), ("Лавров", False), ("Café", False)):
        cursor = QTextCursor(window.text.document())
        cursor.setPosition(window.text.utf16_span(text.index(needle), 0)[0])
        x = window.text.cursorRect(cursor).x()
        assert (x > width * 0.6) is right, (needle, x, width)
    # The highlight still lands on the Arabic word.
    select_by_keyboard(qtbot, window, "روسيا")
    window.apply_code(code_id(window, "Actors/People"))
    window.text.select_coding(0)
    [(rect, _, _)] = window.text.highlight_rects(window.text.viewport().rect())
    start = text.index("روسيا")
    cursor = QTextCursor(window.text.document())
    cursor.setPosition(window.text.utf16_span(start, 0)[0])
    caret = window.text.cursorRect(cursor).x()
    assert rect.left() - 2 <= caret <= rect.right() + 2


LONG_NEWS = " ".join([NEWS] * 12) + "\n" + " ".join([NEWS] * 5)


def caret_rects(window: MainWindow, count: int) -> list[tuple[int, int, int, int]]:
    """Where Qt puts the caret at ``count`` positions from the start of the text."""
    rects = []
    for position in range(0, count, 7):
        cursor = QTextCursor(window.text.document())
        cursor.setPosition(window.text.utf16_span(position, 0)[0])
        rect = window.text.cursorRect(cursor)
        rects.append((rect.x(), rect.y(), rect.width(), rect.height()))
    return rects


def test_only_documents_with_right_to_left_text_get_the_python_layout(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Left-to-right text is laid out the same by either layout, and on every switch."""
    path = tmp_path / "mixed.annotator"
    with Project.create(path) as project:
        for name, text in (("ltr", LONG_NEWS), ("rtl", LONG_NEWS + "\nقال المتحدث. שלום.")):
            project.documents.add(decode_bytes(text.encode()), name)
        project.codes.ensure_path("Actors/Russia")
    window = make_window(qtbot, tmp_path, path)
    ltr, rtl = window.documents.model.document_ids()
    window.show_document(ltr)
    assert not window.text.uses_reading_layout()
    first = caret_rects(window, len(LONG_NEWS))
    assert len({y for _, y, _, _ in first}) > 3  # the long paragraph wraps
    assert all(x + w <= window.text.viewport().width() for x, _, w, _ in first)
    assert {w for _, _, w, _ in first} == {2}  # the reading view's caret width
    window.show_document(rtl)
    assert window.text.uses_reading_layout()
    assert caret_rects(window, len(LONG_NEWS)) == first  # the shared paragraphs: the same
    text = window.text.text()
    cursor = QTextCursor(window.text.document())
    cursor.setPosition(window.text.utf16_span(text.index("قال"), 0)[0])
    assert window.text.cursorRect(cursor).x() > window.text.viewport().width() * 0.6
    window.show_document(ltr)
    assert not window.text.uses_reading_layout()
    assert caret_rects(window, len(LONG_NEWS)) == first
    # Selection and coding still work after the switches.
    select_by_keyboard(qtbot, window, "Kremlin")
    qtbot.keyClick(window.text, Qt.Key.Key_2)
    assert stored(path) == [("ltr", "Actors/Russia", "alice", "Kremlin")]


def test_ctrl_d_updates_title_and_status_bar_and_coding_sets_in_progress(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = news_project(tmp_path)
    window = make_window(qtbot, tmp_path, path)
    assert "not started" in window.windowTitle()
    select_by_keyboard(qtbot, window, "Kremlin")
    qtbot.keyClick(window.text, RUSSIA)
    assert status_of(path) == "in progress"
    assert "in progress" in window.windowTitle()
    assert "in progress" in str(
        window.documents.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    )
    qtbot.keyClick(window.text, Qt.Key.Key_D, CTRL)
    assert status_of(path) == "done"
    assert "done" in window.windowTitle()
    assert "done" in window.status_line.document.text()
    qtbot.keyClick(window.text, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.text, Qt.Key.Key_Z, CTRL)
    assert status_of(path) == "not started"  # undoing the first coding undoes its status
    assert "not started" in window.windowTitle()


def test_first_ctrl_b_keeps_the_here_column(qtbot: QtBot, tmp_path: Path) -> None:
    path = news_project(tmp_path)
    window = make_window(qtbot, tmp_path, path)
    select_by_keyboard(qtbot, window, "Kremlin")
    qtbot.keyClick(window.text, RUSSIA)
    panel = window.codebook
    here = COLUMNS.index("Here")
    russia = panel.model.index_of(code_id(window, "Actors/Russia"))
    assert russia.siblingAtColumn(here).data() in (1, "1")
    qtbot.keyClick(window.text, Qt.Key.Key_B, CTRL)
    assert window.codebook_dialog is not None
    russia = panel.model.index_of(code_id(window, "Actors/Russia"))
    assert russia.siblingAtColumn(here).data() in (1, "1")
    window.codebook_dialog.close()


def test_status_messages_fit_and_count_in_the_singular(qtbot: QtBot, tmp_path: Path) -> None:
    path = news_project(tmp_path, "A long text. " * 20)
    window = make_window(qtbot, tmp_path, path)
    window.resize(1100, 700)
    window.text.select_codepoints(0, 1)
    qtbot.keyClick(window.text, RUSSIA)
    message = window.statusBar().currentMessage()
    assert message == "Coded 1 character as Actors/Russia"
    bar = window.statusBar()
    used = sum(w.width() + 8 for w in (window.status_line.coder, window.status_line.document,
                                       window.status_line.selection) if w.isVisible())  # fmt: skip
    longest = "Merged Actors/Coalition into Actors/United States (1 coding moved, 0 duplicates)"
    assert bar.width() - used >= bar.fontMetrics().horizontalAdvance(longest)
    tooltip = window.codebook.model.index_of(code_id(window, "Actors/Russia")).data(
        Qt.ItemDataRole.AccessibleTextRole
    )
    assert str(tooltip) == "Actors/Russia, 1 coding"


def test_position_follows_keyboard_moves(qtbot: QtBot, tmp_path: Path) -> None:
    path = news_project(tmp_path)
    window = make_window(qtbot, tmp_path, path)
    qtbot.keyClick(window.text, Qt.Key.Key_Home, CTRL)
    assert window.status_line.selection.text() == "at 0"
    qtbot.keyClick(window.text, Qt.Key.Key_Right)
    qtbot.keyClick(window.text, Qt.Key.Key_Right)
    assert window.status_line.selection.text() == "at 2"
    qtbot.keyClick(window.text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.status_line.selection.text() == "selection 2–3 (1)"


def test_new_codes_take_a_colour_nobody_uses(qtbot: QtBot, tmp_path: Path) -> None:
    path = news_project(tmp_path)
    window = make_window(qtbot, tmp_path, path)
    used = {c.color for c in window._codes.values()}
    first = window.codebook_actions.add_code("Turkey", None)
    assert first is not None
    colour = window._codes[first].color
    assert colour not in used


def test_coder_names_differing_in_case_or_spaces_are_one_coder(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = news_project(tmp_path)
    window = make_window(qtbot, tmp_path, path, coder="Alice")
    window.switch_coder("  alice ")
    assert window.session is not None
    assert window.session.coder.name == "Alice"
    assert window.document_id is not None
    assert window.session.set_status(window.document_id, "done")  # adds the coder: once
    with Project.open(path) as project:
        assert [c.name for c in project.coders.all()] == ["Alice"]


def test_blind_coding_is_shown_and_only_its_owner_turns_it_off(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = news_project(tmp_path)
    window = make_window(qtbot, tmp_path, path)
    assert not window.status_line.blind.isVisible()
    window.review.act_blind.trigger()
    assert window.status_line.blind.isVisible()
    assert window.status_line.coder.text() == "alice · mine only (blind until done)"
    qtbot.keyClick(window.text, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # done
    assert window.status_line.coder.text() == "alice · all coders"
    window.switch_coder("bob")
    window.review.act_blind.trigger()  # bob tries to turn it off
    assert window.review.act_blind.isChecked()
    assert window.status_line.blind.isVisible()
    with Project.open(path) as project:
        assert project.settings.blind
    window.switch_coder("alice")
    window.review.act_blind.trigger()
    assert not window.review.act_blind.isChecked()
    assert not window.status_line.blind.isVisible()
    assert window.status_line.coder.text() == "alice · all coders"


def test_adjudication_leaves_the_document_count_true(
    qtbot: QtBot,
    review: MainWindow,  # noqa: F811
    seeded: Path,  # noqa: F811
) -> None:
    view = review.comparison
    assert view is not None
    view.decide("accept", "a")
    with Project.open(seeded) as project:
        doc = project.documents.by_name(SEED)
        count = len(project.codings.for_document(doc.id))
    row = review.documents.model.row_of(doc.id)
    assert review.documents.model.index(row, 1).data() == count
    assert QPoint(0, 0) is not None


def test_the_title_bar_and_status_line_name_the_document_by_its_title(
    qtbot: QtBot, tmp_path: Path, demo_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, demo_path)
    assert window.document_id is not None
    with Project.open(demo_path) as project:
        document = project.documents.get(window.document_id)
    assert document.title
    assert document.title != document.name
    assert window.windowTitle().startswith(f"{document.title} — not started — ")
    assert window.status_line.document.text().endswith(" — not started")
    assert document.name not in window.status_line.document.text()
    assert f"({document.name})" in window.status_line.document.toolTip()


def test_find_typed_with_a_composed_accent_finds_the_decomposed_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    text = "Кремль 😀 said: the cafe\u0301 closed.\r\nمرحبا"
    path = news_project(tmp_path, text)
    window = make_window(qtbot, tmp_path, path)
    qtbot.keyClick(window.text, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.find_bar.field, "CAF\u00c9 closed")
    assert window.find_bar.count.text() == "1 match"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    start = text.index("cafe")
    assert window.text.selection() == (start, start + len("cafe\u0301 closed"))


def test_a_code_key_leaves_off_the_white_space_a_drag_takes(qtbot: QtBot, tmp_path: Path) -> None:
    path = news_project(tmp_path)
    window = make_window(qtbot, tmp_path, path)
    start = NEWS.index("Kremlin")
    window.text.select_codepoints(start - 1, start + len("Kremlin "))  # " Kremlin "
    qtbot.keyClick(window.text, RUSSIA)
    assert stored(path) == [("news", "Actors/Russia", "alice", "Kremlin")]
    space = NEWS.index(" ", start)
    window.text.select_codepoints(space, space + 1)
    qtbot.keyClick(window.text, RUSSIA)
    assert stored(path) == [("news", "Actors/Russia", "alice", "Kremlin")]
    assert "only white space" in window.statusBar().currentMessage()


def test_the_document_memo_dialog_names_the_document_by_title(
    qtbot: QtBot, tmp_path: Path, demo_path: Path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    window = make_window(qtbot, tmp_path, demo_path)
    assert window.document_id is not None
    with Project.open(demo_path) as project:
        document = project.documents.get(window.document_id)
    seen: list[str] = []

    def look_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look_and_close)
            return
        seen.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.close()

    QTimer.singleShot(0, look_and_close)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.text, Qt.Key.Key_M, shift_ctrl)
    assert f"Memo on {document.title}:" in seen
