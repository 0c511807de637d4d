from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.core.decoding import decode_bytes, normalise_newlines, read_text_file
from annotator.core.errors import ImportRefused
from tests.conftest import HARD_TEXT


def test_utf8_keeps_every_character() -> None:
    decoded = decode_bytes(HARD_TEXT.encode("utf-8"))
    assert decoded.text == HARD_TEXT
    assert decoded.encoding == "utf-8"
    assert decoded.line_endings == "LF"


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8+bom"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le+bom"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be+bom"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le+bom"),
    ],
)
def test_byte_order_mark_is_dropped_and_recorded(bom: bytes, codec: str, label: str) -> None:
    decoded = decode_bytes(bom + HARD_TEXT.encode(codec))
    assert decoded.text == HARD_TEXT
    assert decoded.encoding == label
    assert not decoded.text.startswith("\ufeff")


def test_crlf_becomes_lf_and_is_recorded() -> None:
    decoded = decode_bytes(HARD_TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert decoded.text == HARD_TEXT
    assert decoded.line_endings == "CRLF"


def test_lone_cr_and_mixed_line_endings() -> None:
    assert normalise_newlines("a\rb\rc") == ("a\nb\nc", "CR")
    assert normalise_newlines("a\r\nb\nc\rd") == ("a\nb\nc\nd", "mixed")
    assert normalise_newlines("one line") == ("one line", "none")


def test_legacy_cyrillic_encoding_is_detected() -> None:
    russian = (
        "Министр иностранных дел России Сергей Лавров заявил журналистам, что Москва готова "
        "к сотрудничеству с коалицией в борьбе против террористов. "
    ) * 4
    decoded = decode_bytes(russian.encode("cp1251"))
    assert decoded.text == russian
    assert decoded.encoding == "cp1251"


def test_legacy_latin1_is_detected() -> None:
    french = "Le café était fermé, mais le garçon a déjà répondu à la presse. " * 5
    decoded = decode_bytes(french.encode("cp1252"))
    assert decoded.text == french


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t  \r\n", "no text"),
        (b"PK\x03\x04\x00\x00binary\x00zip", "binary"),
        (bytes(range(1, 32)) * 50, "binary"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa bad", "not valid"),
    ],
)
def test_non_text_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(ImportRefused, match=reason):
        decode_bytes(data, name="bad.txt")


def test_random_bytes_are_refused() -> None:
    import random

    rng = random.Random(4)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))
    with pytest.raises(ImportRefused):
        decode_bytes(data, name="noise.txt")


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 300_000)
    with pytest.raises(ImportRefused, match="over the import limit"):
        read_text_file(big, max_bytes=1_000_000)
    assert read_text_file(big, max_bytes=2_000_000).text.startswith("word word")


def test_folder_and_missing_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="folder"):
        read_text_file(tmp_path)
    with pytest.raises(ImportRefused, match="cannot be read"):
        read_text_file(tmp_path / "missing.txt")
