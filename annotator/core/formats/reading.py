"""Which reader a file goes to, and the one entry point that reads any supported file."""

from __future__ import annotations

from pathlib import Path

from annotator.core.decoding import DEFAULT_MAX_BYTES, read_limited
from annotator.core.errors import ImportRefused
from annotator.core.formats.extracted import Extracted

FORMAT_BY_SUFFIX = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx",
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html", ".odt": "odt",
    ".rtf": "rtf", ".srt": "srt", ".vtt": "vtt",
}  # fmt: skip
SUFFIXES = tuple(FORMAT_BY_SUFFIX)


def format_of(path: str | Path) -> str:
    """The reader for a file, by its suffix; a file of any other suffix is read as plain text."""
    return FORMAT_BY_SUFFIX.get(Path(path).suffix.lower(), "txt")


def read_source(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one file, or :class:`ImportRefused` when it is too large or unreadable."""
    file = Path(path)
    data = read_limited(file, max_bytes=max_bytes)
    if not data:
        raise ImportRefused(f"{file.name}: the file is empty")
    return data


def extract(data: bytes, name: str, fmt: str, *, full_page: bool = False) -> Extracted:
    """Read ``data`` (the file called ``name``) with the reader for ``fmt``.

    The libraries behind the readers parse hostile input; any exception one of them raises on
    a bad file becomes a refusal naming the file, so one bad file never stops a batch.
    """
    try:
        return _dispatch(data, name, fmt, full_page)
    except ImportRefused:
        raise
    except RecursionError as err:
        raise ImportRefused(f"{name}: nested too deeply to read as {fmt}") from err
    except Exception as err:  # noqa: BLE001 - third-party parsers raise anything on bad input
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ImportRefused(f"{name}: cannot be read as {fmt} ({reason})") from err


def _dispatch(data: bytes, name: str, fmt: str, full_page: bool) -> Extracted:
    # Readers are imported when a file of their format comes: their libraries (python-docx,
    # pypdfium2, trafilatura, odfdo) would otherwise slow down the start of every command.
    if fmt in ("txt", "md"):
        from annotator.core.formats import plain

        return plain.extract(data, name, fmt)
    if fmt == "docx":
        from annotator.core.formats import word

        return word.extract(data, name)
    if fmt == "pdf":
        from annotator.core.formats import pdf

        return pdf.extract(data, name)
    if fmt == "html":
        from annotator.core.formats import web

        return web.extract(data, name, full_page=full_page)
    if fmt == "odt":
        from annotator.core.formats import opendocument

        return opendocument.extract(data, name)
    if fmt == "rtf":
        from annotator.core.formats import rtf

        return rtf.extract(data, name)
    if fmt in ("srt", "vtt"):
        from annotator.core.formats import subtitles

        return subtitles.extract(data, name, fmt)
    raise ImportRefused(f"{name}: unknown format {fmt!r}")
