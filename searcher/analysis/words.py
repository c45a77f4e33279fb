"""The one analysis chain: words, folded (``analysis.fold``), stemmed; Han, kana and Hangul
as overlapping pairs of characters.

Indexing, queries, highlights, spelling and near-duplicates all call it, so a word is the
same term everywhere. Stop words are kept in the index on purpose: a phrase such as
"secretary of state" must not also match "secretary state" (see WHOOSH.md).

A word is a run of ``\\w`` with the combining marks (harakat, accents, vowel signs) and the
zero-width joiners inside it: Python's ``\\w`` leaves marks out, which cut vowelled Arabic
into fragments. Chinese, Japanese and Korean are written without spaces, so a run of their
characters is indexed as overlapping bigrams, each with its own position (Lucene's ``cjk``
analyzer): ``加沙地带`` is ``加沙 沙地 地带``, and a query ``加沙`` is its one bigram, a
longer one a phrase of its bigrams.

Words are stemmed by their article's language (``analysis.languages``), English by default
with PyStemmer (Snowball in C): Whoosh's own Snowball port is pure Python, 20 us a word, and
the older algorithm ("added" -> "ad", "evening" -> "even").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from whoosh.analysis import Token, Tokenizer

from searcher.analysis.fold import MARKS, ZWJ, ZWNJ, fold
from searcher.analysis.languages import stemmed

#: What a word may hold after its first ``\w``, as a regular expression class body.
WORD_CHARS = rf"\w{MARKS}{ZWNJ}{ZWJ}"
WORD = rf"\w[{WORD_CHARS}]*"
#: Han, kana (with their voicing marks) and Hangul: scripts written without spaces.
_CJK = (
    "\u1100-\u11ff\u3005-\u3007\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003ffff"
)
_HAS_CJK = re.compile(f"[{_CJK}]").search
_RUNS = re.compile(f"[{_CJK}]+|[^{_CJK}]+")
_CJK_RUN = re.compile(f"[{_CJK}]").match
_STEM_CACHE = 100_000
#: One word's terms with their offsets in the word.
Pieces = tuple[tuple[str, int, int], ...]

#: Turkish suffixes after an apostrophe (``İstanbul'da``): left out, as Lucene's Turkish
#: analyzer does, so the name alone is the word.
_SUFFIX = re.compile(r"(?<=\w)['\u2019]\w+")
APOSTROPHE_LANGUAGES = frozenset({"tr"})


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Han, kana or Hangul, whose words are several terms."""
    return _HAS_CJK(text) is not None


def term_of(word: str, language: str = "") -> str:
    """The index term of one word without Han, kana or Hangul in it, in an article of
    ``language`` (see ``analysis.languages``)."""
    return stemmed(language, word)


def pieces(word: str, language: str = "") -> Pieces:
    """The terms of one word (a match of ``WORD``) with their offsets in it: one term,
    several when Han, kana or Hangul are in it (their bigrams, or a lone character), none
    when nothing is left of it once folded (a word of tatweel)."""
    if not _HAS_CJK(word):
        term = term_of(word, language)
        return ((term, 0, len(word)),) if term else ()
    found: list[tuple[str, int, int]] = []
    for run in _RUNS.finditer(word):
        start, text = run.start(), run.group()
        if not _CJK_RUN(text):
            if term := term_of(text, language):
                found.append((term, start, run.end()))
        else:
            # Folded first: half-width kana and their voicing marks make one character.
            folded, end = fold(text), run.end()
            if len(folded) == 1:
                found.append((folded, start, end))
            found.extend(
                (folded[i : i + 2], min(start + i, end - 1), min(start + i + 2, end))
                for i in range(len(folded) - 1)
            )
    return tuple(found)


def terms_of(word: str, language: str = "") -> str | tuple[str, ...]:
    """A word's one term, or its terms when it has none or several (see ``pieces``)."""
    found = pieces(word, language)
    return found[0][0] if len(found) == 1 else tuple(term for term, _, _ in found)


_find_words = re.compile(WORD).finditer
#: ASCII text has no marks or joiners: its words are found by the simpler, faster pattern.
_ASCII_WORD = r"\w+"


def tokens(text: str, language: str = "") -> Iterator[tuple[str, int, int]]:
    """Every term of ``text`` (of an article in ``language``) in order, with its start and
    end offsets in ``text``."""
    skipped = (
        {m.start() + 1 for m in _SUFFIX.finditer(text)} if language in APOSTROPHE_LANGUAGES else ()
    )
    for match in re.finditer(_ASCII_WORD, text) if text.isascii() else _find_words(text):
        start = match.start()
        if start in skipped:
            continue
        for term, begin, end in pieces(match.group(), language):
            yield term, start + begin, start + end


def alternatives(text: str, languages: Iterable[str], default: bool = True) -> list[list[str]]:
    """The distinct term sequences of ``text`` under each of ``languages`` (and first the
    default analysis, unless not ``default``): the forms a query may have been indexed as."""
    found: list[list[str]] = []
    for language in ("", *languages) if default else languages:
        terms = [term for term, _, _ in tokens(text, language)]
        if terms not in found:
            found.append(terms)
    return found


class NewsTokenizer(Tokenizer):
    """``tokens`` as Whoosh's analyzers give them, for the schema and the query parser.

    ``tokenize=False`` (a wildcard's text) folds and stems the value as one word."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        found = tokens(value) if tokenize else iter([(term_of(value), 0, len(value))])
        for pos, (term, start, end) in enumerate(found, start_pos):
            token.text, token.boost, token.stopped = term, 1.0, False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def news_analyzer() -> NewsTokenizer:
    """Words, folded, English-stemmed, CJK as bigrams; stop words kept."""
    return NewsTokenizer()


class WordPositions:
    """``news_analyzer`` for indexing in bulk: a text's terms with their positions, and its
    length in terms.

    The same terms as the analyzer (a test holds them equal on the real corpora), without a
    token object and generators per word: a word is looked up in a cache of its terms,
    so each distinct spelling is folded and stemmed once per process.
    """

    def __init__(self) -> None:
        self._find = re.compile(WORD).findall
        self._find_ascii = re.compile(_ASCII_WORD).findall
        self._terms: dict[str, dict[str, str | tuple[str, ...]]] = {}

    def __call__(self, text: str, language: str = "") -> tuple[dict[str, list[int]], int]:
        if language in APOSTROPHE_LANGUAGES:
            text = _SUFFIX.sub("", text)
        terms = self._terms.get(language)
        if terms is None or len(terms) > 4 * _STEM_CACHE:
            terms = self._terms[language] = {}
        if not text.isascii():
            return _positions(self._find(text), terms, language)
        # The common case, kept as lean as it was: an ASCII word is always one term.
        words = self._find_ascii(text)
        positions: dict[str, list[int]] = {}
        for position, word in enumerate(words):
            term = terms.get(word)
            if term is None:
                term = terms[word] = term_of(word, language)
            found = positions.get(term)
            if found is None:
                positions[term] = [position]
            else:
                found.append(position)
        return positions, len(words)


def _positions(
    words: list[str], terms: dict[str, str | tuple[str, ...]], language: str
) -> tuple[dict[str, list[int]], int]:
    """The terms of ``words`` with their positions, a word of several terms (Chinese,
    Japanese, Korean) taking a position for each; ``terms`` caches each word's."""
    positions: dict[str, list[int]] = {}
    position = 0
    for word in words:
        term = terms.get(word)
        if term is None:
            term = terms[word] = terms_of(word, language)
        for one in (term,) if term.__class__ is str else term:
            positions.setdefault(one, []).append(position)
            position += 1
    return positions, position
