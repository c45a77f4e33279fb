"""A record's own fields beyond the article's (Reuters' ``topics``, ``places``, ``dateline``,
any extra CSV or JSONL column): their names, and which kind each value is indexed as.

A short value (a scalar, or a list whose every item is short) is a *keyword*: searched,
filtered and counted whole, as a tag is (``topics:crude``, ``--facet topics``); a long one is
*text*, searched word by word like a body. Short means at most ``SHORT`` characters on one
line: tags, names, places, codes and datelines are, paragraphs are not. The kind is decided
per value, as records stream one by one, so a column may hold both kinds; a search of the
field looks at both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: The longest value, in characters, that is a keyword rather than text.
SHORT = 100
#: The index fields of the two kinds: ``kw_topics``, ``tx_notes`` (Whoosh glob fields, so
#: a column an index has never seen needs no change of schema).
KEYWORD_PREFIX, TEXT_PREFIX = "kw_", "tx_"
#: A record field's value: one text, or a list of them.
Value = str | tuple[str, ...]

_NOT_NAME = re.compile(r"[^a-z0-9]+")


def field_name(key: str) -> str:
    """The name a record's key is searched by: lower case, words joined by ``_``
    ("Article Type" → ``article_type``); "" for a key with no letter or digit."""
    return _NOT_NAME.sub("_", key.lower()).strip("_")


def is_keyword(value: Value) -> bool:
    """Whether a value is short enough to be a keyword (see the module's docstring)."""
    items = (value,) if isinstance(value, str) else value
    return all(len(item) <= SHORT and "\n" not in item for item in items)


def keyword_terms(value: Value) -> str:
    """A keyword value as its field indexes it: one term per item, a line each."""
    return "\n".join((value,) if isinstance(value, str) else value)


def text_of(value: Value) -> str:
    """A text value as its field indexes it: the items as paragraphs."""
    return value if isinstance(value, str) else "\n\n".join(value)


def index_fields(fields: Mapping[str, Value]) -> dict[str, str]:
    """The index fields of a record's own fields: ``kw_NAME`` or ``tx_NAME`` each."""
    found = {}
    for name, value in fields.items():
        if is_keyword(value):
            found[KEYWORD_PREFIX + name] = keyword_terms(value)
        else:
            found[TEXT_PREFIX + name] = text_of(value)
    return found
