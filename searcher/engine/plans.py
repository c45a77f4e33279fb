"""Plans: how each type of query is matched, and scored, from whole posting lists.

A search needs every match (for its total and facets), not only the best page. Whoosh finds
them through its matchers, a Python call or three per document and per query word. Here the
common shapes (words, phrases, their OR, AND and NOT, column ranges, everything) become set
operations on whole posting lists (:mod:`searcher.engine.postings`), in C, on Python sets or
numpy arrays as the search's form says (:mod:`searcher.engine.forms`); a phrase reads the
positions of only the documents that hold all its words; a wildcard is the union of its
words'. Any other query (a phrase with slop) is asked of Whoosh, as a part of the whole.
Each type's ``Plan`` holds its matching and its scoring (``engine.scoring``) side by side, as
tantivy's ``Weight`` does, so the matches scored are the matches found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from whoosh import query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from searcher.engine.columns import ColumnRange
from searcher.engine.compat import expansions
from searcher.engine.forms import Docs, Scores, form_for
from searcher.engine.postings import Postings, TermPostings
from searcher.engine.verified import Verified


def matching_docs(searcher: Searcher, q: query.Query, postings: Postings | None = None) -> set[int]:
    """Every document ``q`` matches, numbered as in ``searcher``, deleted ones left out.

    ``postings`` keeps the posting lists read, for a search that scores the matches next.
    """
    postings = Postings() if postings is None else postings
    postings.take(form_for(_postings_of(searcher, q)))
    found: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        found.update(postings.form.numbers(leaf_docs(leaf, q, postings), offset))
    return found


def _postings_of(searcher: Searcher, q: query.Query) -> int:
    """About how many postings the words of ``q`` have: their counts in the largest
    segment, for the whole index (a lookup a word, before any list is read)."""
    leaves = [leaf.reader() for leaf, _ in searcher.leaf_searchers()]
    largest = max(leaves, key=lambda reader: reader.doc_count_all())
    found = sum(
        largest.doc_frequency(fieldname, text)
        for fieldname, text in q.iter_all_terms()
        if fieldname in largest.schema
    )
    return found * searcher.doc_count_all() // max(1, largest.doc_count_all())


def leaf_docs(leaf: Searcher, q: query.Query, postings: Postings) -> Docs:
    """The documents of one segment's searcher that ``q`` matches, deleted ones left out,
    in the search's form (``engine.forms``)."""
    return plan_of(q).docs(leaf, q, postings)


def scorable(q: query.Query) -> bool:
    """Whether whole posting lists can score ``q`` exactly as Whoosh's matchers would."""
    return plan_of(q).scorable(q)


class Scorer(Protocol):
    """What a plan scores with (see ``engine.scoring``): a word's scores, any part's, and
    scores made or added up in the form this search keeps them in (``engine.forms``)."""

    def scores(self, leaf: Searcher, q: query.Query) -> Scores: ...

    def term_scores(
        self, reader: IndexReader, fieldname: str, text: Any, only: Docs | None = None
    ) -> Scores: ...

    def constant(self, leaf: Searcher, docs: Docs) -> Scores: ...

    def sum(self, leaf: Searcher, parts: Sequence[Scores]) -> Scores: ...

    def common(self, leaf: Searcher, parts: Sequence[Scores]) -> Scores: ...


class Plan:
    """How one type of query is matched and scored, side by side so the two agree.

    The base plan asks Whoosh for the matches and cannot score: Whoosh's matchers do.
    """

    def docs(self, leaf: Searcher, q: query.Query, postings: Postings) -> Docs:
        return postings.form.docs(q.docs(leaf), leaf.doc_count_all())

    def scorable(self, q: query.Query) -> bool:
        return False

    def scores(self, scorer: Scorer, leaf: Searcher, q: query.Query, postings: Postings) -> Scores:
        raise TypeError(f"{type(q).__name__} is scored by Whoosh")


class _Term(Plan):
    def docs(self, leaf, q, postings):
        return _term_docs(leaf.reader(), q.fieldname, q.text, postings)

    def scorable(self, q):
        return True

    def scores(self, scorer, leaf, q, postings):
        return scorer.term_scores(leaf.reader(), q.fieldname, q.text)


class _Phrase(Plan):
    """Words at consecutive positions; a phrase with slop is Whoosh's."""

    def docs(self, leaf, q, postings):
        reader = leaf.reader()
        if q.slop != 1 or not _has_positions(reader, q.fieldname):
            return super().docs(leaf, q, postings)
        slot = (id(reader), q)  # a search asks again when it scores the matches
        if slot not in postings.memo:
            postings.memo[slot] = _phrase_docs(reader, q, postings)
        return postings.memo[slot]

    def scorable(self, q):
        return q.slop == 1

    def scores(self, scorer, leaf, q, postings):
        docs = self.docs(leaf, q, postings)
        words = [scorer.term_scores(leaf.reader(), q.fieldname, w, docs) for w in q.words]
        return scorer.sum(leaf, words)


class _Or(Plan):
    """Any part; an OR with a minimum number of parts is Whoosh's."""

    def docs(self, leaf, q, postings):
        if q.minmatch:
            return super().docs(leaf, q, postings)
        parts = [leaf_docs(leaf, child, postings) for child in q.subqueries]
        return postings.form.any_of(parts, leaf.doc_count_all())

    def scorable(self, q):
        return not q.minmatch and q.scale is None and all(map(scorable, q.subqueries))

    def scores(self, scorer, leaf, q, postings):  # the parts that match, summed
        return scorer.sum(leaf, [scorer.scores(leaf, child) for child in q.subqueries])


class _And(Plan):
    def docs(self, leaf, q, postings):
        parts = [leaf_docs(leaf, child, postings) for child in q.subqueries]
        return postings.form.all_of(parts, leaf.doc_count_all())

    def scorable(self, q):
        positive = [child for child in q.subqueries if type(child) is not query.Not]
        return bool(positive) and all(map(scorable, positive))

    def scores(self, scorer, leaf, q, postings):
        parts = [child for child in q.subqueries if type(child) is not query.Not]
        found = scorer.common(leaf, [scorer.scores(leaf, child) for child in parts])
        negated = [child.query for child in q.subqueries if type(child) is query.Not]
        if negated:  # Whoosh scores each NOT part's matches (the rest) 1
            parts = [leaf_docs(leaf, n, postings) for n in negated]
            excluded = postings.form.any_of(parts, leaf.doc_count_all())
            found = found.without(excluded).shifted(len(negated))
        return found


class _AndNot(Plan):
    def docs(self, leaf, q, postings):
        return postings.form.but(leaf_docs(leaf, q.a, postings), leaf_docs(leaf, q.b, postings))

    def scorable(self, q):
        return scorable(q.a)

    def scores(self, scorer, leaf, q, postings):  # the excluded part adds nothing
        return scorer.scores(leaf, q.a).without(leaf_docs(leaf, q.b, postings))


class _Not(Plan):
    """Every document but the part's; scored only inside an AND (see ``_And``)."""

    def docs(self, leaf, q, postings):
        every = _all_docs(leaf.reader(), postings)
        return postings.form.but(every, leaf_docs(leaf, q.query, postings))


class _Constant(Plan):
    """Matches that all score 1, as in Whoosh: a column range, everything."""

    def scorable(self, q):
        return True

    def scores(self, scorer, leaf, q, postings):
        return scorer.constant(leaf, self.docs(leaf, q, postings))


class _Expanding(_Constant):
    """A wildcard: the union of its words' posting lists, every match scoring 1, as Lucene's
    constant-score rewrite does. Summing each word's score would make the rarest spellings
    (typos, mostly) rank first, and costs a matcher per word: seconds for ``s*``."""

    def docs(self, leaf, q, postings):
        reader, form = leaf.reader(), postings.form
        words = (postings.get(reader, q.fieldname, btext) for btext in expansions(q, reader))
        size = reader.doc_count_all()
        found = form.any_of([form.docs(one.ids, size) for one in words if one is not None], size)
        return form.but(found, reader.deleted_docs_set)


class _Every(_Constant):
    """Every document; ``field:*`` (every document with the field) is Whoosh's."""

    def docs(self, leaf, q, postings):
        if q.fieldname:
            return super().docs(leaf, q, postings)
        return _all_docs(leaf.reader(), postings)

    def scorable(self, q):
        return not q.fieldname


class _Verified(Plan):
    """A part's matches that pass a check of their stored text, read for those alone."""

    def docs(self, leaf, q, postings):
        slot = (id(leaf.reader()), q)  # a search asks again when it scores the matches
        if slot not in postings.memo:
            form = postings.form
            found = form.numbers(leaf_docs(leaf, q.child, postings))
            passed = [docnum for docnum in found if q.passes(leaf, docnum)]
            postings.memo[slot] = form.docs(passed, leaf.doc_count_all())
        return postings.memo[slot]

    def scorable(self, q):
        return scorable(q.child)

    def scores(self, scorer, leaf, q, postings):
        return scorer.scores(leaf, q.child).within(self.docs(leaf, q, postings))


_PLANS: dict[type, Plan] = {
    query.Term: _Term(),
    query.Phrase: _Phrase(),
    query.Or: _Or(),
    query.And: _And(),
    query.AndNot: _AndNot(),
    query.Not: _Not(),
    query.Every: _Every(),
    ColumnRange: _Constant(),  # its docs() reads its column, sorted once per reader
    query.Prefix: _Expanding(),
    query.Wildcard: _Expanding(),
    Verified: _Verified(),
}
_WHOOSH = Plan()


def plan_of(q: query.Query) -> Plan:
    """The plan for ``q``'s exact type (a subclass may match differently): Whoosh's if none."""
    return _PLANS.get(type(q), _WHOOSH)


def _all_docs(reader: IndexReader, postings: Postings) -> Docs:
    size = reader.doc_count_all()
    return postings.form.but(postings.form.docs(range(size), size), reader.deleted_docs_set)


def _term_docs(reader: IndexReader, fieldname: str, text: Any, postings: Postings) -> Docs:
    found = _term_postings(reader, fieldname, text, postings)
    form, size = postings.form, reader.doc_count_all()
    return form.but(form.docs(() if found is None else found.ids, size), reader.deleted_docs_set)


def _term_postings(
    reader: IndexReader, fieldname: str, text: Any, postings: Postings
) -> TermPostings | None:
    if fieldname not in reader.schema:
        return None
    return postings.get(reader, fieldname, reader.schema[fieldname].to_bytes(text))


def _has_positions(reader: IndexReader, fieldname: str) -> bool:
    return fieldname in reader.schema and reader.schema[fieldname].format.supports("positions")


def _phrase_docs(reader: IndexReader, q: query.Phrase, postings: Postings) -> Docs:
    """Documents with the phrase's words at consecutive positions, from the positions of
    only the documents that hold every word."""
    form, size = postings.form, reader.doc_count_all()
    words = [_term_postings(reader, q.fieldname, word, postings) for word in q.words]
    if not words or any(found is None for found in words):
        return form.docs((), size)
    docs = form.all_of([form.docs(found.ids, size) for found in words], size)
    docs = form.but(docs, reader.deleted_docs_set)
    return docs if len(words) == 1 else form.phrase(words, docs, size)
