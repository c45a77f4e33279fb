"""The one analysis chain: words, lower-cased, accents folded, English-stemmed.

Indexing, queries, highlights, spelling and near-duplicates all call it, so a word is the
same term everywhere. Stop words are kept in the index on purpose: a phrase such as
"secretary of state" must not also match "secretary state" (see WHOOSH.md).

Words are stemmed by PyStemmer (Snowball's English in C): Whoosh's own Snowball port is pure
Python, 20 us a word, and the older algorithm ("added" -> "ad", "evening" -> "even").
"""

from __future__ import annotations

import re

from whoosh.analysis import CharsetFilter, LowercaseFilter, PyStemmerFilter, RegexTokenizer
from whoosh.support.charset import accent_map

from searcher.engine.compat import stemmer

WORD = r"\w+"
_STEM_CACHE = 100_000


def news_analyzer():
    """Words, lower-cased, accents folded, English-stemmed; stop words kept."""
    return (
        RegexTokenizer(WORD)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | PyStemmerFilter("english", cachesize=_STEM_CACHE)
    )


_stem = stemmer("english")


def term_of(word: str) -> str:
    """The index term of one word (a run of ``\\w``), as ``news_analyzer`` makes it."""
    return _stem(word.lower().translate(accent_map))


class WordPositions:
    """``news_analyzer`` for indexing in bulk: a text's terms with their positions, and its
    length in words.

    The same terms as the analyzer (a test holds them equal on the real corpora), without a
    token object and four generators per word: a word is looked up in a cache of its term,
    so each distinct spelling is lower-cased, folded and stemmed once per process.
    """

    def __init__(self) -> None:
        self._find = re.compile(WORD).findall
        self._terms: dict[str, str] = {}

    def __call__(self, text: str) -> tuple[dict[str, list[int]], int]:
        words = self._find(text)
        terms = self._terms
        if len(terms) > 4 * _STEM_CACHE:
            terms.clear()
        positions: dict[str, list[int]] = {}
        for position, word in enumerate(words):
            term = terms.get(word)
            if term is None:
                term = terms[word] = term_of(word)
            found = positions.get(term)
            if found is None:
                positions[term] = [position]
            else:
                found.append(position)
        return positions, len(words)
