"""File ▸ Export Report…: written in a worker thread, the workspace usable meanwhile."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.core.model import NewCoding
from annotator.store import Project
from tests.ui.conftest import make_window


def test_export_report_from_the_file_menu(qtbot: QtBot, tmp_path: Path, hard_path: Path) -> None:
    with Project.open(hard_path) as project:
        emoji = project.documents.by_name("emoji").id
        code = project.codes.by_path("Stance/Agreement").id
        alice = project.coders.ensure("alice").id
        project.codings.add_many([NewCoding(emoji, code, alice, 5, 12, memo="a memo")])
    window = make_window(qtbot, tmp_path, hard_path)
    actions = window.menus["file"].actions()
    texts = [a.text() for a in actions]
    assert texts.index("Export Re&port…") < texts.index("&Quit")
    out = tmp_path / "report.html"
    with qtbot.waitSignal(window.analysis.report_job.done, timeout=20000):
        assert window.analysis.export_report(out)
    html = out.read_text(encoding="utf-8")
    assert 'data-start="5" data-end="12">staff 😀</span>' in html
    assert "a memo" in html
    assert "Wrote the report" in window.statusBar().currentMessage()
    assert not window.analysis.export_report(tmp_path / "report.doc")


def test_closing_the_project_while_writing_leaves_no_partial_file(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, hard_path)
    out = tmp_path / "report.rtf"
    with Project.open(hard_path) as project:
        code = project.codes.by_path("Stance/Agreement").id
        alice = project.coders.ensure("alice").id
        for document in project.documents.all():
            project.codings.add(document.id, code, alice, 0, 3)
    assert window.analysis.export_report(out)
    window.close_project()
    qtbot.waitUntil(lambda: not window.analysis.report_job.is_busy())
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.rtf")]
    assert leftovers == []
    # Written whole before the close, or cancelled and never written: never half.
    assert not out.exists() or out.read_text(encoding="utf-8").rstrip().endswith("}")
