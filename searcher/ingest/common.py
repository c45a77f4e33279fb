"""Field clean-up shared by the text, HTML and records readers, so every form agrees."""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from searcher.analysis.detect import detect_language
from searcher.dates import parse_date
from searcher.errors import DateError

TITLE_LIMIT = 120

_SPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A run of sentence-ending marks, then closing quotes or brackets, then space or the end.
_SENTENCE_END = re.compile(r"[.!?\u061f\u3002\uff01\uff1f]+[\"'\u201d\u2019\u00bb)\]]*(?=\s|$)")
_ABBREVIATION = re.compile(
    r"mrs?|ms|dr|prof|st|jr|sr|gen|col|lt|sgt|capt|gov|sen|rep|pres|rev|inc|ltd|co|corp|no|vs"
    r"|etc|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
#: "By" before a byline's names, in English, Arabic (بقلم, كتب, كتبت), Turkish and Sorani.
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|بقلم|كتبت?|yazan|نووسینی)\s*:?\s+", re.IGNORECASE)
#: Between names: punctuation, "and", Arabic و and Turkish "ve".
_AUTHOR_SPLIT = re.compile(r"\s*(?:[,;|&،]|\band\b|\bve\b|(?<=\s)و(?=\s))\s*", re.IGNORECASE)
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*")
_LANGUAGE_NAMES = {
    "arabic": "ar",
    "chinese": "zh",
    "english": "en",
    "french": "fr",
    "german": "de",
    "italian": "it",
    "persian": "fa",
    "portuguese": "pt",
    "russian": "ru",
    "spanish": "es",
    "turkish": "tr",
}
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_LETTER = re.compile(r"[^\W\d_]")
#: Letters of Sorani Kurdish that neither Arabic nor Persian write (ڵ ڕ ێ ۆ ە ڤ).
_SORANI = re.compile(r"[\u06b5\u0695\u06ce\u06c6\u06d5\u06a4]")
#: A language edition in a page's address: ``https://shafaq.com/ckb/…``.
_URL_LANGUAGE = re.compile(r"^https?://[^/]+/(ar|ckb|ku|tr|en|fa|fr|de|es|ru|zh|ja|ko)(?:/|$)")


def megabytes(size: int) -> str:
    """A size in bytes as reasons and warnings show it: ``2.5 MB``, ``100 MB``."""
    return f"{size / 1e6:,.1f} MB" if size < 10_000_000 else f"{size / 1e6:,.0f} MB"


def collapse(text: str) -> str:
    """``text`` on one line with single spaces: how titles and names are stored."""
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, limit: int = TITLE_LIMIT) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-\u2013\u2014") + "\u2026"


def first_sentence(text: str, limit: int = TITLE_LIMIT) -> str:
    """A title for an article that has none: its first sentence, shortened to ``limit``.

    Only the first paragraph counts, and a period after an abbreviation or initial
    ("Mr.", "U.S.") or before a lower-case word does not end the sentence.
    """
    head = text[: limit * 4].strip() or text.strip()[: limit * 4]  # bodies can be megabytes
    paragraph = collapse(_PARAGRAPH_BREAK.split(head, 1)[0])
    window = paragraph[: limit + 2]
    for match in _SENTENCE_END.finditer(window):
        following = paragraph[match.end() : match.end() + 2].lstrip()
        if following and following[0].islower():
            continue
        if match.group().startswith(".") and _is_abbreviation(paragraph[: match.start()]):
            continue
        return shorten(paragraph[: match.end()], limit)
    return shorten(paragraph, limit)


def _is_abbreviation(before: str) -> bool:
    word = before.rsplit(None, 1)[-1].lstrip("(\"'\u201c\u2018") if before.strip() else ""
    return bool(_ABBREVIATION.fullmatch(word) or _INITIALS.fullmatch(word))


def host_of(url: str) -> str:
    """The host of ``url`` without "www.": the source name of a record that has none."""
    url = url.strip()
    if not url:
        return ""
    if "://" not in url and not url.startswith("//"):
        url = "//" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def split_authors(value: object) -> tuple[str, ...]:
    """Author names from a byline string ("By A, B and C") or a list of names or objects."""
    if isinstance(value, dict):
        value = value.get("name") or ""
    if isinstance(value, list | tuple):
        names = [name for item in value for name in split_authors(item)]
    elif isinstance(value, str):
        names = [collapse(part) for part in _AUTHOR_SPLIT.split(_BYLINE_PREFIX.sub("", value))]
    else:
        return ()
    return tuple(dict.fromkeys(name for name in names if name and not _is_url(name)))


def language_code(value: str) -> str:
    """The primary language subtag of "en-US", "en_GB" or "English", lower case; else ""."""
    value = value.strip()
    if value.lower() in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[value.lower()]
    match = _LANGUAGE_TAG.fullmatch(value)
    return match.group(1).lower() if match else ""


def guess_language(text: str, url: str = "") -> str:
    """The language an article without one declared is in, else "": the edition its
    address names (``/ar/``, ``/ckb/``), else Sorani for text mostly in Arabic script with
    Sorani's own letters (short texts and Sorani typed on an Arabic keyboard included), else
    what the detector is sure of."""
    if url and (edition := _URL_LANGUAGE.match(url.lower())):
        return edition.group(1)
    sample = text[:2000]
    if len(_SORANI.findall(sample)) >= 2 and _mostly_arabic_script(sample):
        return "ckb"
    return detect_language(text)


def _mostly_arabic_script(sample: str) -> bool:
    return len(_ARABIC_SCRIPT.findall(sample)) > len(_LETTER.findall(sample)) / 2


def read_date(raw: object, where: str, warnings: list[str]) -> date | datetime | None:
    """``raw`` as a date; a value that is no date leaves the article undated with a warning."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        try:
            return parse_date(raw)
        except DateError:
            pass
    shown = raw if len(str(raw)) <= 60 else f"{str(raw)[:57]}..."
    warnings.append(f"{where}unparseable date {shown!r}; indexed undated")
    return None


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "//"))
