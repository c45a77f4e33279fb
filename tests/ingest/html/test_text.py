"""Main-text rules found on trafilatura's evaluation pages (bench/cleaner.py --losses)."""

from __future__ import annotations

import pytest

from searcher.ingest.html import clean

from tests.ingest.test_html import BODY, LEAD, SECOND, THIRD, page

STORY_LINES = [LEAD, SECOND, THIRD]

BODY_HTML = f"<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p>"
OTHER = (
    "<p>Readers wrote in all week about the bridge closure and the long detours.</p>"
    "<p>One letter asked why the works could not wait until the school holidays.</p>"
    "<p>Another reader wanted to know when the buses would run on time again.</p>"
)


def test_class_naming_both_content_and_chrome_is_content() -> None:
    # Drupal's "field-label-hidden" hides the field's label, not the story body.
    markup = page(
        f'<div><div class="field field-name-body field-label-hidden">{BODY_HTML}</div></div>'
        f"<div><div>{OTHER}</div></div>"
    )
    assert clean(markup).body == BODY


def test_lead_between_headline_and_story_body_is_kept() -> None:
    markup = page(
        f'<article><header><h1>Convoy crosses</h1><p class="intro">{LEAD}</p></header>'
        f'<div class="story-body"><p>{SECOND}</p><p>{THIRD}</p><p>{SECOND}</p></div></article>'
    )
    assert clean(markup).body == f"{LEAD}\n\n{SECOND}\n\n{THIRD}\n\n{SECOND}"


def test_teaser_list_between_headline_and_story_body_is_not_a_lead() -> None:
    teasers = "".join(f"<li>{line}</li>" for line in (LEAD, SECOND))
    markup = page(
        f"<h1>Convoy crosses</h1><ul>{teasers}</ul>"
        f'<div class="story-body"><p>{THIRD}</p><p>{THIRD}</p></div>'
    )
    assert clean(markup).body == f"{THIRD}\n\n{THIRD}"


def test_page_builder_calling_every_block_a_widget_is_not_emptied() -> None:
    blocks = [f'<div class="widget-container"><p>{line}</p></div>' for line in STORY_LINES * 5]
    markup = page(f"<div>{''.join(blocks)}</div>")
    assert clean(markup).body == "\n\n".join(STORY_LINES * 5)


def test_bem_modifiers_and_layout_utilities_do_not_name_chrome() -> None:
    # "Section--Ads": a section with ads in it; "overflow-hidden", "hidden-xs": layout.
    for name in ("Report__Section--Ads", "box overflow-hidden", "col hidden-xs"):
        markup = page(
            f'<div><div class="{name}">{BODY_HTML}</div></div><div><div>{OTHER}</div></div>'
        )
        assert clean(markup).body == BODY, name


def test_lead_block_named_so_between_headline_and_story_body_is_kept() -> None:
    markup = page(
        f'<article><h1>Convoy crosses</h1><div class="art-lead">{LEAD}</div>'
        f'<div class="story-body"><p>{SECOND}</p><p>{THIRD}</p><p>{SECOND}</p></div></article>'
    )
    assert clean(markup).body == f"{LEAD}\n\n{SECOND}\n\n{THIRD}\n\n{SECOND}"


def test_heading_that_announces_a_link_list_goes_with_it() -> None:
    links = '<ul><li><a href="/a">Aid groups warn of shortages at the border</a></li></ul>'
    markup = page(
        f"<article>{BODY_HTML}<h3>More on this topic:</h3>{links}"
        f"<h3>What comes next</h3><p>{SECOND}</p></article>"
    )
    assert clean(markup).body == f"{BODY}\n\nWhat comes next\n\n{SECOND}"


@pytest.mark.parametrize(
    "name",
    [
        "jp-relatedposts",
        "ez-toc-container",
        "post-ratings",
        "kommentarModul",
        "noprint",
        "recirculation-box",
        "postmetadata",
        "dateline",
        "licenceInfo",
        "c-flyout",
    ],
)
def test_chrome_named_in_the_story_is_dropped(name: str) -> None:
    chrome = (
        f'<div class="{name}"><p>Some lines that belong to the page and not the story.</p></div>'
    )
    markup = page(f"<article><p>{LEAD}</p>{chrome}<p>{SECOND}</p><p>{THIRD}</p></article>")
    assert clean(markup).body == BODY


@pytest.mark.parametrize(
    "furniture",
    [
        "Mehr zum Thema",
        "Ähnliche Beiträge",
        "Das könnte Sie auch interessieren:",
        "Explore further",
        "Inhaltsverzeichnis",
        "Über den Autor",
        "4 Min Read",
        "Kategorie: News, Politik",
        "Titelbild: Anna Muster",
        "Crédits photos : Agence",
        "Abbildung 2: Der Aufbau der Anlage.",
        "Zuletzt aktualisiert am 3. Mai 2023",
        "Mehr aus der Sendung",
        "Lesen Sie auch die folgenden Beiträge:",
        "Das Thema könnte dich auch interessieren:",
        "- Anzeige -",
        "News date : 04/21/2022 Category : Press Releases",
        "Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02",
        "11 Jan 2019",
        "Montag, 3. Mai 2021, 14:05 Uhr",
        "(12 Rezepte)",
        "Seite teilen",
        "Unser Newsletter",
        "Schreibe einen Kommentar",
        "Keine Kommentare",
        "Quelle: Agentur",
        "© 2020 The Daily Ledger",
        "Weiterführende Links",
        "Further reading",
        "Artikel drucken",
        "Dieses Dokument als PDF herunterladen",
    ],
)
def test_furniture_of_many_languages_is_dropped(furniture: str) -> None:
    markup = page(
        f"<article><p>{LEAD}</p><p>{furniture}</p><p>{SECOND}</p><p>{THIRD}</p></article>"
    )
    assert clean(markup).body == BODY


def test_noscript_left_open_around_the_page_does_not_hide_it() -> None:
    # libxml2 puts the rest of the page inside a <noscript> that was never closed.
    markup = (
        "<!DOCTYPE html><html><head></head><body><noscript><img src='pixel.gif'>"
        f"<div><h1>Convoy crosses</h1><div>{BODY_HTML}</div></div></body></html>"
    )
    assert clean(markup).body == BODY


def test_standfirst_in_the_header_of_an_article_is_kept() -> None:
    markup = page(
        "<header><p>The Daily Ledger, independent news since 1901 for the whole region</p>"
        f'</header><article><h1>Convoy</h1><header><p class="subtitle">{LEAD}</p></header>'
        f"<div><p>{SECOND}</p><p>{THIRD}</p><p>{SECOND}</p></div></article>"
    )
    assert clean(markup).body == f"{LEAD}\n\n{SECOND}\n\n{THIRD}\n\n{SECOND}"


def test_story_cut_into_sections_that_each_score_alone_is_kept_whole() -> None:
    sections = "".join(
        f"<div><h2>Part {number}</h2><div><p>{line}</p><p>{line}</p></div></div>"
        for number, line in enumerate((SECOND,) * 4, start=1)
    )
    markup = page(f"<div>{sections}</div><div><div>{OTHER[:80]}</div></div>")
    expected = "\n\n".join(
        f"Part {number}\n\n{line}\n\n{line}" for number, line in enumerate((SECOND,) * 4, start=1)
    )
    assert clean(markup).body == expected


def test_soft_hyphens_are_dropped_and_text_is_composed() -> None:
    # "Mit\xadtel\xadal\xadter" is "Mittelalter" to a reader; U+09DF decomposes under NFC.
    markup = page(
        f"<article><p>Im Mit\xadtel\xadal\xadter \u09df {LEAD}</p><p>{SECOND}</p></article>"
    )
    assert clean(markup).body == f"Im Mittelalter \u09af\u09bc {LEAD}\n\n{SECOND}"


@pytest.mark.parametrize(
    "line",
    [
        "The newsletter said on Monday that prices would rise.",
        "Recent comments by the minister drew criticism.",
        "Teilen sich zwei Parteien die Macht, wird es schwer.",
        "In May 2021 the bridge was closed for good.",
    ],
)
def test_story_lines_that_start_like_the_new_furniture_are_kept(line: str) -> None:
    markup = page(f"<article><p>{LEAD}</p><p>{line}</p><p>{SECOND}</p></article>")
    assert clean(markup).body == f"{LEAD}\n\n{line}\n\n{SECOND}"


def test_json_ld_article_body_written_in_html_is_read_as_html() -> None:
    # Escaped twice, as some sites ship it: tags and entities are markup, not text.
    story = f"&lt;p class=&quot;texto&quot;&gt;{LEAD} Solu&amp;ccedil;&amp;atilde;o.&lt;/p&gt;"
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Convoy",'
        f' "articleBody": "{story}<p>{SECOND}</p>"}}</script>'
    )
    assert clean(page('<div id="app"></div>', head)).body == f"{LEAD} Solução.\n\n{SECOND}"


def test_subheading_right_before_the_story_body_is_kept() -> None:
    markup = page(
        '<div><div class="box"><p><a href="/a">Elsewhere</a></p></div><h2>What happened</h2>'
        f'<div class="story">{BODY_HTML}</div></div>'
    )
    assert clean(markup).body == f"What happened\n\n{BODY}"


def test_custom_element_named_as_chrome_is_dropped() -> None:
    teaser = "<pp-inline-teaser><p>Questions and answers on the same topic, on another page.</p>"
    markup = page(
        f"<article><p>{LEAD}</p>{teaser}</pp-inline-teaser><p>{SECOND}</p><p>{THIRD}</p></article>"
    )
    assert clean(markup).body == BODY


@pytest.mark.parametrize(
    "appeal",
    [
        "Follow The Daily Ledger on Twitter and Instagram and send us your news tips any time.",
        "For the latest stories and breaking news download the Ledger apps for iOS and Android.",
        "To view the full story, please subscribe to The Daily Ledger. Plans start at $5 a week.",
        "Get the latest news straight to your phone with our app.",
        "Werden Sie Mitglied und erhalten Sie exklusive Angebote!",
    ],
)
def test_appeals_to_the_reader_are_dropped(appeal: str) -> None:
    markup = page(f"<article><p>{LEAD}</p><p>{SECOND}</p><p>{appeal}</p><p>{THIRD}</p></article>")
    assert clean(markup).body == BODY


def test_story_sentences_about_subscribing_are_kept() -> None:
    line = "If you were to subscribe to all three services separately, you would pay more."
    markup = page(f"<article><p>{LEAD}</p><p>{line}</p><p>{SECOND}</p></article>")
    assert clean(markup).body == f"{LEAD}\n\n{line}\n\n{SECOND}"
