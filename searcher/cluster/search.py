"""One search of a cluster: the page of hits by the cluster's ranker, the total from
``SHOW META``, facets by ``GROUP BY``, and searcher's own snippets over the page.

Every statement's ``SHOW META`` is checked: a warning means some shard did not answer, and
the result is then ``partial`` (counts and hits of the shards that did), never passed off
as whole.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC

from searcher.article import Article
from searcher.cluster.client import Connection
from searcher.cluster.feed import UNDATED
from searcher.cluster.rerank import Candidate, Rescorer, Totals
from searcher.cluster.translate import Translated
from searcher.documents import stored_article
from searcher.errors import ClusterUnsupported
from searcher.search.calendar import BUCKETS, day_label
from searcher.search.facets import UNDATED as UNDATED_LABEL
from searcher.search.filters import Filters
from searcher.search.highlight import Pattern
from searcher.search.results import Hit, hit_of

#: The facets a cluster counts: sources (as outlets) and calendar buckets.
FACETS = ("source", *BUCKETS)
#: The ranker of statements that sort by date or only count: none (a relevance search
#: ranks with ``rerank.Totals.ranker``).
UNRANKED = "ranker=none"
#: The most groups a GROUP BY returns: Sphinx sets aside room for max_matches rows whatever
#: it finds (a million took 1.2 s a statement here), and 20,000 days are 54 years.
MAX_GROUPS = 20_000
#: How often a statement is sent when a shard does not answer: the head's next try goes to
#: another mirror (``ha_strategy = noerrors``; Sphinx 2.2's own retry_count asks the same).
TRIES = 3
#: Each sort's ORDER BY; undated articles last (as the Whoosh index sorts them).
ORDER = {
    "relevance": "WEIGHT() DESC, id ASC",
    "newest": "ts DESC, id ASC",
    "oldest": "undated ASC, ts ASC, id ASC",
}


@dataclass
class Page:
    """What the cluster answered for one search."""

    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    partial: bool


class Search:
    """SphinxQL statements on one distributed index, each checked for partial answers."""

    def __init__(self, head: Connection, index: str) -> None:
        self.head, self.index = head, index
        #: Whether any statement so far had a shard missing; the last one's total.
        self.partial, self.total = False, 0

    def select(
        self, columns: str, found: Translated, tail: str, limit: int, ranker: str = UNRANKED
    ) -> list[tuple]:
        select, where, args = found.clauses()
        sql = (
            f"SELECT {columns}{select} FROM {self.index}{where} {tail} LIMIT 0, {limit} "
            f"OPTION max_matches={max(limit, 1)}, {ranker}"
        )
        for _ in range(TRIES):
            rows, meta = self.head.select(sql, args)
            if not meta.warning:
                break
        self.total = meta.total
        self.partial = self.partial or bool(meta.warning)
        return rows

    def articles(self, rows: Sequence[int]) -> dict[int, Article]:
        """The stored articles of these row ids; one a shard did not give makes the search
        partial."""
        if not rows:
            return {}
        where = [f"id IN ({', '.join(map(str, rows))})"]
        found = self.select("id, doc", Translated(where=where), "", len(rows))
        self.partial = self.partial or len(found) < len(set(rows))
        return {row: stored_article(json.loads(doc)) for row, doc in found}

    def counts(self, attribute: str, found: Translated) -> dict:
        """Matches per value of ``attribute``; more values than ``MAX_GROUPS`` is an error,
        not a count cut short."""
        rows = self.select(f"{attribute}, COUNT(*)", found, f"GROUP BY {attribute}", MAX_GROUPS)
        if self.total > len(rows):
            raise ClusterUnsupported(
                f"a cluster index counts at most {MAX_GROUPS:,} values of {attribute}",
                hint="narrow the search with dates or sources",
            )
        return {value: count for value, count, *_ in rows}


def run_search(
    search: Search,
    found: Translated,
    marks: list[Pattern],
    outlets: Mapping[str, str],
    filters: Filters,
    rescorer: Rescorer,
    *,
    facets: Sequence[str],
    sort: str,
    page: int,
    page_size: int,
) -> Page:
    """One page of hits, the total and the facets of a translated query; by relevance, the
    cluster's best hits in the order of ``rescorer``'s scores (see ``cluster.rerank``)."""
    if filters.zone is not UTC and any(name in BUCKETS for name in facets):
        raise ClusterUnsupported(
            "a cluster index counts dates by UTC day only", hint="leave --tz out of date facets"
        )
    wanted = page * page_size
    rows, scores, total = _ranked(search, found, rescorer, sort, wanted)
    shown = rows[(page - 1) * page_size : wanted]
    articles = search.articles(shown)
    hits = []
    for row in shown:
        article = articles.get(row)
        if article is not None:
            article = replace(article, source=outlets.get(article.source, article.source))
            hits.append(hit_of(article, scores.get(row), marks))
    counted = _facets(search, found, facets, outlets)
    return Page(total, hits, counted, search.partial)


def _ranked(
    search: Search, found: Translated, rescorer: Rescorer, sort: str, wanted: int
) -> tuple[list[int], dict[int, float], int]:
    """The row ids of the first ``wanted`` hits in order, their scores by relevance, and the
    total.

    By relevance the best ``rescorer.depth`` are put in searcher's order and the rest follow
    in the cluster's: every page is cut from the same order, so paging never shows a hit
    twice or skips one."""
    if sort != "relevance":
        columns = "id, IF(precision=0, 1, 0) AS undated"
        rows = search.select(columns, found, f"ORDER BY {ORDER[sort]}", wanted)
        return [row for row, *_ in rows], {}, search.total
    columns = "id, title_len, body_len"
    totals = Totals.of(search)
    limit = max(wanted, rescorer.depth)
    rows = search.select(columns, found, f"ORDER BY {ORDER[sort]}", limit, totals.ranker())
    total = search.total
    candidates = [Candidate(r, {"title": int(t), "body": int(b)}) for r, t, b, *_ in rows]
    ids = [c.row for c in candidates]
    scores = dict(zip(ids, rescorer.scores(search, totals, candidates), strict=True))
    best = sorted(ids[: rescorer.depth], key=lambda row: -scores[row])
    return [*best, *ids[len(best) :]], scores, total


def _facets(
    search: Search, found: Translated, names: Sequence[str], outlets: Mapping[str, str]
) -> dict[str, dict[str, int]]:
    counted: dict[str, dict[str, int]] = {}
    days = search.counts("day", found) if any(n in BUCKETS for n in names) else {}
    for name in dict.fromkeys(names):
        if name == "source":
            by_outlet: Counter[str] = Counter()
            for source, n in search.counts("source", found).items():
                by_outlet[outlets.get(source, source)] += n
            counted[name] = dict(sorted(by_outlet.items(), key=lambda kv: (-kv[1], kv[0])))
        else:
            by_bucket: Counter[str] = Counter()
            for day, n in days.items():
                if day != UNDATED:
                    by_bucket[day_label(day, name)] += n
            counted[name] = dict(sorted(by_bucket.items()))
            if days.get(UNDATED):
                counted[name][UNDATED_LABEL] = days[UNDATED]
    return counted
