"""HTML pages to articles: the article's own text and its metadata, nothing else.

:func:`clean` is the cleaner: markup in, :class:`Page` out. It takes text, bytes of any
encoding, or a ``BeautifulSoup`` document for code that already has one. Pages are parsed
with lxml (libxml2), the parser bs4 itself uses for ``"lxml"``, directly: its C tree is built
about ten times faster than bs4's Python objects over the same parse (20 against 2 ms for a
news page, see bench/RESULTS.md), so bs4's tree alone would take longer than the whole
cleaning does now. bs4 reads the rare page libxml2 gives up on. The text comes from
``html_text``, the metadata from ``html_meta`` and ``html_dates``. lxml and bs4 are imported
when the first page is parsed, so searching never loads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from searcher.article import Article, make_id
from searcher.errors import IngestError
from searcher.ingest.common import first_sentence, guess_language
from searcher.ingest.decode import decode

if TYPE_CHECKING:
    from bs4 import BeautifulSoup
    from lxml.etree import _Element

__all__ = ["Page", "clean", "parse"]

_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.-]+)""",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_MARKUP = re.compile(r"</?(?:p|div|br|a|span|strong|em|b|i|h[2-6]|ul|ol|li)\b[^<>]*>", re.I)
# JSON-LD articleBody, or the article markup a Next.js page ships in its scripts, replaces
# the page's text when it is this many times longer: the page builds its text with JavaScript.
_MIN_STORY_SHARE = 1.5


@dataclass(frozen=True)
class Page:
    """What the cleaner found on a page: exactly what gets indexed for it."""

    title: str
    body: str
    date: date | datetime | None = None
    source: str = ""
    url: str = ""
    authors: tuple[str, ...] = ()
    #: The wire agency whose story this is ("Associated Press", "dpa"), else "".
    agency: str = ""
    language: str = ""
    warnings: tuple[str, ...] = ()


def clean(markup: str | bytes | BeautifulSoup, url: str = "") -> Page:
    """The article on a page; ``url`` is the page's address when known (the page's own
    canonical address wins). ``body`` is empty when the page holds no article text."""
    from searcher.ingest.html.language import checked_language
    from searcher.ingest.html.meta import read_metadata
    from searcher.ingest.html.scripted import flight_markup
    from searcher.ingest.html.text import main_text

    root = _tree(markup)
    meta = read_metadata(root, url)
    scripted = flight_markup(root)
    body = "\n\n".join(main_text(root))
    story = meta.story_body
    if _MARKUP.search(story):  # an articleBody written in HTML, tags and entities
        story = "\n\n".join(main_text(_tree(f"<html><body>{story}</body></html>")))
    if len(story) > len(body) * _MIN_STORY_SHARE:
        body = story
    if len(scripted) > len(body) * _MIN_STORY_SHARE:
        shipped = "\n\n".join(main_text(_tree(f"<html><body>{scripted}</body></html>")))
        if len(shipped) > len(body) * _MIN_STORY_SHARE:
            body = shipped
    warnings: tuple[str, ...] = ()
    if meta.date is None and meta.unreadable_date:
        warnings = (f"unparseable date {meta.unreadable_date.strip()[:60]!r}; indexed undated",)
    language, overridden = checked_language(meta.language, body)
    if overridden:
        warnings = (*warnings, overridden)
    return Page(
        title=meta.title or first_sentence(body),
        body=body,
        date=meta.date,
        source=meta.source,
        url=meta.url,
        authors=meta.authors,
        agency=meta.agency,
        language=language or guess_language(f"{meta.title}\n{body}", meta.url),
        warnings=warnings,
    )


def parse(path: Path, data: bytes) -> tuple[Article, list[str]]:
    """The article of the HTML file at ``path`` holding ``data``, and warnings about it."""
    page = clean(data)
    if not page.body:
        raise IngestError("no article text found")
    article = Article(
        id=make_id(page.url or str(path)),
        title=page.title,
        body=page.body,
        date=page.date,
        source=page.source,
        url=page.url,
        authors=page.authors,
        language=page.language,
        path=str(path),
        fields={"agency": page.agency} if page.agency else {},
    )
    return article, list(page.warnings)


def _tree(markup: str | bytes | BeautifulSoup) -> _Element:
    """The lxml tree of a page given as text, bytes or a bs4 document."""
    from lxml import etree

    if isinstance(markup, bytes):
        markup = decode(markup, _declared_charset(markup))
    elif not isinstance(markup, str):
        markup = str(markup)
    text = _XML_DECLARATION.sub("", markup, count=1)
    parser = etree.HTMLParser(huge_tree=True, default_doctype=False)
    root = etree.fromstring(text, parser) if text.strip() else None
    if root is None:
        return _soup_tree(text)
    return root


def _soup_tree(text: str) -> _Element:
    """A page libxml2 made nothing of, read by bs4's forgiving parser instead."""
    import warnings

    from bs4 import MarkupResemblesLocatorWarning
    from lxml.html import soupparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return soupparser.fromstring(text or "<html></html>")


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "replace")
