"""Checks on zip containers (.docx, .odt) before a library is let loose on them.

A truncated archive or one that is not a zip is refused with a clear reason instead of the
library's own exception, and an archive that would inflate far beyond its size (a zip bomb) is
refused before anything is decompressed.
"""

from __future__ import annotations

import io
import zipfile

from annotator.core.errors import ImportRefused

MAX_INFLATED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024  # small members may compress very well; only big ones are suspect


def check_zip(data: bytes, name: str, kind: str, required: tuple[str, ...]) -> None:
    """Refuse ``data`` unless it is a sound zip archive holding ``required`` members."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError) as err:
        raise ImportRefused(f"{name}: not a valid {kind} file (damaged or truncated zip)") from err
    with archive:
        members = archive.infolist()
        total = sum(member.file_size for member in members)
        if total > MAX_INFLATED_BYTES:
            raise ImportRefused(
                f"{name}: would inflate to {total / 1_048_576:,.0f} MB (a zip bomb?); refused"
            )
        for member in members:
            if member.file_size > _RATIO_FLOOR and member.file_size > MAX_RATIO * max(
                member.compress_size, 1
            ):
                ratio = member.file_size // max(member.compress_size, 1)
                raise ImportRefused(
                    f"{name}: {member.filename} inflates {ratio:,} times (a zip bomb?); refused"
                )
        names = {member.filename for member in members}
        missing = [part for part in required if part not in names]
        if missing:
            raise ImportRefused(f"{name}: not a {kind} file (no {missing[0]} inside)")
    # Damaged member data is not tested here (that would inflate everything twice): zipfile
    # checks each member's CRC as the reader inflates it, and the refusal names the member.
