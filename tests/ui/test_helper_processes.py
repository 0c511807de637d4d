"""The dashboard's helper processes end with the application, however it ends (issue 9)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from annotator.core.lifeline import CHECK_EVERY
from annotator.core.model import NewCoding
from annotator.store import Project
from tests.ui.window_child import WindowProcess

# A wait for the helpers to notice, not a speed limit: generous for a loaded machine.
GONE_WITHIN = 30.0


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command may hold spaces and brackets: the parent comes after the last ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"  # a zombie has ended; it only waits to be reaped


def two_coders(path: Path) -> None:
    """Codings by two coders, so there is agreement to compute."""
    with Project.open(path) as project:
        doc = project.documents.all()[0]
        code = project.codes.all()[0]
        for name, spans in (("alice", [(0, 9), (20, 40)]), ("bob", [(0, 12), (25, 40)])):
            coder = project.coders.ensure(name).id
            project.codings.add_many(NewCoding(doc.id, code.id, coder, a, b) for a, b in spans)


def test_killing_the_window_ends_the_dashboard_engine(tmp_path: Path, demo_path: Path) -> None:
    two_coders(demo_path)
    window = WindowProcess(demo_path, tmp_path / "settings.json")
    try:
        rows = window.send("dashboard")
        assert int(rows.split()[0]) > 0, rows  # the engine computed: its process is up and working
        helpers = children(window.process.pid)
        assert helpers
        window.kill()
        deadline = time.monotonic() + GONE_WITHIN
        while any(alive(p) for p in helpers) and time.monotonic() < deadline:
            time.sleep(CHECK_EVERY)
        assert not [p for p in helpers if alive(p)]
    finally:
        window.close()
