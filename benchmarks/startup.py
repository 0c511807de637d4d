"""Start-up time of the command line, measured like hyperfine: repeated runs, min and median.

Usage: python benchmarks/startup.py [--runs 15]
Builds a demo project, then times ``annotator --help``, ``info``, one ``code`` and one
``uncode`` (alternating, so every run does the same work), each as a fresh process, and the
interpreter alone for reference. Prints one JSON object of seconds: wall-clock min and median,
and the median CPU time, which a machine busy with other work inflates much less.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator.store import Project
from annotator.store.bulk import build_demo

ANNOTATOR = str(Path(sys.executable).with_name("annotator"))


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(commands: list[list[str]], runs: int) -> dict[str, float]:
    """Min and median wall time, and median CPU time (a loaded machine inflates the wall)."""
    walls, cpus = zip(*(timed(commands[n % len(commands)]) for n in range(runs)), strict=True)
    return {"min_s": round(min(walls), 3), "median_s": round(statistics.median(walls), 3),
            "cpu_median_s": round(statistics.median(cpus), 3)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "demo.annotator")
        Project.create(path, build_demo).close()
        with Project.open(path) as project:
            document = project.documents.all()[0].name
            code = project.codes.all()[0].path
        span = ["--document", document, "--code", code, "--coder", "bench", "--start", "0",
                "--end", "5"]  # fmt: skip
        report = {
            "python_alone": measure([[sys.executable, "-c", "pass"]], runs),
            "help": measure([[ANNOTATOR, "--help"]], runs),
            "info": measure([[ANNOTATOR, "info", path]], runs),
            "code_and_uncode": measure(
                [[ANNOTATOR, "code", path, *span], [ANNOTATOR, "uncode", path, *span]], runs
            ),
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
