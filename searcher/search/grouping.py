"""Near-copy groups over a whole snapshot, worked out once: collapse and duplicates read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from searcher.analysis.sketch import THRESHOLD, groups

if TYPE_CHECKING:
    from searcher.search.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class Grouping:
    """The near-duplicate groups of a whole index, as document numbers."""

    groups: list[list[int]]
    #: Each grouped document's index in ``groups``.
    group_of: dict[int, int]


def grouping(snapshot: Snapshot, threshold: float = THRESHOLD) -> Grouping:
    """The groups of every article in ``snapshot``, computed once per snapshot."""
    key = ("duplicates", threshold)
    if key not in snapshot.memo:
        column = snapshot.view.column("sketch")
        live = snapshot.view.live_docs()
        found = groups(
            {doc: column[doc] for doc in live if doc not in snapshot.bookkeeping}, threshold
        )
        group_of = {doc: n for n, docs in enumerate(found) for doc in docs}
        snapshot.memo[key] = Grouping(found, group_of)
    return snapshot.memo[key]
