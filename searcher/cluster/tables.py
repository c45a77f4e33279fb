"""A cluster's tables from one description: the configuration blocks a Sphinx ``searchd``
reads, and the ``CREATE TABLE`` statements a Manticore node in real-time mode runs (Sphinx
has no ``CREATE TABLE``, Manticore in that mode no index blocks).

A shard's table holds what ``feed`` writes: the full-text fields, already searcher's terms;
the attributes searches filter, sort, count and show by; and field lengths, which the
ranking reads (``rerank``: ``title_len``, ``body_len``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from searcher.cluster.terms import CHARSET_TABLE

#: The full-text fields, in the order the ranker numbers them.
FIELDS = ("title", "body", "every")
#: The attributes and their types (the same word in both: ``rt_attr_TYPE``, ``name TYPE``).
ATTRIBUTES = (
    ("source", "string"),
    ("host", "string"),
    ("ts", "bigint"),
    ("day", "bigint"),
    ("precision", "uint"),
    ("doc", "string"),
)
#: The table's settings: terms are words of the 37 characters ``terms`` writes, kept whole.
SETTINGS = (
    ("charset_table", CHARSET_TABLE),
    ("min_word_len", "1"),
    ("dict", "keywords"),
    ("index_field_lengths", "1"),
    ("rt_mem_limit", "256M"),
)
#: How the head treats a shard's copies: a copy that errs is left for another.
DISTRIBUTED = (
    ("agent_connect_timeout", "500"),
    ("agent_query_timeout", "10000"),
    ("ha_strategy", "noerrors"),
)


def shard_config(name: str, path: Path) -> str:
    """A shard's real-time index as a Sphinx configuration block."""
    lines = [
        "type = rt",
        f"path = {path}",
        *(f"rt_field = {field}" for field in FIELDS),
        *(f"rt_attr_{kind} = {attribute}" for attribute, kind in ATTRIBUTES),
        *(f"{key} = {value}" for key, value in SETTINGS),
    ]
    return _block(name, lines)


def head_config(name: str, agents: Sequence[str]) -> str:
    """The head's distributed index over ``agents`` (``host:port|host:port:index``, a shard
    with its mirrors) as a Sphinx configuration block."""
    lines = [
        "type = distributed",
        *(f"agent = {agent}" for agent in agents),
        *(f"{key} = {value}" for key, value in DISTRIBUTED),
    ]
    return _block(name, lines)


def shard_table(name: str) -> str:
    """A shard's table as the ``CREATE TABLE`` a Manticore node runs (its fields indexed,
    not stored: the article is kept once, in ``doc``)."""
    columns = [f"{field} text indexed" for field in FIELDS]
    columns += [f"{attribute} {kind}" for attribute, kind in ATTRIBUTES]
    return f"CREATE TABLE {name} ({', '.join(columns)}) {_settings(SETTINGS)};"


def head_table(name: str, agents: Sequence[str]) -> str:
    """The head's distributed table as the ``CREATE TABLE`` a Manticore node runs."""
    found = [("type", "distributed"), *(("agent", agent) for agent in agents), *DISTRIBUTED]
    return f"CREATE TABLE {name} {_settings(found)};"


def _block(name: str, lines: Sequence[str]) -> str:
    body = "".join(f"    {line}\n" for line in lines)
    return f"\nindex {name}\n{{\n{body}}}\n"


def _settings(pairs: Sequence[tuple[str, str]]) -> str:
    return " ".join(f"{key}='{value}'" for key, value in pairs)
