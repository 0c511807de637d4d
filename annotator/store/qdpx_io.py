"""REFI-QDA projects (``.qdpx``) in and out of an Annotator project.

Import reads and checks the whole archive first (:mod:`annotator.core.qdpx_read`), then merges
it with the rules of :mod:`annotator.store.merge`, so importing into an existing project is a
merge, and importing the same file twice adds nothing. Export writes what
:mod:`annotator.core.qdpx_write` makes of the project's snapshot.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from annotator import __version__
from annotator.core.exchange import MergeReport, ProjectSnapshot
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


def export_qdpx(
    project: Project, out: str | Path, *, offsets: str = "codepoints", coders: Sequence[str] = ()
) -> int:
    """Write the project as a ``.qdpx``; return the number of codings written.

    ``coders`` (empty: everyone) limits the codings, statuses and coders written: a blind coder
    copy exports only its coder's work, and the adjudications (the consensus) not at all.
    """
    snapshot = read_snapshot(project.db)
    if coders:
        snapshot = _only_coders(snapshot, {project.coders.by_name(name).name for name in coders})
    origin = f"Annotator {__version__}"
    if offsets == "utf16":
        origin += " (UTF-16 offsets)"
    write_qdpx(out, snapshot, name=project.path.stem, origin=origin, offsets=offsets)
    return len(snapshot.codings)


def _only_coders(snapshot: ProjectSnapshot, names: set[str]) -> ProjectSnapshot:
    """The snapshot with only ``names``' codings, statuses and withdrawals, no adjudications."""
    return replace(
        snapshot,
        coders=[name for name in snapshot.coders if name in names],
        codings=[coding for coding in snapshot.codings if coding.coder in names],
        statuses=[status for status in snapshot.statuses if status.coder in names],
        adjudications=[],
        withdrawn=[item for item in snapshot.withdrawn if item.coder in names],
    )
