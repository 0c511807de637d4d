"""The layers DEVELOPERS.md sets: Qt only in annotator/ui, SQL only in annotator/store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "annotator"
QT_IMPORT = re.compile(r"^\s*(from|import)\s+PySide6", re.MULTILINE)
SQL = re.compile(r"\.execute\(|sqlite3\.connect|\bSELECT\b .*\bFROM\b|\bINSERT INTO\b")


def sources(exclude: str) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if exclude not in p.relative_to(PACKAGE).parts[:1]]


@pytest.mark.parametrize("path", sources("ui"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_qt_outside_ui(path: Path) -> None:
    assert not QT_IMPORT.search(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sources("store"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_sql_outside_store(path: Path) -> None:
    assert not SQL.search(path.read_text(encoding="utf-8"))


def test_core_imports_nothing_above_it() -> None:
    for path in (PACKAGE / "core").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "annotator.store" not in text, path
        assert "annotator.ui" not in text, path
        assert "annotator.cli" not in text, path
