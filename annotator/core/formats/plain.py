"""Plain text and Markdown: decoded as they are (Markdown's markup is part of the text)."""

from __future__ import annotations

from annotator.core.decoding import decode_bytes
from annotator.core.formats.extracted import Extracted


def extract(data: bytes, name: str, fmt: str = "txt") -> Extracted:
    decoded = decode_bytes(data, name=name)
    metadata: dict[str, str] = {}
    if fmt == "md":
        heading = (
            next((line for line in decoded.text.split("\n") if line.startswith("# ")), "")
            .strip("# ")
            .strip()
        )
        if heading:
            metadata["title"] = heading
    return Extracted(
        decoded.text, fmt, metadata, encoding=decoded.encoding, line_endings=decoded.line_endings
    )
