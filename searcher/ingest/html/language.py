"""The language of a page: the one it declares, unless its text plainly reads as another.

Templates declare one language for every page of a site (``<html lang="en">`` over a
Spanish story), so the declaration is checked against the text, cheaply on purpose: by
script (Hangul is Korean, kana Japanese, Greek Greek...) and, between languages of the Latin
script, by their commonest words. The text wins only when it is clear; the cleaner then says
so in the page's warnings. (``searcher.analysis`` may hold a fuller detector; this check
stays in ``ingest.html`` to stay cheap and dependency-free.)
"""

from __future__ import annotations

import re
from collections import Counter

from searcher.ingest.common import guess_language

__all__ = ["checked_language"]

_SAMPLE = 3000
# Scripts that name one language. Chinese characters write Japanese too: with kana among
# them (a twentieth of the letters at least) they are Japanese.
_SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_KANA = re.compile(r"[\u3040-\u30ff]")
_KANA_SHARE = 0.05
# Scripts that write many languages: a declaration in another script is wrong, but which of
# their languages the text is in is not told here.
_SHARED_SCRIPTS = (
    (frozenset(["ar", "fa", "ur", "ps", "ku", "sd", "ug"]), re.compile(r"[\u0600-\u06ff]")),
    (
        frozenset(["ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg"]),
        re.compile(r"[\u0400-\u04ff]"),
    ),
)
# The commonest words of languages written in the Latin script.
_STOP_WORDS = {
    language: frozenset(words.split())
    for language, words in {
        "en": "the and of to in is that for it with was on as are be by this have from at",
        "de": "der die und das ist nicht mit den sich des auf für dem ein eine auch im von zu",
        "fr": "le la les et des est une du que dans pour pas qui sur au avec ce sont il elle",
        "es": "el la los las y que del en por una con para es se al lo como más su fue",
        "it": "il di che la e per un una non sono del della con è gli le nel si anche",
        "pt": "o a os as e que do da em um uma para com não se por mais dos das foi",
        "nl": "de het een en van is dat op te in voor niet met zijn aan er ook als",
    }.items()
}
_WORD = re.compile(r"[^\W\d_]+")
_MIN_LETTERS = 50  # a script names the language when it writes most of this many letters
_MIN_HITS = 12  # common words to count before the text outvotes a declaration
_MARGIN = 3  # ...and how many times the declared language's count


def checked_language(declared: str, text: str) -> tuple[str, str]:
    """The page's language and, when its text overrode ``declared``, a warning saying so."""
    found = _read(text[:_SAMPLE], declared)
    if not found or found == declared:
        return declared, ""
    if not declared:
        return found, ""
    return found, f"declared language {declared!r}, text reads as {found!r}; indexed as {found!r}"


def _read(sample: str, declared: str) -> str:
    """The language ``sample`` clearly reads as, when that is not ``declared``; else ""."""
    words = _WORD.findall(sample)
    letters = sum(map(len, words))
    if letters < _MIN_LETTERS:
        return ""
    for language, script in _SCRIPTS:
        if len(script.findall(sample)) > letters / 2:
            if language == "zh" and len(_KANA.findall(sample)) >= letters * _KANA_SHARE:
                return "ja"
            return language
    for languages, script in _SHARED_SCRIPTS:
        if len(script.findall(sample)) > letters / 2:
            return "" if declared in languages else guess_language(sample)
    counts = Counter(word.lower() for word in words)
    hits = {language: sum(counts[word] for word in stop) for language, stop in _STOP_WORDS.items()}
    if declared and declared not in hits:
        return ""  # a language these words cannot tell from the others
    top = max(hits, key=hits.__getitem__)
    others = max(count for language, count in hits.items() if language != top)
    if hits[top] >= _MIN_HITS and hits[top] >= others * _MARGIN:
        return top
    return ""
