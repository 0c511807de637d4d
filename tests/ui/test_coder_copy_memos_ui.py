"""Make Coder Copy… without the other coders tells the lead document memos stayed behind."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from annotator.store import Project
from tests.ui.conftest import make_window

SEED = "000_dc4029054c129186"


def test_make_coder_copy_says_document_memos_were_left_out(
    qtbot: QtBot, tmp_path: Path, demo_path: Path
) -> None:
    with Project.open(demo_path) as project:
        seed = project.documents.by_name(SEED).id
        project.memos.set("document", seed, "alice: boilerplate heavy")
    window = make_window(qtbot, tmp_path, demo_path, coder="Lena")
    out = tmp_path / "dave.annotator"
    window.exchange.make_copy("dave", out, True, True)
    message = window.statusBar().currentMessage()
    assert "1 document memo left out: they carry no author." in message
    with Project.open(out) as copy:
        assert copy.memos.get("document", seed) == ""
    window.exchange.make_copy("erin", tmp_path / "erin.annotator", False, False)  # not blind
    assert "document memo" not in window.statusBar().currentMessage()
