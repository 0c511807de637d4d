"""A coder copy is a file to hand over: it gets a new file's permissions, not a temporary's."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from annotator.core.decoding import decode_bytes
from annotator.store import Project
from annotator.store.coder_copy import copy_for


def test_a_coder_copy_is_readable_as_a_new_file_would_be(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with Project.create(tmp_path / "lead.annotator") as lead:
            lead.documents.add(decode_bytes("Привет 😀 world".encode()), "one")
            out = copy_for(lead, "alice", tmp_path / "alice.annotator").path
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    with Project.open(out) as copy:
        assert copy.documents.by_name("one").length == len("Привет 😀 world")
