"""Fields searched by name beyond title and body: a record's own fields (``topics:crude``,
``places:usa``; see ``searcher.fields``) and ``authors``, matched as people type them.

A keyword matches its whole value in any case (``places:USA``), or by a wildcard
(``topics:cru*``); a name in ``authors`` matches by any part of it, a word or several in a
row (``authors:slaughter`` finds "Anne-Marie Slaughter"). A text field matches its words, as
a body does. A field that holds both kinds (short values and long) is searched in both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatchcase

from whoosh import query
from whoosh.fields import ID

from searcher.fields import KEYWORD_PREFIX, TEXT_PREFIX
from searcher.seam import View

#: The field of author names, each a term as written.
AUTHORS = "authors"
_WORD = re.compile(r"\w+")


class Fields:
    """The record fields of one index, by kind, and the queries for what users type."""

    def __init__(self, view: View | None = None, reserved: Iterable[str] = ()) -> None:
        names = view.field_names() if view is not None else []
        taken = set(reserved)

        def own(prefix: str) -> list[str]:
            return sorted(
                n[len(prefix) :]
                for n in names
                if n.startswith(prefix) and n[len(prefix) :] not in taken
            )

        self._view = view
        self.keywords, self.texts = own(KEYWORD_PREFIX), own(TEXT_PREFIX)
        self.names = sorted({*self.keywords, *self.texts})

    def kinds(self) -> dict[str, str]:
        """Each record field and its kinds: ``keyword``, ``text`` or ``keyword, text``."""
        return {
            name: ", ".join(
                kind
                for kind, names in (("keyword", self.keywords), ("text", self.texts))
                if name in names
            )
            for name in self.names
        }

    def facets(self) -> list[str]:
        """The fields whose values can be counted: authors and every keyword field."""
        return [AUTHORS, *self.keywords]

    def filterable(self) -> list[str]:
        """The fields ``--filter`` takes: authors and every record field."""
        return [AUTHORS, *self.names]

    def index_field(self, name: str) -> str:
        """The index field of a field counted by value (``topics`` → ``kw_topics``)."""
        return name if name == AUTHORS else KEYWORD_PREFIX + name

    def parser_schema(self, schema):
        """``schema`` with each field searched here as one whole term (resolved by
        ``resolve`` once parsed), so Whoosh parses ``topics:crude`` as a field at all."""
        found = schema.copy()
        for name in [AUTHORS, *self.names]:
            if name in found:
                found.remove(name)
            found.add(name, ID())
        return found

    def resolve(self, node: query.Query) -> query.Query:
        """A parsed clause on one of these fields as the index's query for it; any other
        clause as it is."""
        name = getattr(node, "fieldname", None)
        if name != AUTHORS and name not in self.names:
            return node
        if isinstance(node, query.Term):
            return self.query(name, str(node.text))
        if isinstance(node, query.Wildcard | query.Prefix):
            pattern = str(node.text) + ("*" if isinstance(node, query.Prefix) else "")
            return self.query(name, pattern, wildcard=True)
        return node

    def query(self, name: str, text: str, wildcard: bool = False) -> query.Query:
        """The articles whose field ``name`` holds ``text`` (see the module's docstring);
        ``wildcard``: ``text`` is a pattern of ``*`` and ``?``."""
        found: list[query.Query] = []
        if name == AUTHORS or name in self.keywords:
            field = self.index_field(name)
            matching = _author_matches if name == AUTHORS else _value_matches
            found += [
                query.Term(field, term) for term in matching(self._terms(field), text, wildcard)
            ]
            if not found:
                found.append(
                    query.Term(field, text)
                )  # matches nothing, and says what it looked for
        if name in self.texts:
            found.append(self._text_query(TEXT_PREFIX + name, text, wildcard))
        return found[0] if len(found) == 1 else query.Or(found)

    def _terms(self, field: str) -> dict[str, list[str]]:
        """A field's terms by their case-folded form, worked out once per view."""

        def folded() -> dict[str, list[str]]:
            found: dict[str, list[str]] = {}
            for term in self._view.values(field) if self._view is not None else ():
                found.setdefault(term.casefold(), []).append(term)
            return found

        return self._view.cached(("folded terms", field), folded) if self._view else {}

    def _text_query(self, field: str, text: str, wildcard: bool) -> query.Query:
        if wildcard:
            return query.Wildcard(field, text.lower())
        words = list(self._view.schema[field].process_text(text, mode="query"))
        if len(words) == 1:
            return query.Term(field, words[0])
        return query.Phrase(field, words) if words else query.NullQuery


def _value_matches(terms: dict[str, list[str]], text: str, wildcard: bool) -> list[str]:
    """The terms equal to ``text`` in any case, or matching it as a pattern."""
    wanted = text.casefold()
    if not wildcard:
        return terms.get(wanted, [])
    return [t for key, found in terms.items() if fnmatchcase(key, wanted) for t in found]


def _author_matches(terms: dict[str, list[str]], text: str, wildcard: bool) -> list[str]:
    """The names holding the words of ``text`` in a row, or one matching it as a pattern
    (whole, or a word of it)."""
    wanted = text.casefold()
    found = []
    for key, names in terms.items():
        words = _WORD.findall(key)
        if wildcard:
            hit = fnmatchcase(key, wanted) or any(fnmatchcase(w, wanted) for w in words)
        else:
            hit = _holds(words, _WORD.findall(wanted))
        if hit:
            found += names
    return found


def _holds(words: list[str], part: list[str]) -> bool:
    """Whether ``part`` (not empty) occurs in ``words`` as a run."""
    size = len(part)
    return bool(part) and any(words[i : i + size] == part for i in range(len(words) - size + 1))
