"""Import sqlite-utils without pandas and numpy, which it would load only to map their types.

sqlite-utils imports pandas and numpy when they are installed (they are: statsmodels and the
agreement engine need them) so that a DataFrame's values can be inserted. Annotator never
inserts those, and the two made up most of the start-up time of every command (about 1 s of
the 1.1 s). While sqlite-utils is imported they are hidden; later imports of them (agreement,
analysis) work as usual. (An ordinary open imports sqlite-utils not at all: see
:mod:`annotator.store.migration_registry`.)
"""

from __future__ import annotations

import importlib
import sys

_HIDDEN = ("pandas", "numpy")


def import_sqlite_utils() -> None:
    """Import sqlite-utils once, with pandas and numpy hidden if nothing has loaded them yet."""
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail fast
    try:
        importlib.import_module("sqlite_utils")
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
