"""Searcher's own terms as words the cluster indexes.

Text reaches the cluster already analysed by searcher's one chain (``analysis.words``):
each field is its terms, in order, one word a position, so a phrase, a word and a stem mean
on the cluster exactly what they mean in a Whoosh index, and the cluster's own tokenizer and
stemmer never run. A term of ``a-z0-9`` is written as it is; any other (Cyrillic, Greek
or CJK letters, which folding keeps, or a ``_``) as ``_`` and its UTF-8 bytes in hex, which
no plain term can be, so the charset table is only these 37 characters.
"""

from __future__ import annotations

import re

from searcher.analysis.words import WORD, term_of

#: The cluster's charset table: the characters of encoded terms.
CHARSET_TABLE = "0..9, a..z, _"
#: A word the cluster holds in the ``every`` field of every article, so that a query made of
#: exclusions alone has something to exclude from (SphinxQL refuses a NOT-only match).
EVERY = "article"

#: The most spellings ``TermText`` keeps the word of.
_CACHE = 400_000
_PLAIN = re.compile(r"[a-z0-9]+").fullmatch


def encoded(term: str) -> str:
    """A searcher term as the cluster's word."""
    return term if _PLAIN(term) else "_" + term.encode("utf-8").hex()


class TermText:
    """A text as the cluster indexes it: its terms, encoded, in order, space-separated.

    Each distinct spelling is analysed once per process (``term_of``, the chain's own
    function for one word), as ``analysis.words.WordPositions`` does for a Whoosh index.
    """

    def __init__(self) -> None:
        self._find = re.compile(WORD).findall
        self._words: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        words = self._words
        if len(words) > _CACHE:
            words.clear()
        found = []
        for word in self._find(text):
            term = words.get(word)
            if term is None:
                term = words[word] = encoded(term_of(word))
            found.append(term)
        return " ".join(found)
