"""Did you mean: corrections for query words the index has never seen.

The index holds stems, not words, so a correction is found among the stems (within one or
two edits, the most common first) and then shown as a word an article actually uses.
"""

from __future__ import annotations

import re

from searcher.analysis.stems import stem
from searcher.analysis.words import WORD, WORD_CHARS
from searcher.schema import TEXT_FIELDS
from searcher.seam import View
from searcher.search.filters import Filters
from searcher.search.match import match
from searcher.search.snapshot import Snapshot

#: Values of fields that hold names or codes, not words to correct: ``source:"Wire One"``.
_LITERAL = re.compile(r'\b(?:source|url|id|language|authors|date):(?:"[^"]*"|\S+)')
_WORD = re.compile(rf"(?<![{WORD_CHARS}*?])({WORD})(?![{WORD_CHARS}*?:])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
#: Unknown words looked up at most: each lookup scans the vocabulary (30 ms and up), and a
#: query with more unknown words than this is no typo.
_MAX_UNKNOWN = 8


def _frequency(view: View, term: str) -> int:
    return sum(view.doc_frequency(name, term) for name in TEXT_FIELDS)


def _closest(view: View, term: str) -> str | None:
    """The most common index term within one edit of ``term`` (two for longer words)."""
    for distance in (1, 2) if len(term) > 4 else (1,):
        found = set().union(*(view.terms_within(name, term, distance) for name in TEXT_FIELDS))
        if found:
            return max(sorted(found), key=lambda t: _frequency(view, t))
    return None


def _as_written(view: View, term: str) -> str:
    """A word that articles use for index term ``term`` (``secretari`` → ``secretary``)."""
    for name in TEXT_FIELDS:
        docnum = view.first_with(name, term)
        if docnum is None:
            continue
        text = view.stored(docnum).get(name, "")
        for word in re.findall(WORD, text):
            if stem(word) == term:
                return word.lower()
    return term


def suggest(snapshot: Snapshot, text: str, filters: Filters, total: int) -> str | None:
    """``text`` with its unknown words corrected, when that finds more than ``total``."""
    view = snapshot.view
    pieces, at, changed, unknown = [], 0, False, 0
    literal = [m.span() for m in _LITERAL.finditer(text)]
    for found in _WORD.finditer(text):
        word = found.group()
        if word in _OPERATORS or any(a <= found.start() < b for a, b in literal):
            continue
        term = stem(word)
        if not term or _frequency(view, term):
            continue
        unknown += 1
        if unknown > _MAX_UNKNOWN:
            return None
        better = _closest(view, term)
        if better is None:
            continue
        pieces += [text[at : found.start()], _as_written(view, better)]
        at, changed = found.end(), True
    if not changed:
        return None
    corrected = "".join([*pieces, text[at:]])
    return corrected if len(match(snapshot, corrected, filters).docs) > total else None
