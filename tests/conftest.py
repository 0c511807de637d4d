"""Shared fixtures: real project files in tmp_path, never the user's settings or data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.core.decoding import decode_bytes
from annotator.core.search import SearchSpec
from annotator.store import Project
from annotator.store.autocode import apply_autocode, plan_autocode
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


#: Auto-codings per (document, code, coder) in ``auto_coded``: 10 in all.
AUTO_CODED = {
    ("one", "Fruit/Apple", "alice"): 2, ("two", "Fruit/Apple", "alice"): 1,
    ("one", "Fruit/Pear", "bob"): 1, ("two", "Fruit/Pear", "bob"): 2,
    ("one", "Fruit/Apple", "consensus"): 2,
    ("two", "Fruit/Pear", "carol"): 2,  # carol made only auto-codings
}  # fmt: skip


@pytest.fixture
def auto_coded(tmp_path: Path) -> Path:
    """Two documents ("one" titled "Zoe interview"), two codes, alice's and bob's own codings
    in both, and auto-codings (``AUTO_CODED``) by them, carol and the consensus coder."""
    path = tmp_path / "auto.annotator"
    with Project.create(path) as project:
        for name, text in (("one", "apple pear apple. Some words here."),
                           ("two", "pear apple pear. Other words there.")):  # fmt: skip
            project.documents.add(decode_bytes(text.encode()), name)
            document_id = project.documents.by_name(name).id
            for coder in ("alice", "bob"):
                coder_id = project.coders.ensure(coder).id
                for code, word in (("Fruit/Apple", "words"), ("Fruit/Pear", "here")):
                    start = text.index(word)
                    code_id = project.codes.ensure_path(code)[0].id
                    project.codings.add(document_id, code_id, coder_id, start, start + len(word))
        ids = {d.name: d.id for d in project.documents.all()}
        project.documents.set_title(ids["one"], "Zoe interview")
        for (name, code, coder), count in AUTO_CODED.items():
            fruit = code.split("/")[1].lower()
            project.coders.ensure(coder)
            plan = plan_autocode(project, code, coder, SearchSpec(fruit, mode="word"),
                                 document_ids=frozenset({ids[name]}))  # fmt: skip
            assert len(apply_autocode(project, plan).added) == count
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
