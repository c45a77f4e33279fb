"""The bulk word analysis gives the terms and positions of the schema's analyzer."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.support.charset import accent_map

from searcher import ingest
from searcher.analysis.fold import fold
from searcher.analysis.words import WORD, WordPositions, news_analyzer, tokens
from searcher.engine.compat import stemmer

from tests.conftest import shared_data

_ANALYZER = news_analyzer()


def _reference(text: str) -> tuple[dict[str, list[int]], int]:
    positions: dict[str, list[int]] = defaultdict(list)
    count = 0
    for token in _ANALYZER(text, positions=True):
        positions[token.text].append(token.pos)
        count += 1
    return dict(positions), count


def test_stems_fold_accents_and_keep_stop_words() -> None:
    assert WordPositions()("The added Évening ran, running runs the") == (
        {"the": [0, 6], "add": [1], "evening": [2], "ran": [3], "run": [4, 5]},
        7,
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_analyses_as_the_analyzer_does(text: str) -> None:
    assert WordPositions()(text) == _reference(text)


_STEM = stemmer("english")
#: What analyses otherwise than before, on purpose: Chinese, words of the scripts that now
#: have their own stemmer (Greek, Cyrillic, Arabic), and accents written as marks after
#: their letter ("Hornopire\u0301n" was two words).
_NEW = re.compile(
    "[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0370-\u03ff\u0400-\u04ff\u0600-\u06ff]"
    "|\\w[\u0300-\u036f]"
)


def _before() -> WordPositions:
    """The analysis as it was before it knew other languages: ``\\w+``, lower-cased,
    accents folded, English-stemmed."""

    def analyse(text: str) -> tuple[dict[str, list[int]], int]:
        positions: dict[str, list[int]] = defaultdict(list)
        words = re.findall(r"\w+", text)
        for position, word in enumerate(words):
            positions[_STEM(word.lower().translate(accent_map))].append(position)
        return dict(positions), len(words)

    return analyse


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "changed"), [("news-articles-2017.csv.gz", 8), ("reuters21578.jsonl.gz", 0)]
)
def test_real_articles_analyse_as_before_but_chinese_and_marks(name: str, changed: int) -> None:
    path = shared_data() / name
    words, before = WordPositions(), _before()
    articles = ingest.parse(path, path.read_bytes()).articles
    # The detector takes none of them for another language, so each is analysed as English.
    assert {article.language for article in articles} <= {"en", ""}
    texts = [text for article in articles for text in (article.title, article.body)]
    english = [text for text in texts if not _NEW.search(text)]
    assert len(texts) - len(english) == changed
    for text in english:
        assert words(text) == before(text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("العِرَاق", ["العراق"]),  # harakat inside a word, not between fragments
        ("بغـــداد ٢٠٢٣", ["بغداد", "2023"]),
        ("إسرائيل أمن آمن مستشفى غزة", ["اسرائيل", "امن", "امن", "مستشفي", "غزه"]),
        ("کردستان یوم", ["كردستان", "يوم"]),  # Persian and Kurdish keyboards
        ("حكومه\u200cت حکومەت", ["حكومەت", "حكومەت"]),  # heh + ZWNJ is ae
        ("İSTANBUL'da \u0131stanbul", ["istanbul", "da", "istanbul"]),
        ("Straße Strasse", ["strasse", "strasse"]),
        ("ёлка Ёлка елка", ["елка", "елка", "елка"]),
        ("ﬁnancial ½", ["financial", "½"]),
        ("ـــ word", ["", "word"]),
    ],
)
def test_words_keep_their_marks_and_are_folded(text: str, folded: list[str]) -> None:
    assert [fold(word) for word in re.findall(WORD, text)] == folded


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("加沙地带 gaza", ["加沙", "沙地", "地带", "gaza"]),
        ("東京で 한국어 中", ["東京", "京で", "한국", "국어", "中"]),
        ("ﾃﾚﾋﾞ", ["テレ", "レビ"]),
        ("ـــ word", ["word"]),
    ],
)
def test_cjk_is_cut_in_bigrams(text: str, terms: list[str]) -> None:
    assert [term for term, _, _ in tokens(text)] == terms


def test_bigrams_have_their_own_positions_and_offsets() -> None:
    found = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in _ANALYZER("加沙地 x", chars=True, positions=True)
    ]
    assert found == [("加沙", 0, 0, 2), ("沙地", 1, 1, 3), ("x", 2, 4, 5)]
    assert WordPositions()("加沙地 x") == ({"加沙": [0], "沙地": [1], "x": [2]}, 3)
