"""HTML pages: metadata from meta tags and JSON-LD, the article text without page chrome.

bs4 is imported when the first page is parsed, so ``import searcher.ingest`` (which every
search imports) stays light; only indexing an HTML file pays for it.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from searcher.article import Article, make_id
from searcher.dates import parse_date
from searcher.errors import DateError, IngestError
from searcher.ingest.common import (
    collapse,
    first_sentence,
    guess_language,
    host_of,
    language_code,
    split_authors,
)
from searcher.ingest.decode import decode

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

__all__ = ["parse"]

_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.-]+)""",
    re.IGNORECASE,
)
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "originalpublicationdate",
)
_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|\b)")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u00b7:]{1,2}\s+")
_NOT_ALNUM = re.compile(r"\W+")
# The space get_text(" ") puts between "<b>food</b>" and ", water".
_GLUED_PUNCTUATION = re.compile(r" (?=[,.)\]])|(?<=[(\[]) ")

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
    "select",
    "textarea",
    "object",
    "embed",
    "canvas",
    "dialog",
)
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|share|sharing|social|related|comments?"
    r"|cookies?|newsletter|ad|ads|advert\w*|promo\w*|breadcrumbs?|sidebar|subscribe|popup"
    r"|modal|masthead|outbrain|taboola|recommended)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BOILERPLATE_ROLES = frozenset(
    ["navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"]
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_STRUCTURAL = frozenset({"html", "body", "article", "main"})
_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd")
# Elements that start a new line of text, for pages that put text outside <p> blocks.
_LAYOUT = re.compile(
    r"^(?:address|article|blockquote|dd|div|dl|dt|figcaption|figure|h[1-6]|li|main|ol|p|pre"
    r"|section|table|td|th|tr|ul)$"
)
_MIN_PARAGRAPH = 25
_MIN_BLOCK_SHARE = 0.5
_KEEP_SHARE = 0.4


def parse(path: Path, data: bytes) -> tuple[Article, list[str]]:
    """The article of an HTML page, and warnings about fields it had to drop."""
    soup = _soup(decode(data, _declared_charset(data)))
    meta = _meta(soup)
    linked = _json_ld(soup)
    story = next((item for item in linked if _is_article(item)), {})
    url = _url(soup, meta, story)
    source = collapse(
        meta.get("og:site_name") or _name(story.get("publisher")) or host_of(url) or ""
    )
    title = _title(soup, meta, story, source, url)
    problems: list[str] = []
    published = _date(soup, meta, story, url, problems)
    authors = split_authors([meta.get(key, "") for key in _AUTHOR_META]) or split_authors(
        story.get("author") or story.get("creator")
    )
    language = _language(soup, meta, story)
    body = _body(soup) or _story_body(story)
    if not body:
        raise IngestError("no article text found")
    article = Article(
        id=make_id(url or str(path)),
        title=title or first_sentence(body),
        body=body,
        date=published,
        source=source,
        url=url,
        authors=authors,
        language=language or guess_language(body),
        path=str(path),
    )
    return article, problems


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "replace")


def _soup(text: str) -> BeautifulSoup:
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        # Short pages look like file names to bs4, and XHTML like XML: both are fine here.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(text, "lxml")


def _text_of(tag: Tag | None) -> str:
    """The text of ``tag`` on one line; words in separate inline tags stay apart."""
    if tag is None:
        return ""
    return _GLUED_PUNCTUATION.sub("", collapse(tag.get_text(" ")))


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    """The first ``content`` of each meta property/name/itemprop, keys in lower case."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page, ``@graph`` and lists flattened; broken blocks ignored."""
    items: list[dict[str, Any]] = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            pending = [json.loads(script.get_text(), strict=False)]
        except ValueError:
            continue
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                items.append(item)
                if isinstance(item.get("@graph"), list):
                    pending.extend(item["@graph"])
    return items


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(kind, str) and kind.lower().endswith(("article", "posting", "report"))
        for kind in kinds
    )


def _name(value: Any) -> str:
    """The name of a JSON-LD thing given as text, an object or a list of them."""
    if isinstance(value, list):
        return next((name for name in map(_name, value) if name), "")
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) else ""


def _url(soup: BeautifulSoup, meta: dict[str, str], story: dict[str, Any]) -> str:
    """The page's own address: canonical link, og:url or JSON-LD url, made absolute."""
    canonical = soup.find("link", rel="canonical")
    base = meta.get("og:url", "")
    for candidate in (canonical.get("href") if canonical else None, base, story.get("url")):
        if isinstance(candidate, str) and candidate.strip():
            absolute = urljoin(base, candidate.strip())
            if absolute.startswith(("http://", "https://")):
                return absolute
    return ""


def _title(
    soup: BeautifulSoup, meta: dict[str, str], story: dict[str, Any], source: str, url: str
) -> str:
    headline = story.get("headline")
    for candidate in (
        meta.get("og:title"),
        meta.get("twitter:title"),
        headline if isinstance(headline, str) else None,
        _text_of(soup.find("h1")),
        _text_of(soup.find("title")),
    ):
        title = collapse(candidate or "")
        if title:
            return _strip_site_name(title, source, url)
    return ""


def _strip_site_name(title: str, source: str, url: str) -> str:
    """ "Blinken lands in Israel | Shafaq News" → "Blinken lands in Israel"."""
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if not separators:
        return title
    names = {_squash(source), _squash(host_of(url).rsplit(".", 1)[0])} - {""}
    first, last = separators[0], separators[-1]
    for kept, dropped in (
        (title[: last.start()], title[last.end() :]),
        (title[first.end() :], title[: first.start()]),
    ):
        squashed = _squash(dropped)
        if squashed and any(squashed in name or name in squashed for name in names):
            return kept
    return title


def _squash(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def _date(
    soup: BeautifulSoup,
    meta: dict[str, str],
    story: dict[str, Any],
    url: str,
    problems: list[str],
) -> date | datetime | None:
    """The publication date: JSON-LD, then meta tags, then ``<time>``, then the URL path."""
    candidates: list[Any] = [story.get("datePublished")]
    candidates += [meta.get(key) for key in _DATE_META]
    candidates += [tag.get("datetime") for tag in _time_tags(soup)]
    match = _URL_DATE.search(url)
    if match:
        candidates.append("-".join(match.groups()))
    failed = None
    for raw in candidates:
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            return _read_date(raw)
        except DateError:
            failed = failed or raw
    if failed:
        problems.append(f"unparseable date {failed.strip()[:60]!r}; indexed undated")
    return None


def _time_tags(soup: BeautifulSoup) -> list[Tag]:
    """``<time datetime>`` tags, the ones marked or inside ``<article>`` first."""
    tags = soup.find_all("time", datetime=True)
    return sorted(
        tags,
        key=lambda tag: (
            tag.get("itemprop") != "datePublished",
            tag.find_parent("article") is None,
        ),
    )


def _read_date(raw: str) -> date | datetime | None:
    """A date, or the ISO day at the start of a value with a zone name we do not know."""
    try:
        return parse_date(raw)
    except DateError:
        match = _ISO_DAY.match(raw.strip())
        if not match:
            raise
        return parse_date(match.group())


def _language(soup: BeautifulSoup, meta: dict[str, str], story: dict[str, Any]) -> str:
    html = soup.find("html")
    for candidate in (
        html.get("lang") if html else None,
        meta.get("content-language"),
        meta.get("og:locale"),
        story.get("inLanguage"),
    ):
        if isinstance(candidate, str) and language_code(candidate):
            return language_code(candidate)
    return ""


def _body(soup: BeautifulSoup) -> str:
    """The article text as paragraphs separated by blank lines."""
    _remove_boilerplate(soup)
    container = _container(soup)
    for br in container.find_all("br"):
        br.replace_with("\n")
    blocks = _outermost(container.find_all(_BLOCKS), container)
    paragraphs = [text for text in (_text_of(block) for block in blocks) if text]
    whole = _text_of(container)
    if sum(map(len, paragraphs)) < len(whole) * _MIN_BLOCK_SHARE:
        paragraphs = _lines(container)
    return "\n\n".join(paragraphs)


def _story_body(story: dict[str, Any]) -> str:
    """JSON-LD ``articleBody``: the text of pages that render it with JavaScript only."""
    text = story.get("articleBody")
    if not isinstance(text, str):
        return ""
    return "\n\n".join(line for line in map(collapse, text.splitlines()) if line)


def _remove_boilerplate(soup: BeautifulSoup) -> None:
    """Drop page chrome: scripts, navigation, share bars, ads, hidden elements and the like.

    An element is kept, whatever its name or class says, when it holds the article or much
    of the page's paragraph text (a page wrapped in a <form>, a body div with a "share"
    class), so a misleading class name cannot empty the page.
    """
    weights, total = _paragraph_weights(soup)
    for tag in soup.find_all(True):
        if tag.name in _STRUCTURAL or not _attached(tag, soup):
            continue
        if (tag.name in _DROP_TAGS or _is_chrome(tag)) and weights[id(tag)] <= total * _KEEP_SHARE:
            tag.extract()


def _paragraph_weights(soup: BeautifulSoup) -> tuple[defaultdict[int, float], int]:
    """The <p> text length inside each element (infinite above a marked article), and in all."""
    weights: defaultdict[int, float] = defaultdict(float)
    total = 0
    for paragraph in soup.find_all("p"):
        length = len(paragraph.get_text())
        total += length
        for parent in paragraph.parents:
            weights[id(parent)] += length
    for marked in soup.find_all(["article", "main"]) + soup.find_all(itemprop="articleBody"):
        for parent in marked.parents:
            weights[id(parent)] = math.inf
    return weights, total


def _attached(tag: Tag, soup: BeautifulSoup) -> bool:
    """Whether ``tag`` is still in the page (not inside an element removed before)."""
    while tag.parent is not None:
        tag = tag.parent
    return tag is soup


def _is_chrome(tag: Tag) -> bool:
    attrs = tag.attrs
    if attrs.get("hidden") is not None or attrs.get("aria-hidden") == "true":
        return True
    if str(attrs.get("role", "")).lower() in _BOILERPLATE_ROLES:
        return True
    if _HIDDEN_STYLE.search(str(attrs.get("style", ""))):
        return True
    classes = attrs.get("class") or []
    names = " ".join([*classes, str(attrs.get("id", ""))] if isinstance(classes, list) else [])
    return bool(_BOILERPLATE.search(names))


def _container(soup: BeautifulSoup) -> Tag:
    """The element holding the article: articleBody, the fullest <article>, or best <p> parent."""
    marked = soup.find_all(attrs={"itemprop": "articleBody"}) or soup.find_all("article")
    if marked:
        best = max(marked, key=_paragraph_length)
        if _paragraph_length(best):
            return best
    scores: dict[int, float] = defaultdict(float)
    tags: dict[int, Tag] = {}
    for paragraph in soup.find_all("p"):
        length = len(collapse(paragraph.get_text()))
        if length < _MIN_PARAGRAPH:
            continue
        for weight, parent in zip((1.0, 0.5), paragraph.parents, strict=False):
            scores[id(parent)] += length * weight
            tags[id(parent)] = parent
    if scores:
        return tags[max(scores, key=scores.__getitem__)]
    return soup.body or soup


def _paragraph_length(tag: Tag) -> int:
    return sum(len(p.get_text()) for p in tag.find_all("p")) or len(tag.get_text().strip())


def _outermost(blocks: list[Tag], container: Tag) -> list[Tag]:
    """Blocks not nested in another block, so no text is output twice."""
    chosen: set[int] = set()
    kept = []
    for block in blocks:
        nested = False
        for parent in block.parents:
            if parent is container:
                break
            if id(parent) in chosen:
                nested = True
                break
        if not nested:
            chosen.add(id(block))
            kept.append(block)
    return kept


def _lines(container: Tag) -> list[str]:
    """Paragraphs of text that sits outside <p>-like blocks, split at layout elements."""
    for tag in container.find_all(_LAYOUT):
        tag.insert_before("\n")
        tag.append("\n")
    return [line for line in map(collapse, container.get_text().split("\n")) if line]
