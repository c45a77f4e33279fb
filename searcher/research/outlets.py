"""What ``searcher sources`` lists: every outlet with its articles, hosts and collections."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from whoosh import query

from searcher.query.outlets import host_key
from searcher.schema import ARTICLE
from searcher.search.facets import count_facets
from searcher.search.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class Outlet:
    """An outlet as the index knows it: its name, how many articles it has, the hosts of
    their pages and the collections it is in."""

    name: str
    articles: int
    hosts: tuple[str, ...]
    collections: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "articles": self.articles,
            "hosts": list(self.hosts),
            "collections": list(self.collections),
        }


def list_outlets(snapshot: Snapshot) -> list[Outlet]:
    """Every outlet of ``snapshot``, the most articles first (ties: by name)."""
    view = snapshot.view
    docs = view.matches(query.Term("kind", ARTICLE))
    counts = count_facets(view, docs, ["source"], outlets=snapshot.outlets)["source"]
    sources = view.column("source")
    hosts: dict[str, set[str]] = defaultdict(set)
    for host in view.values("host"):
        for doc in view.matches(query.Term("host", host)):
            hosts[snapshot.outlet(sources[doc])].add(host)
    members = _collections_of(snapshot, hosts)
    return [
        Outlet(name, n, tuple(sorted(hosts[name])), tuple(sorted(members[name])))
        for name, n in counts.items()
    ]


def _collections_of(snapshot: Snapshot, hosts: dict[str, set[str]]) -> dict[str, set[str]]:
    """The collections each outlet is in: named by its name (any case) or by one of its
    hosts."""
    by_name = {outlet.casefold(): outlet for outlet in snapshot.outlets.values()}
    by_host: dict[str | None, set[str]] = defaultdict(set)
    for outlet, held in hosts.items():
        for host in held:
            by_host[host].add(outlet)
    found: dict[str, set[str]] = defaultdict(set)
    for collection, members in snapshot.sources.collections.items():
        for member in members:
            named = by_name.get(member.strip().casefold())
            for outlet in {named} if named else by_host.get(host_key(member), set()):
                found[outlet].add(collection)
    return found
