"""Write files so that an interruption never leaves a partial file behind.

The content goes to a hidden temporary file beside the target, is flushed to disk, and only
then renamed over the target: ``os.replace`` is atomic on the same file system. The temporary
name carries the writer's process id, so one left by a killed writer is recognised and removed
the next time that target is written. The result gets the permissions a new file would get
(the umask), not the private ones of a temporary file. A target that is not a regular file (a
pipe, ``/dev/stdout``) is written directly: replacing it would break it; ``-`` is standard
output.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

_HIDDEN = "."


def temporary_name(target: Path, kind: str = "tmp") -> Path:
    """A hidden name beside ``target`` for this process: ``.NAME.PID.RANDOM.KIND``."""
    return target.with_name(f"{_HIDDEN}{target.name}.{os.getpid()}.{secrets.token_hex(4)}.{kind}")


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove temporaries of ``target`` whose writer is no longer running; return them."""
    removed: list[Path] = []
    folder = target.parent if str(target.parent) else Path(".")
    prefix = f"{_HIDDEN}{target.name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not entry.name.startswith(prefix):
                continue
            parts = entry.name[len(prefix) :].split(".")
            if len(parts) < 3 or not parts[0].isdigit() or _running(int(parts[0])):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(tmp: Path, target: Path) -> None:
    """Move a complete ``tmp`` to ``target``, never replacing a file that appeared meanwhile."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if target.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from err
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def new_file_mode() -> int:
    """The permission bits a newly created file gets here (0666 less the umask).

    Linux reports the umask in ``/proc/self/status``; setting it to read it back (the only
    portable way) would briefly change it for every thread of the process.
    """
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def is_special(path: Path) -> bool:
    """A pipe, a device or a socket: written in place, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


STDOUT = "-"


@contextlib.contextmanager
def _to_stdout(mode: str, **options: Any) -> Iterator[IO[Any]]:
    """Standard output as the file ``-``: bytes go straight through, text is encoded as asked."""
    sys.stdout.flush()
    if "b" in mode:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    wrapper = io.TextIOWrapper(sys.stdout.buffer, write_through=True, **options)
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()


@contextlib.contextmanager
def _replacing(path: str | Path, mode: str, **options: Any) -> Iterator[IO[Any]]:
    if str(path) == STDOUT:
        with _to_stdout(mode, **options) as handle:
            yield handle
        return
    target = Path(path)
    if is_special(target):
        with open(target, mode, **options) as handle:
            yield handle
        return
    remove_stale_temporaries(target)
    tmp = temporary_name(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as err:  # name the file the user asked for, not the hidden temporary
        raise OSError(err.errno, f"cannot be written ({err.strerror})", str(target)) from err
    try:
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, mode, **options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the umask's."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return new_file_mode()


def atomic_write(
    path: str | Path, *, newline: str | None = "", encoding: str = "utf-8"
) -> contextlib.AbstractContextManager[IO[str]]:
    """Open a text file for writing that appears at ``path`` only when complete."""
    return _replacing(path, "w", encoding=encoding, newline=newline)


def atomic_write_bytes(path: str | Path) -> contextlib.AbstractContextManager[IO[bytes]]:
    """Binary twin of :func:`atomic_write`, for archives and XML."""
    return _replacing(path, "wb")
