"""An index's sources as people type them: an outlet's name in any case, the host of its
pages, or a collection of outlets.

A source an index does not hold can only give a misleading zero ("no BBC coverage"), so it
is refused, naming the nearest sources the index does hold: exports of URLs make sources
of hosts (``bbc.co.uk``) where a user types the outlet's name (``BBC``), which the sources
map gives (see ``query.outlets``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

from whoosh import query

from searcher.errors import OptionError, UnknownSource
from searcher.query.outlets import host_key

#: The most near names an unknown source's error lists.
NEAREST = 5


class Sources:
    """The sources, outlets and page hosts of one index, and the queries for what users type.

    ``outlets`` gives the outlet of each source the index holds (a source missing there is
    its own outlet); ``collections`` are named lists of outlets or hosts.
    """

    def __init__(
        self,
        names: Iterable[str] = (),
        hosts: Iterable[str] = (),
        outlets: Mapping[str, str] | None = None,
        collections: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.names = sorted(set(names))
        self.hosts = sorted(set(hosts))
        self.outlets = {name: (outlets or {}).get(name, name) for name in self.names}
        self.collections = dict(collections or {})
        self._by_name: dict[str, list[str]] = {}
        for name, outlet in self.outlets.items():
            for key in dict.fromkeys([outlet.casefold(), name.casefold()]):
                self._by_name.setdefault(key, []).append(name)

    def query(self, wanted: str) -> query.Query | None:
        """The articles of the outlet or source named ``wanted`` (any case) or of pages on
        that host; None when the index holds neither."""
        found: list[query.Query] = [query.Term("source", n) for n in self._named(wanted)]
        if (host := host_key(wanted)) in self.hosts:
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

    def collection(self, name: str) -> query.Query:
        """Articles of the outlets of collection ``name``; a member the index does not hold
        (yet) is passed over, but a collection of none of them is an error."""
        members = self._collection_members(name)
        found = [one for one in map(self.query, members) if one is not None]
        if not found:
            raise UnknownSource(
                f"this index holds none of collection '{name}': {', '.join(members)}",
                hint="'searcher sources' lists the outlets and collections it holds",
            )
        return found[0] if len(found) == 1 else query.Or(found)

    def _collection_members(self, name: str) -> list[str]:
        by_key = {key.casefold(): key for key in self.collections}
        key = by_key.get(name.strip().casefold())
        if key is None:
            held = ", ".join(sorted(self.collections)) or "none yet"
            raise OptionError(
                f"no collection '{name}' in this index (collections: {held})",
                hint=f"make it with: searcher sources collection {name} OUTLET...",
            )
        return self.collections[key]

    def unknown(self, wanted: str) -> UnknownSource:
        """The error for a source this index does not hold, with the nearest it does."""
        near = self.nearest(wanted)
        hint = f"did you mean {', '.join(near)}? " if near else ""
        return UnknownSource(
            f"no source '{wanted}' in this index",
            hint=f"{hint}'searcher sources' lists every outlet and host; names ignore case",
        )

    def nearest(self, wanted: str) -> list[str]:
        """Outlets and hosts close to ``wanted``: those that hold it, then similar spellings."""
        key = wanted.strip().casefold()
        known = {s.casefold(): s for s in [*self.hosts, *self.outlets.values()]}
        holding = [s for k, s in known.items() if key and key in k]
        similar = difflib.get_close_matches(key, list(known), n=NEAREST, cutoff=0.6)
        found = dict.fromkeys([*sorted(holding, key=len), *(known[k] for k in similar)])
        return list(found)[:NEAREST]
