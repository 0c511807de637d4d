"""A locked blind coder copy never shows nor exports the other coders' codings (tryout2 N3, N4).

The copy is made with ``copy-for --blind`` but without ``--without-other-coders``: the file
holds bob's and alice's codings (the merge back needs nothing of them, but older copies and the
CLI default keep them). The window is the coder's (carol's) alone: marking a document done does
not reveal the others there, and the exports write carol's codings only.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMenu, QWidget
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import SEED, code, make_window
from tests.ui.driving import when_modal
from tests.ui.test_blind_copies import blind_copy, lead  # noqa: F401  (fixture)


@pytest.fixture
def carol(qtbot: QtBot, tmp_path: Path, lead: Path) -> tuple[MainWindow, Path]:  # noqa: F811
    """carol's blind copy, holding bob's and alice's codings, open as carol on the seed:
    the window and the copy's path."""
    copy = blind_copy(lead, tmp_path, coder="carol")
    with Project.open(copy) as project:
        assert {c.name for c in project.coders.with_codings()} == {"alice", "bob"}
        code(project, SEED, "Actors/Russia", "carol", "Kremlin")
    window = make_window(qtbot, tmp_path, copy, coder="carol")
    assert window.session is not None
    window.show_document(window.session.project.documents.by_name(SEED).id)
    return window, copy


def shown_coders(window: MainWindow) -> set[str]:
    """Whose codings the text and the codings list show."""
    assert window.session is not None
    names = {c.id: c.name for c in window.session.project.coders.all()}
    painted = {names[c.coder_id] for c in window.text.codings()}
    model = window.codings.model
    listed = {names[model.coding_at(r).coder_id] for r in range(model.rowCount())}
    return painted | listed


def test_marking_done_in_a_blind_copy_reveals_nobody(carol: tuple[MainWindow, Path]) -> None:
    window, copy = carol
    assert shown_coders(window) == {"carol"}
    QTest.keyClick(window.text, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    with Project.open(copy) as project:
        seed = project.documents.by_name(SEED).id
        assert project.status.get(seed, project.coders.by_name("carol").id) == "done"
    assert shown_coders(window) == {"carol"}  # not alice's, not bob's, after done either
    assert "mine only (blind copy)" in window.status_line.coder.text()
    # Nor does choosing Coder ▸ Show Codings Of ▸ All Coders (or another coder) show them.
    window.set_view("all")
    assert shown_coders(window) == {"carol"}
    window.set_view("bob")
    assert shown_coders(window) == {"carol"}
    assert "mine only (blind copy)" in window.status_line.coder.text()


def test_the_lead_project_still_reveals_after_done(
    qtbot: QtBot,
    tmp_path: Path,
    lead: Path,  # noqa: F811
) -> None:
    """Blind coding switched on in the lead's own project keeps its rule: visible after done."""
    window = make_window(qtbot, tmp_path, lead, coder="alice")
    assert window.session is not None
    window.review.act_blind.trigger()
    window.show_document(window.session.project.documents.by_name(SEED).id)
    assert shown_coders(window) == {"alice"}
    QTest.keyClick(window.text, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert shown_coders(window) == {"alice", "bob"}


def save_as(path: Path, titles: list[str]) -> None:
    """Answer the next file dialog with ``path`` (typed into its file name field)."""

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        titles.append(dialog.windowTitle())
        field = dialog.findChild(QLineEdit, "fileNameEdit") or dialog.findChild(QLineEdit)
        assert field is not None
        field.setText(str(path))
        QTest.keyClick(field, Qt.Key.Key_Return)

    when_modal(handle)


def export_to(qtbot: QtBot, out: Path, export: Callable[[], object], titles: list[str]) -> None:
    """Run ``export``, answer its file dialog with ``out`` (noting the dialog's title in
    ``titles``) and wait until the file is written."""
    save_as(out, titles)
    export()
    qtbot.waitUntil(out.exists)


def test_export_coded_spans_in_a_blind_copy_writes_the_coders_own(
    qtbot: QtBot, tmp_path: Path, carol: tuple[MainWindow, Path]
) -> None:
    window, _ = carol
    out = tmp_path / "carol-export.csv"
    titles: list[str] = []

    def ctrl_e() -> None:
        QTest.keyClick(window.text, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)

    export_to(qtbot, out, ctrl_e, titles)
    assert titles == ["Export carol's coded spans (blind coder copy)"]
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["coder"], r["text"]) for r in rows] == [("carol", "Kremlin")]
    message = window.statusBar().currentMessage()
    assert "Wrote 1 coding of carol (blind coder copy: yours only)" in message


def test_refi_qda_export_in_a_blind_copy_writes_the_coders_own(
    qtbot: QtBot, tmp_path: Path, carol: tuple[MainWindow, Path]
) -> None:
    window, _ = carol
    out = tmp_path / "carol.qdpx"
    export_to(qtbot, out, window.exchange.act_export.trigger, [])
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("project.qde").decode("utf-8")
    assert 'name="carol"' in xml
    assert 'name="bob"' not in xml
    assert 'name="alice"' not in xml
    assert xml.count("<Coding ") == 1
    assert "yours only" in window.statusBar().currentMessage()


def test_report_in_a_blind_copy_holds_the_coders_own(
    qtbot: QtBot, tmp_path: Path, carol: tuple[MainWindow, Path]
) -> None:
    window, _ = carol
    out = tmp_path / "report.html"
    export_to(qtbot, out, window.analysis.act_report.trigger, [])
    qtbot.waitUntil(lambda: not window.analysis.report_job.is_busy())
    html = out.read_text(encoding="utf-8")
    assert 'title="Actors/Russia (carol)"' in html
    assert "(bob)" not in html
    assert "(alice)" not in html


def test_nobody_codes_as_a_hidden_coder_in_a_blind_copy(carol: tuple[MainWindow, Path]) -> None:
    """Switching to bob would show bob's codings as one's own: refused, and not offered."""
    window, copy = carol
    session = window.session
    assert session is not None
    messages: list[str] = []
    session.failed.connect(messages.append)
    window.switch_coder("Bob")
    assert session.coder.name == "carol"
    assert "nobody codes as Bob here" in messages[-1]
    assert shown_coders(window) == {"carol"}
    window.coders.fill_menu()
    [switch] = [m for a in window.menus["coder"].actions()
                if isinstance(m := a.menu(), QMenu) and a.text() == "&Switch Coder"]  # fmt: skip
    listed = [a.text() for a in switch.actions() if not a.isSeparator()]
    assert "carol" in listed
    assert "bob" not in listed
    assert "alice" not in listed
    window.switch_coder("Carla")  # a new name is allowed (asked about when the copy opens)
    assert session.coder.name == "Carla"
    with Project.open(copy) as project:
        assert project.settings.hidden_coders() == ["alice", "bob"]


def test_a_blind_copy_opened_as_a_hidden_coder_codes_as_its_own(
    qtbot: QtBot,
    tmp_path: Path,
    lead: Path,  # noqa: F811
) -> None:
    copy = blind_copy(lead, tmp_path, coder="carol")
    window = make_window(qtbot, tmp_path, copy, coder="bob")
    assert window.session is not None
    assert window.session.coder.name == "carol"
    window.show_document(window.session.project.documents.by_name(SEED).id)
    assert shown_coders(window) <= {"carol"}
