"""Article markup that a page ships inside its scripts, for pages rendered by JavaScript.

Next.js (App Router) pages stream their content as a "flight" payload, pushed chunk by chunk
with ``self.__next_f.push([1, "..."])``; an article's HTML body is one of its text rows,
``<id>:T<length in hex>,<html>``, often with nothing of it in the page's markup. The longest
such row that holds paragraphs is the page's article markup.
"""

from __future__ import annotations

import json
import re

from lxml.etree import _Element

__all__ = ["flight_markup"]

_PUSH = re.compile(r"self\.__next_f\.push\(\[1,\s*(\"(?:[^\"\\]|\\.)*\")\]\)")
_TEXT_ROW = re.compile(r"(?:^|\n)[0-9a-zA-Z]+:T([0-9a-f]+),")


def flight_markup(root: _Element) -> str:
    """The longest HTML text row of the page's Next.js flight payload with a <p> in it."""
    pushes = [
        script.text for script in root.iter("script") if script.text and "__next_f" in script.text
    ]
    if not pushes:
        return ""
    chunks = []
    for text in pushes:
        for match in _PUSH.finditer(text):
            try:
                chunks.append(json.loads(match.group(1)))
            except ValueError:
                continue
    data = "".join(chunks).encode("utf-8", "surrogatepass")
    best = ""
    for match in _TEXT_ROW.finditer(data.decode("utf-8", "replace")):
        start = len(match.string[: match.end()].encode("utf-8", "surrogatepass"))
        row = data[start : start + int(match.group(1), 16)].decode("utf-8", "replace")
        if "<p" in row and len(row) > len(best):
            best = row
    return best
