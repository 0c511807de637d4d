"""Turn the bytes of a text file into the text Annotator stores.

The stored text is the reference for every offset, so decoding is strict about what it keeps:
it drops a byte-order mark and turns CRLF and lone CR into LF (recording the original style),
and keeps every other character exactly, including emoji, ZWJ sequences, combining marks,
right-to-left scripts, NBSP and control-free Unicode of any script. Anything that is not text
is refused with a one-line reason rather than guessed at.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import ImportRefused

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, LF, VT, FF, CR, ESC; many of them mean "binary", not text.
_BINARY_CONTROLS = re.compile("[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")


_PREFERRED_LEGACY = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1256", "cp1255")
_CHAOS_MARGIN = 0.1


@dataclass(frozen=True)
class DecodedText:
    """Text ready to store, and what was done to get it.

    Attributes:
        text: the stored text (LF line ends, no BOM).
        encoding: the codec the bytes were read with, with ``+bom`` when a mark was dropped.
        line_endings: the original style: ``LF``, ``CRLF``, ``CR``, ``mixed`` or ``none``.
    """

    text: str
    encoding: str
    line_endings: str

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


def text_sha256(text: str) -> str:
    """The identity of a stored text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedText:
    """Read and decode one file, refusing what is not importable text."""
    file = Path(path)
    return decode_bytes(read_limited(file, max_bytes=max_bytes), name=file.name)


def read_limited(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one file, or :class:`ImportRefused` when it is too large or unreadable.

    Every importer reads through here, so the size limit and the messages are the same for all.
    """
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise ImportRefused(
                f"{file.name}: {size / 1_048_576:.1f} MB is over the import limit of "
                f"{max_bytes / 1_048_576:.1f} MB"
            )
        data = file.read_bytes()
    except IsADirectoryError as err:
        raise ImportRefused(f"{file.name}: is a folder, not a file") from err
    except OSError as err:
        raise ImportRefused(f"{file.name}: cannot be read ({err.strerror or err})") from err
    return data


def decode_bytes(data: bytes, *, name: str = "input") -> DecodedText:
    """Decode ``data`` into stored text, or raise :class:`ImportRefused` saying why not."""
    if not data:
        raise ImportRefused(f"{name}: the file is empty")
    raw, encoding = _decode(data, name)
    if not raw.strip():
        raise ImportRefused(f"{name}: the file holds no text (only whitespace)")
    if _looks_binary(raw):
        raise ImportRefused(f"{name}: looks like a binary file (control characters), not text")
    text, line_endings = normalise_newlines(raw)
    return DecodedText(text=text, encoding=encoding, line_endings=line_endings)


def decode_raw(data: bytes, *, name: str = "input") -> tuple[str, str]:
    """The text of ``data`` with its line ends as they were (BOM dropped), and the codec.

    Other tools count offsets in this text, before Annotator turns CRLF into LF.
    """
    if not data:
        raise ImportRefused(f"{name}: the file is empty")
    raw, encoding = _decode(data, name)
    if _looks_binary(raw):
        raise ImportRefused(f"{name}: looks like a binary file (control characters), not text")
    return raw, encoding


def normalise_newlines(raw: str) -> tuple[str, str]:
    """Turn CRLF and lone CR into LF; return the text and the original style."""
    crlf = raw.count("\r\n")
    cr = raw.count("\r") - crlf
    lf = raw.count("\n") - crlf
    styles = [style for style, count in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if count]
    if not styles:
        return raw, "none"
    style = "mixed" if len(styles) > 1 else styles[0]
    if crlf or cr:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return raw, style


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode by BOM, as UTF-8, or by guess; a NUL character is refused in every case."""
    raw, encoding = _decode_any(data, name)
    if "\x00" in raw:
        raise ImportRefused(f"{name}: looks like a binary file (NUL characters), not text")
    return raw, encoding


def _decode_any(data: bytes, name: str) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), f"{codec}+bom"
            except UnicodeDecodeError as err:
                raise ImportRefused(
                    f"{name}: starts with a {codec} byte-order mark but is not valid {codec}"
                ) from err
    if b"\x00" in data:
        raise ImportRefused(f"{name}: looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _guess_legacy_encoding(data)
    if encoding is None:
        raise ImportRefused(f"{name}: cannot be decoded as text in any known encoding")
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as err:
        raise ImportRefused(f"{name}: cannot be decoded as {encoding}") from err


def _guess_legacy_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess, nudged towards the common Windows code pages.

    On short Western European text charset-normalizer can rank an exotic code page (Mac
    Central European, Baltic) a little above Windows-1252; when a common code page is among
    the candidates and nearly as plausible (chaos within 0.1), it is the better bet.
    """
    import charset_normalizer  # only for files that are not UTF-8: keeps start-up fast

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    close = {m.encoding for m in matches if m.chaos <= best.chaos + _CHAOS_MARGIN}
    for preferred in _PREFERRED_LEGACY:
        if preferred in close:
            return preferred
    return best.encoding


def _sample(text: str) -> str:
    return text if len(text) <= 65_536 else text[:32_768] + text[-32_768:]


def _looks_binary(text: str) -> bool:
    sample = _sample(text)
    if _BINARY_CONTROLS.search(sample) is None:
        return False
    return len(_BINARY_CONTROLS.findall(sample)) > max(2, len(sample) // 1000)
