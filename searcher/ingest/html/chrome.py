"""Page chrome: what a page's tags, ARIA roles and class, id and custom element names mark as
navigation, share bars, related lists, comments, ads and the like, and what it hides. The
main-text rules (``text``) drop what these mark, unless it holds much of the page's real text.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.etree import _Element

__all__ = ["hidden", "is_chrome", "is_chrome_element", "name_words"]

# Page chrome by tag; kept when it holds much of the page's paragraph text (a page wrapped
# in a <form>, an article inside <header>). An <article>'s own <header> is never chrome.
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu", "figure"})
_CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"}
)
# Words of class and id values that name chrome. A word is a run of letters split at
# "-", "_", spaces and camelCase humps, so "relatedLinks" and "share-bar" both match.
_CHROME_WORDS = re.compile(
    r"nav|navbar|navigation|menu|footer|share|sharing|sharebar|social|related|comments?"
    r"|cookies?|consent|newsletter|ad|ads|advert\w*|adslot|promo\w*|breadcrumbs?|sidebar"
    r"|subscribe|subscription|signup|popup|modal|masthead|outbrain|taboola|recommend\w*"
    r"|byline|author|caption|credit|tags|toolbar|widget|banner|sponsor\w*|print"
    r"|trending|popular|mostread|disclaimer|skip|hidden|offscreen|overlay|teaser|more"
    r"|related\w+|toc|ratings?|noprint|kommentar\w*|recirculation|postmeta\w*|dateline"
    r"|licen[cs]e|flyout"
)
# What does not name the element: BEM modifiers ("Section--Ads", a section with ads in it)
# and layout utilities ("overflow-hidden", "hidden-xs": visible on other screens).
_NOT_NAMES = re.compile(
    r"--[\w-]+|\b(?:overflow|label)[-_]hidden\b|\bhidden[-_](?:xs|sm|md|lg|xl|mobile|desktop)\b"
)
_CONTENT_WORDS = re.compile(r"body|content|article|text|entry|story|main")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_MAYBE_HIDDEN = etree.XPath(".//*[@hidden or @aria-hidden or @role or @style]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def hidden(body: _Element) -> set[_Element]:
    """The hidden elements of the page (found by XPath: asking each element is slower)."""
    return {
        element
        for element in _MAYBE_HIDDEN(body)
        if element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or element.get("role", "").lower() == "dialog"
        or _HIDDEN_STYLE.search(element.get("style", ""))
    }


def is_chrome_element(element: _Element) -> bool:
    """Chrome by tag or ARIA role."""
    if element.get("role", "").lower() in _CHROME_ROLES:
        return True
    if element.tag == "header":  # an <article>'s own <header> holds its standfirst
        return next(element.iterancestors("article"), None) is None
    return element.tag in _CHROME_TAGS


def is_chrome(element: _Element) -> bool:
    """Chrome by tag, ARIA role or class and id words."""
    if is_chrome_element(element):
        return True
    attrs = element.attrib
    # A custom element is named for what it is, as a class is ("pp-inline-teaser").
    custom = element.tag if "-" in element.tag else ""
    if not attrs and not custom:
        return False
    names = f"{attrs.get('class', '')} {attrs.get('id', '')} {custom}"
    words = name_words(_NOT_NAMES.sub(" ", names))
    return any(_CHROME_WORDS.fullmatch(word) for word in words) and not any(
        _CONTENT_WORDS.fullmatch(word) for word in words
    )


def name_words(names: str) -> list[str]:
    """The words of class and id values, lower-cased: runs of letters split at "-", "_",
    spaces and camelCase humps ("relatedLinks" is "related", "links")."""
    return [word.lower() for word in _WORD.findall(names)]
