"""Pages in scripts without spaces, and pages that ship their article inside scripts: neither
is skipped as a page without article text."""

from __future__ import annotations

import json

from searcher.ingest.html import clean

from tests.ingest.test_html import BODY, LEAD, SECOND, THIRD, article, page

JAPANESE = [
    "政府は月曜日、新しい防災計画を発表した。",
    "計画では沿岸部の避難所を増やすという。",
    "住民への説明会は来月から始まる予定だ。",
]
ASIDE = "Weather for the week ahead: sunny spells and light winds."


def test_short_paragraphs_of_a_script_without_spaces_are_article_text() -> None:
    # Twenty ideographs say what some sixty letters do: thresholds made for spaced
    # scripts would pass the story over for the English line beside it.
    story = "".join(f"<p>{line}</p>" for line in JAPANESE)
    markup = page(f'<div class="story">{story}</div><div class="box"><p>{ASIDE}</p></div>')
    assert clean(markup).body == "\n\n".join(JAPANESE)


def _flight(*rows: str) -> str:
    pushes = "".join(f"<script>self.__next_f.push([1,{json.dumps(row)}])</script>" for row in rows)
    return pushes.replace("</p>", "<\\/p>")


def test_article_shipped_in_a_next_js_flight_payload_is_read() -> None:
    markup = "".join(f"<p>{line}</p>" for line in (LEAD, SECOND, THIRD))
    size = format(len(markup.encode("utf-8")), "x")
    payload = _flight('0:["$","div",null,{}]\n24:T' + size + ",", markup, '\n25:["$","p"]\n')
    found = article(page(f"<h1>Convoy crosses</h1><div id='root'></div>{payload}"))
    assert found.body == BODY


def test_flight_payload_rows_are_cut_at_their_byte_length() -> None:
    markup = "".join(f"<p>{line}</p>" for line in JAPANESE * 2)
    size = format(len(markup.encode("utf-8")), "x")
    payload = _flight("24:T" + size + "," + markup + "25:T5,<p>x</p>")
    assert clean(page(f"<div></div>{payload}")).body == "\n\n".join(JAPANESE * 2)
