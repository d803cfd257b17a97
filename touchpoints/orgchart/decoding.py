"""Bytes of a text export to str, whatever encoding the HR system chose."""

import codecs
from dataclasses import dataclass
from typing import Final

import charset_normalizer

# Share of control characters above which "text" is really a binary file decoded by force.
_MAX_CONTROL_SHARE: Final = 0.01
_ALLOWED_CONTROLS: Final = frozenset("\t\r\n\f\v")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


class NotText(Exception):
    """The bytes are not a text file in any encoding we accept; the message says why."""


def decode_text(data: bytes) -> Decoded:
    """Strict UTF-8 first (most exports), then UTF-16 by its BOM, then Windows-1252.

    charset-normalizer is only the last resort: guessing is slower and can be wrong on short
    files, while these three cover what spreadsheet programs and HR systems actually write.
    """
    decoded = (
        _decode_utf16_by_bom(data)
        or _decode_strictly(data, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")
        or _decode_guessing_utf16(data)
        or _decode_strictly(data, "cp1252")
        or _decode_by_detection(data)
    )
    if decoded is None:
        raise NotText("The file is not text in any encoding we know (UTF-8, UTF-16, Windows-1252).")
    if _looks_binary(decoded.text):
        raise NotText("The file looks like binary data, not a CSV or JSON text export.")
    return decoded


def _decode_strictly(data: bytes, encoding: str) -> Decoded | None:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        return None


def _decode_utf16_by_bom(data: bytes) -> Decoded | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_strictly(data, "utf-16")
    return None


def _decode_guessing_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM shows as a NUL next to every ASCII character."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    if sample[1::2].count(0) > sample[0::2].count(0):
        return _decode_strictly(data, "utf-16-le")
    return _decode_strictly(data, "utf-16-be")


def _decode_by_detection(data: bytes) -> Decoded | None:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    return Decoded(str(best), best.encoding)


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if "\x00" in sample:
        return True
    controls = sum(1 for char in sample if char < " " and char not in _ALLOWED_CONTROLS)
    return controls > len(sample) * _MAX_CONTROL_SHARE
