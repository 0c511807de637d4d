"""Rich Text Format through striprtf: the text without its control words, in the code page the
file declares (``\\ansicpg``); title, author and creation date from the ``\\info`` group.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import re

from striprtf.striprtf import rtf_to_text

from annotator.core.errors import ImportRefused
from annotator.core.formats.builder import TextBuilder
from annotator.core.formats.extracted import Extracted

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_INFO_FIELD = re.compile(r"\{\\(title|author)\s+((?:[^{}\\]|\\[^a-z]|\\[a-z]+-?\d* ?)*)\}")
_CREATED = re.compile(r"\\creatim\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})")


def extract(data: bytes, name: str) -> Extracted:
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ImportRefused(f"{name}: not an RTF file (no {{\\rtf header)")
    encoding = _codepage(data)
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError:
        source = data.decode(encoding, errors="replace")
    try:
        plain = rtf_to_text(source, encoding=encoding, errors="strict")
    except (UnicodeDecodeError, ValueError, IndexError) as err:
        raise ImportRefused(f"{name}: damaged RTF ({err})") from err
    builder = TextBuilder()
    builder.block(_join_surrogates(plain).strip("\r\n"))
    text = builder.text()
    if not text.strip():
        raise ImportRefused(f"{name}: the RTF file holds no text")
    return Extracted(text, "rtf", _metadata(source, encoding), encoding=encoding)


def _join_surrogates(text: str) -> str:
    """RTF writes a character beyond U+FFFF as two ``\\u`` surrogates; make them one again."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _codepage(data: bytes) -> str:
    match = _CODEPAGE.search(data[:4096])
    if match is None:
        return "cp1252"
    candidate = f"cp{int(match.group(1))}"
    try:
        codecs.lookup(candidate)
    except LookupError:
        return "cp1252"
    return candidate


def _metadata(source: str, encoding: str) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for field, raw in _INFO_FIELD.findall(source):
        try:
            value = rtf_to_text("{\\rtf1 " + raw + "}", encoding=encoding, errors="strict")
            value = _join_surrogates(value).strip()
        except (UnicodeDecodeError, ValueError, IndexError):
            continue
        if value and field not in metadata:
            metadata[field] = value
    created = _CREATED.search(source)
    if created is not None:
        with contextlib.suppress(ValueError):
            metadata["date"] = dt.date(*(int(part) for part in created.groups())).isoformat()
    return metadata
