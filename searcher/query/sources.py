"""An index's sources as people type them: a name in any case, or the host of its pages.

A source an index does not hold can only give a misleading zero ("no BBC coverage"), so it
is refused, naming the nearest sources the index does hold: exports of URLs make sources
of hosts (``bbc.co.uk``) where a user types the outlet's name (``BBC``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from whoosh import query

from searcher.documents import host_of
from searcher.errors import UnknownSource

#: The most near names an unknown source's error lists.
NEAREST = 5


class Sources:
    """The source names and page hosts of one index, and the queries for what users type."""

    def __init__(self, names: Iterable[str] = (), hosts: Iterable[str] = ()) -> None:
        self.names = sorted(set(names))
        self.hosts = sorted(set(hosts))
        self._by_name: dict[str, list[str]] = {}
        for name in self.names:
            self._by_name.setdefault(name.casefold(), []).append(name)

    def query(self, wanted: str) -> query.Query | None:
        """The articles of the source named ``wanted`` (any case) or of pages on that host;
        None when the index holds neither."""
        found: list[query.Query] = [query.Term("source", n) for n in self._named(wanted)]
        host = host_of(f"//{wanted.strip()}") if "." in wanted and " " not in wanted else None
        if host in self.hosts:
            found.append(query.Term("host", host))
        if not found:
            return None
        return found[0] if len(found) == 1 else query.Or(found)

    def _named(self, wanted: str) -> list[str]:
        return self._by_name.get(wanted.strip().casefold(), [])

    def restriction(self, wanted: Sequence[str]) -> query.Query:
        """Articles of any of the ``wanted`` sources; raises UnknownSource for one not held."""
        found = []
        for name in wanted:
            one = self.query(name)
            if one is None:
                raise self.unknown(name)
            found.append(one)
        return found[0] if len(found) == 1 else query.Or(found)

    def unknown(self, wanted: str) -> UnknownSource:
        """The error for a source this index does not hold, with the nearest it does."""
        near = self.nearest(wanted)
        hint = f"did you mean {', '.join(near)}? " if near else ""
        return UnknownSource(
            f"no source '{wanted}' in this index",
            hint=f"{hint}'searcher stats' lists every source; names ignore case",
        )

    def nearest(self, wanted: str) -> list[str]:
        """Names and hosts close to ``wanted``: those that hold it, then similar spellings."""
        key = wanted.strip().casefold()
        known = {s.casefold(): s for s in [*self.hosts, *self.names]}
        holding = [s for k, s in known.items() if key and key in k]
        similar = difflib.get_close_matches(key, list(known), n=NEAREST, cutoff=0.6)
        found = dict.fromkeys([*sorted(holding, key=len), *(known[k] for k in similar)])
        return list(found)[:NEAREST]
