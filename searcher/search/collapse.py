"""Collapsing near-copies: a result list shows each story once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from searcher.ranking.model import Ranking
from searcher.search.grouping import grouping
from searcher.search.match import Match
from searcher.search.order import ranked
from searcher.search.snapshot import Snapshot


def collapse_copies(
    snapshot: Snapshot, found: Match, sort: str, ranking: Ranking
) -> tuple[Match, dict[int, int]]:
    """``found`` less the near-copies of better-ranked matches, and how many each kept
    match stands for. Only matches with a near-copy among the matches are ranked for it."""
    group_of = grouping(snapshot).group_of
    members: defaultdict[int, list[int]] = defaultdict(list)
    for doc in found.docs:
        if doc in group_of:
            members[group_of[doc]].append(doc)
    grouped = frozenset(doc for docs in members.values() if len(docs) > 1 for doc in docs)
    kept: dict[int, int] = {}
    for doc, _ in ranked(snapshot, replace(found, docs=grouped), sort, None, ranking):
        kept.setdefault(group_of[doc], doc)
    hidden = grouped - set(kept.values())
    copies = {doc: len(members[group]) - 1 for group, doc in kept.items()}
    return replace(found, docs=found.docs - hidden), copies
