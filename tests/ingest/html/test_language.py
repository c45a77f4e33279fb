"""A page's declared language checked against its text: the text wins only when it is clear,
and the page's warnings say so."""

from __future__ import annotations

import pytest

from searcher.ingest.html import clean

SPANISH = (
    "El gobierno anunció el lunes un nuevo plan para la reconstrucción de las carreteras del "
    "norte, que fueron dañadas por las lluvias. Según el ministro, las obras comenzarán en "
    "marzo y los trabajos durarán más de un año. Los vecinos de la zona pidieron que se "
    "refuercen también los puentes, porque el tráfico de camiones es cada vez mayor."
)
ENGLISH = (
    "The government announced on Monday a new plan for the repair of the northern roads, "
    "which were damaged by the rains. According to the minister, the works will start in "
    "March and are expected to last for more than a year. Residents of the area asked that "
    "the bridges be strengthened as well, as the truck traffic is growing every year."
)
KOREAN = (
    "정부는 월요일 폭우로 파손된 북부 도로를 복구하기 위한 새로운 계획을 발표했다. 장관에 따르면 "
    "공사는 삼월에 시작되며 일 년 이상 걸릴 것으로 예상된다. 지역 주민들은 트럭 통행량이 해마다 "
    "늘고 있어 다리도 함께 보강해 달라고 요청했다. 정부는 다음 달 주민 설명회를 열 계획이다."
)
# Japanese written mostly in Chinese characters (a list of places), a few kana among them.
JAPANESE = (
    "各地の震度は次のとおり。"
    + "宮崎県の高鍋町、新富町、宮崎市、延岡市、西都市、木城町、川南町。" * 6
)
POLISH = (
    "Rząd ogłosił w poniedziałek nowy plan odbudowy dróg na północy kraju, które zostały "
    "zniszczone przez ulewne deszcze. Według ministra prace rozpoczną się w marcu i potrwają "
    "ponad rok. Mieszkańcy poprosili także o wzmocnienie mostów, bo ruch ciężarówek rośnie."
)


def _page(lang: str, text: str) -> str:
    return f'<html lang="{lang}"><body><article><p>{text}</p></article></body></html>'


@pytest.mark.parametrize(
    ("lang", "text", "language"),
    [
        ("en", SPANISH, "es"),  # a site's template over a Spanish story
        ("es", ENGLISH, "en"),
        ("en", KOREAN, "ko"),
        ("en", JAPANESE, "ja"),
    ],
)
def test_text_that_plainly_reads_as_another_language_wins(
    lang: str, text: str, language: str
) -> None:
    found = clean(_page(lang, text))
    assert found.language == language
    assert found.warnings == (
        f"declared language {lang!r}, text reads as {language!r}; indexed as {language!r}",
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", SPANISH),
        ("ja", JAPANESE),  # Chinese characters with kana: Japanese, not Chinese
        ("pl", POLISH),  # a language the common words do not know is not second-guessed
        ("de", "Short line in English only."),  # too little text to tell
    ],
)
def test_the_declaration_stands_when_the_text_agrees_or_cannot_tell(lang: str, text: str) -> None:
    found = clean(_page(lang, text))
    assert (found.language, found.warnings) == (lang, ())
