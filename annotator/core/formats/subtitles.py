"""Subtitle and transcript files (.srt, .vtt) through webvtt-py: one line per cue, led by its
speaker (a WebVTT voice tag) where given, and the time of every offset kept as a region per cue.
"""

from __future__ import annotations

import io

import webvtt
from webvtt.errors import MalformedFileError

from annotator.core.decoding import decode_bytes
from annotator.core.errors import ImportRefused
from annotator.core.formats.builder import TextBuilder
from annotator.core.formats.extracted import Extracted


def extract(data: bytes, name: str, fmt: str) -> Extracted:
    decoded = decode_bytes(data, name=name)
    try:
        captions = webvtt.from_buffer(io.StringIO(decoded.text), format=fmt).captions
    except (MalformedFileError, ValueError, IndexError) as err:
        raise ImportRefused(f"{name}: not a valid {fmt.upper()} file ({err})") from err
    builder = TextBuilder()
    for caption in captions:
        line = " ".join(part.strip() for part in caption.text.split("\n") if part.strip())
        if not line:
            continue
        speaker = (caption.voice or "").strip()
        label = f"{caption.start}\t{speaker}" if speaker else caption.start
        builder.block(f"{speaker}: {line}" if speaker else line, "cue", label)
    if not builder.text().strip():
        raise ImportRefused(f"{name}: the {fmt.upper()} file holds no cues with text")
    return Extracted(
        builder.text(), fmt, {}, tuple(builder.regions),
        encoding=decoded.encoding, line_endings=decoded.line_endings,
    )  # fmt: skip
