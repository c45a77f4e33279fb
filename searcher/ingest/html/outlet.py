"""The outlet that published a page, and the wire agency whose story it is.

Pages name their outlet in JSON-LD ``publisher``, ``og:site_name`` and
``application-name``, and not always well: a Twitter handle ("@politifact"), a list of
sections ("Autoracing | F1 | Indy"), the publisher's parent company ("Tamedia AG" for the
Tages-Anzeiger), the blog platform ("Blogger") or the agency that wrote the story
("Associated Press" on sfgate). The outlet is the first name that is none of these, else the
page's host; an agency named as publisher, site or author is recorded apart, as the
article's ``agency`` field, so that both "AP stories on any site" and "everything on
sfgate" are one search each. On the agency's own site its name is the outlet's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["agency_of", "outlet"]

# Wire agencies: the name the field records, the names pages give them (lower case, as
# whole names), and the labels of their own hosts.
_AGENCIES: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = tuple(
    (name, frozenset(aliases.split("|")), frozenset(hosts.split("|")))
    for name, aliases, hosts in (
        ("Associated Press", "associated press|the associated press|ap|ap news", "apnews|ap"),
        ("Reuters", "reuters|thomson reuters|reuters news", "reuters"),
        ("AFP", "afp|agence france-presse|agence france presse|afp news", "afp"),
        ("dpa", "dpa|deutsche presse-agentur|deutsche presse agentur|dpa-afx", "dpa"),
        ("ANSA", "ansa|agenzia ansa", "ansa"),
        ("EFE", "efe|agencia efe", "efe"),
        ("UPI", "upi|united press international", "upi"),
        ("Kyodo", "kyodo|kyodo news", "kyodonews"),
        ("Xinhua", "xinhua|xinhua news agency", "xinhuanet"),
        ("PA Media", "pa|pa media|press association|pa wire", "pamediagroup"),
        ("The Canadian Press", "the canadian press|canadian press", "thecanadianpress"),
        ("AAP", "aap|australian associated press", "aap"),
        ("APA", "apa|austria presse agentur", "apa"),
        ("Keystone-SDA", "sda|keystone-sda|keystone-ats|ats|sda-ats", "keystone-sda"),
        ("KNA", "kna|katholische nachrichten-agentur", "kna"),
        ("epd", "epd|evangelischer pressedienst", "epd"),
        ("Europa Press", "europa press", "europapress"),
        ("Lusa", "lusa|agência lusa", "lusa"),
        ("ANP", "anp", "anp"),
        ("Belga", "belga", "belga"),
        ("Yonhap", "yonhap|yonhap news agency", "yna"),
        ("PTI", "pti|press trust of india", "ptinews"),
        ("IANS", "ians", "ians"),
        ("Anadolu", "anadolu|anadolu agency|anadolu ajans\u0131", "aa"),
        ("TASS", "tass", "tass"),
    )
)
# A parent company names itself by its legal form or as a group or publishing house.
_COMPANY = re.compile(
    r"\b(?:AG|GmbH|S\.\s?[AL]\.|SA|SL|Inc\.?|LLC|Ltd\.?|Limited|plc|Corp\.?|Corporation|KG|B\.V\."
    r"|N\.V\.|Group|Holding\w*|Mediengruppe|Mediehuset|Ediciones|Verlag\w*|Publishing|Publishers)"
    r"(?!\w)",
)
_PLATFORMS = frozenset({"blogger", "blogspot", "wordpress", "wordpress.com", "medium", "tumblr"})
_LIST = re.compile(r"\S\s*\|\s*\S.*\|")  # "Autoracing | F1 | Indy"


def agency_of(name: str) -> str:
    """The wire agency ``name`` names ("The Associated Press" → "Associated Press"), or ""."""
    key = " ".join(name.casefold().replace("\u2010", "-").split()).strip(" .,/-")
    return next((agency for agency, aliases, _ in _AGENCIES if key in aliases), "")


def outlet(
    candidates: Iterable[str], host: str, authors: Iterable[str] = (), brand: str = ""
) -> tuple[str, str]:
    """The outlet and the agency of a page from its names for its site (most trusted first:
    publisher, site name), its ``host``, its authors, and the ``brand`` it names itself by
    for apps (``application-name``: a tagline as often as a name, so it only stands in
    for a company's name)."""
    names = [name for name in candidates if name and not _is_not_a_name(name)]
    agency = next(filter(None, map(agency_of, [*names, *authors])), "")
    own = _own_site(host)
    names = [name for name in names if own or not agency_of(name)]
    names = [name for name in names if name.casefold() not in _PLATFORMS]
    brands = [name for name in names if not _COMPANY.search(name)]
    if names and not brands and brand and not _is_not_a_name(brand):
        brands = [brand]
    source = (brands or names or [host])[0]
    return source, agency


def _is_not_a_name(name: str) -> bool:
    """A handle, a list of sections or an address."""
    return name.startswith("@") or "://" in name or bool(_LIST.search(name))


def _own_site(host: str) -> str:
    """The agency whose own site ``host`` is, or ""."""
    labels = set(host.casefold().split(".")[:-1])
    return next((agency for agency, _, hosts in _AGENCIES if labels & hosts), "")
