"""A scripted session with two coders under a real X server, window manager and keyboard.

Run it with ``make session`` (which starts Xvfb and installs xvfb, xdotool and openbox when
they are missing). It builds the demo project, starts ``annotator gui`` on it, and drives it
with xdotool as a user would: select by Find, code by key, Del, undo, add and rename a code,
a memo, mark done, switch coder, compare and adjudicate, the dashboard. After each step it
saves a screenshot of the whole screen to the output folder, and at the end it checks the
project file. Exit status 0 when every check holds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from annotator.store import Project
from annotator.store.bulk import build_demo

SEED = "000_dc4029054c129186"
PAUSE = 0.7


class Session:
    """The app under X, driven by xdotool, photographed after every step."""

    def __init__(self, out: Path, project: Path, config: Path) -> None:
        self.out = out
        self.project = project
        self.step = 0
        env = {**os.environ, "XDG_CONFIG_HOME": str(config), "QT_QPA_PLATFORM": "xcb"}
        self.wm = subprocess.Popen(["openbox"], env=env, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        self.app = subprocess.Popen(
            [sys.executable, "-m", "annotator", "gui", str(project)], env=env,
        )  # fmt: skip
        from PySide6.QtGui import QGuiApplication

        self.qt = QGuiApplication.instance() or QGuiApplication(["session"])

    def xdo(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], capture_output=True, text=True, check=False)
        return done.stdout.strip()

    def wait_for(self, title: str, timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.xdo("search", "--onlyvisible", "--name", title):
                return
            time.sleep(0.3)
        raise RuntimeError(f"no window titled {title!r} appeared")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.xdo("key", "--clearmodifiers", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.xdo("type", "--delay", "40", text)
        time.sleep(0.2)

    def shot(self, name: str) -> None:
        time.sleep(PAUSE)
        self.step += 1
        screen = self.qt.primaryScreen()  # type: ignore[attr-defined]
        path = self.out / f"{self.step:02d}-{name}.png"
        screen.grabWindow(0).save(str(path))
        print(f"step {self.step:2d}: {name} -> {path.name}", flush=True)

    def find(self, needle: str) -> None:
        self.keys("ctrl+f")
        self.keys("ctrl+a")
        self.type(needle)
        self.keys("Return", "Escape")

    def close(self) -> None:
        for process in (self.app, self.wm):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def run(session: Session) -> None:
    s = session
    s.wait_for("Who is coding")
    s.shot("asks-who-codes")
    s.type("alice")
    s.keys("Return")
    s.wait_for("Annotator")
    s.shot("alice-opens-the-demo")
    s.find("Russian military operations")
    s.shot("find-selects")
    s.keys("1")
    s.shot("code-by-key")
    s.find("White House")
    s.keys("2")
    s.shot("second-coding")
    s.keys("ctrl+m")
    s.wait_for("Coding memo")
    s.type("spokesperson, not the president")
    s.shot("memo-dialog-with-quote")
    s.keys("ctrl+Return")
    s.shot("memo-saved")
    s.find("come after the Russian")  # a no-break space in the article
    s.keys("3")
    s.shot("find-across-no-break-space-and-code")
    s.keys("Delete")
    s.shot("del-removes-the-coding-just-made")
    s.keys("ctrl+shift+n")
    s.wait_for("Add code")
    s.type("Irony")
    s.keys("Return")
    s.shot("code-added")
    s.keys("F6")
    s.keys("F2")
    s.keys("ctrl+a")
    s.type("Sarcasm")
    s.keys("Return")
    s.shot("code-renamed-in-the-tree")
    s.keys("shift+F6", "ctrl+d")
    s.shot("document-done")
    s.keys("alt+o")
    s.shot("coder-menu")
    s.keys("s")
    s.shot("switch-submenu")
    s.keys("n")
    s.wait_for("Who is coding")
    s.type("bob")
    s.keys("Return")
    s.shot("switched-to-bob")
    s.find("Russian military")
    s.keys("1")
    s.keys("ctrl+d")
    s.shot("bob-codes-and-marks-done")
    s.keys("ctrl+shift+k")
    s.wait_for("Compare")
    s.shot("comparison")
    s.keys("ctrl+1")
    s.shot("adjudicated-accept-a")
    s.keys("alt+F4")
    s.shot("back-in-the-workspace")
    s.keys("ctrl+shift+a")
    time.sleep(4)
    s.shot("dashboard")
    s.keys("alt+F4", "ctrl+q")
    s.app.wait(timeout=20)


def check(project: Path) -> list[str]:
    """What the project file must hold after the session; the failed checks."""
    with Project.open(project) as opened:
        doc = opened.documents.by_name(SEED)
        text = opened.documents.text(doc.id)
        codes = {c.id: c.path for c in opened.codes.all()}
        coders = {c.id: c.name for c in opened.coders.all()}
        rows = [(coders[c.coder_id], codes[c.code_id], text[c.start : c.end], c.memo)
                for c in opened.codings.for_document(doc.id)]  # fmt: skip
        status = {name: opened.status.get(doc.id, cid) for cid, name in coders.items()}
        decided = opened.adjudications.all()
    expect: list[tuple[str, Callable[[], bool]]] = [
        ("alice coded 'Russian military operations'",
         lambda: any(r[0] == "alice" and r[2] == "Russian military operations" for r in rows)),
        ("alice's 'White House' carries the memo",
         lambda: any(r[2] == "White House" and r[3].startswith("spokesperson") for r in rows)),
        ("Del removed the coding just made, nothing else",
         lambda: not any("after" in r[2] for r in rows) and len(rows) >= 3),
        ("the code was added and renamed", lambda: "Sarcasm" in codes.values()
         and "Irony" not in codes.values()),
        ("bob coded 'Russian military'",
         lambda: any(r[0] == "bob" and r[2] == "Russian military" for r in rows)),
        ("alice and bob marked the document done",
         lambda: status.get("alice") == "done" and status.get("bob") == "done"),
        ("one adjudication recorded", lambda: len(decided) >= 1),
        ("one coder per name", lambda: sorted(set(coders.values()) - {"consensus"})
         == ["alice", "bob"]),
    ]  # fmt: skip
    failed = [name for name, holds in expect if not holds()]
    for name, _ in expect:
        print(("FAIL " if name in failed else "ok   ") + name)
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("session-shots"))
    args = parser.parse_args()
    for tool in ("xdotool", "openbox"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing (make session installs it)", file=sys.stderr)
            return 2
    if not os.environ.get("DISPLAY"):
        print("no X display: run under xvfb-run (make session)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "session.annotator"
        with Project.create(project) as created:
            build_demo(created)
        session = Session(args.out, project, Path(tmp) / "config")
        try:
            run(session)
        finally:
            session.close()
        failed = check(project)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
