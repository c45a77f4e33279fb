"""A query whose matches are checked against a stored field: for a condition the index's
terms cannot decide (words as written, where the terms are stems), read from the stored text
of only the documents the terms leave."""

from __future__ import annotations

from collections.abc import Callable

from whoosh import matching, query
from whoosh.searching import Searcher

from searcher.engine.texts import text_of


class Verified(query.WrappingQuery):
    """The documents ``child`` matches whose stored ``fieldname`` passes ``check``; scored
    as ``child`` scores them."""

    boost = 1.0  # the child's own boost is in its scores

    def __init__(self, child: query.Query, fieldname: str, check: Callable[[str], bool]):
        super().__init__(child)
        self.fieldname, self.check = fieldname, check

    def _rewrap(self, child: query.Query) -> Verified:
        return Verified(child, self.fieldname, self.check)

    def __eq__(self, other: object) -> bool:
        return type(other) is Verified and (self.child, self.fieldname, self.check) == (
            other.child,
            other.fieldname,
            other.check,
        )

    def __hash__(self) -> int:
        return hash((self.child, self.fieldname, self.check))

    def __repr__(self) -> str:
        return f"Verified({self.child!r}, {self.fieldname!r}, {self.check!r})"

    def __str__(self) -> str:
        return f"{self.fieldname}:={self.check}"

    def passes(self, searcher: Searcher, docnum: int) -> bool:
        """Whether document ``docnum`` of ``searcher`` passes the check."""
        return self.check(text_of(searcher.reader(), self.fieldname, docnum))

    def matcher(self, searcher: Searcher, context=None) -> matching.Matcher:
        inner = self.child.matcher(searcher, context)
        ids = {docnum for docnum in self.child.docs(searcher) if self.passes(searcher, docnum)}
        return matching.FilterMatcher(inner, ids)
