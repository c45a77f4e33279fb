"""Ways of splitting a set of articles into groups, one trend series each: by outlet, by
collection, or by the values of any keyword field (``language``, ``authors``, a record's
``topics``), each a group of the articles that hold that term."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from whoosh import fields, query

from searcher.errors import OptionError
from searcher.search.snapshot import Snapshot

#: Splits worked out otherwise than from a field's terms.
SPECIAL = ("source", "collection")
#: Keyword fields that name each article apart (or the kind of document): no use to split on.
_UNSPLIT = ("kind", "id", "url", "path", "host", "precision")


def split_fields(snapshot: Snapshot) -> list[str]:
    """What a trend can be split by in this index: outlets, collections, its own keyword
    fields (language, authors) and the records' (topics, places)."""
    keyword = (fields.ID, fields.KEYWORD)
    held = [
        name
        for name, kind in snapshot.view.schema.items()
        if isinstance(kind, keyword) and name not in (*SPECIAL, *_UNSPLIT)
    ]
    return list(dict.fromkeys([*SPECIAL, *sorted(held), *snapshot.builder.fields.keywords]))


def split(snapshot: Snapshot, field: str, docs: Collection[int]) -> dict[str, frozenset[int]]:
    """The groups of ``docs`` by ``field``, the most articles first (ties: by name); an
    article with several values (authors) is in each of their groups."""
    if field not in split_fields(snapshot):
        raise OptionError(
            f"cannot split by '{field}'",
            hint=f"split by one of: {', '.join(split_fields(snapshot))}",
        )
    wanted = frozenset(docs)
    if field == "source":
        sources = snapshot.view.column("source")
        groups: dict[str, set[int]] = defaultdict(set)
        for doc in wanted:
            groups[snapshot.outlet(sources[doc])].add(doc)
        found = {name: frozenset(held) for name, held in groups.items()}
    elif field == "collection":
        sources = snapshot.sources
        found = {
            name: wanted & snapshot.view.matches(sources.collection(name))
            for name in sources.collections
        }
    else:
        records = snapshot.builder.fields
        name = records.index_field(field) if field in records.keywords else field
        found = {
            value: wanted & snapshot.view.matches(query.Term(name, value))
            for value in snapshot.view.values(name)
        }
    held = {name: docs for name, docs in found.items() if docs}
    return dict(sorted(held.items(), key=lambda kv: (-len(kv[1]), kv[0])))
