"""Where the cleaner's recall goes on ``trafilatura-eval-dev``: for each ``with`` snippet a
page's text misses, the structure that held it in the page.

    python -m bench.cleaner --losses N

Kinds, first that applies: ``not in markup`` (the text is built by script, or spans
elements), ``caption`` (inside <figcaption>, <figure> or <caption>), ``list`` (inside <li>,
<dd> or <dt>), ``table`` (inside <td> or <th>), ``lead above headline`` (before the page's
<h1>), ``short main block`` (the page's text came out under 500 characters), ``div-only``
(a block with no <p> in it or around it), ``text outside <p>`` (beside <p> paragraphs but in
none), ``paragraph`` (a <p> the cleaner dropped all the same).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element

from bench.snippets import normalised
from searcher.ingest.html import Page, _tree

__all__ = ["Loss", "losses"]

_CAPTION = frozenset({"figcaption", "figure", "caption"})
_LIST = frozenset({"li", "dd", "dt"})
_TABLE = frozenset({"td", "th"})
_SHORT_TEXT = 500


@dataclass(frozen=True)
class Loss:
    """One missed ``with`` snippet of a page and the kind of structure that held it."""

    key: str
    snippet: str
    kind: str
    holder: str


def losses(data: bytes, key: str, wanted: list[str], page: Page) -> Iterator[Loss]:
    """The ``with`` snippets of one page (``data`` as served) its cleaned ``page`` misses."""
    text = normalised(page.body)
    missed = [snippet for snippet in wanted if normalised(snippet) not in text]
    if not missed:
        return
    root = _tree(data)
    etree.strip_elements(root, "script", "style", etree.Comment, with_tail=False)
    h1 = root.find(".//h1")
    order = {element: at for at, element in enumerate(root.iter())}
    for snippet in missed:
        holder = _holder(root, normalised(snippet))
        if holder is None:
            yield Loss(key, snippet, "not in markup", "")
            continue
        kind = _kind(holder, h1, order, len(page.body))
        yield Loss(key, snippet, kind, f"<{holder.tag} class={holder.get('class', '')!r}>")


def summary(found: list[Loss]) -> Counter[str]:
    """How many missed snippets each kind of structure held."""
    return Counter(loss.kind for loss in found)


def _holder(root: _Element, snippet: str) -> _Element | None:
    """The deepest element whose text holds ``snippet``."""
    holder = None
    for element in root.iter():
        if isinstance(element.tag, str) and snippet in normalised("".join(element.itertext())):
            holder = element
    return holder


def _kind(holder: _Element, h1: _Element | None, order: dict[_Element, int], length: int) -> str:
    around = {holder.tag, *(element.tag for element in holder.iterancestors())}
    if around & _CAPTION:
        return "caption"
    if around & _LIST:
        return "list"
    if around & _TABLE:
        return "table"
    if h1 is not None and order.get(holder, 0) < order[h1] and h1 not in holder.iterancestors():
        return "lead above headline"
    if length < _SHORT_TEXT:
        return "short main block"
    if "p" in around:
        return "paragraph"
    if (
        holder.find(".//p") is None
        and holder.getparent() is not None
        and (holder.getparent().find("p") is None)
    ):
        return "div-only"
    return "text outside <p>"
