"""The seam between the application and an engine: what search, research and the Index ask
of one committed state of an index. ``engine.view.WhooshView`` implements it.

Queries cross the seam as Whoosh query trees (``whoosh.query``): the application builds
them with its parser, an engine answers them (Whoosh runs them; another engine translates
them). Documents are numbered by the engine, densely, from 0, for one view; numbers mean
nothing across views. Weighting models are Whoosh's (``whoosh.scoring.WeightingModel``) with
``word_score`` (see ``engine.scoring.Weighting``).

A cluster (Sphinx, Manticore: ``searcher.cluster``) does not implement this ``View``: dense
document numbers, whole columns and posting lists are what one machine's index can hand
out, and a distributed engine cannot without shipping the index to the client. It meets the
application one floor up, where a search is whole: the parser's query trees (the same
``whoosh.query`` trees that cross here), the filters' restrictions, a page, a total and
facet counts. ``cluster.translate`` turns a tree into SphinxQL or refuses it with
``ClusterUnsupported``, so the cluster never answers a different question; ``Index.open`` of
a cluster's address gives a ``ClusterIndex`` with the same ``search`` and ``update``.

Writing crosses it as a ``Batch``: one update, committed once or not at all
(``engine.batch.WhooshBatch`` over Whoosh's writer). Creating, opening and checking an index
are the engine's own (``engine.storage``, ``engine.check``), called by the Index.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from whoosh import query

T = TypeVar("T")


class View(Protocol):
    """One committed state of an index, with what every search of it reuses."""

    #: The index's fields and their types (for parsing queries against them).
    schema: Any

    def matches(self, q: query.Query, postings: Any = None) -> set[int]:
        """Every document ``q`` matches, deleted ones left out; ``postings`` keeps what was
        read for scoring the same query next."""

    def best(
        self,
        q: query.Query,
        allowed: Collection[int],
        limit: int | None,
        weighting: Any,
        postings: Any,
        deadline: float,
    ) -> list[tuple[int, float]]:
        """``(docnum, score)`` of the best ``limit`` (None: all) of the ``allowed`` matches
        of ``q``, best first (ties: lower number first), scored by ``weighting`` (a model of
        word scores), or by ``q`` itself when ``weighting`` is None (a query that carries
        its scoring: preferences); raises ``TimeoutError`` once ``time.monotonic()`` passes
        ``deadline``."""

    def column(self, name: str) -> list:
        """The value of column ``name`` for every document, in document order."""

    def largest(self, name: str) -> int | None:
        """The largest value of a numeric column (documents without one aside)."""

    def stored(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields."""

    def stored_many(
        self, docnums: Iterable[int], fields: Collection[str] | None = None
    ) -> Iterator[dict[str, Any]]:
        """The stored fields of each document, in the order given, read as they are
        consumed: what an export of every hit reads, at less cost a document. With
        ``fields``, an engine may leave out long texts not among them (an export of ids and
        titles need not read bodies)."""

    def document_number(self, **terms: str) -> int | None:
        """The first live document with these exact terms (``id="..."``), if any."""

    def values(self, fieldname: str) -> Iterator[str]:
        """Every term of an untokenized field, in order (the sources an index holds)."""

    def field_names(self) -> list[str]:
        """Every field that holds terms, glob fields' names included (``kw_topics``)."""

    def doc_frequency(self, fieldname: str, term: str) -> int:
        """How many documents hold ``term`` in ``fieldname``."""

    def first_with(self, fieldname: str, term: str) -> int | None:
        """The first document holding ``term`` in ``fieldname``, if any."""

    def terms_within(self, fieldname: str, term: str, distance: int) -> set[str]:
        """The field's terms within ``distance`` edits of ``term`` (same first letter)."""

    def expand(self, leaf: query.Query) -> Iterator[str]:
        """The index terms a wildcard or range of words stands for, in order."""

    def key_terms(self, fieldname: str, text: str, count: int) -> list[tuple[str, float]]:
        """The ``count`` terms of ``text`` that tell it best from the rest of the index."""

    def search(
        self, q: query.Query, limit: int, excluded: Collection[int]
    ) -> list[tuple[int, float]]:
        """The best ``limit`` matches of ``q`` but ``excluded``, by the engine's own model."""

    def live_docs(self) -> Iterable[int]:
        """The numbers of every live document."""

    def cached(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, worked out once for this view."""

    def up_to_date(self) -> bool:
        """Whether no commit came after this view's."""

    def close(self) -> None:
        """Give back the files this view holds."""


class Batch(Protocol):
    """One update of an index: deletions and new documents, committed once or not at all."""

    #: The committed state the update changes (documents numbered as ``delete`` takes them).
    view: View
    #: A file descriptor worker processes must close (the lock they inherit), or None.
    lock: int | None
    #: Picklable: ``write(documents, words)`` stores a list of documents in a worker process
    #: and returns what ``commit`` takes (``words`` is the worker's analysis of text fields).
    write: Callable[[Sequence[dict[str, Any]], Any], Any]

    def segments(self) -> list[tuple[str, int]]:
        """Each committed part's id and its number of documents, deleted ones included."""

    def documents(
        self, segment: str, columns: Sequence[str]
    ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """A committed part's live documents: stored fields and the values of ``columns``."""

    def delete(self, docnums: Iterable[int]) -> None:
        """Delete committed documents in the commit to come."""

    def commit(self, written: list[Any], dropped: Collection[str], only_new: bool) -> None:
        """Make ``written`` part of the index beside the parts kept (none when ``only_new``)
        but ``dropped``, deletions applied, in one step readers see whole or not at all."""

    def discard(self, written: Iterable[Any]) -> None:
        """Remove what ``write`` stored for a commit that will not come."""

    def abandon(self) -> None:
        """Give the update up, leaving the index as it was."""
