"""Main-text rules found on trafilatura's evaluation pages (bench/cleaner.py --losses)."""

from __future__ import annotations

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
