"""Furniture lines: labels, calls to action, credits and datelines that are never a story's
own words, wherever on the page they stand ("Advertisement", "Read more", "Mehr zum Thema",
"Photo: Reuters", "4 min read", "By Ann Lee"), and appeals to the reader ("Follow us on
Twitter", "Download our app"). The main-text rules (``text``) drop the paragraphs these
match. Patterns are of the kind, in the languages the pages come in, never of particular
sites.
"""

from __future__ import annotations

import re

__all__ = ["FURNITURE_LENGTH", "is_furniture"]

# Only paragraphs shorter than this can be furniture: a longer one is a sentence of the story.
FURNITURE_LENGTH = 80

_LABELS = (
    r"advertisement|advertising|sponsored(?: content)?|ad|anzeige|publicidad|publicité"
    r"|\$\$\w+\$\$"  # "$$ARTICLEAD$$": a template's placeholder for an ad
)
_CALLS = (
    r"read more|read next|related|related (?:articles?|stories|content|coverage)|see also"
    r"|more on this(?: story)?|recommended|most (?:read|popular|viewed)|continue reading"
    r"|share(?: this)?|share (?:on|via) \w+|follow us.*|sign up.*|subscribe.*|click here.*"
    r"|(?:(?:diese[ns]?|den) )?(?:(?:seite|artikel|beitrag|inhalt|news) )?teilen(?: mit)?"
    r"|jetzt teilen|(?:[\w.]+ ){0,2}newsletter(?: \w+)?"
    r"|print(?: this)?(?: article| page)?|(?:artikel |seite )?drucken|imprimer"
    r"|(?:[\w ]{0,40} )?(?:als )?pdf (?:herunterladen|download)|download(?: as)? pdf"
)
# Headings of what follows the story: more reading, the author's box, the contents.
_MORE = (
    r"ähnliche (?:beiträge|artikel)|mehr zum thema|lesen sie (?:auch|mehr)\b.*"
    r"|auch interessant|das (?:\w+ )?könnte (?:sie|dich|euch) (?:auch )?interessieren"
    r"|weitere (?:artikel|beiträge|themen)|le[ea]r? también|(?:à )?lire aussi|voir aussi"
    r"|leggi anche|explore further|you (?:may|might) also (?:like|enjoy)|more from .*"
    r"|mehr aus .*|über den autor|about the author|table of contents|inhaltsverzeichnis"
    r"|weiterführende[rn]? links?|weitere informationen|further (?:reading|information)"
    r"|more information"
)
_COMMENTS = (
    r"(?:\d+|keine|neueste|letzte|recent) (?:kommentare?|comments?)(?: \w+)?"
    r"|(?:kommentare?|comments?)(?: (?:schreiben|verfassen|hinzufügen))?"
    r"|(?:schreibe|hinterlassen sie|leave) (?:einen|a) (?:kommentar|comment|reply)\b.*"
)
_CREDITS = (
    r"(?:photo|image|video|credit|source|foto|bild)s?\s*:.*|(?:getty images|ap photo|reuters)"
    r"|\(?(?:photo|image) (?:by|credit).*|(?:crédits? photos?|titelbild|beitragsbild"
    r"|bildquelle)\s*:?.*|(?:quelle|źródło|fuente|fonte)n?\s*:.*"
    r"|(?:abbildung|abb\.|figure|fig\.)\s*\d+\s*:.*|(?:©|copyright\b|copyleft\b).*"
)
# Datelines and filing: "Updated 3 May 2023", "4 min read", "Kategorie: News", a lone date.
_FILING = (
    r"(?:updated|published|posted|last updated|last modified|ultima modifica|publié"
    r"|zuletzt aktualisiert|aktualisiert|veröffentlicht|erschienen|actualizado|mis à jour"
    r"|pubblicato|publicado)\b(?=.*\d).*|(?:news )?dat(?:e|um)\s*:.*"
    r"|(?:categor(?:y|ies)|kategorien?|tags|schlagw(?:ö|oe)rter|filed under|posted in)\s*:.*"
    r"|\d+\s*min(?:ute)?s?\.?\s*(?:read|lesezeit|de lecture)|lesezeit\s*:?\s*\d+.*"
    r"|(?:\w+,? )?(?:\d{1,2}\.? \w+\.?,? \d{4}|\w+\.? \d{1,2},? \d{4}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})(?:,? (?:um )?\d{1,2}[:.]\d{2}(?: uhr| [ap]\.?m\.?)?)?"
)
# A line wholly in brackets ("(24 recipes)", "(No ratings yet)") is a widget's count or note.
_ASIDE = r"\([^()]*\)"
_FURNITURE = re.compile(
    rf"\W*(?:{_LABELS}|{_CALLS}|{_MORE}|{_COMMENTS}|{_CREDITS}|{_FILING}|{_ASIDE}|)\W*",
    re.IGNORECASE,
)
# A byline: "By Ann Lee and Bo Chen", "Von Anna Müller" (names capitalised, so "By noon the
# crowd had grown." stays).
_NAME = r"[A-Z\u00c0-\u00de][\w.'\u2019-]*"
_BYLINE = re.compile(
    rf"(?:By|BY|Von|VON|Par|Por|Di)\s+{_NAME}(?:,?\s+(?:{_NAME}|and|und|et|y|e|&))*\s*"
)


# Appeals to the reader, a sentence or two long: follow us, get the app, subscribe, join.
_APPEAL_LENGTH = 250
_APPEAL = re.compile(
    r"\b(?:follow (?:us|[\w ]{1,40}) on (?:twitter|facebook|instagram|x)\b"
    r"|download (?:the|our) [\w ]{0,40}apps?\b|straight to your (?:phone|inbox)"
    r"|please subscribe|subscribe now\b|jetzt abonnieren"
    r"|sign up for (?:our|the) [\w ]{0,30}newsletter|support (?:our|independent) journalism"
    r"|(?:hazte|become a|werden sie) (?:miembro|member|mitglied))",
    re.IGNORECASE,
)


def is_furniture(text: str) -> bool:
    """Whether a paragraph's ``text`` is a furniture line, a byline or an appeal."""
    if len(text) < _APPEAL_LENGTH and _APPEAL.search(text):
        return True
    return len(text) < FURNITURE_LENGTH and bool(
        _FURNITURE.fullmatch(text) or _BYLINE.fullmatch(text)
    )
