"""Stemming by language: which stemmer a word gets, from its article's language and its
own script.

A language stems the words written in its script; a word of another script (an English
name in an Arabic article) gets its script's default, which is also what an article of
unknown language gets: English for Latin letters (so English archives analyse as they
always did), the Arabic light stemmer for Arabic script, Russian for Cyrillic, Greek for
Greek. A language without a stemmer here is folded only.

Queries do not know the language they are typed in: a word becomes the forms it takes
under every language the index holds (``words.alternatives``), which ``query.parser``
searches as alternatives.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from whoosh.support.charset import accent_map

from searcher.analysis.arabic import arabic_stem, sorani_stem
from searcher.analysis.fold import fold, normal
from searcher.engine.compat import stemmer

LATIN, ARABIC, CYRILLIC, GREEK = "latin", "arabic", "cyrillic", "greek"
#: Languages stemmed by Snowball (PyStemmer), by their ISO 639-1 code.
_SNOWBALL = {
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "nb": "norwegian",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "sv": "swedish",
    "tr": "turkish",
    "ru": "russian",
    "el": "greek",
}
#: The script each language with a stemmer here writes in.
_SCRIPT = {
    **dict.fromkeys(_SNOWBALL, LATIN),
    "en": LATIN,
    "ru": CYRILLIC,
    "el": GREEK,
    "ar": ARABIC,
    "ckb": ARABIC,
    "ku": ARABIC,  # Kurdish in Arabic script is Sorani; Kurmanji's Latin is folded only
    "fa": ARABIC,
}
#: What a word of each script gets when its article's language does not write it.
DEFAULT = {LATIN: "en", ARABIC: "ar", CYRILLIC: "ru", GREEK: "el"}
Stem = Callable[[str], str]


def script_of(word: str) -> str:
    """The script of a word's first letter: LATIN, ARABIC, CYRILLIC, GREEK or ""."""
    code = ord(word[0]) if word else 0
    if code < 0x250 or 0x1E00 <= code < 0x1F00:
        return LATIN
    if 0x600 <= code < 0x700 or 0x750 <= code < 0x780 or 0x8A0 <= code < 0x900:
        return ARABIC
    if 0x400 <= code < 0x530:
        return CYRILLIC
    if 0x370 <= code < 0x400 or 0x1F00 <= code < 0x2000:
        return GREEK
    return ""


def _snowball(name: str) -> Stem:
    """Snowball's stemmer for a language, on the word folded as the index folds every word
    (a word typed without its accents meets it with them); Turkish's on the word with its
    letters (its rules need ı, ö, ü for vowel harmony), folded after."""
    stem = stemmer(name)
    if name == "turkish":
        return lambda word: stem(normal(word)).translate(accent_map)
    return lambda word: stem(fold(word))


@cache
def stemmer_for(language: str, script: str) -> Stem:
    """How a word of ``script`` in an article of ``language`` becomes its term."""
    if _SCRIPT.get(language) != script:
        language = DEFAULT.get(script, "")
    if language == "en":
        english = stemmer("english")
        return lambda word: english(fold(word))
    if language == "ar":
        return lambda word: arabic_stem(fold(word))
    if language in ("ckb", "ku"):
        return lambda word: sorani_stem(fold(word))
    if language in _SNOWBALL:
        return _snowball(_SNOWBALL[language])
    return fold


def stemmed(language: str, word: str) -> str:
    """The term of one word without Han, kana or Hangul in an article of ``language``."""
    return stemmer_for(language, script_of(word))(word)
