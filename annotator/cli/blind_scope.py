"""The CLI in a blind coder copy: the copy's coder's codings only, as in the window.

A copy made with ``copy-for --blind`` (without ``--without-other-coders``) holds the other
coders' codings so that nothing is lost, but they are not the coder's to see before the lead
compares them in the lead's project. The file can be read with sqlite3 anyway; the rule is that
Annotator itself does not show them: every command that reads codings (export, segments,
report, frequencies, cooccurrence, chart, documents) limits itself to the copy's coder and says
so on standard error, and ``agreement``, which only compares coders, is refused there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import click

from annotator.core.errors import AnnotatorError
from annotator.core.names import same_coder
from annotator.store import Project
from annotator.store.analysis import SegmentFilter


def blind_coders(project: Project, asked: Sequence[str]) -> tuple[str, ...]:
    """The coders a command may read: ``asked`` (empty: all), or the copy's coder if locked."""
    lock = project.settings.blind_lock
    if lock is None:
        return tuple(asked)
    coder = lock.coder
    others = [name for name in asked if not same_coder(name, coder)]
    if asked and len(others) == len(asked):  # only others asked for: nothing to give
        raise AnnotatorError(
            f"{project.path.name} is a blind coder copy for {coder}: "
            f"{', '.join(others)}'s codings are not shown here (only {coder}'s)"
        )
    also = f" (not {', '.join(others)})" if others else ""
    click.echo(
        f"note: {project.path.name} is a blind coder copy for {coder}: only {coder}'s "
        f"codings are read{also}; the lead's project compares coders.",
        err=True,
    )
    try:
        return (project.coders.by_name(coder).name,)
    except AnnotatorError as err:
        raise AnnotatorError(f"{coder} has no codings in this blind coder copy yet") from err


def blind_coder_ids(project: Project) -> list[int] | None:
    """The coder ids counts may count (None: everyone's); see :func:`blind_coders`."""
    if project.settings.blind_lock is None:
        return None
    try:
        return [project.coders.by_name(name).id for name in blind_coders(project, ())]
    except AnnotatorError:
        return []  # the coder has not coded yet: nothing of theirs to count


def refuse_in_blind_copy(project: Project, what: str) -> None:
    """Refuse a command that only compares coders (agreement) in a blind coder copy."""
    lock = project.settings.blind_lock
    if lock is not None:
        raise AnnotatorError(
            f"{project.path.name} is a blind coder copy for {lock.coder}: {what} belongs to "
            "the lead's project, where coders are compared (merge the copy there)"
        )


def blind_filter(project: Project, chosen: SegmentFilter) -> SegmentFilter:
    """``chosen`` limited to the copy's coder in a blind coder copy (as it was otherwise)."""
    if project.settings.blind_lock is None:
        return chosen
    return replace(chosen, coders=blind_coders(project, chosen.coders))
