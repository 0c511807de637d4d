"""Write files so that an interruption never leaves a partial file behind.

The content goes to a temporary file beside the target, is flushed to disk, and only then
renamed over the target: ``os.replace`` is atomic on the same file system.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


@contextlib.contextmanager
def _replacing(path: str | Path, mode: str, **options: Any) -> Iterator[IO[Any]]:
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
    )
    try:
        with os.fdopen(fd, mode, **options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def atomic_write(
    path: str | Path, *, newline: str | None = "", encoding: str = "utf-8"
) -> contextlib.AbstractContextManager[IO[str]]:
    """Open a text file for writing that appears at ``path`` only when complete."""
    return _replacing(path, "w", encoding=encoding, newline=newline)


def atomic_write_bytes(path: str | Path) -> contextlib.AbstractContextManager[IO[bytes]]:
    """Binary twin of :func:`atomic_write`, for archives and XML."""
    return _replacing(path, "wb")
