"""Near-duplicates: groups of near-copies (wire copies, re-posts), earliest first.

The sketches are made at index time (``analysis.sketch``) and grouped once per snapshot
(``search.grouping``); here the groups are filtered to a query's matches and listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from searcher.analysis.sketch import THRESHOLD, similarity
from searcher.article import Listed
from searcher.errors import OptionError
from searcher.search.grouping import grouping

if TYPE_CHECKING:
    from searcher.search.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class Copy(Listed):
    """One article of a near-duplicate group."""

    #: Estimated similarity to the group's first (earliest) article.
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {**Listed.to_dict(self), "similarity": round(self.similarity, 3)}


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Near-copies of one text, earliest first: the first is the likely original."""

    copies: tuple[Copy, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"size": len(self.copies), "copies": [copy.to_dict() for copy in self.copies]}


def duplicate_groups(
    snapshot: Snapshot,
    within: Iterable[int] | None = None,
    *,
    threshold: float = THRESHOLD,
    min_size: int = 2,
) -> list[DuplicateGroup]:
    """The groups with at least ``min_size`` articles among ``within`` (default: all),
    largest first, then earliest; undated articles come last in a group."""
    if min_size < 2:
        raise OptionError("a group has at least 2 articles", hint="use --min-size 2 or more")
    if not 0 < threshold <= 1:
        raise OptionError("the threshold is a similarity above 0 and up to 1", hint="e.g. 0.6")
    allowed = None if within is None else set(within)
    stamps = snapshot.view.column("ts")  # undated articles hold the largest value
    sketches = snapshot.view.column("sketch")
    found = []
    for docs in grouping(snapshot, threshold).groups:
        docs = [doc for doc in docs if allowed is None or doc in allowed]
        if len(docs) >= min_size:
            found.append(sorted(docs, key=lambda doc: (stamps[doc], doc)))
    found.sort(key=lambda docs: (-len(docs), stamps[docs[0]], docs[0]))
    return [_group(snapshot, docs, sketches) for docs in found]


def copies_of(
    snapshot: Snapshot, docnum: int, threshold: float = THRESHOLD
) -> DuplicateGroup | None:
    """The group of near-copies this article belongs to, earliest first, or None."""
    found = grouping(snapshot, threshold)
    if docnum not in found.group_of:
        return None
    stamps = snapshot.view.column("ts")
    docs = sorted(found.groups[found.group_of[docnum]], key=lambda doc: (stamps[doc], doc))
    return _group(snapshot, docs, snapshot.view.column("sketch"))


def _group(snapshot: Snapshot, docs: list[int], sketches: Any) -> DuplicateGroup:
    first = sketches[docs[0]]
    copies = []
    for doc in docs:
        article = snapshot.article(doc)
        copies.append(
            Copy(
                **Listed.fields_of(article),
                similarity=similarity(first, sketches[doc]),
            )
        )
    return DuplicateGroup(tuple(copies))
