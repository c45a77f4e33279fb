"""Whoosh query trees, as searcher's parser and filters make them, in SphinxQL: a full-text
``MATCH`` expression over the encoded terms, and attribute conditions for dates and sources.

Only what means the same on both engines is translated; anything else is
``ClusterUnsupported`` with what to do instead, never a query that matches something else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import query

from searcher.cluster.feed import UNDATED
from searcher.cluster.terms import EVERY, encoded
from searcher.engine.columns import ColumnRange
from searcher.engine.verified import Verified
from searcher.errors import ClusterUnsupported

TEXT_FIELDS = ("title", "body")
#: Attributes a source restriction may test, as the Whoosh index names them.
SOURCE_FIELDS = ("source", "host")


@dataclass
class Translated:
    """A query in SphinxQL: the MATCH expression (None: every article), extra SELECT
    expressions, WHERE conditions, and the arguments of both, in order."""

    match: str | None = None
    select: list[str] = field(default_factory=list)
    select_args: list[Any] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    where_args: list[Any] = field(default_factory=list)

    def clauses(self) -> tuple[str, str, list[Any]]:
        """The extra SELECT list (with a leading comma), the WHERE clause and their args."""
        conditions = ([f"MATCH('{self.match}')"] if self.match else []) + self.where
        select = "".join(f", {expr}" for expr in self.select)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return select, where, [*self.select_args, *self.where_args]


def translate(user: query.Query, restrictions: Sequence[query.Query] = ()) -> Translated:
    """The SphinxQL of a parsed query and its filters' restrictions, all of them required."""
    found = Translated()
    texts: list[query.Query] = []
    for part in _conjuncts([user, *restrictions]):
        if isinstance(part, query.Every):
            continue
        if isinstance(part, ColumnRange):
            _date_range(part, found)
        elif _is_source(part):
            _source(part, found)
        else:
            texts.append(part)
    if texts:
        words = [_text(part) for part in texts]
        if all(_negative(part) for part in texts):
            words.insert(0, f"@every {EVERY}")
        found.match = " ".join(words)
    return found


def _conjuncts(parts: Sequence[query.Query]) -> list[query.Query]:
    found: list[query.Query] = []
    for part in parts:
        if type(part) is query.And:
            found += _conjuncts(part.subqueries)
        else:
            found.append(part)
    return found


def _negative(q: query.Query) -> bool:
    return isinstance(q, query.Not) or (
        type(q) is query.And and all(_negative(child) for child in q.subqueries)
    )


def _date_range(q: ColumnRange, found: Translated) -> None:
    if q.fieldname != "ts":
        raise ClusterUnsupported(
            f"a cluster index cannot restrict by '{q.fieldname}'",
            hint="leave --indexed-since and --new-since-last-update out on a cluster",
        )
    found.where.append("ts >= %s AND ts <= %s")
    found.where_args += [UNDATED + 1 if q.start is None else q.start, q.end or 2**62]


def _is_source(q: query.Query) -> bool:
    if isinstance(q, query.Term):
        return q.fieldname in SOURCE_FIELDS
    return type(q) is query.Or and all(_is_source(child) for child in q.subqueries)


def _source(q: query.Query, found: Translated) -> None:
    """A restriction to some sources or page hosts: an expression (SphinxQL has no OR in
    WHERE), kept to those it holds for."""
    terms = [q] if isinstance(q, query.Term) else list(q.leaves())
    name = f"r{len(found.select)}"
    found.select.append("(" + " OR ".join(f"{t.fieldname}=%s" for t in terms) + f") AS {name}")
    found.select_args += [str(t.text) for t in terms]
    found.where.append(f"{name}=1")


def _text(q: query.Query) -> str:
    """The MATCH expression of a full-text query."""
    if isinstance(q, Verified):
        raise _unsupported('exact quotes (="…", --exact)', "use a plain phrase in quotes")
    if isinstance(q, query.MultiTerm):
        raise _unsupported("wildcards and ranges of words", "spell the words out, with OR")
    if isinstance(q, query.Term | query.Phrase):
        return f"(@{_field(q.fieldname)} {_words(q)})"
    if isinstance(q, query.Not):
        return f"-{_text(q.query)}"
    if isinstance(q, query.AndNot):
        return f"({_text(q.a)} -{_text(q.b)})"
    if type(q) is query.And:
        return "(" + " ".join(_text(child) for child in q.subqueries) + ")"
    if type(q) is query.Or:
        if any(_negative(child) for child in q.subqueries):
            raise _unsupported("NOT inside OR", "move the NOT out of the OR group")
        parts = _alternatives(q.subqueries)
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"
    raise _unsupported(f"this kind of query ({type(q).__name__})", "simplify the query")


def _words(q: query.Term | query.Phrase) -> str:
    """A word or a phrase, encoded, without its field."""
    if isinstance(q, query.Term):
        return encoded(str(q.text))
    if q.slop > 1:
        raise _unsupported("words within a distance (~N)", "use the phrase, or AND")
    return '"' + " ".join(encoded(str(word)) for word in q.words) + '"'


def _alternatives(children: Sequence[query.Query]) -> list[str]:
    """The parts of an OR, each word or phrase once over all its fields: ``@(title,body)
    word``, one keyword the ranker weighs once, as the parser's "word in the title or the
    body" means (two keywords ``@title word | @body word`` count it twice: TIME's MAP fell
    from 0.58 to 0.35)."""
    fields: dict[str, list[str]] = {}
    parts: list[str] = []
    for child in children:
        if isinstance(child, query.Term | query.Phrase):
            words = _words(child)
            if words not in fields:
                fields[words] = []
                parts.append(words)
            fields[words].append(_field(child.fieldname))
        else:
            parts.append(_text(child))
    return [f"({_limit(fields[part])} {part})" if part in fields else part for part in parts]


def _limit(names: list[str]) -> str:
    """A field limit: ``@title``, ``@(title,body)``."""
    unique = list(dict.fromkeys(names))
    return f"@{unique[0]}" if len(unique) == 1 else f"@({','.join(unique)})"


def _field(name: str) -> str:
    if name not in TEXT_FIELDS:
        raise _unsupported(f"searching the field '{name}'", "search the title or the body")
    return name


def _unsupported(what: str, instead: str) -> ClusterUnsupported:
    return ClusterUnsupported(f"a cluster index cannot do {what}", hint=instead)
