"""The only layer that speaks SQL: one SQLite file per project."""

from annotator.store.project import Project

__all__ = ["Project"]
