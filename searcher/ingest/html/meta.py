"""An HTML page's metadata: headline, publication date, site, authors, language, address.

Each field is read from every place pages put it (JSON-LD, OpenGraph and other ``<meta>``
names, microdata, the markup itself) and the most trustworthy value wins. The headline
prefers JSON-LD, whose ``headline`` is the article's by definition, over the titles written
for sharing and search engines, and loses the site's name those often carry.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urljoin

from lxml.etree import XPath, _Element

from searcher.ingest.common import collapse, host_of, language_code, split_authors
from searcher.ingest.html.dates import find_date
from searcher.ingest.html.outlet import outlet

__all__ = ["Metadata", "read_metadata"]

_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
)
# Between a headline and a site or section name: a bar, dash, dot, slash or colon, and the
# full-width bar and colon and the Hangul bar of CJK sites, which go without spaces.
_TITLE_SEPARATOR = re.compile(
    r"\s+[|\-\u2013\u2014\u00b7/\u00bb]{1,2}\s+|\s*[:|\u3163\uff5c\uff1a]\s*|-(?=\S+$)"
)
_SECTION_WORDS = 3
_MIN_NAME = 4  # shorter names match inside words: "br" in "missbrauch"
_NOT_ALNUM = re.compile(r"\W+")
_DOMAIN_ENDING = re.compile(r"(?<=\w)\.[a-z]{2,3}$", re.IGNORECASE)  # "SZ.de", "Express.co.uk"
_GENERIC_DOMAINS = frozenset({"co", "com", "org", "net", "gov", "ac", "or", "ne"})
_MIN_WORD_NAME = 3  # as whole words, "ntv" in "NTV Spor&Skor"
_NAME_EXTRA_WORDS = 2
_POSSESSIVE = re.compile(r"['\u2019]s\b")  # "Gregory Szorc's Digital Home"
_NAVIGATION_LINKS = XPath(
    ".//nav//a | .//header//a | .//*[@role='navigation']//a"
    " | .//*[contains(@class, 'nav') or contains(@class, 'menu') or contains(@class, 'breadcrumb')"
    " or contains(@id, 'nav') or contains(@id, 'menu') or contains(@id, 'breadcrumb')]//a"
)
_COLONS = frozenset(":\uff1a")  # before a headline after its kicker, never before a section
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_ARTICLE_TYPES = ("article", "posting", "report")  # NewsArticle, BlogPosting, Report...
_TRAILING_JSON_COMMA = re.compile(r",\s*([}\]])")


@dataclass
class Metadata:
    """What a page says about its article, apart from the text."""

    title: str = ""
    date: date | datetime | None = None
    source: str = ""
    url: str = ""
    authors: tuple[str, ...] = ()
    agency: str = ""
    language: str = ""
    story_body: str = ""
    unreadable_date: str | None = None


def read_metadata(root: _Element, url: str = "") -> Metadata:
    """The metadata of the parsed page ``root``; ``url`` is where it was fetched from, if known."""
    meta = _meta(root)
    story = _story(_json_ld(root), meta)
    page_url = _url(root, meta, story) or url
    authors = _authors(root, meta, story)
    source, agency = outlet(
        [collapse(_name(story.get("publisher"))), collapse(meta.get("og:site_name", ""))],
        host_of(page_url) or "",
        authors,
        collapse(meta.get("application-name", "")),
    )
    language = _language(root, meta, story)
    published, unreadable = find_date(
        root, meta, story, dict.fromkeys(u for u in (page_url, url) if u), language
    )
    return Metadata(
        title=_title(root, meta, story, _Site(root, meta, story, source, page_url)),
        date=published,
        source=source,
        url=page_url,
        authors=authors,
        agency=agency,
        language=language,
        story_body=_story_body(story),
        unreadable_date=unreadable,
    )


def _meta(root: _Element) -> dict[str, str]:
    """The first ``content`` of each meta property/name/itemprop, keys in lower case."""
    found: dict[str, str] = {}
    for tag in root.iter("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        content = tag.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _json_ld(root: _Element) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page, ``@graph`` and lists flattened; broken blocks skipped."""
    items: list[dict[str, Any]] = []
    for script in root.iterfind(".//script[@type='application/ld+json']"):
        text = (script.text or "").strip().removeprefix("<!--").removesuffix("-->")
        try:
            pending = [json.loads(text, strict=False)]
        except ValueError:
            try:
                pending = [json.loads(_TRAILING_JSON_COMMA.sub(r"\1", text), strict=False)]
            except ValueError:
                continue
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                items.append(item)
                for key in ("@graph", "mainEntity", "itemListElement"):
                    if isinstance(item.get(key), list | dict):
                        pending.append(item[key])
    return items


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(kind, str) and kind.lower().endswith(_ARTICLE_TYPES) for kind in kinds)


def _story(items: list[dict[str, Any]], meta: dict[str, str]) -> dict[str, Any]:
    """The JSON-LD object of the page's own article: the one whose headline or address
    matches the page's when a page describes several (its related stories, say)."""
    stories = [item for item in items if _is_article(item)]
    if not stories:  # a page described as a WebPage still dates itself
        stories = [item for item in items if isinstance(item.get("datePublished"), str)]
    if len(stories) > 1:
        own = {_squash(meta.get("og:title", "")), meta.get("og:url", "")} - {""}
        for story in stories:
            if {_squash(_text(story.get("headline"))), _text(story.get("url"))} & own:
                return story
    return stories[0] if stories else {}


def _text(value: Any) -> str:
    return _title_text(html.unescape(value)) if isinstance(value, str) else ""


def _name(value: Any) -> str:
    """The name of a JSON-LD thing given as text, an object or a list of them."""
    if isinstance(value, list):
        return next((name for name in map(_name, value) if name), "")
    if isinstance(value, dict):
        value = value.get("name")
    return _text(value)


def _url(root: _Element, meta: dict[str, str], story: dict[str, Any]) -> str:
    """The page's own address: canonical link, og:url or JSON-LD url, made absolute."""
    canonical = root.find(".//link[@rel='canonical']")
    base = meta.get("og:url", "")
    for candidate in (
        canonical.get("href") if canonical is not None else None,
        base,
        story.get("url"),
    ):
        if isinstance(candidate, str) and candidate.strip():
            absolute = urljoin(base, candidate.strip())
            if absolute.startswith(("http://", "https://")):
                return absolute
    return ""


def _title(root: _Element, meta: dict[str, str], story: dict[str, Any], site: _Site) -> str:
    """The headline, without the site's name or a section after it.

    JSON-LD ``headline`` is the article's headline by definition; OpenGraph and Twitter
    titles are written for sharing, <title> for search engines. A title that only decorates
    another source ("X - National") gives way to it. ``<meta name|itemprop="headline">``
    comes last, to trim a decorated title down to it: templates fill it with the deck too.
    """
    head = root.find("head")
    h1 = root.find(".//h1")
    candidates = [
        _text(story.get("headline")),
        _text(meta.get("og:title")),
        _title_text("".join(h1.itertext())) if h1 is not None else "",
        _text(meta.get("twitter:title")),
        _title_text(head.findtext("title") or "") if head is not None else "",
        _text(meta.get("headline")),
    ]
    candidates = [_strip_site_name(title, site) for title in candidates if title]
    for title in candidates:
        return next((core for core in candidates if _decorates(title, core)), title)
    return ""


def _title_text(text: str) -> str:
    """A title on one line; no-break and ideographic spaces are kept, as the headline has them."""
    return _ASCII_SPACE.sub(" ", text).strip()


def _decorates(title: str, core: str) -> bool:
    """Whether ``title`` is ``core`` with a section or site name after it ("X - National")."""
    at = title.find(core)
    if at < 0 or len(core) == len(title):
        return False
    rest = title[at + len(core) :]
    separator = _TITLE_SEPARATOR.match(rest)
    return separator is not None and len(rest[separator.end() :].split()) <= _SECTION_WORDS


class _Site:
    """The site of a page as its titles name it, and the sections they name after it."""

    def __init__(
        self, root: _Element, meta: dict[str, str], story: dict[str, Any], source: str, url: str
    ) -> None:
        self._root = root
        sections = story.get("articleSection")
        sections = [
            meta.get("article:section"),
            *(sections if isinstance(sections, list) else [sections]),
        ]
        #: The sections the page declares (``article:section``, JSON-LD ``articleSection``).
        self.declared = {_squash(html.unescape(name)) for name in sections if isinstance(name, str)}
        self.declared.discard("")
        host = host_of(url)
        labels = host.split(".")[:-1]
        while len(labels) > 1 and labels[-1] in _GENERIC_DOMAINS:
            labels.pop()  # co.uk, com.tr
        # The publisher's name, og:site_name (a brand the publisher's name is not: "The
        # Standard" of "Evening Standard"), the host whole ("taz.de") and its own labels
        # ("ntv" of ntv.com.tr).
        names = {source, meta.get("og:site_name", ""), host, *labels}
        self.names = {_squash(name) for name in names} - {""}
        # "SZ.de" for Süddeutsche Zeitung: initials name a site only written as an address.
        words = [word for word in _NOT_ALNUM.split(source) if word]
        self.initials = {"".join(word[0] for word in words).casefold()} if len(words) > 1 else set()

    def named_in(self, text: str, leading: bool = False) -> bool:
        """Whether ``text`` is the site's name: one of its names ("Globalnews.ca"), most of one
        ("SPIEGEL" of DER SPIEGEL), one with a word or two more ("BBC News", "NTV Spor&Skor"),
        or its initials written as an address ("SZ.de"). A clause that mentions the site
        ("comwrap auf der DMEXCO 2018") is not its name."""
        squashed = _squash(text)
        bare = _DOMAIN_ENDING.sub("", text)
        if squashed in self.names or (bare != text and _squash(bare) in self.names | self.initials):
            return True
        words = [word for word in _NOT_ALNUM.split(_POSSESSIVE.sub("", text.casefold())) if word]
        return any(
            (len(squashed) >= _MIN_NAME and squashed in name and 2 * len(squashed) >= len(name))
            or (len(name) >= _MIN_WORD_NAME and name in squashed and _among(name, words, leading))
            for name in self.names
        )

    @cached_property
    def sections(self) -> set[str]:
        """The page's own sections, squashed: declared, or linked to from its navigation and
        breadcrumbs (not its tags, which name what the headline is about)."""
        links = ("".join(link.itertext()) for link in _NAVIGATION_LINKS(self._root))
        return self.declared | {
            _squash(text) for text in links if 0 < len(text.split()) <= _SECTION_WORDS
        } - {""}


def _among(name: str, words: list[str], leading: bool) -> bool:
    """Whether ``words`` hold the squashed ``name`` in whole words and at most
    ``_NAME_EXTRA_WORDS`` others ("bbc" in "BBC News", "munich2022" in "European Championships
    Munich 2022"; not in "comwrap auf der DMEXCO 2018"). Before a headline the name comes
    first: "Frauen im THW" is a kicker about the site."""
    extra = _NAME_EXTRA_WORDS
    for start in range(min(0 if leading else extra, len(words)) + 1):
        for end in range(max(start + 1, len(words) - extra + start), len(words) + 1):
            if "".join(words[start:end]) == name:
                return True
    return False


def _strip_site_name(title: str, site: _Site) -> str:
    """ "Blinken lands in Israel | World | Shafaq News" → "Blinken lands in Israel".

    The site's name goes at either end. Between it and the headline, and after it, go the
    page's sections ("| NDR.de - Nachrichten - Schleswig-Holstein") and dates ("- DW -
    30.01.2024"); but only where the site's name shows that the title has such a tail.
    """
    title = title.strip(" |\u3163\uff5c")
    separators = _separators(title, site)
    if not separators:
        return title
    for at in range(len(separators) - 1, -1, -1):
        separator = separators[at]
        end = separators[at + 1].start() if at + 1 < len(separators) else len(title)
        segment = title[separator.end() : end]
        if site.named_in(segment):
            return _strip_sections(title[: separator.start()].strip(), site)
        if _LETTER.search(segment) and not _is_section(segment, separator.group(), site):
            break
    first = separators[0]
    if site.named_in(title[: first.start()], leading=True):
        return _strip_sections(title[first.end() :].strip(), site)
    return title


def _separators(title: str, site: _Site) -> list[re.Match[str]]:
    """The separators of ``title``. A hyphen without spaces counts only before the site's name
    or the section the page declares ("...-정치ㅣ한국일보"): it joins compound words, whose
    second half may well name a section linked to ("Corona-Politik")."""
    found = list(_TITLE_SEPARATOR.finditer(title))
    ends = [separator.start() for separator in found[1:]] + [len(title)] if found else []
    return [
        separator
        for separator, end in zip(found, ends, strict=True)
        if separator.group() != "-"
        or site.named_in(title[separator.end() : end])
        or _squash(title[separator.end() : end]) in site.declared
    ]


def _is_section(segment: str, separator: str, site: _Site) -> bool:
    """Whether ``segment`` of a title after ``separator`` names a section of the site."""
    return separator.strip() not in _COLONS and _squash(segment) in site.sections


def _strip_sections(title: str, site: _Site) -> str:
    """ "Blinken lands in Israel | World - Middle East" → "Blinken lands in Israel": the
    page's sections, and any short "|" parts, that end a title without its site name."""
    while separators := _separators(title, site):
        last = separators[-1]
        section = title[last.end() :]
        short_bar = last.group().strip() == "|" and len(section.split()) <= _SECTION_WORDS
        if not last.start() or not (short_bar or _is_section(section, last.group(), site)):
            break
        title = title[: last.start()].strip()
    return title


def _squash(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def _authors(root: _Element, meta: dict[str, str], story: dict[str, Any]) -> tuple[str, ...]:
    found = split_authors(story.get("author") or story.get("creator"))
    if not found:
        found = split_authors([meta.get(key, "") for key in _AUTHOR_META])
    if not found:
        found = split_authors(
            ["".join(link.itertext()) for link in root.iterfind(".//a[@rel='author']")]
        )
    return tuple(html.unescape(name) for name in found)


def _language(root: _Element, meta: dict[str, str], story: dict[str, Any]) -> str:
    for candidate in (
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        meta.get("content-language"),
        meta.get("language"),
        meta.get("og:locale"),
        story.get("inLanguage"),
    ):
        if isinstance(candidate, str) and language_code(candidate):
            return language_code(candidate)
    return ""


def _story_body(story: dict[str, Any]) -> str:
    """JSON-LD ``articleBody``: the text of pages that render it with JavaScript only."""
    text = story.get("articleBody")
    if not isinstance(text, str):
        return ""
    return "\n\n".join(line for line in map(collapse, html.unescape(text).splitlines()) if line)
