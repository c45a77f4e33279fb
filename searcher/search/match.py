"""Parsing a query and collecting every document it matches, within limits."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import islice

from whoosh import query

from searcher.engine.postings import Postings
from searcher.errors import QueryError, SearchTimeout
from searcher.seam import View
from searcher.search.filters import NO_FILTERS, Filters
from searcher.search.snapshot import Snapshot

#: Seconds a search may take before it stops with SearchTimeout.
TIME_LIMIT = 20.0
#: The most index words one wildcard may stand for.
MAX_EXPANSIONS = 5_000
#: ... and all of a query's wildcards together: what one wildcard over title and body could
#: reach. Whoosh builds a matcher per word before the time limit can act, so this bounds it.
MAX_TOTAL_EXPANSIONS = 2 * MAX_EXPANSIONS


@dataclass(frozen=True, slots=True)
class Match:
    """A parsed query and every article it matches under some filters."""

    query: query.Query
    docs: frozenset[int]
    #: ``time.monotonic()`` past which the search gives up.
    deadline: float
    #: The posting lists read to find the matches, which scoring them reuses.
    postings: Postings = field(default_factory=Postings, compare=False, repr=False)


def _check_expansions(q: query.Query, view: View, text: str) -> None:
    """Refuse wildcards that expand, alone or together, to so many words that the search
    would crawl."""
    total = 0
    for leaf in q.leaves():
        if isinstance(leaf, query.MultiTerm):
            budget = min(MAX_EXPANSIONS, MAX_TOTAL_EXPANSIONS - total)
            count = sum(1 for _ in islice(view.expand(leaf), budget + 1))
            total += count
            if count > budget:
                pattern = _pattern(leaf)
                alone = budget == MAX_EXPANSIONS
                raise QueryError(
                    f"'{pattern}' matches more than {MAX_EXPANSIONS:,} different words"
                    if alone
                    else f"the wildcards up to '{pattern}' match more than "
                    f"{MAX_TOTAL_EXPANSIONS:,} different words together",
                    text,
                    max(0, text.find(pattern)),
                    hint="make the patterns longer, use fewer, or search for the words themselves",
                )


def _pattern(leaf: query.MultiTerm) -> str:
    """A wildcard as written, or a range of words as ``from TO to``."""
    if isinstance(leaf, query.Prefix):
        return f"{leaf.text}*"
    if hasattr(leaf, "text"):
        return str(leaf.text)
    return f"{leaf.start or ''} TO {leaf.end or ''}".strip()


def timed_out() -> SearchTimeout:
    """The error of a search past ``TIME_LIMIT`` (read when raised, as tests change it)."""
    return SearchTimeout(f"the search took longer than {TIME_LIMIT:g} seconds and was stopped")


def match(snapshot: Snapshot, text: str, filters: Filters = NO_FILTERS) -> Match:
    """Parse ``text`` and collect the document numbers of every matching article."""
    deadline = time.monotonic() + TIME_LIMIT
    user_query = snapshot.builder.parse(text, filters.zone, filters.exact, filters.languages)
    _check_expansions(user_query, snapshot.view, text)
    builder = snapshot.builder
    restrict = filters.queries(builder.sources, builder.fields, snapshot.updated, builder.languages)
    whole = query.And([user_query, *restrict]) if restrict else user_query
    postings = Postings()
    docs = snapshot.view.matches(whole, postings)
    if time.monotonic() > deadline:
        raise timed_out()
    return Match(user_query, frozenset(docs - snapshot.bookkeeping), deadline, postings)
