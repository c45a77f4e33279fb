"""Exact quotes: a phrase as written, not as stems.

A phrase matches stemmed words (``"refugee arrives"`` finds "refugee arrivals"), right for
finding and wrong for checking a quote. An exact quote (``="…"``, or every phrase under
``--exact``) keeps only the articles whose stored text holds its words as written, in any
case, with any white space and punctuation between them: the phrase's own matches, each read
once to check it (``engine.verified``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query

from searcher.engine.verified import Verified

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Quote:
    """Words as written (lower-cased), found in a text with only non-word characters, of any
    kind and number, between them, and none of them at either end."""

    words: tuple[str, ...]
    _pattern: re.Pattern[str] = field(compare=False, repr=False)

    @classmethod
    def of(cls, text: str) -> Quote | None:
        """The quote of a phrase as typed; None if it holds no word."""
        words = tuple(word.lower() for word in _WORD.findall(text))
        if not words:
            return None
        between = r"\W+".join(map(re.escape, words))
        return cls(words, re.compile(rf"(?<!\w){between}(?!\w)", re.IGNORECASE))

    def __call__(self, text: str) -> bool:
        return self._pattern.search(text) is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the quote occurs in ``text``, as ``(start, end)`` offsets."""
        return [m.span() for m in self._pattern.finditer(text)]

    def __str__(self) -> str:
        return '"' + " ".join(self.words) + '"'


def exactly(q: query.Query, text: str, fieldname: str | None = None) -> query.Query:
    """The phrase (or single word) ``q``, parsed from ``text``, kept to its exact words;
    ``q`` may be the alternatives of the phrase's forms in the languages of ``fieldname``."""
    quote = Quote.of(text)
    alternatives = isinstance(q, query.Or) and all(
        isinstance(one, query.Term | query.Phrase) for one in q.children()
    )
    if quote is None or not (alternatives or isinstance(q, query.Term | query.Phrase)):
        return q
    return Verified(q, getattr(q, "fieldname", None) or fieldname, quote)


def quote_of(q: query.Query, fieldname: str) -> Quote | None:
    """The quote an exact part of a query checks in ``fieldname``, if it is one."""
    if isinstance(q, Verified) and q.fieldname == fieldname and isinstance(q.check, Quote):
        return q.check
    return None
