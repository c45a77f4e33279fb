"""Marked text and links for the templates, which escape every piece they are given."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def pieces(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut at the library's highlight offsets: (piece, marked) in order, so a
    template wraps the marked ones in ``<mark>`` and escapes them all."""
    out, at = [], 0
    for start, end in spans:
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out


def safe_url(url: str | None) -> str | None:
    """An article's original URL when it is http(s), else None: a ``javascript:`` or
    ``data:`` URL from an article is never a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
