"""The Segments window: list, query, double-click into the workspace, export; non-modal."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.model import NewCoding
from annotator.store import Project
from annotator.ui.main_window import MainWindow
from annotator.ui.segments_window import SegmentsWindow
from tests.ui.conftest import make_window


@pytest.fixture
def coded_path(hard_path: Path) -> Path:
    with Project.open(hard_path) as project:
        hard = project.documents.by_name("hard")
        emoji = project.documents.by_name("emoji")
        text = project.documents.text(hard.id)
        agreement = project.codes.by_path("Stance/Agreement").id
        people = project.codes.by_path("Actors/People").id
        bob = project.coders.ensure("bob").id
        family = text.index("👩")
        project.codings.add_many([
            NewCoding(hard.id, agreement, bob, family, family + 8, memo="a family"),
            NewCoding(hard.id, people, bob, text.index("Лавров"), text.index("Лавров") + 6),
            NewCoding(emoji.id, agreement, bob, 0, 12),
            NewCoding(emoji.id, people, bob, 5, 20),
        ])  # fmt: skip
    return hard_path


def open_segments(qtbot: QtBot, window: MainWindow) -> SegmentsWindow:
    window.analysis.act_segments.trigger()
    segments = window.analysis.segments
    assert segments is not None
    qtbot.waitExposed(segments)
    return segments


def show(qtbot: QtBot, segments: SegmentsWindow, rows: int) -> None:
    qtbot.mouseClick(segments.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not segments.job.is_busy() and segments.model.rowCount() == rows)


def test_double_click_opens_the_document_with_the_segment_selected(
    qtbot: QtBot, tmp_path: Path, coded_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, coded_path)
    window.show_document(window.session.project.documents.by_name("emoji").id)  # type: ignore[union-attr]
    segments = open_segments(qtbot, window)
    assert not segments.isModal()
    segments.code_box.setCurrentText("Stance")
    show(qtbot, segments, 2)
    assert "2 segments in 2 documents" in segments.status.text()
    row = next(
        r for r in range(segments.proxy.rowCount())
        if segments.segment_at(segments.proxy.index(r, 0)).document == "hard"
    )  # fmt: skip
    index = segments.proxy.index(row, 5)
    assert segments.proxy.data(index) == "👩\u200d👩\u200d👧 ar"
    rect = segments.table.visualRect(index)
    qtbot.mouseClick(segments.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(segments.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    project = window.session.project  # type: ignore[union-attr]
    hard = project.documents.by_name("hard")
    assert window.document_id == hard.id
    start, end = window.text.selection()
    assert project.documents.text(hard.id)[start:end] == "👩\u200d👩\u200d👧 ar"
    coding = project.codings.find(hard.id, project.codes.by_path("Stance/Agreement").id,
                                  project.coders.by_name("bob").id, start, end)  # fmt: skip
    assert window.text.selected_coding() == coding.id


def test_query_and_export_while_the_workspace_stays_usable(
    qtbot: QtBot, tmp_path: Path, coded_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, coded_path)
    segments = open_segments(qtbot, window)
    qtbot.keyClicks(segments.query, "Stance AND Actors")
    qtbot.keyClick(segments.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not segments.job.is_busy() and segments.model.rowCount() == 1)
    only = segments.model.segments[0]
    assert (only.document, only.start, only.end, only.text) == ("emoji", 5, 12, "staff 😀")
    out = tmp_path / "segments.csv"
    segments.export_csv(out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:6] == ["emoji", '("Stance" AND "Actors")', "bob", "5", "12", "staff 😀"]
    # The workspace still takes input: code a selection while the window is open.
    window.activateWindow()
    window.text.select_codepoints(0, 4)
    assert window.apply_code(window.session.project.codes.by_path("Actors/People").id)  # type: ignore[union-attr]
    qtbot.keyClicks(segments.query, " NOT")
    qtbot.keyClick(segments.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "column" in segments.status.text())
    assert "query syntax error" in segments.status.text()


def test_segments_name_documents_by_title(qtbot: QtBot, tmp_path: Path, coded_path: Path) -> None:
    with Project.open(coded_path) as project:
        project.documents.set_title(project.documents.by_name("hard").id, "Лавров 😀 interview")
    window = make_window(qtbot, tmp_path, coded_path)
    segments = open_segments(qtbot, window)
    segments.code_box.setCurrentText("Stance")
    show(qtbot, segments, 2)
    shown = {
        segments.proxy.index(r, 0).data(): segments.proxy.index(r, 0).data(
            Qt.ItemDataRole.ToolTipRole
        )
        for r in range(segments.proxy.rowCount())
    }
    assert shown == {"Лавров 😀 interview": "hard", "emoji": None}
