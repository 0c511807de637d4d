"""The only layer that speaks SQL: one SQLite file per project."""

from annotator.store.light_import import import_sqlite_utils

import_sqlite_utils()  # before any store module imports it: see light_import

from annotator.store.project import Project  # noqa: E402

__all__ = ["Project"]
