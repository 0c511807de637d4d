"""Reading a ``.qdpx`` archive without trusting it.

A ``.qdpx`` is a zip holding one ``*.qde`` XML file and a ``sources/`` folder. Nothing is
extracted to disk: members are read into memory, and only after every name has been checked.
Refused with one line: names that climb out (``../``), absolute names (``/x``, ``C:\\x``),
symbolic links, an archive whose members would expand beyond a size limit or far beyond their
compressed size (a zip bomb), and one without a project file. Sizes are enforced while reading,
not taken from the archive's own (forgeable) header.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from annotator.core.errors import FormatError

MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024  # small members may compress well without being suspicious
_CHUNK = 1024 * 1024


@dataclass
class Archive:
    """The members of a checked archive, read on demand with the limits enforced."""

    path: Path
    zip: zipfile.ZipFile
    names: dict[str, zipfile.ZipInfo]
    project_name: str
    budget: int = MAX_TOTAL_BYTES
    _lower: dict[str, str] = field(default_factory=dict)

    def read(self, name: str) -> bytes:
        info = self.names[name]
        out = bytearray()
        with self.zip.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                out += chunk
                if len(out) > self.budget:
                    raise FormatError(
                        f"{self.path.name}: expands beyond {MAX_TOTAL_BYTES // 1_048_576} MB; "
                        "refused (a zip bomb?)"
                    )
                if len(out) > _RATIO_FLOOR and len(out) > MAX_RATIO * max(info.compress_size, 1):
                    raise FormatError(
                        f"{self.path.name}: {name} expands more than {MAX_RATIO} times; "
                        "refused (a zip bomb?)"
                    )
        self.budget -= len(out)
        return bytes(out)

    def find_source(self, reference: str) -> str | None:
        """The member a ``plainTextPath`` names: ``internal://x``, ``sources/x`` or ``x``."""
        name = reference.strip()
        if name.lower().startswith("internal://"):
            name = name[len("internal://") :]
        wanted = name.replace("\\", "/").lstrip("/").lower()
        if not self._lower:
            self._lower = {member.lower(): member for member in self.names}
        return self._lower.get(f"sources/{wanted}") or self._lower.get(wanted)

    def close(self) -> None:
        self.zip.close()


def open_archive(path: str | Path) -> Archive:
    """Open and check a ``.qdpx``; raise :class:`FormatError` saying what is wrong."""
    file = Path(path)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise FormatError(f"{file.name}: not a REFI-QDA project (not a zip: {err})") from err
    try:
        names = _checked_members(archive, file.name)
        project = _project_member(names, file.name)
    except FormatError:
        archive.close()
        raise
    return Archive(file, archive, names, project)


def _checked_members(archive: zipfile.ZipFile, label: str) -> dict[str, zipfile.ZipInfo]:
    names: dict[str, zipfile.ZipInfo] = {}
    declared = 0
    for info in archive.infolist():
        name = info.filename
        path = PurePosixPath(name.replace("\\", "/"))
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            raise FormatError(f"{label}: member {name!r} has an absolute path; refused")
        if ".." in path.parts:
            raise FormatError(f"{label}: member {name!r} points outside the archive; refused")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise FormatError(f"{label}: member {name!r} is a symbolic link; refused")
        if info.is_dir():
            continue
        declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            raise FormatError(
                f"{label}: expands beyond {MAX_TOTAL_BYTES // 1_048_576} MB; refused (a zip bomb?)"
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise FormatError(
                f"{label}: {name} expands more than {MAX_RATIO} times; refused (a zip bomb?)"
            )
        names[str(path)] = info
    return names


def _project_member(names: dict[str, zipfile.ZipInfo], label: str) -> str:
    top = [n for n in names if "/" not in n and n.lower().endswith(".qde")]
    for name in top:
        if name.lower() == "project.qde":
            return name
    if len(top) == 1:
        return top[0]
    if not top:
        raise FormatError(f"{label}: no project.qde inside; not a REFI-QDA project")
    raise FormatError(f"{label}: {len(top)} .qde files inside; cannot tell which is the project")
