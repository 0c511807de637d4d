"""Fixtures for driving the real main window offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.core.decoding import decode_bytes
from annotator.store import Project
from annotator.store.bulk import build_demo
from annotator.store.coder_copy import copy_for
from annotator.ui.comparison import ComparisonView
from annotator.ui.dashboard import AgreementDashboard
from annotator.ui.main_window import MainWindow
from annotator.ui.settings import Settings

EMOJI_SENTENCE = "Café staff 😀 agreed; managers did not."

#: The demo project's first document, where the review and coder-copy tests code.
SEED = "000_dc4029054c129186"


def code(project: Project, document: str, code_path: str, coder: str, needle: str) -> None:
    """Code the first ``needle`` in ``document`` as ``coder``: seeding by text, not offsets."""
    doc = project.documents.by_name(document)
    start = project.documents.text(doc.id).index(needle)
    project.codings.add(doc.id, project.codes.by_path(code_path).id,
                        project.coders.ensure(coder).id, start, start + len(needle))  # fmt: skip


def coder_copy(
    lead: Path, out: Path, coder: str, *, blind: bool = False, made_by: str = ""
) -> Path:
    """Write ``out``, the lead's project copied for ``coder`` (copy-for), and return it."""
    with Project.open(lead) as project:
        copy_for(project, coder, out, blind=blind, made_by=made_by)
    return out


def make_window(qtbot: QtBot, tmp_path: Path, project: Path, coder: str = "alice") -> MainWindow:
    window = MainWindow(Settings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Window shortcuts only fire in the active window; activation is asynchronous.
    with qtbot.waitActive(window, timeout=5000):
        window.activateWindow()
    assert window.open_project(project, coder=coder)
    window.text.setFocus()
    return window


def settled(dashboard: AgreementDashboard) -> bool:
    """The dashboard shows figures and computes nothing now."""
    return dashboard.model.rowCount() > 0 and not dashboard.is_busy()


def open_dashboard(qtbot: QtBot, window: MainWindow) -> AgreementDashboard:
    """Open the agreement dashboard and wait until its first computation has finished."""
    window.open_dashboard()
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: settled(dashboard), timeout=20_000)
    return dashboard


def open_comparison(
    qtbot: QtBot, tmp_path: Path, project: Path, *coders: str, coder: str = "carol"
) -> tuple[MainWindow, ComparisonView]:
    """A window on ``project`` as ``coder`` (a reviewer who coded nothing) with Compare Coders
    open on ``coders`` (none chosen yet when not given)."""
    window = make_window(qtbot, tmp_path, project, coder=coder)
    return window, compare(window, *coders)


def compare(window: MainWindow, *coders: str) -> ComparisonView:
    """Open Compare Coders in ``window`` on ``coders`` (none chosen yet when not given)."""
    window.open_comparison()
    view = window.comparison
    assert view is not None
    if coders:
        view.select_coders(*coders)
    return view


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "demo.annotator"
    with Project.create(path) as project:
        build_demo(project)
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_path: Path) -> MainWindow:
    return make_window(qtbot, tmp_path, demo_path)


@pytest.fixture
def hard_path(tmp_path: Path) -> Path:
    """A project with the emoji sentence and a text of every hard script, CRLF on disk."""
    from tests.conftest import HARD_TEXT

    path = tmp_path / "hard.annotator"
    with Project.create(path) as project:
        project.documents.add(decode_bytes(EMOJI_SENTENCE.encode()), "emoji")
        project.documents.add(decode_bytes(HARD_TEXT.replace("\n", "\r\n").encode()), "hard")
        project.codes.ensure_path("Stance/Agreement", color="#117733")
        project.codes.ensure_path("Actors/People", color="#0072B2")
    return path
