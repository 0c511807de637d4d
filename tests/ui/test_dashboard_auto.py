"""The agreement dashboard leaves auto-codings out unless "Count auto-codings" is checked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from annotator.core.search import SearchSpec
from annotator.store import Project
from annotator.store.autocode import apply_autocode, plan_autocode
from annotator.ui.dashboard import AgreementDashboard
from tests.ui.conftest import EMOJI_SENTENCE, make_window


def _pooled(dashboard: AgreementDashboard) -> dict[str, int]:
    rows = {(r.document, r.code): r for r in dashboard.model.rows()}
    return dict(rows[(None, "Stance/Agreement")].coded_by)


def test_auto_codings_count_only_when_checked(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    start = EMOJI_SENTENCE.index("😀")
    with Project.open(hard_path) as project:
        doc = project.documents.by_name("emoji").id
        code = project.codes.by_path("Stance/Agreement").id
        for name in ("alice", "bob"):
            coder = project.coders.ensure(name).id
            project.codings.add(doc, code, coder, start, start + 1)
        plan = plan_autocode(project, "Stance/Agreement", "bob", SearchSpec("managers"),
                             document_ids=frozenset({doc}))  # fmt: skip
        assert len(apply_autocode(project, plan).added) == 1
    window = make_window(qtbot, tmp_path, hard_path)
    window.open_dashboard()
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(
        lambda: dashboard.model.rowCount() > 0 and not dashboard.is_busy(), timeout=20_000
    )
    assert not dashboard.include_auto.isChecked()
    assert _pooled(dashboard) == {"alice": 1, "bob": 1}
    assert "1 auto-coding left out." in dashboard.status.text()
    box = dashboard.include_auto
    # On the box itself: the widget is wider than its indicator and label.
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dashboard.include_auto.isChecked()
    qtbot.mouseClick(dashboard.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: not dashboard.is_busy() and _pooled(dashboard).get("bob") == 1 + len("managers"),
        timeout=20_000,
    )
    assert "left out" not in dashboard.status.text()
