"""Plain-text articles: the corpus "seed" form, mail-style headers, or a title line and body."""

from __future__ import annotations

import re
from pathlib import Path

from searcher.article import Article, make_id
from searcher.dates import parse_date
from searcher.errors import DateError, IngestError
from searcher.ingest.common import (
    collapse,
    first_sentence,
    guess_language,
    language_code,
    read_date,
    split_authors,
)

__all__ = ["parse"]

# ` date 2023-11-03 Shafaq News / Secretary of State ...`: the form of the bundled corpus.
_SEED = re.compile(
    r"\s*date\s+(?P<date>\d{4}[-/]\d{1,2}[-/]\d{1,2})\s+(?P<source>[^\n/]{1,100}?)\s+/\s+",
    re.IGNORECASE,
)
_HEADER = re.compile(
    r"[ \t]*(?P<key>title|headline|date|published|source|publisher|url|link|authors?|by|byline"
    r"|language|lang|id)[ \t]*:[ \t]*(?P<value>[^\n]*)\n?",
    re.IGNORECASE,
)
_HEADER_FIELDS = {
    "headline": "title",
    "published": "date",
    "publisher": "source",
    "link": "url",
    "author": "authors",
    "by": "authors",
    "byline": "authors",
    "lang": "language",
}
_TITLE_LINE_LIMIT = 150
_DATE_LINE_LIMIT = 40


def parse(path: Path, text: str) -> tuple[Article, list[str]]:
    """The one article of a text file, and warnings about fields it had to drop."""
    warnings: list[str] = []
    fields: dict[str, str] = {}
    seed = _SEED.match(text)
    if seed:
        fields["source"] = collapse(seed["source"])
        fields["date"] = seed["date"]
        body = text[seed.end() :].strip()
    else:
        body = _read_headers(text, fields)
        if "title" not in fields:
            body = _read_title_line(body, fields)
    body = body.strip()
    title = collapse(fields.get("title", "")) or first_sentence(body)
    if not title:
        raise IngestError("no article text found")
    url = fields.get("url", "").strip()
    article = Article(
        id=fields.get("id", "").strip() or make_id(url or str(path)),
        title=title,
        body=body,
        date=read_date(fields.get("date"), "", warnings),
        source=collapse(fields.get("source", "")),
        url=url,
        authors=split_authors(fields.get("authors", "")),
        language=language_code(fields.get("language", "")) or guess_language(f"{title}\n{body}"),
        path=str(path),
    )
    return article, warnings


def _read_headers(text: str, fields: dict[str, str]) -> str:
    """Consume ``Key: value`` lines at the top into ``fields``; return the text after them."""
    position = len(text) - len(text.lstrip())
    while match := _HEADER.match(text, position):
        key = match["key"].lower()
        fields.setdefault(_HEADER_FIELDS.get(key, key), match["value"].strip())
        position = match.end()
    return text[position:]


def _read_title_line(text: str, fields: dict[str, str]) -> str:
    """Take a short first line as the title (or the date), as people write articles by hand.

    A first line that ends like a sentence, or runs on into a lower-case line (a hard-wrapped
    paragraph), is body text.
    """
    text = text.lstrip()
    first, _, rest = text.partition("\n")
    line = first.strip().lstrip("#").strip()
    if not rest.strip() or not line or len(line) > _TITLE_LINE_LIMIT:
        return text
    if len(line) <= _DATE_LINE_LIMIT and "date" not in fields:
        try:
            parse_date(line)
        except DateError:
            pass
        else:
            fields["date"] = line
            return _read_title_line(rest, fields)
    following = rest.lstrip(" \t")
    runs_on = not following.startswith("\n") and following[:1].islower()
    if line.endswith((".", ",", ";", ":", "-")) or runs_on:
        return text
    fields["title"] = line
    return rest
