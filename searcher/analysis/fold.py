"""Folding a word to the spelling every keyboard and orthography of it shares.

Applied to every word before stemming, whatever its language, so that text typed on a
Persian or Kurdish keyboard meets text typed on an Arabic one, vowelled text meets plain
text, ``İstanbul`` meets ``istanbul`` and ``٢٠٢٣`` meets ``2023``. ASCII words are only
lower-cased: English analyses exactly as it did before any of this (a test holds the terms
of the real corpora equal).
"""

from __future__ import annotations

import re
import unicodedata

from whoosh.support.charset import accent_map

from searcher.analysis.marks import RANGES

ZWNJ, ZWJ = "\u200c", "\u200d"
#: Sorani's "ae" letter: typed as heh + ZWNJ on an Arabic keyboard.
AE = "\u06d5"


def _class(ranges: list[str]) -> str:
    """A regular expression class body of hexadecimal code point ranges ("300-36f")."""
    return "".join(
        "-".join(f"\\U{int(code, 16):08x}" for code in bounds.split("-")) for bounds in ranges
    )


#: The body of a character class of the combining marks (harakat, accents, vowel signs).
MARKS = _class(RANGES.split())

_ARABIC = {
    # alef with madda, hamza above, hamza below, wasla -> bare alef
    "\u0622": "\u0627",
    "\u0623": "\u0627",
    "\u0625": "\u0627",
    "\u0671": "\u0627",
    "\u0649": "\u064a",  # alef maksura -> yeh
    "\u0629": "\u0647",  # teh marbuta -> heh
    # Persian and Kurdish keyboards: one fixed direction, to the Arabic letters
    "\u06a9": "\u0643",  # keheh -> kaf
    "\u06cc": "\u064a",  # Farsi yeh -> yeh
    "\u06be": "\u0647",  # heh doachashmee -> heh
    "\u06c1": "\u0647",  # heh goal -> heh
    "\u0640": None,  # tatweel
}
_STRIPPED_MARKS = [
    *range(0x0300, 0x0370),  # Latin, Greek and Cyrillic combining accents
    *range(0x064B, 0x0660),  # harakat, shadda, sukun, hamza marks
    0x0670,  # superscript alef
    *range(0x06D6, 0x06EE),  # Quranic annotation marks
]
_EXTRA = {
    "\u0451": "\u0435",  # Russian yo -> ye
    "\u0401": "\u0435",
}


_TABLE: dict[int, str | None] = {
    **{ord(k): v for k, v in _ARABIC.items()},
    **dict.fromkeys(_STRIPPED_MARKS),
    **{ord(k): v for k, v in _EXTRA.items()},
}
_DIGIT = re.compile(r"\d")


def _one_word(text: str) -> bool:
    """Whether ``text`` is all word characters: NFKC may spell a character with one that is
    no part of a word ("½" as "1", U+2044, "2"), and such a word keeps its spelling, as it
    always did. (No regular expression: its class of marks costs milliseconds to compile.)"""
    return all(
        char.isalnum() or char in ("_", ZWNJ, ZWJ) or unicodedata.category(char)[0] == "M"
        for char in text
    )


def _digit(match: re.Match[str]) -> str:
    return str(unicodedata.decimal(match.group()))


def ascii_digits(text: str) -> str:
    """``text`` with native digits (Arabic-Indic ٢٠٢٣, Persian ۲۰۲۳, Devanagari...) as 0-9,
    one character for one, so positions in it hold in the original."""
    if text.isascii() or not any(map(str.isdecimal, text)):
        return text
    return _DIGIT.sub(_digit, text)


def normal(word: str) -> str:
    """``word`` case-folded and normalised, its accents kept: NFKC, case folding (the
    Turkish İ is i), Arabic-script spellings normalised (Lucene's Arabic normalisation plus
    the Persian and Kurdish keyboards' letters), native digits as 0-9, marks (but accents
    of Latin, Greek and Cyrillic letters NFKC composes) and joiners dropped."""
    if word.isascii():
        return word.lower()
    compatible = unicodedata.normalize("NFKC", word)
    if compatible != word and _one_word(compatible):
        word = compatible
    word = word.casefold().translate(_TABLE)
    if ZWNJ in word:
        word = word.replace("\u0647" + ZWNJ, AE)
    word = word.replace(ZWNJ, "").replace(ZWJ, "")
    return ascii_digits(word)


def fold(word: str) -> str:
    """``normal(word)`` with its accents folded as the index always did (ı and İ as i)."""
    return word.lower() if word.isascii() else normal(word).translate(accent_map)
