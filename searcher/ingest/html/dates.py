"""The date a page was first published, weighed from every kind of evidence a page has.

A day in the URL path is the publisher's own calendar day and decides. Otherwise structured
data (JSON-LD, ``<meta>`` names, microdata, ``<time>`` elements) vote, and a dateline printed
on the page joins the vote when they disagree or are missing; the last resort is a date in a
script's data. Values marked as modifications ("updated", "Geändert") are passed over, so a
page that gives both yields its first publication. Printed dates are read in the page's own
conventions: month names of the common European languages, day-first numbers except in
English, Korean and Japanese year-month-day.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

from lxml.etree import _Element, iterwalk

from searcher.analysis.fold import ascii_digits, fold
from searcher.dates import parse_date
from searcher.errors import DateError
from searcher.ingest.html.url_dates import url_days, url_month

__all__ = ["find_date", "read_date", "text_date"]

_META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "og:published_time",
    "datepublished",
    "date_published",
    "article.published",
    "article_date_original",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "originalpublicationdate",
)
# The document's date in general: often when the page was built or changed, so it comes last.
_WEAK_META_NAMES = ("date", "dc.date", "dcterms.date", "datecreated")
_META_SUFFIX = re.compile(r"[:_.-](?:published_time|publish_date|publication_date|date_published)$")
_ASIDE_TAGS = frozenset({"aside", "nav", "footer"})
_ASIDE_NAMES = re.compile(r"related|sidebar|teaser|comment|aside|recommend", re.IGNORECASE)
_SCRIPT_DATE = re.compile(
    r"[\"']?(?:datePublished|publishedDate|publishDate|published_?at|publishedAt|created_?at"
    r"|createdAt|pubDate|firstPublished\w*)[\"']?\s*[:=]\s*[\"']((?:19|20)\d{2}-\d{2}-\d{2}[^\"']*)",
)
_PUBLISHED_MARK = re.compile(r"publi|posted|pubdate|created|issued|erschienen|veröffentlicht")
_MODIFIED_MARK = re.compile(r"modif|updat|aktualisiert|edited|revised|comment")
_DATE_MARK = re.compile(
    r"date|time|publi|posted|dateline|byline|datum|fecha|meta|info|stamp|author", re.IGNORECASE
)
_LABEL_REACH = 30
# A label right before a date, perhaps with a weekday between: "Datum: 03.02.2022",
# "Published Fri, Nov 3, 2023", "Erschienen am 1. November 2023".
_PUBLISHED_LABEL = re.compile(
    r"(?:datum|date|published|posted(?: on)?|veröffentlicht(?: am)?|erschienen(?: am)?"
    r"|publié le|publicado(?: el)?|pubblicato(?: il)?|stand)\s*:?\s*(?:\w+\.?,?\s+)?$",
    re.IGNORECASE,
)
_MODIFIED_LABEL = re.compile(
    r"updated|modified|änderung|geändert|aktualisiert|bearbeitet|mis à jour|actualizado",
    re.IGNORECASE,
)
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "head", "select"})
_RUN_BREAK = " | "
# Languages of pages whose 22:00 UTC may well be an evening at home (the Americas, Britain):
# no UTC midnight guess for them, nor for pages that do not say.
_WESTERN = frozenset({"", "en", "es", "pt"})
_FIRST_YEAR = 1994  # the web had no news pages before; an earlier year is no publication date

_MONTH_NAMES = {
    1: "january jan januar jänner janvier enero gennaio janeiro januari ene gen",
    2: "february feb februar février fevrier febrero febbraio fevereiro februari fev",
    3: "march mar märz maerz mars marzo março maart mär mrz",
    4: "april apr avril abril aprile abr",
    5: "may mai mayo maggio maio mei mag",
    6: "june jun juni juin junio giugno junho giu",
    7: "july jul juli juillet julio luglio julho lug",
    8: "august aug août aout agosto augustus ago",
    9: "september sep sept septembre septiembre setiembre settembre setembro set",
    10: "october oct oktober octobre octubre ottobre outubro okt ott out",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember décembre decembre diciembre dicembre dezembro dez dic",
}
#: Turkish; Arabic as Egypt and as Iraq and the Levant name the months (two-word names such
#: as تشرين الثاني by their second word's month when the first is given: see _month);
#: Sorani. Looked up folded, as the index folds words (أيار is ايار, Mayıs mayis).
_MORE_MONTH_NAMES = {
    1: "ocak يناير كانون_الثاني كانوونی_دووەم",
    2: "şubat فبراير شباط شوبات",
    3: "mart مارس آذار ئازار",
    4: "nisan أبريل ابريل نيسان",
    5: "mayıs مايو أيار ئایار",
    6: "haziran يونيو يونيه حزيران حوزەیران",
    7: "temmuz يوليو يوليه تموز تەمموز",
    8: "ağustos أغسطس اغسطس",
    9: "eylül سبتمبر أيلول ئەیلوول",
    10: "ekim أكتوبر اكتوبر تشرين_الأول تشرینی_یەکەم",
    11: "kasım نوفمبر تشرين_الثاني تشرینی_دووەم",
    12: "aralık ديسمبر كانون_الأول کانوونی_یەکەم",
}
_MONTHS = {
    fold(name.replace("_", " ")): number
    for names in (_MONTH_NAMES, _MORE_MONTH_NAMES)
    for number, spelled in names.items()
    for name in spelled.split()
}
# Any word where a month name goes, checked against _MONTHS after the match: a regex
# alternation of a hundred names tried at every letter of a page is four times slower. A
# month of Arabic script may be two words (كانون الثاني).
_MONTH = r"[^\W\d_]{3,10}|[\u0600-\u06ff]{3,9}(?:\s[\u0600-\u06ff]{3,6})?"
_VISIBLE = re.compile(
    r"(?<![\d])(?:"
    r"(?P<iy>(?:19|20)\d{2})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?![\d])"
    r"|(?P<na>\d{1,2})(?P<sep>[./-])(?P<nb>\d{1,2})(?P=sep)(?P<ny>(?:19|20)\d{2})(?![\d])"
    r"|(?P<sa>\d{1,2})\.(?P<sb>\d{1,2})\.(?P<sy>\d{2})(?![\d.])"
    rf"|(?P<dd>\d{{1,2}})(?:st|nd|rd|th|er|º|\u06cc)?\.?\s*(?:de\s+)?(?P<dm>{_MONTH})\.?,?\s*(?:de\s+)?"
    r"(?P<dy>(?:19|20)\d{2})(?![\d])"
    rf"|(?P<mm>{_MONTH})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>(?:19|20)\d{{2}})"
    r"(?![\d])"
    r"|(?P<ky>(?:19|20)\d{2})\s*[년年]\s*(?P<km>\d{1,2})\s*[월月]\s*(?P<kd>\d{1,2})\s*[일日]"
    r")",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"\s*((?:19|20)\d{2}-\d{2}-\d{2})")


def find_date(
    root: _Element, meta: dict[str, str], story: dict[str, Any], urls: Iterable[str], language: str
) -> tuple[date | datetime | None, str | None]:
    """The publication date of the page, and the first unreadable value met on the way.

    Each kind of evidence (JSON-LD, ``<meta>``, microdata, ``<time>``, the printed dateline,
    and last a generic ``<meta name="date">``, often a build date) names one date; the day most
    of them agree on wins, ties going to the more trusted kind.
    A day in the URL path is the publisher's own calendar day and overrides them all: a
    structured value on another day is mostly a UTC time that moved the day.
    """
    url_day = next(filter(None, map(_url_date, urls)), None)
    unreadable: list[str] = []
    found = [
        _first(values, unreadable, language) for values in _structured(root, meta, story, language)
    ]
    weak = _first((meta[name] for name in _WEAK_META_NAMES if name in meta), unreadable, language)
    found = [value for value in found if value is not None]
    if url_day is not None:
        candidates = [*found, weak] if weak is not None else found
        return next((value for value in candidates if _day(value) == url_day), url_day), None
    month = next(filter(None, map(url_month, urls)), None)
    if month is not None:  # the URL names the month: dates outside it are less likely
        found = [value for value in found if (value.year, value.month) == month] or found
    days = set(map(_day, found if weak is None else [*found, weak]))
    if not found or len(days) != 1:  # printed dates matter when the others disagree
        printed = _dateline(root, language, month)
        if printed is not None:
            found.append(printed)
    if weak is not None:
        found.append(weak)
    if not found:
        return _script_date(root), unreadable[0] if unreadable else None
    votes = Counter(map(_day, found))
    return max(found, key=lambda value: votes[_day(value)]), None


def _first(values: Iterable[str], unreadable: list[str], language: str) -> date | datetime | None:
    """The first readable date of ``values``; the unreadable ones are noted."""
    for raw in values:
        value = read_date(raw, language)
        if value is not None:
            return value
        unreadable.append(raw)
    return None


def read_date(raw: str, language: str = "") -> date | datetime | None:
    """A date written by a machine: ISO 8601, RFC 2822 or their common variants.

    Numeric dates with slashes are month first, as software writes them ("11/01/2023"). On a
    page in a language of Europe or east of it, a UTC time of exactly 22:00 or 23:00 is read
    as the local midnight it stands for.
    """
    raw = raw.strip()
    try:
        value = parse_date(raw)
    except DateError:
        value = _lenient_date(raw)
    if language not in _WESTERN and isinstance(value, datetime):
        value = _midnight_east(value)
    return value if value is not None and _plausible(_day(value)) else None


def _lenient_date(raw: str) -> date | None:
    """The ISO day at the start of a value with a zone or format we do not know, or a date
    written out in it."""
    day = _ISO_DAY.match(raw)
    if day is None:
        return text_date(raw, "en")
    try:
        return date.fromisoformat(day.group(1))
    except ValueError:
        return None


def _plausible(day: date) -> bool:
    """Whether a page can have been published on ``day``: on the web, and not in the future."""
    return day.year >= _FIRST_YEAR and day <= date.today() + timedelta(days=1)


def _midnight_east(value: datetime) -> datetime:
    """A UTC time of exactly 22:00 or 23:00 is a day's midnight in Central Europe (or east of
    it) stored as UTC: the day meant is the next one."""
    if value.utcoffset() != timedelta(0):
        return value
    if value.hour in (22, 23) and not (value.minute or value.second or value.microsecond):
        zone = timezone(timedelta(hours=24 - value.hour))
        return value.astimezone(zone)
    return value


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def text_date(text: str, language: str, month: tuple[int, int] | None = None) -> date | None:
    """The date a text gives as its publication date: the first one labelled so ("Published",
    "Datum:", "Erschienen am"), else the first not labelled as a modification; only dates in
    ``month`` (year, month) count when it is given."""
    labelled, first = _dates(text, language, month)
    return labelled or first


def _dates(
    text: str, language: str, month: tuple[int, int] | None
) -> tuple[date | None, date | None]:
    """The first date of ``text`` labelled as a publication, and the first not labelled as a
    modification."""
    first = None
    text = ascii_digits(text)  # native digits (Arabic-Indic, Persian) as 0-9
    for match in _VISIBLE.finditer(text):
        label = text[max(0, match.start() - _LABEL_REACH) : match.start()]
        if _MODIFIED_LABEL.search(label):
            continue
        try:
            value = _visible(match, language)
        except ValueError:
            continue
        if not _plausible(value) or (month is not None and (value.year, value.month) != month):
            continue
        if _PUBLISHED_LABEL.search(label):
            return value, first or value
        first = first or value
    return None, first


def _visible(match: re.Match[str], language: str) -> date:
    if match["iy"]:
        return date(int(match["iy"]), int(match["im"]), int(match["id"]))
    if match["ny"]:
        first, second = int(match["na"]), int(match["nb"])
        month_first = second > 12 or (first <= 12 and match["sep"] == "/" and language == "en")
        day, month = (second, first) if month_first else (first, second)
        return date(int(match["ny"]), month, day)
    if match["sy"]:
        return date(2000 + int(match["sy"]), int(match["sb"]), int(match["sa"]))
    if match["dy"]:
        return date(int(match["dy"]), _month(match["dm"]), int(match["dd"]))
    if match["my"]:
        return date(int(match["my"]), _month(match["mm"]), int(match["md"]))
    return date(int(match["ky"]), int(match["km"]), int(match["kd"]))


def _month(name: str) -> int:
    folded = fold(" ".join(name.split()))
    # Sorani joins a month to its year with the izafe ی: تشرینی یەکەمی ۲۰۲۳.
    number = _MONTHS.get(folded, _MONTHS.get(folded.removesuffix("\u064a")))
    if number is None:
        raise ValueError(f"not a month: {name}")
    return number


def _structured(
    root: _Element, meta: dict[str, str], story: dict[str, Any], language: str
) -> Iterator[Iterator[str]]:
    """Machine-readable publication dates, one stream per kind, in order of trust."""
    yield (
        story[key] for key in ("datePublished", "dateCreated") if isinstance(story.get(key), str)
    )
    yield (meta[name] for name in _META_NAMES if name in meta)
    yield (
        value
        for name, value in meta.items()
        if _META_SUFFIX.search(name) and name not in _META_NAMES
    )
    yield (
        element.get("content") or element.get("datetime") or "".join(element.itertext())
        for element in root.iterfind(".//*[@itemprop='datePublished']")
        if element.tag != "meta"
    )
    yield (_time_value(element, language) for element in _time_elements(root))


def _time_elements(root: _Element) -> list[_Element]:
    """``<time datetime>`` elements not marked as modifications, marked publications first."""
    times = [
        element
        for element in root.iterfind(".//time[@datetime]")
        if _MODIFIED_MARK.search(_marks(element)) is None and not _in_aside(element)
    ]
    marked = [
        element
        for element in times
        if element.get("pubdate") is not None or _PUBLISHED_MARK.search(_marks(element))
    ]
    return marked + [element for element in times if element not in marked]


def _time_value(element: _Element, language: str) -> str:
    """A ``<time>`` element's date: its ``datetime``, unless it prints a whole date on another
    day (the attribute is at times a later timestamp the site filled in)."""
    attribute = element.get("datetime", "")
    printed = text_date(" ".join(element.itertext()), language)
    machine = read_date(attribute, language)
    if printed is None or (machine is not None and _day(machine) == printed):
        return attribute
    return printed.isoformat()


def _in_aside(element: _Element) -> bool:
    """Whether a date element belongs to a sidebar, teaser list or comment, not the story."""
    for parent in element.iterancestors():
        if parent.tag in _ASIDE_TAGS or _ASIDE_NAMES.search(
            f"{parent.get('class', '')} {parent.get('id', '')}"
        ):
            return True
    return False


def _script_date(root: _Element) -> date | datetime | None:
    """A publication date in the data a script hands to the page ("publishedDate": ...):
    the last resort for pages that render everything with JavaScript."""
    for script in root.iter("script"):
        match = _SCRIPT_DATE.search(script.text or "")
        if match:
            return read_date(match.group(1))
    return None


def _marks(element: _Element) -> str:
    """The words that say what a date element is: its own and its parent's class and id."""
    parent = element.getparent()
    names = [element.get("class", ""), element.get("id", ""), element.get("itemprop", "")]
    if parent is not None:
        names += [parent.get("class", ""), parent.get("id", "")]
    return " ".join(names).lower()


def _dateline(root: _Element, language: str, month: tuple[int, int] | None) -> date | None:
    """A date printed on the page (in ``month`` when given): the first labelled as the
    publication date, else the first in elements marked as a date, byline or dateline, else
    the first in the page's text; dates labelled as modifications are passed over."""
    marked, everything = _visible_text(root)
    labelled, first = _dates(everything, language, month)
    return labelled or _dates(marked, language, month)[1] or first


def _visible_text(root: _Element) -> tuple[str, str]:
    """The page's visible text inside date-marked elements, and all of it, in reading order."""
    body = root.find("body")
    marks = [False]
    marked: list[str] = []
    everything: list[str] = []
    walk = iterwalk(body if body is not None else root, events=("start", "end"))
    for event, element in walk:
        if event == "start":
            if not isinstance(element.tag, str) or element.tag in _INVISIBLE:
                walk.skip_subtree()
                marks.append(marks[-1])
                continue
            names = f"{element.get('class', '')} {element.get('id', '')} {element.tag}"
            marks.append(marks[-1] or bool(_DATE_MARK.search(names)))
            text = element.text
        else:
            marks.pop()
            text = element.tail
        if text and text.strip():
            everything.append(text)
            if marks[-1]:
                marked.append(text)
        if event == "start" and not marks[-1] and marked and marked[-1] != _RUN_BREAK:
            marked.append(_RUN_BREAK)
    return " ".join(marked), " ".join(everything)


def _url_date(url: str) -> date | None:
    """The first plausible publication day the address gives."""
    return next(filter(_plausible, url_days(url)), None)
