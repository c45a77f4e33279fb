"""Stems of words as written, cached: what highlights and spelling look words up by."""

from __future__ import annotations

import re

from searcher.analysis.words import (
    APOSTROPHE_LANGUAGES,
    WORD,
    has_cjk,
    news_analyzer,
    terms_of,
    tokens,
)

_WORD = re.compile(WORD)
_ANALYZER = news_analyzer()
_STEMS: dict[tuple[str, str], str] = {}
_STEM_CACHE_SIZE = 500_000


def stem(word: str, language: str = "") -> str:
    """The index term for one word as written (the same analysis the index applies); ""
    for a word of no term or of several (Chinese, Japanese and Korean are bigrams), in an
    article of ``language``."""
    found = _STEMS.get((word, language))
    if found is None:
        _cache({(word, language)})
        found = _STEMS[word, language]
    return found


def stem_all(words: list[str], language: str = "") -> list[str]:
    """The stems of ``words`` (as ``stem`` gives them), in order, each distinct word stemmed
    once."""
    keys = [(word, language) for word in words]
    _cache(set(keys))
    return list(map(_STEMS.__getitem__, keys))


def cached_tokens(text: str, language: str = "") -> list[tuple[str, int, int]]:
    """``list(tokens(text, language))``, each distinct word analysed once through the stem
    cache: a phrase's highlight needs every term of an article in order, and an article
    repeats its words."""
    if language in APOSTROPHE_LANGUAGES or has_cjk(text):
        return list(tokens(text, language))  # a word's suffix, or its bigrams' offsets
    words = list(_WORD.finditer(text))
    stems = stem_all([word.group() for word in words], language)
    if "" in stems:  # a word of no term
        return list(tokens(text, language))
    return [(term, word.start(), word.end()) for term, word in zip(stems, words, strict=True)]


def _cache(words: set[tuple[str, str]]) -> None:
    """Stem those of ``words`` not in the cache yet, keeping the cache bounded."""
    missing = words.difference(_STEMS)  # looks each word up: O(len(words))
    if len(_STEMS) + len(missing) > _STEM_CACHE_SIZE:
        _STEMS.clear()
        missing = words
    for word, language in missing:
        if _WORD.fullmatch(word):
            term = terms_of(word, language)
            _STEMS[word, language] = term if isinstance(term, str) else ""
        else:
            _STEMS[word, language] = next((token.text for token in _ANALYZER(word)), "")
