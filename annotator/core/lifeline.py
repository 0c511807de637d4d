"""Helper processes that end when the program that started them ends, however it ends.

The agreement engine and the bootstrap's manager run in processes of their own. When the
application quits normally it shuts them down; when it is killed (SIGKILL, a crash, the
session logged out) nothing does, and an engine could compute on for minutes, holding the
project open. So each helper, as it starts, calls :func:`die_with_parent`:

* on Linux the kernel sends it SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``);
* everywhere, a daemon thread checks a few times a second whether the parent is still its
  parent (an orphan is adopted by another process) and ends the helper if not. This also
  covers a parent *thread* ending, which is what the Linux signal really tracks.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
CHECK_EVERY = 0.25  # seconds


def die_with_parent(parent: int) -> None:
    """End this process as soon as process ``parent`` (the one that started it) is gone."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(1)
    watcher = threading.Thread(target=_watch, args=(parent,), name="lifeline", daemon=True)
    watcher.start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(CHECK_EVERY)
    os._exit(1)
