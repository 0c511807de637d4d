"""REFI-QDA projects (``.qdpx``) in and out of an Annotator project.

Import reads and checks the whole archive first (:mod:`annotator.core.qdpx_read`), then merges
it with the rules of :mod:`annotator.store.merge`, so importing into an existing project is a
merge, and importing the same file twice adds nothing. Export writes what
:mod:`annotator.core.qdpx_write` makes of the project's snapshot.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from annotator import __version__
from annotator.core.exchange import MergeReport
from annotator.core.qdpx_read import QdpxImport, read_qdpx
from annotator.core.qdpx_write import write_qdpx
from annotator.store.merge import merge_snapshots
from annotator.store.project import Project
from annotator.store.snapshot import read_snapshot


@dataclass(frozen=True)
class QdpxResult:
    read: QdpxImport
    report: MergeReport
    created: bool


def import_qdpx(
    project_path: str | Path, qdpx: str | Path, *, offsets: str | None = None
) -> QdpxResult:
    """Import ``qdpx`` into the project at ``project_path``, creating it if it is missing.

    The archive is read and checked before the project is touched; a project created here is
    removed again if the merge fails, so a failed import leaves nothing behind.
    """
    read = read_qdpx(qdpx, offsets=offsets)
    target = Path(project_path)
    created = not target.exists()
    project = Project.create(target) if created else Project.open(target)
    try:
        with project:
            [report] = merge_snapshots(project, [(Path(qdpx).name, read.snapshot)])
    except BaseException:
        if created:
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        raise
    return QdpxResult(read, report, created)


def export_qdpx(project: Project, out: str | Path, *, offsets: str = "codepoints") -> int:
    """Write the project as a ``.qdpx``; return the number of codings written."""
    snapshot = read_snapshot(project.db)
    origin = f"Annotator {__version__}"
    if offsets == "utf16":
        origin += " (UTF-16 offsets)"
    write_qdpx(out, snapshot, name=project.path.stem, origin=origin, offsets=offsets)
    return len(snapshot.codings)
