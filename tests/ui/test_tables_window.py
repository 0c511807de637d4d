"""Tables and Charts: a co-occurrence cell (table or heat map) opens its segments."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from pytestqt.qtbot import QtBot

from annotator.core.model import NewCoding
from annotator.store import Project
from annotator.ui.main_window import MainWindow
from annotator.ui.tables_window import TablesWindow
from tests.ui.conftest import make_window


@pytest.fixture
def coded_path(hard_path: Path) -> Path:
    with Project.open(hard_path) as project:
        emoji = project.documents.by_name("emoji").id
        hard = project.documents.by_name("hard").id
        agreement = project.codes.by_path("Stance/Agreement").id
        people = project.codes.by_path("Actors/People").id
        alice = project.coders.ensure("alice").id
        project.codings.add_many([
            NewCoding(emoji, agreement, alice, 0, 12),
            NewCoding(emoji, people, alice, 5, 20),
            NewCoding(hard, people, alice, 0, 4),
            NewCoding(hard, agreement, alice, 50, 60),
        ])  # fmt: skip
    return hard_path


def open_tables(qtbot: QtBot, window: MainWindow) -> TablesWindow:
    window.analysis.act_tables.trigger()
    tables = window.analysis.tables
    assert tables is not None
    qtbot.waitExposed(tables)
    return tables


def test_a_cooccurrence_cell_opens_its_segments(
    qtbot: QtBot, tmp_path: Path, coded_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, coded_path)
    tables = open_tables(qtbot, window)
    pane = tables.cooccurrence
    tables.tabs.setCurrentWidget(pane)
    qtbot.mouseClick(pane.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0 and not tables.job.is_busy())
    header = pane.model.columns
    agreement_row = next(r for r in range(pane.model.rowCount())
                         if pane.model.rows[r][0] == "Stance/Agreement")  # fmt: skip
    people_column = header.index("Actors/People")
    assert pane.model.rows[agreement_row][people_column] == 1
    index = pane.proxy.mapFromSource(pane.model.index(agreement_row, people_column))
    pane.view.scrollTo(index)
    rect = pane.view.visualRect(index)
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(tables.cell_windows) == 1)
    cell = tables.cell_windows[0]
    assert cell.windowTitle() == "Co-occurrence: Stance/Agreement × Actors/People"
    assert [(s.code, s.text) for s in cell.model.segments] == [
        ("Stance/Agreement", "Café staff 😀"),
        ("Actors/People", "staff 😀 agreed;"),
    ]
    # The heat map: double-click the same cell there.
    qtbot.mouseClick(pane.chart_button, Qt.MouseButton.LeftButton)
    heat = pane.heat_map
    qtbot.waitExposed(heat)
    chart = heat.chart
    assert chart is not None
    left, top, side = chart.geometry(heat.font(), QRectF(heat.area()))  # type: ignore[union-attr]
    row = list(chart.labels).index("Stance/Agreement")  # type: ignore[union-attr]
    column = list(chart.labels).index("Actors/People")  # type: ignore[union-attr]
    point = QPointF(left + (column + 0.5) * side, top + (row + 0.5) * side)
    qtbot.mouseDClick(heat, Qt.MouseButton.LeftButton, pos=point.toPoint())
    qtbot.waitUntil(lambda: len(tables.cell_windows) == 2)
    assert len(tables.cell_windows[1].model.segments) == 2


def test_frequencies_sort_and_export(qtbot: QtBot, tmp_path: Path, coded_path: Path) -> None:
    window = make_window(qtbot, tmp_path, coded_path)
    tables = open_tables(qtbot, window)
    pane = tables.frequencies
    qtbot.mouseClick(pane.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0 and not tables.job.is_busy())
    assert pane.model.columns == ("code", "emoji", "hard", "Total")
    pane.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    out = tmp_path / "f.csv"
    pane.export(out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "code,emoji,hard,Total"
    assert sorted(lines[1:3]) == ["Actors/People,1,1,2", "Stance/Agreement,1,1,2"]


def test_analysis_windows_open_in_front_with_the_keyboard(
    qtbot: QtBot, tmp_path: Path, coded_path: Path
) -> None:
    """Opened by their keys, the tool windows are active (not buried behind the main window)."""
    window = make_window(qtbot, tmp_path, coded_path)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    for key, opened in (
        (Qt.Key.Key_T, lambda: window.analysis.tables),
        (Qt.Key.Key_G, lambda: window.analysis.segments),
        (Qt.Key.Key_H, lambda: window.analysis.autocode),
        (Qt.Key.Key_B, lambda: window.document_admin.table),
    ):
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window.text, key, ctrl_shift)
        tool = opened()
        assert tool is not None
        qtbot.waitUntil(tool.isActiveWindow)
    tables = window.analysis.tables
    assert tables is not None
    assert "Refresh" in tables.status.text()
