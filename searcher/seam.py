"""The seam between the application and an engine: what search, research and the Index ask
of one committed state of an index. ``engine.view.WhooshView`` is the first implementation;
a distributed engine implements the same methods.

Queries cross the seam as Whoosh query trees (``whoosh.query``): the application builds
them with its parser, an engine answers them (Whoosh runs them; another engine translates
them). Documents are numbered by the engine, densely, from 0, for one view; numbers mean
nothing across views. Weighting models are Whoosh's (``whoosh.scoring.WeightingModel``) with
``word_score`` (see ``engine.scoring.Weighting``).

Writing is not behind this seam yet: the Index creates and opens folders with
``engine.storage``, and the updater writes batches with ``engine.segments`` and commits them
with Whoosh's writer. A second engine brings its own side of that with it (issue #19).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Iterator
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

    def document_number(self, **terms: str) -> int | None:
        """The first live document with these exact terms (``id="..."``), if any."""

    def values(self, fieldname: str) -> Iterator[str]:
        """Every term of an untokenized field, in order (the sources an index holds)."""

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
