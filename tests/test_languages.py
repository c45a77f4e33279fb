"""Probes per language, through real indexes: spellings of one word find each other, other
words do not, and a mixed index of every language answers each probe without being told
the language (issue 15).

Each spelling of a group is one article of its language. A search for any spelling must
find the group's articles and no other word article of the index. Groups marked as false
friends are words a light stemmer conflates, as Lucene's does: kept here so that a change
of the stemmers shows.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import known_item
from searcher import Filters, Index

from tests.conftest import build_index

ZWNJ = "\u200c"
#: Per language, groups of spellings of one word (tashkeel, tatweel, hamza or not, both
#: keyboards, case, apostrophe suffixes, inflections).
GROUPS: dict[str, list[list[str]]] = {
    "ar": [
        ["غزة", "لغزة", "بغزة", "غزه"],
        ["مساعدات", "المساعدات", "للمساعدات", "والمساعدات"],
        ["اسرائيل", "إسرائيل", "الإسرائيلي"],
        ["مستشفي", "مستشفى", "المستشفى"],
        ["ايفانكا", "إيفانكا"],
        ["بغداد", "بغـــداد", "بَغْدَاد"],
        ["٢٠٢٣", "2023", "۲۰۲۳"],
        ["العراق", "العِرَاق", "عراق"],
        ["كردستان", "کردستان"],
        ["يوم", "یوم", "اليوم"],
        ["لبنان"],  # a name: not بنان
        ["بنان"],
        ["وزير", "زير"],  # false friends: وزير (minister) and زير conflate, as in Lucene
    ],
    "ckb": [
        ["حکومەت", "حکومەتی", "حكومه" + ZWNJ + "ت", "حكومەتى", "حکومەتەکە", "حکومەتەکان"],
        ["هەولێر", "هه" + ZWNJ + "ولێر"],
        ["کوردستان", "كوردستان", "کوردستانی"],
        ["سلێمانی", "سلێمانى", "سلێمانیدا"],
    ],
    "tr": [
        ["İstanbul", "istanbul", "İstanbul'da", "ISTANBUL", "İstanbul\u2019un"],
        ["Türkiye", "Türkiye'nin", "türkiye"],
        ["haber", "haberler", "haberlerde"],
        ["karar", "kararı", "kararlar"],
        ["Ankara", "Ankara'ya"],
        ["Antakya"],
    ],
    "de": [
        ["Flüchtling", "Flüchtlinge", "Flüchtlingen"],
        ["Straße", "Strasse", "Straßen"],
        ["Arm"],
        ["Armee"],
    ],
    "fr": [
        ["réfugié", "réfugiés", "refugies", "RÉFUGIÉS"],
        ["hôpital", "hopital", "hôpitaux"],
        ["paix"],
        ["pays"],
    ],
    "ru": [
        ["беженцы", "беженцев", "беженцам"],
        ["ёлка", "елка", "ЁЛКА"],
        ["Москва", "Москвы", "москве"],
        ["мир"],
        ["мера"],
    ],
}
#: Per language, (article text, query, whether the query finds it): space-less scripts
#: and phrases.
TEXTS: dict[str, list[tuple[str, str, bool]]] = {
    "ar": [
        ("وصلت المساعدات الإنسانية إلى القطاع", '"المساعدات الانسانية"', True),
        ("وصلت المساعدات الإنسانية إلى القطاع", '"الانسانية المساعدات"', False),
    ],
    "ckb": [("حكومه" + ZWNJ + "تی هەرێمی کوردستان", '"حکومەتی هەرێمی"', True)],
    "zh": [
        ("联合国宣布向加沙地带运送援助物资", "加沙", True),
        ("联合国宣布向加沙地带运送援助物资", '"加沙地带"', True),
        ("联合国宣布向加沙地带运送援助物资", "加沙地带", True),
        ("联合国宣布向加沙地带运送援助物资", "加拿大", False),
        ("联合国宣布向加沙地带运送援助物资", "沙加", False),
    ],
    "ja": [
        ("東京で大きな地震があった", "地震", True),
        ("東京で大きな地震があった", "東京", True),
        ("東京で大きな地震があった", "京都", False),
    ],
    "ko": [
        ("서울에서 한국어 뉴스를 읽었다", "한국어", True),
        ("서울에서 한국어 뉴스를 읽었다", "서울", True),
        ("서울에서 한국어 뉴스를 읽었다", "부산", False),
    ],
}
LANGUAGES = sorted({*GROUPS, *TEXTS})


def _word_id(language: str, group: int, spelling: int) -> str:
    return f"{language}-g{group}-{spelling}"


def _records(language: str) -> Iterator[dict]:
    for g, group in enumerate(GROUPS.get(language, [])):
        for s, spelling in enumerate(group):
            yield {"id": _word_id(language, g, s), "title": "", "body": spelling}
    for t, (text, _, _) in enumerate(dict.fromkeys(TEXTS.get(language, []))):
        yield {"id": f"{language}-t{t}", "title": "", "body": text}


def _index(folder: Path, languages: list[str]) -> Index:
    folder.mkdir()
    lines = [
        json.dumps({**record, "language": language, "source": "Probe"}, ensure_ascii=False)
        for language in languages
        for record in _records(language)
    ]
    (folder / "probes.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return build_index(folder, folder.parent / "idx")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    idx = _index(tmp_path_factory.mktemp("mixed") / "probes", LANGUAGES)
    yield idx
    idx.close()


def _found(idx: Index, text: str, filters: Filters | None = None) -> set[str]:
    return {hit.id for hit in idx.search(text, filters, page_size=500).hits}


def _group_cases() -> Iterator[tuple[str, int, str]]:
    for language, groups in GROUPS.items():
        for g, group in enumerate(groups):
            for spelling in group:
                yield language, g, spelling


def _check_group(idx: Index, language: str, g: int, spelling: str, filters=None) -> None:
    group = GROUPS[language][g]
    wanted = {_word_id(language, g, s) for s in range(len(group))}
    words = {hit for hit in _found(idx, spelling, filters) if "-g" in hit}
    assert words == wanted, f"{spelling!r} in {language}"


@pytest.mark.parametrize("language", sorted(GROUPS))
def test_spellings_of_a_word_find_each_other_and_nothing_else(
    tmp_path: Path, language: str
) -> None:
    with _index(tmp_path / "probes", [language]) as idx:
        for g, group in enumerate(GROUPS[language]):
            for spelling in group:
                _check_group(idx, language, g, spelling)


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_space_less_scripts_and_phrases(tmp_path: Path, language: str) -> None:
    with _index(tmp_path / "probes", [language]) as idx:
        for t, (_, text, found) in enumerate(dict.fromkeys(TEXTS[language])):
            assert (f"{language}-t{t}" in _found(idx, text)) is found, text


@pytest.mark.parametrize(("language", "g", "spelling"), list(_group_cases()))
def test_a_mixed_index_answers_every_probe_without_being_told(
    mixed: Index, language: str, g: int, spelling: str
) -> None:
    _check_group(mixed, language, g, spelling)
    _check_group(mixed, language, g, spelling, Filters(languages=[language]))


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_a_mixed_index_answers_phrases_and_cjk(mixed: Index, language: str) -> None:
    texts = list(dict.fromkeys(TEXTS[language]))
    for t, (_, text, found) in enumerate(texts):
        assert (f"{language}-t{t}" in _found(mixed, text)) is found, text


def test_language_restricts_articles_and_analysis(mixed: Index) -> None:
    arabic = _found(mixed, "المساعدات", Filters(languages=["ar"]))
    assert arabic and all(hit.startswith("ar-") for hit in arabic)
    assert _found(mixed, "المساعدات language:ar") == arabic
    assert not _found(mixed, "المساعدات", Filters(languages=["de"]))


@pytest.mark.slow
def test_arabic_known_items_are_found_in_the_other_orthography(tmp_path: Path) -> None:
    texts = known_item.resources()
    if texts is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs {known_item.PACKAGE} (pip install -e '.[test]')")
        pytest.skip(f"{known_item.PACKAGE} is not installed: pip install -e '.[arabic]'")
    found = known_item.known_item(tmp_path, texts, count=100)
    assert found.plain_on_vowelled >= 0.8
    assert found.vowelled_on_plain >= 0.8


@pytest.mark.parametrize(
    ("language", "text", "query", "marked"),
    [
        ("de", "Viele Flüchtlingen kamen an", "Flüchtling", ["Flüchtlingen"]),
        ("ckb", "حکومەتەکان کۆبوونەوە", "حکومەت", ["حکومەتەکان"]),
        ("tr", "İstanbul'da seçim var", "istanbul", ["İstanbul"]),
        (
            "ar",
            "وصلت المساعدات الإنسانية إلى القطاع",
            '"المساعدات الانسانية"',
            ["المساعدات الإنسانية"],
        ),
        ("zh", "联合国宣布向加沙地带运送援助物资", "加沙地带", ["加沙地带"]),
        ("ar", "العِرَاقُ بلدٌ", "العراق", ["العِرَاقُ"]),
    ],
)
def test_snippets_mark_the_words_as_the_article_writes_them(
    tmp_path: Path, language: str, text: str, query: str, marked: list[str]
) -> None:
    folder = tmp_path / "marks"
    folder.mkdir()
    records = [{"id": "x", "title": "t", "body": text, "language": language, "source": "S"}]
    records.append({"id": "y", "title": "t", "body": "other", "language": "en", "source": "S"})
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    (folder / "marks.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    with build_index(folder, tmp_path / "idx") as idx:
        (hit,) = idx.search(query).hits
    assert [hit.snippet[start:end] for start, end in hit.highlights] == marked


#: Articles that declare no language, a sentence each, and a form of one of their words that
#: only their language's stemmer joins to it.
UNDECLARED = {
    "de": (
        "Die Bundesregierung will den Flüchtlingen in den Lagern schneller helfen, sagte die"
        " Ministerin am Montag in Berlin.",
        "Flüchtling",
    ),
    "ru": (
        "Правительство объявило о новых мерах поддержки беженцев, сообщили в министерстве"  # noqa: RUF001
        " в понедельник.",
        "беженцы",
    ),
    "tr": (
        "Başbakan bugün İstanbul'da gazetecilere yaptığı açıklamada yeni ekonomi paketini duyurdu.",
        "istanbul",
    ),
    "ar": (
        "أعلنت وزارة الصحة عن وصول المساعدات الإنسانية إلى المستشفيات في غزة صباح اليوم.",
        "مساعدات",
    ),
    "ckb": (
        "حکومەتی هەرێمی کوردستان ڕایگەیاند کە مووچەی فەرمانبەران لە هەفتەی داهاتوودا دابەش دەکرێت.",
        "حکومەت",
    ),
    "en": (
        "The government said on Monday that the refugees would be moved from the camps before"
        " the winter.",
        "refugee",
    ),
}


def test_undeclared_articles_are_detected_and_stemmed_in_their_language(tmp_path: Path) -> None:
    folder = tmp_path / "undeclared"
    folder.mkdir()
    lines = [
        json.dumps({"id": language, "body": text}, ensure_ascii=False)
        for language, (text, _) in UNDECLARED.items()
    ]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    with build_index(folder, tmp_path / "idx") as idx:
        assert {language: idx.get(language).language for language in UNDECLARED} == {
            language: language for language in UNDECLARED
        }
        for language, (_, word) in UNDECLARED.items():
            assert _found(idx, word) == {language}, word
