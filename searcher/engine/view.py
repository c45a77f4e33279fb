"""The Whoosh engine's side of the seam (``searcher.seam.View``): one held searcher, and the
engine's fast paths (plans, whole-list scoring, whole columns) behind the seam's methods."""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator
from typing import Any, TypeVar

from whoosh import collectors, query
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from searcher.engine import columns, compat, plans, scoring, texts
from searcher.engine.postings import Postings
from searcher.engine.snapshot import open_held
from searcher.engine.weighting import Scored

T = TypeVar("T")


class WhooshView:
    """One committed state of a Whoosh index, its segment files held open."""

    def __init__(self, searcher: Searcher) -> None:
        #: Whoosh's own searcher, for tools that speak Whoosh (not part of the seam).
        self.searcher = searcher
        self._reader = searcher.reader()
        self.schema = searcher.schema

    @classmethod
    def open(cls, ix: FileIndex, build: Callable[[WhooshView], T]) -> T:
        """``build(view)`` on the latest commit of ``ix``, tried again on a newer commit if
        files vanish meanwhile (see ``engine.snapshot.open_held``)."""
        return open_held(ix, lambda searcher: build(cls(searcher)))

    def matches(self, q: query.Query, postings: Postings | None = None) -> set[int]:
        return plans.matching_docs(self.searcher, q, postings)

    def best(
        self,
        q: query.Query,
        allowed: Collection[int],
        limit: int | None,
        weighting: scoring.Weighting | None,
        postings: Postings,
        deadline: float,
    ) -> list[tuple[int, float]]:
        if not allowed:  # Whoosh reads an empty filter as no filter at all
            return []
        if weighting is not None:
            top = scoring.best(self.searcher, q, allowed, limit, weighting, postings)
            if top is not None:
                return top
            q = Scored(q, weighting)
        within = _Within(self.searcher.collector(limit=limit), allowed, deadline)
        try:
            self.searcher.search_with_collector(q, within)
        except collectors.TimeLimit:
            raise TimeoutError from None
        return [(docnum, score) for score, docnum in within.results().top_n]

    def column(self, name: str) -> list:
        return columns.column_values(self.searcher, name)

    def largest(self, name: str) -> int | None:
        return columns.largest(self._reader, name)

    def stored(self, docnum: int) -> dict[str, Any]:
        return next(self.stored_many([docnum]))

    def stored_many(
        self, docnums: Iterable[int], fields: Collection[str] | None = None
    ) -> Iterator[dict[str, Any]]:
        starts, readers = self._stored_readers(None if fields is None else frozenset(fields))
        leaves = self._reader.leaf_readers()
        for docnum in docnums:
            at = bisect_right(starts, docnum) - 1
            read = readers[at]
            if read is None:  # made when a document of the segment is first read
                read = readers[at] = texts.stored_reader(leaves[at][0], fields)
            yield read(docnum - starts[at])

    def _stored_readers(self, fields: frozenset[str] | None) -> tuple[list[int], list]:
        """Each segment's first document number and its reader of stored fields, kept for
        the view: a results page reads a document at a time, from a few segments."""
        leaves = self._reader.leaf_readers()
        return self.cached(
            ("stored", fields), lambda: ([offset for _, offset in leaves], [None] * len(leaves))
        )

    def document_number(self, **terms: str) -> int | None:
        return self.searcher.document_number(**terms)

    def values(self, fieldname: str) -> Iterator[str]:
        if fieldname not in self._reader.schema:  # an index of an older format
            return iter(())
        return (term.decode("utf-8") for term in self._reader.lexicon(fieldname))

    def field_names(self) -> list[str]:
        return sorted(self._reader.indexed_field_names())

    def doc_frequency(self, fieldname: str, term: str) -> int:
        return self._reader.doc_frequency(fieldname, term)

    def first_with(self, fieldname: str, term: str) -> int | None:
        if not self._reader.doc_frequency(fieldname, term):
            return None
        return self._reader.postings(fieldname, term).id()

    def terms_within(self, fieldname: str, term: str, distance: int) -> set[str]:
        return set(self._reader.terms_within(fieldname, term, distance, 1))

    def expand(self, leaf: query.Query) -> Iterator[str]:
        expanded = compat.expansions(leaf, self._reader)
        return (btext.decode("utf-8", "replace") for btext in expanded)

    def search(
        self, q: query.Query, limit: int, excluded: Collection[int]
    ) -> list[tuple[int, float]]:
        found = self.searcher.search(q, limit=limit, mask=set(excluded))
        return [(hit.docnum, hit.score) for hit in found]

    def key_terms(self, fieldname: str, text: str, count: int) -> list[tuple[str, float]]:
        return self.searcher.key_terms_from_text(fieldname, text, numterms=count)

    def live_docs(self) -> Iterable[int]:
        return self._reader.all_doc_ids()

    def cached(self, key: Hashable, make: Callable[[], T]) -> T:
        return columns.reader_cached(self._reader, key, make)

    def up_to_date(self) -> bool:
        return self.searcher.up_to_date()

    def close(self) -> None:
        self.searcher.close()


class _Within(collectors.WrappingCollector):
    """Collects only the allowed documents, and stops at a deadline.

    Whoosh's TimeLimitCollector bypasses a FilterCollector beneath it, and above one it
    never sees the time, so one collector does both.
    """

    def __init__(self, child: collectors.Collector, allow: Collection[int], deadline: float):
        super().__init__(child)
        self.allow, self.deadline = allow, deadline

    def collect_matches(self) -> None:
        child, allow, offset = self.child, self.allow, self.offset
        for n, sub_docnum in enumerate(child.matches()):
            if not n % 1024 and time.monotonic() > self.deadline:
                raise collectors.TimeLimit
            if offset + sub_docnum in allow:
                child.collect(sub_docnum)
