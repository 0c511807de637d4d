"""Coder copies in the window: blind coding locked by copy-for, counts while blind, and the
coder the copy was made for (tryout F22, F23, F24)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.cli import cli, main  # noqa: F401  (main registers the commands)
from annotator.store import Project
from annotator.ui.exchange_actions import CoderCopyDialog
from annotator.ui.main_window import MainWindow
from annotator.ui.settings import Settings
from tests.ui.conftest import SEED, code, coder_copy, make_window
from tests.ui.driving import when_modal

OTHER = "001_307fc1a73f51a9d5"


@pytest.fixture
def lead(demo_path: Path) -> Path:
    """The lead's project after merges: bob's codings in two documents, alice's in one."""
    with Project.open(demo_path) as project:
        code(project, SEED, "Actors/Russia", "bob", "Russian military")
        code(project, SEED, "Actors/United States", "bob", "White House")
        code(project, OTHER, "Actors/Russia", "bob", "Russia")
        code(project, SEED, "Actors/Russia", "alice", "Russian military operations")
    return demo_path


def blind_copy(lead: Path, tmp_path: Path, coder: str = "alice") -> Path:
    out = tmp_path / f"{coder}-copy.annotator"
    return coder_copy(lead, out, coder, blind=True, made_by="Lena")


# -- F22: blind coding set by copy-for is locked in the copy ----------------------------------


def test_blind_coding_in_a_blind_copy_cannot_be_turned_off(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    copy = blind_copy(lead, tmp_path)
    window = make_window(qtbot, tmp_path, copy, coder="alice")
    session = window.session
    assert session is not None
    blind = window.review.act_blind
    assert blind.isChecked()
    assert not blind.isEnabled()
    assert "made with blind coding by Lena" in blind.toolTip()
    assert "the lead's project decides" in blind.statusTip()
    blind.trigger()  # a click on the disabled item does nothing
    assert blind.isChecked()
    assert window.status_line.blind.isVisible()
    assert "locked" in window.status_line.blind.text()
    assert "the lead's project decides" in window.status_line.blind.toolTip()
    # Nor does the session let anyone switch it off (a script, a future menu item).
    messages: list[str] = []
    session.failed.connect(messages.append)
    assert not session.set_blind(False)
    assert "made with blind coding" in messages[-1]
    assert session.project.settings.blind
    coders = {c.coder_id for c in window.text.codings()}
    assert coders <= {session.coder.id}  # bob's codings stay hidden
    # Enabling actions again (a document shown, a coder switched) keeps it locked.
    window.switch_coder("someone")
    window.show_document(window.documents.model.document_ids()[1])
    assert not blind.isEnabled()
    with Project.open(copy) as opened:
        assert opened.settings.blind
        lock = opened.settings.blind_lock
        assert lock is not None
        assert (lock.made_by, lock.coder) == ("Lena", "alice")
        assert lock.at.endswith("Z")


def test_the_lead_project_still_switches_blind_coding(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    blind_copy(lead, tmp_path)
    window = make_window(qtbot, tmp_path, lead, coder="Lena")
    blind = window.review.act_blind
    assert blind.isEnabled()
    blind.trigger()
    assert blind.isChecked()
    blind.trigger()
    assert not blind.isChecked()
    with Project.open(lead) as opened:
        assert not opened.settings.blind
        assert opened.settings.blind_lock is None


def test_a_blind_copy_made_before_the_lock_is_recognised(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    """Older copy-for wrote blind_coding=1 without an owner: the copy's coder is enough."""
    copy = coder_copy(lead, tmp_path / "old.annotator", "alice")
    with Project.open(copy) as opened:
        opened.settings.set("blind_coding", "1")
    window = make_window(qtbot, tmp_path, copy, coder="alice")
    assert window.review.act_blind.isChecked()
    assert not window.review.act_blind.isEnabled()
    assert window.session is not None
    assert not window.session.set_blind(False)


def test_a_copy_without_blind_coding_leaves_the_switch_to_the_coder(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    copy = coder_copy(lead, tmp_path / "open.annotator", "alice")
    window = make_window(qtbot, tmp_path, copy, coder="alice")
    blind = window.review.act_blind
    assert blind.isEnabled()
    blind.trigger()
    assert blind.isChecked()
    blind.trigger()
    assert not blind.isChecked()


def test_the_copy_dialog_leaves_the_others_out_when_blind(qtbot: QtBot, window: MainWindow) -> None:
    dialog = CoderCopyDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.blind.isChecked()
    assert dialog.alone.isChecked()
    qtbot.mouseClick(dialog.blind, Qt.MouseButton.LeftButton)
    assert not dialog.blind.isChecked()
    assert not dialog.alone.isChecked()
    qtbot.mouseClick(dialog.alone, Qt.MouseButton.LeftButton)  # others out, not blind: allowed
    assert dialog.alone.isChecked()
    qtbot.mouseClick(dialog.blind, Qt.MouseButton.LeftButton)
    assert dialog.blind.isChecked()
    assert dialog.alone.isChecked()


def test_make_coder_copy_from_the_menu_records_the_lead(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    window = make_window(qtbot, tmp_path, lead, coder="Lena")
    window.exchange.make_copy("alice", tmp_path / "a.annotator", True, True)
    with Project.open(tmp_path / "a.annotator") as copy:
        lock = copy.settings.blind_lock
        assert lock is not None
        assert lock.made_by == "Lena"
        assert [c.name for c in copy.coders.all()] == ["alice"]


def test_copy_for_blind_with_other_coders_says_they_are_in_the_file(
    tmp_path: Path, lead: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "alice.annotator"
    result = runner.invoke(cli, ["copy-for", str(lead), "--coder", "alice", "--out", str(out),
                                 "--blind"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "holds the codings of bob" in result.stderr
    assert "--without-other-coders" in result.stderr
    alone = tmp_path / "alice2.annotator"
    result = runner.invoke(cli, ["copy-for", str(lead), "--coder", "alice", "--out", str(alone),
                                 "--blind", "--without-other-coders"])  # fmt: skip
    assert result.exit_code == 0
    assert "holds" not in result.stderr
    with Project.open(out) as copy:
        lock = copy.settings.blind_lock
        assert lock is not None
        assert lock.made_by


# -- F23: while blind, counts are the coder's own ---------------------------------------------


def shown_counts(window: MainWindow) -> dict[str, object]:
    """What the document list and the codebook show (column titles and counts)."""
    session = window.session
    assert session is not None
    documents = window.documents.model
    rows = {documents.index(r, 0).data(Qt.ItemDataRole.UserRole): r
            for r in range(documents.rowCount())}  # fmt: skip
    seed = session.project.documents.by_name(SEED).id
    other = session.project.documents.by_name(OTHER).id
    russia = session.project.codes.by_path("Actors/Russia").id
    united = session.project.codes.by_path("Actors/United States").id
    codebook = window.codebook.model
    return {
        "documents header": documents.headerData(
            1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
        ),  # fmt: skip
        "seed": documents.index(rows[seed], 1).data(),
        "other": documents.index(rows[other], 1).data(),
        "codebook header": codebook.headerData(
            3, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
        ),  # fmt: skip
        "russia": codebook.index_of(russia, 3).data(),
        "united": codebook.index_of(united, 3).data(),
        "russia tip": codebook.index_of(russia, 0).data(Qt.ItemDataRole.ToolTipRole),
    }


def test_a_blind_copy_shows_only_the_coders_own_counts(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    copy = blind_copy(lead, tmp_path)
    window = make_window(qtbot, tmp_path, copy, coder="alice")
    shown = shown_counts(window)
    assert shown["documents header"] == "Mine"
    assert (shown["seed"], shown["other"]) == (1, 0)  # not bob's 2 and 1
    assert shown["codebook header"] == "Mine"
    assert (shown["russia"], shown["united"]) == (1, "")  # bob's White House is not counted
    assert "alice 1" in str(shown["russia tip"])
    assert "bob" not in str(shown["russia tip"])
    # Coding adds to the coder's own count.
    session = window.session
    assert session is not None
    window.show_document(session.project.documents.by_name(OTHER).id)
    text = window.text.text()
    start = text.index("Russia")
    window.text.select_codepoints(start, start + 6)
    window.apply_code(session.project.codes.by_path("Actors/Russia").id)
    shown = shown_counts(window)
    assert (shown["seed"], shown["other"], shown["russia"]) == (1, 1, 2)
    # The review windows, which show every coder, are not offered in a blind copy.
    assert not window.review.act_dashboard.isEnabled()
    assert not window.review.act_compare.isEnabled()
    window.open_comparison()
    assert window.comparison is None


def test_blind_coding_switched_on_in_the_lead_project_limits_the_counts(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    window = make_window(qtbot, tmp_path, lead, coder="alice")
    before = shown_counts(window)
    assert (before["seed"], before["other"], before["russia"]) == (3, 1, 3)
    assert before["documents header"] == "Codings"
    window.review.act_blind.trigger()
    shown = shown_counts(window)
    assert (shown["seed"], shown["other"], shown["russia"]) == (1, 0, 1)
    assert shown["codebook header"] == "Mine"
    window.review.act_blind.trigger()
    assert shown_counts(window) == before


def test_analysis_windows_list_only_the_coders_own_work_while_blind(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    copy = blind_copy(lead, tmp_path)
    window = make_window(qtbot, tmp_path, copy, coder="alice")
    window.analysis.act_segments.trigger()
    segments = window.analysis.segments
    assert segments is not None
    qtbot.waitExposed(segments)
    box = segments.coder_box
    assert [box.itemText(i) for i in range(box.count())] == ["alice"]
    qtbot.mouseClick(segments.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not segments.job.is_busy() and segments.model.rowCount() > 0)
    assert {s.coder for s in segments.model.segments} == {"alice"}
    window.analysis.act_tables.trigger()
    tables = window.analysis.tables
    assert tables is not None
    pane = tables.frequencies
    pane.by.setCurrentText("coders")
    qtbot.mouseClick(pane.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0 and not tables.job.is_busy())
    assert "bob" not in pane.model.columns
    russia = next(r for r in pane.model.rows if r[0] == "Actors/Russia")
    assert russia[pane.model.columns.index("alice")] == 1


# -- F24: the coder a copy was made for ---------------------------------------------------------


def when_box(handle: Callable[[QMessageBox], None], log: list[str]) -> None:
    """Run ``handle`` on the next message box that shows (after any other dialog)."""

    def poll(left: int) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox) and widget.isVisible():
            log.append(widget.text())
            handle(widget)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(1000))


def answer(text: str) -> Callable[[QMessageBox], None]:
    def handle(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text() == text]
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    return handle


def fresh_window(qtbot: QtBot, tmp_path: Path, remembered: str = "") -> MainWindow:
    settings = Settings(tmp_path / "fresh-settings.json")
    if remembered:
        settings.set("coder", remembered)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def coder_on_opening(window: MainWindow, copy: Path) -> str:
    """Open ``copy`` in ``window`` (as its File ▸ Open does) and say whom the session codes as."""
    assert window.open_project(copy)
    assert window.session is not None
    return window.session.coder.name


def test_opening_a_copy_fills_in_its_coder(qtbot: QtBot, tmp_path: Path, lead: Path) -> None:
    copy = blind_copy(lead, tmp_path)
    window = fresh_window(qtbot, tmp_path)
    seen: list[str] = []

    def accept_prefilled(dialog: QWidget) -> None:
        field = dialog.findChild(QLineEdit)
        assert field is not None
        seen.append(field.text())
        QTest.keyClick(field, Qt.Key.Key_Return)

    when_modal(accept_prefilled)
    assert coder_on_opening(window, copy) == "alice"
    assert seen == ["alice"]
    with Project.open(copy) as opened:
        assert [c.name for c in opened.coders.all()] == ["alice", "bob"]


def test_a_different_name_in_a_copy_is_asked_about(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    copy = blind_copy(lead, tmp_path)
    window = fresh_window(qtbot, tmp_path)

    def type_alicia(dialog: QWidget) -> None:
        field = dialog.findChild(QLineEdit)
        assert field is not None
        field.selectAll()
        QTest.keyClicks(field, "Alicia")
        QTest.keyClick(field, Qt.Key.Key_Return)

    asked: list[str] = []
    when_modal(type_alicia)
    when_box(answer("Code as alice"), asked)
    assert coder_on_opening(window, copy) == "alice"
    assert asked == ["This copy was made for alice. Code as alice?"]
    assert window.settings.get("coder") == "alice"
    with Project.open(copy) as opened:
        assert "Alicia" not in [c.name for c in opened.coders.all()]


def test_a_remembered_name_may_be_kept_on_purpose(qtbot: QtBot, tmp_path: Path, lead: Path) -> None:
    copy = blind_copy(lead, tmp_path)
    window = fresh_window(qtbot, tmp_path, remembered="Lena")
    asked: list[str] = []
    when_box(answer("Code as Lena"), asked)
    assert coder_on_opening(window, copy) == "Lena"
    assert asked == ["This copy was made for alice. Code as alice?"]


def test_the_same_name_in_another_case_is_not_asked_about(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    copy = blind_copy(lead, tmp_path)
    window = fresh_window(qtbot, tmp_path, remembered="Alice")
    assert coder_on_opening(window, copy) == "alice"  # no question: it would block here


def test_delete_questions_count_only_the_coders_own_codings_while_blind(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    copy = blind_copy(lead, tmp_path)
    window = make_window(qtbot, tmp_path, copy, coder="alice")
    session = window.session
    assert session is not None
    window.show_document(session.project.documents.by_name(SEED).id)
    asked: list[str] = []
    when_box(_escape, asked)
    window.document_admin.delete_current()
    assert asked == [
        f"Delete {session.project.documents.by_name(SEED).label} and its 1 coding of yours "
        "(the other coders' codings in it go too)? Edit ▸ Undo brings them back."
    ]
    russia = session.project.codes.by_path("Actors/Russia").id
    when_box(_escape, asked)
    window.codebook_actions.delete_code_dialog(russia)
    assert "Actors/Russia and 1 coding of yours" in asked[-1]
    assert session.project.documents.by_name(SEED).codings == 3  # nothing was deleted


def _escape(box: QMessageBox) -> None:
    QTest.keyClick(box, Qt.Key.Key_Escape)
