"""Start and drive :mod:`tests.ui.window_process` from a test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class WindowProcess:
    """A main window in a child process; :meth:`send` runs one command and returns its answer."""

    def __init__(self, project: Path, settings: Path, coder: str = "alice") -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.window_process", str(project), str(settings), coder],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=project.parent, env=env, text=True,
        )  # fmt: skip
        first = self._answer()
        assert first == "ready", first

    def _answer(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line:
            assert self.process.stderr is not None
            self.process.wait()
            raise AssertionError(f"window process ended: {self.process.stderr.read()}")
        return line

    def send(self, command: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        answer = self._answer()
        assert answer.startswith("ok"), answer
        return answer[3:]

    def kill(self) -> None:
        """End the process as a crash or a power cut would: no clean-up at all."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def annotator(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the command-line program in its own process, as a colleague's terminal would."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
