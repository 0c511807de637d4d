"""Fixtures for driving the real main window offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.core.decoding import decode_bytes
from annotator.store import Project
from annotator.store.bulk import build_demo
from annotator.ui.dashboard import AgreementDashboard
from annotator.ui.main_window import MainWindow
from annotator.ui.settings import Settings

EMOJI_SENTENCE = "Café staff 😀 agreed; managers did not."


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
