"""Shared fixtures: real project files in tmp_path, never the user's settings or data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.store import Project
from annotator.store.bulk import build_demo

SHARED = Path(__file__).resolve().parents[2] / "shared"

# Text that every offset-touching feature is tried on: emoji, a ZWJ family, a combining mark,
# right-to-left Arabic and Hebrew, Cyrillic, NBSP.
HARD_TEXT = (
    "Café staff 😀 agreed; managers did not.\n"
    "The family 👩\u200d👩\u200d👧 arrived at the cafe\u0301 at noon.\n"
    "قال المتحدث إن روسيا مستعدة للتعاون. שלום עולם.\n"
    "Лавров заявил, что Россия готова к сотрудничеству.\u00a0Конец."
)


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point every settings and data directory into a temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.create(tmp_path / "test.annotator")
    yield opened
    opened.close()


@pytest.fixture
def demo_project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.create(tmp_path / "demo.annotator")
    build_demo(opened)
    yield opened
    opened.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
