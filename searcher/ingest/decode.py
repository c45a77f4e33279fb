"""Bytes of unknown provenance to clean text.

News archives arrive from scrapers, spreadsheets and old Windows tools, so the encoding is
rarely declared and often wrong. The order below goes from certain to guessed: a BOM, the
NUL pattern of UTF-16/32, a declared charset that actually decodes, strict UTF-8, and only
then a legacy code page (Arabic cp1256 when the text reads as Arabic, else cp1252).
"""

from __future__ import annotations

import codecs
import re

from searcher.errors import IngestError

__all__ = ["Decoder", "decode", "normalize"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 1 << 16
# Control bytes that never occur in text; tab, newlines, form feed, vertical tab and ESC do.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b")
_BINARY_RATIO = 0.05
# As WHATWG: Latin-1 or ASCII labels mean windows-1252, and a UTF-16/32 label in a file that
# had no BOM is a page saved as UTF-8 with its original <meta> left in.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "utf-32": "utf-8",
}
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_LETTER = re.compile(r"[^\W\d_]")
_DROP = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufeff]")
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]")
_BREAK = re.compile(r"[\r\x0b\x0c\u2028\u2029]")
_SPECIAL = "\r\x00\ufeff\x0b\x0c\u2028\u2029\x7f" + "".join(
    map(chr, [*range(1, 9), *range(0x0E, 0x20)])
)


def decode(data: bytes, declared: str | None = None) -> str:
    """Text of ``data`` with ``\\n`` newlines and no NUL or control characters.

    ``declared`` is a charset named by the file itself (an HTML ``<meta charset>``); it is
    trusted only when the bytes decode under it. Raises ``IngestError`` for binary data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return normalize(data[len(bom) :].decode(encoding, "replace"))
    sample = data[:_SAMPLE]
    wide = _wide_encoding(sample)
    if wide:
        text = data.decode(wide, "replace")
        if _is_binary(text):
            raise IngestError("binary data, not text")
        return normalize(text)
    if _binary_bytes(sample):
        raise IngestError("binary data, not text")
    for encoding in (_codec(declared), "utf-8"):
        if encoding:
            try:
                return normalize(data.decode(encoding))
            except (UnicodeDecodeError, LookupError):  # LookupError: not a text codec
                pass
    return normalize(_legacy(data))


class Decoder:
    """Text of a file given a block at a time, as :func:`decode` reads a whole file.

    The encoding is settled by the first block (a BOM, UTF-16/32, binary data refused); else
    blocks are UTF-8 until one is not, and from that block on the legacy code page it reads
    as. A ``\\r`` ending a block waits for the next, so a ``\\r\\n`` cut in two stays one break.
    """

    def __init__(self) -> None:
        self._decoder: codecs.IncrementalDecoder | None = None
        self._utf8 = False
        self._held = ""

    def decode(self, block: bytes, final: bool = False) -> str:
        """The text of ``block``, the next bytes of the file; ``final`` for the last."""
        if self._decoder is None:
            block = self._start(block)
        try:
            text = self._decoder.decode(block, final)
        except UnicodeDecodeError:
            if not self._utf8:
                raise
            pending = self._decoder.getstate()[0]  # the start of a character, it seemed
            self._utf8 = False
            self._decoder = codecs.getincrementaldecoder(_legacy_codec(block))("replace")
            text = self._decoder.decode(pending + block, final)
        text, self._held = self._held + text, ""
        if text.endswith("\r") and not final:
            text, self._held = text[:-1], "\r"
        return normalize(text)

    def _start(self, block: bytes) -> bytes:
        """Choose the codec by the first block; the block without its BOM."""
        for bom, encoding in _BOMS:
            if block.startswith(bom):
                self._decoder = codecs.getincrementaldecoder(encoding)("replace")
                return block[len(bom) :]
        sample = block[:_SAMPLE]
        wide = _wide_encoding(sample)
        if wide:
            if _is_binary(sample.decode(wide, "replace")):
                raise IngestError("binary data, not text")
            self._decoder = codecs.getincrementaldecoder(wide)("replace")
            return block
        if _binary_bytes(sample):
            raise IngestError("binary data, not text")
        self._utf8 = True
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        return block


def normalize(text: str) -> str:
    """``text`` with ``\\n`` for every line break and without NULs or control characters."""
    # One C-speed scan per character beats a regex search over megabytes of clean text.
    if not any(char in text for char in _SPECIAL):
        return text
    text = _BREAK.sub("\n", text.replace("\r\n", "\n"))
    return _DROP.sub("", text)


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, recognised by their nearly constant high bytes.

    Text in one alphabet (Latin, Arabic, Cyrillic...) keeps the high byte of each code unit
    to one or two values (0x00, 0x06...), while the low bytes vary.
    """
    size = min(len(sample), 4096) // 4 * 4
    if size < 4:
        return None
    quarter = size // 4
    nuls = [sample[i:size:4].count(0) / quarter for i in range(4)]
    if nuls[2] > 0.9 and nuls[3] > 0.9 and nuls[0] < 0.1:
        return "utf-32-le"
    if nuls[0] > 0.9 and nuls[1] > 0.9 and nuls[3] < 0.1:
        return "utf-32-be"
    even, odd = _top_two_share(sample[0:size:2]), _top_two_share(sample[1:size:2])
    if odd > 0.9 and even < 0.6:
        return "utf-16-le"
    if even > 0.9 and odd < 0.6:
        return "utf-16-be"
    return None


def _binary_bytes(sample: bytes) -> bool:
    """Whether raw bytes hold too many control bytes to be text in a one-byte encoding."""
    return bool(sample) and (
        len(sample.translate(None, _CONTROL_BYTES)) < len(sample) * (1 - _BINARY_RATIO)
    )


def _top_two_share(data: bytes) -> float:
    """The share of ``data`` taken by its two most common byte values."""
    counts = sorted((data.count(value) for value in set(data)), reverse=True)
    return sum(counts[:2]) / len(data)


def _is_binary(text: str) -> bool:
    """Whether decoded text is mostly control characters or undecodable units."""
    sample = text[:_SAMPLE]
    return len(_JUNK.findall(sample)) > len(sample) * _BINARY_RATIO


def _legacy_codec(data: bytes) -> str:
    """cp1256 when the bytes spell Arabic in it, else cp1252."""
    sample = data[:_SAMPLE].decode("cp1256", "replace")
    letters = len(_LETTER.findall(sample))
    arabic = letters and len(_ARABIC_LETTER.findall(sample)) > letters / 2
    return "cp1256" if arabic else "cp1252"


def _codec(name: str | None) -> str | None:
    """The Python codec for a declared charset, or None when Python does not know it."""
    if not name:
        return None
    name = _ALIASES.get(name.strip().lower(), name.strip())
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def _legacy(data: bytes) -> str:
    """The likeliest single-byte reading: cp1256 when it spells Arabic, else cp1252/latin-1."""
    if _legacy_codec(data) == "cp1256":
        return data.decode("cp1256", "replace")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
