"""Exports of chosen fields: every hit as a row of any stored field (the whole body and the
fields a records file brought included), worked out from the stored fields alone, so an export
that asks for no snippet does no snippet work.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from whoosh.fields import Schema

from searcher.documents import host_of
from searcher.engine.texts import kept
from searcher.errors import OptionError
from searcher.search.highlight import Pattern, find_spans, snippet

#: Fields worked out per hit rather than stored: the page's host, the score, the snippet.
COMPUTED = ("host", "score", "snippet", "highlights")
#: Stored fields that are the index's bookkeeping, or a record's fields as one JSON text
#: (exported each by its own name instead).
_BOOKKEEPING = frozenset({"meta", "fields"})
#: Stored fields that hold a list, kept joined by commas.
_LISTS = frozenset({"authors"})
#: Stored fields that hold a moment as seconds since the epoch, exported in ISO 8601.
_STAMPS = frozenset({"indexed", "changed"})


def export_fields(schema: Schema, record_fields: Sequence[str] = ()) -> list[str]:
    """Every field an export can hold: the stored ones, the records' own (``topics``), then
    the computed ones."""
    stored = [name for name, field in schema.items() if kept(field)]
    own = [name for name in stored if name not in _BOOKKEEPING]
    return list(dict.fromkeys([*own, *record_fields, *COMPUTED]))


def check_fields(
    schema: Schema, fields: Sequence[str], record_fields: Sequence[str] = ()
) -> tuple[str, ...]:
    """``fields`` as an export's columns, or OptionError naming the fields there are."""
    known = export_fields(schema, record_fields)
    if not fields:
        raise OptionError("no field to export", hint=f"name some of: {', '.join(known)}")
    for name in fields:
        if name not in known and not _dynamic(schema, name):
            near = difflib.get_close_matches(name, known, n=1)
            guess = f"did you mean '{near[0]}'? " if near else ""
            raise OptionError(
                f"unknown field '{name}'", hint=f"{guess}fields are: {', '.join(known)}"
            )
    return tuple(dict.fromkeys(fields))


def _dynamic(schema: Schema, name: str) -> bool:
    """Whether ``name`` is a stored field the schema makes from a pattern (``*_kw``)."""
    return name not in _BOOKKEEPING and name in schema and kept(schema[name])


@dataclass(slots=True)
class RowStream:
    """Every hit of a search as a row of ``fields``, built one at a time as it is consumed."""

    query: str
    total: int
    fields: tuple[str, ...]
    rows: Iterator[dict[str, Any]]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self.rows


def row_maker(
    fields: Sequence[str],
    marks: list[Pattern],
    outlet: Callable[[str], str] = str,
    record_fields: Sequence[str] = (),
) -> Callable[[dict[str, Any], float | None], dict[str, Any]]:
    """What makes a row of ``fields`` from a hit's stored fields and score: the source as
    its ``outlet``, a record's own field from its JSON, a stamp as ISO 8601."""
    wants_snippet = "snippet" in fields or "highlights" in fields
    own = frozenset(record_fields).intersection(fields)

    def row(stored: dict[str, Any], score: float | None) -> dict[str, Any]:
        shown: tuple[str, tuple] = ("", ())
        if wants_snippet:
            body = stored.get("body", "")
            shown = snippet(body, find_spans(body, marks, stored.get("language") or ""))
        found: dict[str, Any] = {}
        kept = json.loads(stored.get("fields") or "{}") if own else {}
        for name in fields:
            if name in own:
                found[name] = kept.get(name)
            elif name == "source":
                found[name] = outlet(stored.get("source", ""))
            elif name in _STAMPS:
                stamp = stored.get(name)
                found[name] = None if stamp is None else _iso(stamp)
            elif name == "score":
                found[name] = None if score is None else round(score, 4)
            elif name == "snippet":
                found[name] = shown[0]
            elif name == "highlights":
                found[name] = [list(span) for span in shown[1]]
            elif name == "host":
                found[name] = host_of(stored.get("url")) or ""
            elif name in _LISTS:
                found[name] = [value for value in stored.get(name, "").split(",") if value]
            else:
                found[name] = stored.get(name)
        return found

    return row


def _iso(stamp: int) -> str:
    return datetime.fromtimestamp(stamp, UTC).isoformat()
