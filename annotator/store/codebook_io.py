"""Codebook files: REFI-QDA ``.qdc`` and the codebook CSV, in and out of a project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator import __version__
from annotator.core.codebook_csv import EXPORT_COLUMNS
from annotator.core.codepaths import SEPARATOR
from annotator.core.csvformat import write_csv
from annotator.core.errors import Conflict, FormatError, NotFound
from annotator.core.model import Change
from annotator.core.qdc import QdcCode, read_codebook, write_codebook
from annotator.store.bulk import import_codebook_csv
from annotator.store.exports import codebook_export

if TYPE_CHECKING:
    from annotator.store.project import Project

# Code names cannot hold the path separator; other tools' names keep their look.
_SLASH_STANDIN = "\u2215"


def codebook_tree(project: Project) -> list[QdcCode]:
    """The project's codebook as a tree of :class:`QdcCode`, in display order."""
    nodes: dict[int, QdcCode] = {}
    roots: list[QdcCode] = []
    for code in project.codes.all():
        node = QdcCode(code.guid, code.name, code.color, code.description)
        nodes[code.id] = node
        if code.parent_id is None:
            roots.append(node)
        else:
            nodes[code.parent_id].children.append(node)
    return roots


def import_qdc_codes(project: Project, codes: list[QdcCode]) -> Change:
    """Add the codes of a REFI-QDA codebook; codes whose GUID is already here are kept as are.

    All or nothing: a name clash with a different code stops the import with nothing changed.
    """
    added: list[int] = []
    renamed: list[str] = []
    with project.transaction():

        def place(items: list[QdcCode], parent_id: int | None) -> None:
            for item in items:
                try:
                    code_id = project.codes.by_guid(item.guid).id
                except NotFound:
                    name = item.name.replace(SEPARATOR, _SLASH_STANDIN)
                    if name != item.name:
                        renamed.append(item.name)
                    try:
                        change = project.codes.add(
                            name, parent_id=parent_id, color=item.color,
                            description=item.description, guid=item.guid,
                        )  # fmt: skip
                    except Conflict as err:
                        raise FormatError(f"cannot import {item.name!r}: {err}") from err
                    code_id = change.added[0]
                    added.append(code_id)
                place(item.children, code_id)

        place(codes, None)
    note = f" ({len(renamed)} names had '/' replaced)" if renamed else ""
    return Change(f"Imported {len(added)} codes{note}", "code", added=tuple(added))


def import_codebook_file(project: Project, path: str | Path) -> Change:
    """Import a ``.qdc`` (or ``.xml``) REFI-QDA codebook or a codebook ``.csv``."""
    suffix = Path(path).suffix.lower()
    if suffix in (".qdc", ".xml"):
        return import_qdc_codes(project, read_codebook(path))
    if suffix == ".csv":
        return import_codebook_csv(project, path)
    raise FormatError(f"{Path(path).name}: codebooks are imported from .qdc or .csv files")


def export_codebook_file(project: Project, path: str | Path, *, excel: bool = False) -> int:
    """Write the codebook as ``.qdc`` or ``.csv`` (by suffix); return the number of codes."""
    suffix = Path(path).suffix.lower()
    if suffix == ".qdc":
        tree = codebook_tree(project)
        write_codebook(path, tree, f"Annotator {__version__}")
        return len(project.codes.all())
    if suffix == ".csv":
        return write_csv(path, EXPORT_COLUMNS, codebook_export(project), excel=excel)
    raise FormatError(f"{Path(path).name}: codebooks are exported to .qdc or .csv files")
