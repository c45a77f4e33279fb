"""Keyword in context: every occurrence of a query in every matching article."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any

from searcher.article import as_moment, iso_date
from searcher.errors import OptionError
from searcher.schema import TEXT_FIELDS
from searcher.search.filters import NO_FILTERS, Filters
from searcher.search.highlight import find_spans, patterns
from searcher.search.match import match
from searcher.search.order import ranked
from searcher.search.snapshot import Snapshot

_WHITE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class KwicLine:
    """One occurrence of the query in an article, with the text around it; ``date`` and
    ``day_only`` as in ``Listed`` (one sortable type)."""

    id: str
    date: datetime | None
    source: str
    field: str
    left: str
    match: str
    right: str
    day_only: bool = dataclass_field(default=False, kw_only=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": iso_date(self.date, self.day_only),
            "source": self.source,
            "field": self.field,
            "left": self.left,
            "match": self.match,
            "right": self.right,
        }


def columns(text: str) -> int:
    """The columns ``text`` takes in a terminal: a Chinese, Japanese or Korean character
    takes two, a combining mark or joiner none."""
    return sum(map(_columns, text))


def _columns(char: str) -> int:
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to ``width`` columns of text on each side of a match, cut between characters as
    people see them (never between a letter and its marks)."""
    left = _WHITE.sub(" ", text[max(0, start - width * 2) : start])
    right = _WHITE.sub(" ", text[end : end + width * 2])
    at, used = len(left), 0
    while at > 0 and used + _columns(left[at - 1]) <= width:
        at -= 1
        used += _columns(left[at])
    while at < len(left) and not _columns(left[at]):  # marks of a letter cut off
        at += 1
    cut, used = 0, 0
    while cut < len(right) and used + _columns(right[cut]) <= width:
        used += _columns(right[cut])
        cut += 1
    return left[at:], right[:cut]


def _repeats_body(title: str, body: str) -> bool:
    """Whether the title is the body's opening words (a text without a title line takes its
    first sentence, shortened, as its title): its occurrences are the body's own."""
    head = " ".join(title.removesuffix("\u2026").split())
    return bool(head) and " ".join(body[: 4 * len(title) + 64].split()).startswith(head)


def kwic(
    snapshot: Snapshot,
    text: str,
    filters: Filters = NO_FILTERS,
    *,
    width: int = 40,
    sort: str = "oldest",
    fields: Sequence[str] = TEXT_FIELDS,
) -> Iterator[KwicLine]:
    """Every occurrence of the query's words and phrases in every matching article.

    ``match`` is the text as written (original case, unstemmed; a phrase as one unit),
    with ``width`` characters of context on each side, white space collapsed. A title that
    only repeats the body's opening words is not listed beside the body: each occurrence
    once.
    """
    if width < 1:
        raise OptionError("the context width must be at least 1", hint="use e.g. --width 40")
    found = match(snapshot, text, filters)
    marks = {name: patterns(found.query, snapshot.view, name) for name in fields}
    for docnum, _ in ranked(snapshot, found, sort, None):
        article = snapshot.article(docnum)
        when, day_only = as_moment(article.date)
        repeated = "body" in fields and _repeats_body(article.title, article.body)
        for name in fields:
            if name == "title" and repeated:
                continue
            content = getattr(article, name)
            for start, end in find_spans(content, marks[name], article.language):
                left, right = _context(content, start, end, width)
                yield KwicLine(
                    id=article.id,
                    date=when,
                    day_only=day_only,
                    source=article.source,
                    field=name,
                    left=left,
                    match=content[start:end],
                    right=right,
                )
