"""The article's own text from a parsed page: paragraphs and subheadings, in reading order.

The page is first stripped of what is never article text (scripts, forms, media), then cut into
paragraphs, each remembering the block that holds it. Hidden elements and page chrome,
recognised by tag, ARIA role or class and id words (navigation, share bars, related lists,
comments, ads...), lose their paragraphs, unless they hold much of the page's real text (a
misleading class name must not empty a page) or their names also name content, as readability
has it ("field-name-body field-label-hidden" hides a label, not the body). The article is the
container that scores best as readability scores them (paragraph length and commas, less for
links), or the ancestor it shares with several that score nearly as well (a story cut into
sections), with its siblings that score well and the elements of its own kind elsewhere, which
gathers a body split by ads or into columns, the subheadings right before these, and the long
<p> paragraphs (or blocks named a lead) between the headline and that container (the lead a
template puts in the story's header). Furniture lines (``furniture``: "Advertisement", "Read
more", bylines, photo credits, appeals to subscribe), link lists and the subheadings that
announce them are dropped last.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element

from searcher.ingest.common import collapse
from searcher.ingest.html.chrome import hidden, is_chrome, is_chrome_element, name_words
from searcher.ingest.html.furniture import FURNITURE_LENGTH, is_furniture
from searcher.ingest.html.tags import BLOCKS, NEVER_TEXT

__all__ = ["main_text"]

# Chrome holding more than this share of the good paragraphs' text is kept all the same.
_KEEP_HIDDEN = 0.8
_KEEP_CHROME = 0.6
# An article shorter than this, on a page with this many times more good text, was emptied
# by class names.
_SHORT_ARTICLE = 250
_SHORT_SHARE = 4
_IDEOGRAPHS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_SOFT_HYPHEN = "\u00ad"
_GOOD_LENGTH = 60  # a paragraph this long with few links is article text
_GOOD_LINKS = 0.3
# Content scores, as readability: a paragraph gives points to its container and less to the
# containers above; siblings of the best container scoring this share of it join it.
_LEVEL_WEIGHTS = (1.0, 0.5, 1 / 6)
_MIN_SCORED = 25
_SIBLING_SHARE = 0.2
_MIN_SIBLING_SCORE = 10.0
# Elements scoring this share of the best one, when there are this many, make their common
# ancestor the container (readability's constants).
_CLOSE_SHARE = 0.75
_CLOSE_COUNT = 3
_LEAD_WORDS = re.compile(
    r"lead|intro|standfirst|excerpt|vorspann|chapo|perex|bajada|abstract|summary|deck|subtitle"
)
_POSITIVE = re.compile(r"article|body|content|entry|hentry|main|page|post|text|blog|story")
_POSITIVE_BONUS = 25.0
_PARAGRAPH_LIKE = frozenset(
    {"p", "li", "blockquote", "pre", "td", "dd", "h2", "h3", "h4", "h5", "h6"}
)
_LINKED_LINE = 0.5
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


@dataclass
class _Paragraph:
    text: str
    links: int
    block: _Element
    #: The text's length as thresholds made for spaced scripts weigh it.
    spaced: int = 0

    def __post_init__(self) -> None:
        self.spaced = _spaced_length(self.text)


def main_text(root: _Element) -> list[str]:
    """The paragraphs of the article on the page ``root`` (which is modified)."""
    body = root.find("body")
    if body is None:
        body = root
    marked = _marked(body)
    headline = _mark_headline(body)
    etree.strip_elements(
        body, *NEVER_TEXT, etree.Comment, etree.ProcessingInstruction, with_tail=False
    )
    everything = _paragraphs(body)
    text = _article(body, everything, headline, is_chrome, marked)
    good = sum(len(paragraph.text) for paragraph in everything if _is_good(paragraph))
    if sum(map(len, text)) < _SHORT_ARTICLE and good > _SHORT_ARTICLE * _SHORT_SHARE:
        # Class names emptied a page full of text (page builders call every block a
        # "widget"): chrome by tag and role alone.
        text = _article(body, everything, headline, is_chrome_element, marked)
    return [_tidy(paragraph) for paragraph in text]


def _article(
    body: _Element,
    paragraphs: list[_Paragraph],
    headline: _Element | None,
    is_chrome: Callable[[_Element], bool],
    marked: set[_Element],
) -> list[str]:
    """The article's paragraphs among ``paragraphs``, chrome told by ``is_chrome``."""
    for is_out, share, keep in (
        (hidden(body).__contains__, _KEEP_HIDDEN, set()),
        (is_chrome, _KEEP_CHROME, marked),
    ):
        kept = _outside(body, paragraphs, is_out, share, keep)
        paragraphs = [paragraph for paragraph in paragraphs if paragraph.block in kept]
    inside = _container(paragraphs, body)
    if headline is not None:
        inside |= _lead(paragraphs, inside, headline, body)
    chosen = [paragraph for paragraph in paragraphs if paragraph.block in inside]
    return [
        paragraph.text
        for paragraph, following in zip(chosen, [*chosen[1:], None], strict=False)
        if _is_text(paragraph)
        and not (following is not None and _is_title(paragraph) and _is_link_line(following))
    ]


def _mark_headline(body: _Element) -> _Element | None:
    """An empty element in place of the page's first <h1>, which is stripped: where the
    story starts."""
    h1 = body.find(".//h1")
    if h1 is None:
        return None
    for holder in h1.iterancestors("noscript"):
        holder.tag = "div"  # a <noscript> left open around the page: the page, not a fallback
    mark = etree.Element("searcher-headline")
    h1.addprevious(mark)
    return mark


def _lead(
    paragraphs: list[_Paragraph], inside: set[_Element], headline: _Element, body: _Element
) -> set[_Element]:
    """The blocks of the good paragraphs between the headline and the article's container:
    the standfirst and lead that templates put in the story's header, outside its body."""
    order = {element: at for at, element in enumerate(body.iter())}
    start = order.get(headline)
    if start is None:  # the headline sat in what was stripped (a <noscript>, say)
        return set()
    end = next((order[p.block] for p in paragraphs if p.block in inside), start)
    return {
        paragraph.block
        for paragraph in paragraphs
        if (paragraph.block.tag == "p" or _is_lead_block(paragraph.block))
        and start < order[paragraph.block] < end
        and _is_good(paragraph)
    }


def _marked(body: _Element) -> set[_Element]:
    """Elements that hold the headline or a marked article: never chrome by their name."""
    marked = set()
    for element in body.xpath("//h1 | //main | //*[@itemprop='articleBody']"):
        if element not in marked:
            marked.update(element.iterancestors())
            marked.add(element)
    return marked


def _is_lead_block(element: _Element) -> bool:
    """Whether a block's class or id names it the story's lead ("art-lead", "intro")."""
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return any(_LEAD_WORDS.fullmatch(word) for word in name_words(names))


def _is_good(paragraph: _Paragraph) -> bool:
    """Whether a paragraph is surely article text: long, and not mostly links."""
    text = paragraph.text
    return _spaced_length(text) >= _GOOD_LENGTH and paragraph.links <= len(text) * _GOOD_LINKS


def _spaced_length(text: str) -> int:
    """The length ``text`` would have in a spaced alphabet, for the thresholds made for one:
    a Chinese or Japanese character says about what three letters do, a Hangul syllable
    two."""
    if text.isascii():
        return len(text)
    return len(text) + 2 * len(_IDEOGRAPHS.findall(text)) + len(_HANGUL.findall(text))


def _mass(paragraphs: list[_Paragraph]) -> defaultdict[_Element, int]:
    """The length of good paragraph text inside each element."""
    mass: defaultdict[_Element, int] = defaultdict(int)
    for paragraph in paragraphs:
        if _is_good(paragraph):
            length = len(paragraph.text)
            mass[paragraph.block] += length
            for parent in paragraph.block.iterancestors():
                mass[parent] += length
    return mass


def _outside(
    body: _Element,
    paragraphs: list[_Paragraph],
    is_chrome: Callable[[_Element], bool],
    share: float,
    marked: set[_Element],
) -> set[_Element]:
    """The elements outside chrome; chrome that is marked or holds more than ``share`` of the
    good text is kept, so a misleading class name cannot empty the page."""
    mass = _mass(paragraphs)
    limit = mass[body] * share
    kept = set()
    walk = etree.iterwalk(body, events=("start",))
    for _, element in walk:
        if (
            element is not body
            and element not in marked
            and mass.get(element, 0) <= limit
            and is_chrome(element)
        ):
            walk.skip_subtree()
        else:
            kept.add(element)
    return kept


def _paragraphs(body: _Element) -> list[_Paragraph]:
    """The runs of inline text between block boundaries, with their block and linked share."""
    found: list[_Paragraph] = []
    pieces: list[str] = []
    links = 0
    in_link = 0
    blocks: list[_Element] = [body]

    def flush() -> None:
        nonlocal links
        if pieces:
            raw = "".join(pieces)
            if not raw.isspace():
                text = collapse(raw)
                found.append(_Paragraph(text, min(links, len(text)), blocks[-1]))
            pieces.clear()
        links = 0

    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag in BLOCKS:
                flush()
                blocks.append(element)
            elif tag == "br":
                if blocks[-1].tag != "p":
                    flush()
                pieces.append(" ")
            elif tag == "a":
                in_link += 1
            if element.text:
                pieces.append(element.text)
                if in_link:
                    links += len(element.text.strip())
        else:
            if tag in BLOCKS:
                flush()
                blocks.pop()
            elif tag == "a":
                in_link -= 1
            if element.tail and element is not body:
                pieces.append(element.tail)
                if in_link:
                    links += len(element.tail.strip())
    flush()
    return found


def _tidy(text: str) -> str:
    """``text`` without soft hyphens (invisible break hints that would split its words for
    search) and in Unicode's composed form (NFC), as searches and other pages write it."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text.replace(_SOFT_HYPHEN, ""))


def _container(paragraphs: list[_Paragraph], body: _Element) -> set[_Element]:
    """The elements of the best-scoring container, of its siblings that score well too, of
    the elements of its kind elsewhere (the parts of a body split by ads or columns), and the
    subheadings right before each of these."""
    scores = _scores(paragraphs)
    if not scores:
        return set(body.iter())
    best = max(scores, key=scores.__getitem__)
    top = _common(best, scores, body)
    kind = (top.tag, top.get("class"))
    parts = [top]
    if kind[1]:
        parts += [
            element
            for element, score in scores.items()
            if score > 0 and element is not top and (element.tag, element.get("class")) == kind
        ]
    parent = top.getparent()
    while parent is not None and parent is not body and len(parent) == 1:
        top, parent = parent, parent.getparent()
    if parent is not None:
        threshold = max(_MIN_SIBLING_SCORE, scores[best] * _SIBLING_SHARE)
        parts += [
            sibling
            for sibling in parent
            if sibling is not top and scores.get(sibling, 0) >= threshold
        ]
    parts.append(top)
    parts += [heading for part in parts for heading in _headings_before(part)]
    return {element for part in parts for element in part.iter()}


def _headings_before(part: _Element) -> list[_Element]:
    """The subheadings right before a part of the article, which introduce it."""
    headings = []
    previous = part.getprevious()
    while previous is not None and previous.tag in _HEADINGS:
        headings.append(previous)
        previous = previous.getprevious()
    return headings


def _common(best: _Element, scores: dict[_Element, float], body: _Element) -> _Element:
    """The container for the best-scoring element: as readability has it, the nearest of its
    ancestors that also holds several elements scoring nearly as well (a story cut into
    sections, posts or table cells, each of which scores alone), else ``best`` itself."""
    limit = scores[best] * _CLOSE_SHARE
    close = [element for element, score in scores.items() if score >= limit and element is not best]
    if len(close) < _CLOSE_COUNT:
        return best
    ancestries = [set(element.iterancestors()) for element in close]
    for parent in best.iterancestors():
        if parent is body:
            break
        if sum(parent in ancestry for ancestry in ancestries) >= _CLOSE_COUNT:
            return parent
    return best


def _scores(paragraphs: list[_Paragraph]) -> dict[_Element, float]:
    """Content scores of the elements that hold paragraphs, weighed down by their links."""
    scores: defaultdict[_Element, float] = defaultdict(float)
    length: defaultdict[_Element, int] = defaultdict(int)
    linked: defaultdict[_Element, int] = defaultdict(int)
    for paragraph in paragraphs:
        text = paragraph.text
        holder = paragraph.block
        if holder.tag in _PARAGRAPH_LIKE:
            holder = holder.getparent()
        for element in (paragraph.block, *paragraph.block.iterancestors()):
            length[element] += len(text)
            linked[element] += paragraph.links
        spaced = paragraph.spaced
        if spaced < _MIN_SCORED or holder is None:
            continue
        points = 1 + text.count(",") + text.count("\u3001") + min(spaced // 100, 3)
        for weight, element in zip(_LEVEL_WEIGHTS, (holder, *holder.iterancestors()), strict=False):
            if element not in scores:
                scores[element] = _class_bonus(element)
            scores[element] += points * weight
    return {
        element: score * (1 - linked[element] / length[element])
        for element, score in scores.items()
        if length[element]
    }


def _class_bonus(element: _Element) -> float:
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return _POSITIVE_BONUS if _POSITIVE.search(names) else 0.0


def _is_title(paragraph: _Paragraph) -> bool:
    """Whether a paragraph is a short subheading."""
    return paragraph.block.tag in _HEADINGS and len(paragraph.text) < FURNITURE_LENGTH


def _is_link_line(paragraph: _Paragraph) -> bool:
    """Whether a paragraph is mostly link text: a line of a link list."""
    return paragraph.links > len(paragraph.text) * _LINKED_LINE


def _is_text(paragraph: _Paragraph) -> bool:
    return not _is_link_line(paragraph) and not is_furniture(paragraph.text)
