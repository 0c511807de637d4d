"""Fault trials: kill -9, contention, a full disk, read-only places. Prints one JSON object.

Usage: python benchmarks/faults.py [--store-trials 30] [--cli-trials 30] [--loop 300]

Every figure is measured from outside, on real files in a temporary folder:

* kill -9 during store actions: a child adds codings (single ones and batches of 5) and prints
  each id once its transaction returned; it is killed at a random moment. Afterwards every
  acknowledged coding must be there, every batch whole or absent, the file must pass
  ``PRAGMA integrity_check``.
* kill -9 during CLI commands (``code``, ``export``): an exit status 0 is an acknowledgement; an
  export's target is either absent or complete.
* contention: two writers in a tight loop and one GUI-paced writer (a coding every 50 ms),
  counting attempts and failures; for comparison the same loop with a deferred ``BEGIN`` as
  Annotator used before (read first, then write).
* the close of a project while another program holds a read transaction.
* a full disk (a 2 MB tmpfs, needs root) and a read-only file and folder (as user ``nobody``,
  needs root and ``setpriv``): one clear message, the project intact, no partial export.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

from annotator.core.decoding import decode_bytes
from annotator.store import Project

PYTHON = sys.executable
CLI = [PYTHON, "-m", "annotator"]
TEXT = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 400


def make_project(path: Path) -> None:
    with Project.create(path) as project:
        project.documents.add(decode_bytes(TEXT.encode()), "doc")
        project.codes.add("A")
        project.coders.ensure("alice")


def intact(path: Path) -> bool:
    """``PRAGMA integrity_check`` says ok (a read-write connection: it leaves no -wal/-shm)."""
    conn = sqlite3.connect(path)
    try:
        return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


STORE_CHILD = """
import sys
from annotator.core.model import NewCoding
from annotator.store import Project
project = Project.open(sys.argv[1])
print("ready", flush=True)
c = int(sys.argv[2]) * 100000  # every coding gets its own span: c -> [c % 20000, ...)
def span(c):
    return c % 20000, c % 20000 + 1 + c // 20000
n = 0
while True:
    n += 1
    if n % 2:
        c += 1
        made = project.codings.add(1, 1, 1, *span(c), memo=str(c))
    else:
        batch, first = [], c + 1
        for k in range(5):
            c += 1
            batch.append(NewCoding(1, 1, 1, *span(c), f"batch {first}"))
        made = project.codings.add_many(batch)
    print(" ".join(map(str, made.added)), flush=True)
"""


def store_trials(folder: Path, trials: int, rng: random.Random) -> dict[str, Any]:
    path = folder / "store.annotator"
    make_project(path)
    acknowledged = lost = corrupt = broken_batches = 0
    for trial in range(trials):
        child = subprocess.Popen(
            [PYTHON, "-c", textwrap.dedent(STORE_CHILD), str(path), str(trial + 1)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        assert child.stdout is not None
        child.stdout.readline()  # "ready": started and opened, the clock starts now
        time.sleep(rng.uniform(0.05, 1.0))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        ids = {int(i) for line in out.splitlines() if line.strip() for i in line.split()}
        acknowledged += len(ids)
        if not intact(path):
            corrupt += 1
            break
        with Project.open(path) as project:
            stored = {c.id: c for c in project.codings.all()}
            lost += len(ids - set(stored))
            batches: dict[str, int] = {}
            for coding in stored.values():
                if coding.memo.startswith("batch"):
                    batches[coding.memo] = batches.get(coding.memo, 0) + 1
            broken_batches += sum(1 for count in batches.values() if count != 5)
    return {"trials": trials, "acknowledged": acknowledged, "lost": lost,
            "broken_batches": broken_batches, "corrupt_files": corrupt}  # fmt: skip


def cli_trials(folder: Path, trials: int, rng: random.Random) -> dict[str, Any]:
    path = folder / "cli.annotator"
    make_project(path)
    acknowledged: list[int] = []
    partial_exports = corrupt = 0
    for trial in range(trials):
        start = trial * 3
        if trial % 3 == 2:
            out = folder / f"export-{trial}.csv"
            command = [*CLI, "export", str(path), "--csv", str(out)]
        else:
            command = [*CLI, "code", str(path), "--document", "doc", "--code", "A", "--coder",
                       "alice", "--start", str(start), "--end", str(start + 2)]  # fmt: skip
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, 2.5))  # start-up included: some finish, some do not
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
        status = child.wait()
        if status == 0 and trial % 3 != 2:
            acknowledged.append(start)
        if trial % 3 == 2 and out.exists():
            lines = out.read_text(encoding="utf-8").splitlines()
            partial_exports += not lines or not lines[0].startswith("coding_id")
        corrupt += not intact(path)
    with Project.open(path) as project:
        stored = {c.start for c in project.codings.all()}
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    return {"trials": trials, "acknowledged": len(acknowledged),
            "lost": len(set(acknowledged) - stored), "corrupt_files": corrupt,
            "partial_exports": partial_exports, "hidden_leftovers": len(leftovers)}  # fmt: skip


WRITER = """
import sqlite3, sys, time
from annotator.store import Project
path, coder, count, pause, deferred = sys.argv[1], sys.argv[2], int(sys.argv[3]), \\
    float(sys.argv[4]), sys.argv[5] == "1"
failures = 0
if deferred:  # Annotator before issue 9: deferred BEGIN, read, then write
    conn = sqlite3.connect(path, isolation_level=None, timeout=5)
    conn.execute("PRAGMA busy_timeout = 5000")
    for n in range(count):
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT length FROM documents WHERE id = 1").fetchone()
            conn.execute("INSERT INTO codes (guid, name, color) VALUES (?, ?, '#000000')",
                         [f"{coder}-{n}", f"{coder} {n}"])
            conn.execute("COMMIT")
        except sqlite3.OperationalError:
            failures += 1
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        time.sleep(pause)
else:
    with Project.open(path) as project:
        coder_id = project.coders.ensure(coder).id
        for n in range(count):
            try:
                project.codings.add(1, 1, coder_id, n, n + 1)
            except Exception:
                failures += 1
            time.sleep(pause)
print(failures)
"""


def contention(folder: Path, count: int, deferred: bool) -> dict[str, Any]:
    path = folder / f"contention-{int(deferred)}.annotator"
    make_project(path)
    plan = [("alice", count, 0.0), ("bob", count, 0.0), ("gui", max(1, count // 5), 0.05)]
    started = time.perf_counter()
    writers = [
        subprocess.Popen([PYTHON, "-c", textwrap.dedent(WRITER), str(path), name, str(n),
                          str(pause), "1" if deferred else "0"],
                         stdout=subprocess.PIPE, text=True)
        for name, n, pause in plan
    ]  # fmt: skip
    failures = [int(w.communicate()[0].strip() or -1) for w in writers]
    return {
        "writers": {name: {"attempts": n, "failures": f}
                    for (name, n, _), f in zip(plan, failures, strict=True)},
        "seconds": round(time.perf_counter() - started, 2),
    }  # fmt: skip


def close_while_read(folder: Path) -> dict[str, float]:
    path = folder / "close.annotator"
    make_project(path)
    project = Project.open(path)
    project.codings.add(1, 1, 1, 0, 5)
    reader = subprocess.Popen(
        [PYTHON, "-c", "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], "
         "isolation_level=None); c.execute('BEGIN'); c.execute('SELECT count(*) FROM codings')"
         ".fetchone(); print('reading', flush=True); time.sleep(20)", str(path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert reader.stdout is not None
    reader.stdout.readline()
    started = time.perf_counter()
    project.close()
    seconds = time.perf_counter() - started
    reader.kill()
    reader.wait()
    return {"close_s_with_a_reader": round(seconds, 3)}


def run_cli(*args: str | Path, user: list[str] | None = None) -> tuple[int, str]:
    result = subprocess.run([*(user or []), *CLI, *map(str, args)], capture_output=True,
                            text=True, cwd="/")  # fmt: skip
    return result.returncode, (result.stderr.strip().splitlines() or [""])[-1]


def full_disk(folder: Path) -> dict[str, Any]:
    mount = folder / "tiny"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
        ).returncode
    ):
        return {"skipped": "needs root to mount a 2 MB tmpfs"}
    try:
        path = mount / "p.annotator"
        make_project(path)
        big = folder / "big.txt"
        big.write_text("word " * 600_000, encoding="utf-8")  # 3 MB: more than the disk
        imported = run_cli("import", path, big, "--max-mb", "50")
        filler = mount / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as handle:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        coded = run_cli("code", path, "--document", "doc", "--code", "A", "--coder", "alice",
                        "--start", "0", "--end", "4")  # fmt: skip
        exported = run_cli("export", path, "--csv", mount / "out.csv")
        files = sorted(p.name for p in mount.iterdir() if p.name != "filler")
        filler.unlink()
        return {
            "import": {"exit": imported[0], "message": imported[1]},
            "code": {"exit": coded[0], "message": coded[1]},
            "export": {"exit": exported[0], "message": exported[1]},
            "files_on_the_full_disk": files,
            "project_intact_after_freeing_space": intact(path),
        }
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def read_only(folder: Path) -> dict[str, Any]:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return {"skipped": "needs root and setpriv to act as another user"}
    nobody = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]
    shared = Path(tempfile.mkdtemp(prefix="annotator-ro-"))
    shared.chmod(0o755)
    results: dict[str, Any] = {}
    try:
        for what in ("file", "folder"):
            path = shared / f"{what}.annotator"
            make_project(path)
            path.chmod(0o444 if what == "file" else 0o644)
            if what == "folder":
                shared.chmod(0o555)
            info = run_cli("info", path, user=nobody)
            code = run_cli("code", path, "--document", "doc", "--code", "A", "--coder", "x",
                           "--start", "0", "--end", "3", user=nobody)  # fmt: skip
            export = run_cli("export", path, "--csv", shared / "out.csv", user=nobody)
            shared.chmod(0o755)
            results[what] = {
                "info_exit": info[0], "code": {"exit": code[0], "message": code[1]},
                "export": {"exit": export[0], "message": export[1]},
                "project_intact": intact(path),
                "partial_files": sorted(p.name for p in shared.iterdir()
                                        if not p.name.endswith(".annotator")),
            }  # fmt: skip
    finally:
        shared.chmod(0o755)
        shutil.rmtree(shared, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store-trials", type=int, default=30)
    parser.add_argument("--cli-trials", type=int, default=30)
    parser.add_argument("--loop", type=int, default=300, help="writes per tight-loop writer")
    args = parser.parse_args()
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        report = {
            "kill9_store": store_trials(folder, args.store_trials, rng),
            "kill9_cli": cli_trials(folder, args.cli_trials, rng),
            "contention_immediate": contention(folder, args.loop, deferred=False),
            "contention_deferred_before": contention(folder, args.loop, deferred=True),
            **close_while_read(folder),
            "full_disk": full_disk(folder),
            "read_only": read_only(folder),
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
