"""Where a query matched inside a text: character spans of its words and whole phrases.

One matcher serves snippets and keyword-in-context lines, so both show the words as
written in the article (never stems) and a matched phrase as one unit. It tokenizes with
the index's own analyzer, word by word through a cache, which is far cheaper than
Whoosh's highlighter re-analysing every fragment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, islice

from whoosh import query as wq

from searcher.analysis.stems import cached_tokens, stem_all
from searcher.analysis.words import WORD, tokens
from searcher.query.exact import Quote, quote_of
from searcher.seam import View

Span = tuple[int, int]
_WORD = re.compile(WORD)
_WHITE = re.compile(r"\s+")
#: What may follow a letter inside a word: the common marks (accents, harakat) and joiners. A
#: spelling is found only where none follows (the whole class of marks would cost each
#: snippet's pattern milliseconds to compile).
_INSIDE = r"\w\u0300-\u036f\u064b-\u065f\u0670\u200c\u200d"
#: The most index terms one wildcard may add to the highlighter.
_MAX_EXPANSION = 2_000
#: How far a snippet's window may grow to end on a space: Chinese and Japanese have none,
#: and a window grown to the next one would be the whole article.
_MAX_WORD = 30


@dataclass(frozen=True, slots=True)
class Pattern:
    """A word (one term) or a phrase (several, each within ``slop`` positions of the last);
    or an exact quote, found as written rather than by its terms."""

    terms: tuple[str, ...]
    slop: int = 1
    quote: Quote | None = None


def patterns(q: wq.Query, view: View | None, field: str) -> list[Pattern]:
    """What to mark in ``field`` for query ``q``: its words and phrases, not negated parts
    (wildcards expanded by ``view``; without one, a query must hold none)."""
    found: dict[Pattern, None] = {}
    for pattern in _walk(q, view, field):
        found[pattern] = None
    return list(found)


def _walk(q: wq.Query, view: View | None, field: str) -> Iterator[Pattern]:
    if isinstance(q, wq.Not):
        return
    if quote := quote_of(q, field):
        yield Pattern(quote.words, quote=quote)
        return
    if isinstance(q, wq.AndNot):
        yield from _walk(q.a, view, field)
    elif isinstance(q, wq.Phrase):
        if q.fieldname == field:
            yield Pattern(tuple(q.words), max(1, q.slop))
    elif isinstance(q, wq.Term):
        if q.fieldname == field:
            yield Pattern((str(q.text),))
    elif isinstance(q, wq.MultiTerm):
        if q.fieldname == field and view is not None:
            for text in islice(view.expand(q), _MAX_EXPANSION):
                yield Pattern((text,))
    elif not q.is_leaf():
        for child in q.children():
            yield from _walk(child, view, field)


def find_spans(text: str, pats: Iterable[Pattern], language: str = "") -> list[Span]:
    """Sorted, non-overlapping spans of ``text`` where the patterns occur, its words
    analysed as its article's ``language`` was indexed."""
    pats = list(pats)
    if not pats or not text:
        return []
    quoted = [span for p in pats if p.quote for span in p.quote.spans(text)]
    words = {p.terms[0] for p in pats if len(p.terms) == 1 and not p.quote}
    phrases = [p for p in pats if len(p.terms) > 1 and not p.quote]
    if not phrases:
        found = _word_spans(text, words, language) if words else []
        return _merge(quoted + found) if quoted else found
    found = cached_tokens(text, language)
    spans = [(start, end) for term, start, end in found if term in words]
    for phrase in phrases:
        spans.extend(_phrase_spans(found, phrase))
    return _merge(spans + quoted)


def _word_spans(text: str, terms: set[str], language: str) -> list[Span]:
    """Where words with these terms occur: each distinct spelling is stemmed once, then the
    matching spellings are found by one regular expression (what makes exports fast)."""
    distinct = list(set(_WORD.findall(text)))
    stems = stem_all(distinct, language)
    if "" in stems:  # a word of several terms (Chinese, Japanese, Korean) or none
        return [(start, end) for term, start, end in tokens(text, language) if term in terms]
    found = map(terms.__contains__, stems)
    spellings = list(compress(distinct, found))  # in C: a long text has many words
    if not spellings:
        return []
    alternatives = "|".join(map(re.escape, sorted(spellings)))
    return [
        m.span() for m in re.finditer(rf"(?<![{_INSIDE}])(?:{alternatives})(?![{_INSIDE}])", text)
    ]


def _phrase_spans(tokens: list[tuple[str, int, int]], phrase: Pattern) -> Iterator[Span]:
    first, rest = phrase.terms[0], phrase.terms[1:]
    for i, (term, start, _) in enumerate(tokens):
        if term != first:
            continue
        at = i
        for wanted in rest:
            window = range(at + 1, min(at + phrase.slop, len(tokens) - 1) + 1)
            at = next((k for k in window if tokens[k][0] == wanted), -1)
            if at < 0:
                break
        if at >= 0:
            yield (start, tokens[at][2])


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def lead(text: str, limit: int = 240) -> str:
    """The first ``limit`` characters of ``text``, white space collapsed, cut at a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + " …"


def snippet(
    text: str, spans: list[Span], *, width: int = 200, fragments: int = 2
) -> tuple[str, tuple[Span, ...]]:
    """Up to ``fragments`` windows of about ``width`` characters around the most matches.

    Returns the snippet and the spans of the matches inside it; white space is collapsed
    and "…" marks where text was cut.
    """
    if not spans:
        return lead(text, width + width // 5), ()
    windows = _windows(text, spans, width)
    best = sorted(windows, key=lambda w: (-len(w[2]), w[0]))[:fragments]
    out = _Builder()
    end = 0
    for start, next_end, inside in sorted(best):
        if out.parts:
            out.add(" … " if start > end else "")
        elif start > 0:
            out.add("…")
        at, end = start, next_end
        for span_start, span_end in inside:
            out.add(_WHITE.sub(" ", text[at:span_start]))
            out.mark(text[span_start:span_end])
            at = span_end
        out.add(_WHITE.sub(" ", text[at:end]))
    if end < len(text):
        out.add(" …")
    return out.text(), tuple(out.spans)


def _windows(text: str, spans: list[Span], width: int) -> list[tuple[int, int, list[Span]]]:
    """Windows that start a little before each match, widened to whole words, merged."""
    windows: list[tuple[int, int, list[Span]]] = []
    for span_start, span_end in spans:
        if windows and span_end <= windows[-1][1]:
            windows[-1][2].append((span_start, span_end))
            continue
        start = _word_start(text, max(0, span_start - width // 3))
        end = _word_end(text, max(span_end, start + width))
        if windows and start < windows[-1][1]:
            start = windows[-1][1]
        windows.append((start, end, [(span_start, span_end)]))
    return windows


def _word_start(text: str, at: int) -> int:
    stop = max(0, at - _MAX_WORD)
    while at > stop and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    at = min(at, len(text))
    stop = min(len(text), at + _MAX_WORD)
    while at < stop and not text[at].isspace():
        at += 1
    return at


class _Builder:
    """Joins snippet pieces while keeping track of the marked spans' offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.size = 0

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.size += len(piece)

    def mark(self, piece: str) -> None:
        self.spans.append((self.size, self.size + len(piece)))
        self.add(piece)

    def text(self) -> str:
        return "".join(self.parts)
