"""Near-copy groups over a whole snapshot, worked out once: collapse and duplicates read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from searcher.analysis.sketch import THRESHOLD, groups
from searcher.engine.columns import column_values

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
        # Read segment by segment: Whoosh's own reader of a column skips the segments
        # without it (the format record's), and reads the next one's at the wrong place.
        column = column_values(snapshot.searcher, "sketch")
        live = snapshot.searcher.reader().all_doc_ids()
        found = groups(
            {doc: column[doc] for doc in live if doc not in snapshot.bookkeeping}, threshold
        )
        group_of = {doc: n for n, docs in enumerate(found) for doc in docs}
        snapshot.memo[key] = Grouping(found, group_of)
    return snapshot.memo[key]
