"""Every file dialog of the application, made so that it never opens the project file.

Why this matters: SQLite coordinates programs sharing a project through POSIX advisory locks,
and closing *any* descriptor of a file drops *every* lock the process holds on it. Qt's file
dialogs guess each listed file's type from its first bytes when the name does not tell
(``QMimeDatabase`` content matching, asked for by ``QAbstractFileIconProvider.icon``/``type``),
so merely showing the project's folder used to open and close the ``.annotator`` file. The next
program to open the project (``annotator info``, the dashboard's engine) then saw no locks,
took itself for the last user and deleted the WAL, and everything the window saved afterwards
was lost on a crash.

So every dialog here is Qt's own (non-native, so we know what it does) with an icon provider
that looks at names only, and a chosen path that is one of the open project's own files
(the project, ``-wal``, ``-shm``, ``-journal``) is refused before anything reads or writes it:
importing the project as a text file would read it, and exporting over it would replace it.
An export over any other SQLite file (perhaps another project) is refused too.

The detail view's columns are laid out for reading: the name takes the room left over, and
size, type and date are as wide as their longest value (Qt gives every column a fixed width
that cut ``120.6 KiB`` to ``120…KiB``), in a dialog wide enough for all four.
"""

from __future__ import annotations

import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QHeaderView, QMessageBox, QTreeView, QWidget

from annotator.core.errors import ProjectError
from annotator.store.backup import refuse_project_target
from annotator.store.project import SUFFIX

IconType = QAbstractFileIconProvider.IconType
MatchExtension = QMimeDatabase.MatchMode.MatchExtension
SIDE_FILES = ("", "-wal", "-shm", "-journal")
DIALOG_SIZE = (900, 540)  # room for a long name beside size, type and date


class NameOnlyIcons(QAbstractFileIconProvider):
    """Icons and type names from a file's name and kind (``stat``), never from its contents."""

    def __init__(self) -> None:
        super().__init__()
        self._mime = QMimeDatabase()

    def icon(self, what: QFileInfo | IconType) -> QIcon:
        if isinstance(what, QFileInfo):
            what = IconType.Folder if what.isDir() else IconType.File
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        if info.fileName().endswith(SUFFIX):
            return "Annotator project"
        mime = self._mime.mimeTypeForFile(info.fileName(), MatchExtension)
        return mime.comment() or mime.name()


def own_files(project: Path | None) -> list[Path]:
    """The files SQLite keeps for ``project``: the database and its journals."""
    if project is None:
        return []
    return [project.with_name(project.name + side) for side in SIDE_FILES]


def refusal(path: Path, project: Path | None, *, writing: bool, force: bool = False) -> str | None:
    """Why ``path`` must not be read or written while ``project`` is open; None if it may.

    Files are compared by ``stat`` and looked into only through SQLite: opening the open
    project ourselves to look at it would itself drop the locks.
    """
    if writing:
        try:
            refuse_project_target(path, project, force=force)
        except ProjectError as err:
            return str(err).replace(" (use --force to replace it)", "")
        return None
    for own in own_files(project):
        if _same_file(path, own):
            return f"{path.name}: that is the open project's own file; choose another file"
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def fit_columns(dialog: QFileDialog) -> None:
    """Let the name column stretch and the others size to their contents, as rows arrive.

    Qt's own header keeps each column's width as first set (or as restored from its
    settings); contents-sized columns follow the files listed, a folder at a time.
    """
    view = dialog.findChild(QTreeView, "treeView")
    if view is None:  # not Qt's widget dialog
        return
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    screen = dialog.screen().availableGeometry()
    width = min(max(dialog.width(), DIALOG_SIZE[0]), screen.width())
    dialog.resize(width, min(max(dialog.height(), DIALOG_SIZE[1]), screen.height()))


def _run(dialog: QFileDialog) -> list[Path]:
    """Show ``dialog`` modally and return the chosen paths (none if cancelled)."""
    icons = NameOnlyIcons()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(icons)
    fit_columns(dialog)
    try:
        chosen = [Path(name) for name in dialog.selectedFiles()] if dialog.exec() else []
    finally:
        # Destroy the dialog (and its file system model) while the icon provider still exists.
        shiboken6.delete(dialog)
    return chosen


def _checked(
    parent: QWidget, paths: list[Path], project: Path | None, *, writing: bool, force: bool = False
) -> bool:
    for path in paths:
        reason = refusal(path, project, writing=writing, force=force)
        if reason is not None:
            QMessageBox.warning(parent, "Annotator", reason)
            return False
    return True


def _folder(project: Path | None) -> str:
    return str(project.parent) if project is not None else ""


def open_file(
    parent: QWidget,
    caption: str,
    filters: str,
    *,
    project: Path | None,
    allow_project: bool = False,
) -> Path | None:
    """Ask for one existing file; the open project's files are refused unless allowed."""
    dialog = QFileDialog(parent, caption, _folder(project), filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _run(dialog)
    if not chosen:
        return None
    if not allow_project and not _checked(parent, chosen, project, writing=False):
        return None
    return chosen[0]


def open_files(parent: QWidget, caption: str, filters: str, *, project: Path | None) -> list[Path]:
    """Ask for existing files to read; none of them may be the open project's files."""
    dialog = QFileDialog(parent, caption, _folder(project), filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    chosen = _run(dialog)
    return chosen if _checked(parent, chosen, project, writing=False) else []


def save_file(
    parent: QWidget,
    caption: str,
    suggested: str,
    filters: str,
    *,
    project: Path | None,
    replace_databases: bool = False,
) -> Path | None:
    """Ask where to write a new file; the project's files and other databases are refused.

    ``replace_databases``: another SQLite file may be replaced (an older copy of the project,
    once the dialog asked to replace it); the open project's files never may.
    """
    start = Path(_folder(project) or ".") / suggested
    dialog = QFileDialog(parent, caption, str(start), filters)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    chosen = _run(dialog)
    if not chosen or not _checked(parent, chosen, project, writing=True, force=replace_databases):
        return None
    return chosen[0]


def choose_folder(parent: QWidget, caption: str, *, project: Path | None) -> Path | None:
    """Ask for a folder (whose listing shows files too, by name only)."""
    dialog = QFileDialog(parent, caption, _folder(project))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    chosen = _run(dialog)
    return chosen[0] if chosen else None
