"""The dashboard's Where filter compares only the documents whose attributes match (--where)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.ui.dashboard import AgreementDashboard
from tests.ui.conftest import make_window, open_dashboard, settled


def _documents(dashboard: AgreementDashboard) -> set[str]:
    return {r.document for r in dashboard.model.rows() if r.document is not None}


def _pooled(dashboard: AgreementDashboard) -> dict[str, int]:
    rows = {(r.document, r.code): r for r in dashboard.model.rows()}
    return dict(rows[(None, "Stance/Agreement")].coded_by)


def test_where_restricts_the_documents_compared(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    with Project.open(hard_path) as project:
        code = project.codes.by_path("Stance/Agreement").id
        for name, outlet, length in (("emoji", "Sputnik", 3), ("hard", "TASS", 7)):
            doc = project.documents.by_name(name).id
            project.attributes.set_value(doc, "outlet", outlet)
            for coder in ("alice", "bob"):
                project.codings.add(doc, code, project.coders.ensure(coder).id, 0, length)
    window = make_window(qtbot, tmp_path, hard_path)
    dashboard = open_dashboard(qtbot, window)
    assert _documents(dashboard) == {"emoji", "hard"}
    assert _pooled(dashboard) == {"alice": 10, "bob": 10}

    qtbot.keyClicks(dashboard.where, "outlet=sputnik")  # case-insensitive, as on the CLI
    shown = [dashboard.documents.item(r) for r in range(dashboard.documents.count())]
    assert [i.text() for i in shown if not i.isHidden()] == ["emoji"]
    qtbot.mouseClick(dashboard.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: settled(dashboard) and _documents(dashboard) == {"emoji"}, timeout=20_000
    )
    assert _pooled(dashboard) == {"alice": 3, "bob": 3}

    dashboard.where.clear()
    qtbot.keyClicks(dashboard.where, "date>>")
    assert "ATTRIBUTE=VALUE" in dashboard.where.toolTip()
    qtbot.mouseClick(dashboard.compute_button, Qt.MouseButton.LeftButton)
    assert "ATTRIBUTE=VALUE" in dashboard.status.text()
    assert not dashboard.is_busy()
    dashboard.where.clear()
    qtbot.keyClicks(dashboard.where, "outlet=Ledger")
    qtbot.mouseClick(dashboard.compute_button, Qt.MouseButton.LeftButton)
    assert dashboard.status.text() == "no document matches outlet=Ledger"
    assert _documents(dashboard) == {"emoji"}  # the last figures stay
