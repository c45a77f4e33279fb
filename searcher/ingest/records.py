"""Records: one article per JSON object (JSON lines, a JSON array) or CSV/TSV row.

JSON lines and CSV files are cut into records by ``searcher.ingest.stream`` and parsed here
(:func:`parse_rows`), a piece at a time; a JSON document is parsed whole (:func:`parse_json`).

Data sets name their columns every which way ("publish_date", "article_source_link",
"headline"...), so keys are matched case- and punctuation-insensitively against aliases.
A bad record costs a warning, never the file.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from searcher.article import Article, make_id
from searcher.errors import IngestError
from searcher.fields import Value, field_name
from searcher.ingest.common import (
    collapse,
    first_sentence,
    guess_language,
    host_of,
    language_code,
    megabytes,
    read_date,
    split_authors,
)
from searcher.ingest.decode import normalize

__all__ = ["parse_json", "parse_rows"]

# Canonical field -> normalised key aliases, most specific first.
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "articleid", "docid", "newid", "guid", "uuid"),
    "url": (
        "url",
        "link",
        "articlesourcelink",
        "sourcelink",
        "articleurl",
        "canonicalurl",
        "permalink",
        "weburl",
        "href",
        "sourceurl",
    ),
    "source": (
        "source",
        "outlet",
        "publisher",
        "site",
        "sitename",
        "sourcename",
        "publication",
        "newspaper",
        "domain",
    ),
    "date": (
        "date",
        "publishdate",
        "published",
        "pubdate",
        "publishedat",
        "publicationdate",
        "datepublished",
        "datetime",
        "timestamp",
        "dateraw",
    ),
    "title": ("title", "headline", "heading"),
    "body": (
        "body",
        "text",
        "content",
        "article",
        "story",
        "fulltext",
        "articletext",
        "articlebody",
        "maintext",
        "textunstructured",
    ),
    "summary": ("subtitle", "description", "summary", "abstract", "standfirst", "lede", "dek"),
    "authors": ("authors", "author", "byline", "creator", "creators"),
    "language": ("language", "lang", "inlanguage", "locale"),
}
# JSON documents that wrap their records: {"articles": [...]}, {"data": [...]}...
_CONTAINERS = ("articles", "items", "records", "data", "results", "documents", "docs", "entries")
_MISSING = frozenset({"", "nan", "none", "null", "n/a"})
_NOT_KEY = re.compile(r"[^a-z0-9]+")
#: CSV delimiters, the one a header line holds most of being its file's.
DELIMITERS = (",", "\t", ";", "|")
_RAISE = " (raise --max-article-mb)"
_MORE_THAN_ONE_ARTICLE = f", more than one article may hold{_RAISE}"


def parse_json(
    path: Path, text: str, *, lines: bool, max_text: int
) -> tuple[list[Article], list[str]]:
    """Articles of a JSON document (array, wrapped array or one object) or of JSON lines.

    The whole text is tried as one document first (it stops at the end of the first line
    of a JSONL file), so a ``.json`` holding JSON lines and a ``.jsonl`` holding an array
    both work. ``lines`` says the file is a records file even when it holds one object.
    A record with more than ``max_text`` characters of text is skipped with a warning.
    """
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        found = _from_lines(path, text, max_text)
        if not found[0] and isinstance(exc, json.JSONDecodeError) and exc.msg != "Extra data":
            raise IngestError(f"broken JSON at line {exc.lineno}: {exc.msg}") from None
        return _finish(*found)
    articles: list[Article] = []
    warnings: list[str] = []
    if isinstance(document, dict):
        wrapped = next(
            (document[key] for key in _CONTAINERS if isinstance(document.get(key), list)), None
        )
        if wrapped is None:
            record = _normalized(document)
            if lines:  # JSON lines holding one line
                first_line = text[: len(text) - len(text.lstrip())].count("\n") + 1
                _add(record, path, 1, f"line {first_line}: ", articles, warnings, max_text)
                return _finish(articles, warnings)
            article = _article(record, path, None, "", warnings, max_text)
            return _finish([article] if article else [], warnings)
        document = wrapped
    if not isinstance(document, list):
        raise IngestError("JSON holds no object or array of objects")
    if _may_escape_controls(text):
        document = _normalized(document)
    for number, record in enumerate(document, 1):
        _add(record, path, number, f"record {number}: ", articles, warnings, max_text)
    return _finish(articles, warnings)


def parse_rows(
    path: Path, rows: Iterable[tuple[int, str, Any]], header: tuple[str, ...] | None, max_text: int
) -> tuple[list[Article], list[str]]:
    """Articles of records read apart from their file (``searcher.ingest.stream``): each row
    is ``(number, where, value)``, the value a JSON line's text (``header`` None) or a CSV row
    under ``header``, or None for a JSON line longer than :func:`line_cap` allows. Never
    raises for a bad record: each costs a warning."""
    articles: list[Article] = []
    warnings: list[str] = []
    for number, where, value in rows:
        if value is None:
            size = megabytes(line_cap(max_text))
            warnings.append(f"{where}over {size} of JSON{_MORE_THAN_ONE_ARTICLE}: skipped")
            continue
        if header is not None:
            record: Any = dict(zip(header, value, strict=False))
        else:
            try:
                record = json.loads(value)
            except (ValueError, RecursionError):
                warnings.append(f"{where}broken JSON, skipped")
                continue
            if _may_escape_controls(value):
                record = _normalized(record)
        _add(record, path, number, where, articles, warnings, max_text)
    return articles, warnings


def line_cap(max_text: int) -> int:
    """The longest JSON line read: room for ``max_text`` characters of text, each escaped
    (``\\u0627`` is six), and the record's other fields."""
    return 6 * max_text + 1_000_000


def has_text_column(header: tuple[str, ...]) -> bool:
    """Whether a CSV header names a column that holds a title or text."""
    return bool({"title", "body", "summary"} & _fields(header).keys())


def broken_row(number: int, error: Exception, max_text: int) -> str:
    """The warning that ends a CSV file at a row the csv module could not read."""
    if "field larger than field limit" in str(error):
        found = f"a field is over {megabytes(max_text)}{_MORE_THAN_ONE_ARTICLE}"
    else:
        found = f"broken CSV ({error})"
    return f"record {number}: {found}; rest of file skipped"


def nothing_usable(warnings: list[str]) -> str:
    """Why a records file gave no article: its first warning, if it had one."""
    return f"no usable record ({warnings[0]})" if warnings else "no records found"


def _from_lines(path: Path, text: str, max_text: int) -> tuple[list[Article], list[str]]:
    """JSON lines: a broken or non-object line is skipped with a warning."""
    lines = (line for line in enumerate(text.split("\n"), 1) if line[1].strip())
    rows = ((number, f"line {at}: ", line) for number, (at, line) in enumerate(lines, 1))
    return parse_rows(path, rows, None, max_text)


def _may_escape_controls(text: str) -> bool:
    """Whether JSON text may hold escaped line breaks or control characters to clean up.

    The file text was normalized when decoded, so only escapes can bring them back; four
    substring tests are much cheaper than normalizing every value.
    """
    return "\\u" in text or "\\r" in text or "\\f" in text or "\\b" in text


def _normalized(value: Any) -> Any:
    """``value`` with every string in it normalized like decoded file text."""
    if isinstance(value, str):
        return normalize(value)
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    if isinstance(value, dict):
        return {key: _normalized(item) for key, item in value.items()}
    return value


def _add(
    record: Any,
    path: Path,
    number: int,
    where: str,
    articles: list[Article],
    warnings: list[str],
    max_text: int,
) -> None:
    """Append the article of the ``number``-th record, or a warning about why there is none."""
    if not isinstance(record, dict):
        warnings.append(f"{where}not a JSON object, skipped")
        return
    article = _article(record, path, number, where, warnings, max_text)
    if article is not None:
        articles.append(article)


def _finish(articles: list[Article], warnings: list[str]) -> tuple[list[Article], list[str]]:
    if not articles:
        raise IngestError(nothing_usable(warnings))
    return articles, warnings


def _article(
    record: dict[str, Any],
    path: Path,
    number: int | None,
    where: str,
    warnings: list[str],
    max_text: int,
) -> Article | None:
    """The article of one record; None (with a warning) when it has neither title nor text,
    or more text than one article may have (checked before any work on the text)."""
    values = _values(record)
    title = collapse(_text(values.get("title")))
    body = _with_summary(_text(values.get("body")).strip(), _text(values.get("summary")).strip())
    if not title and not body:
        warnings.append(f"{where}no title or text, skipped")
        return None
    if len(body) > max_text:
        size, limit = megabytes(len(body)), megabytes(max_text)
        warnings.append(f"{where}its text is {size}; the limit is {limit}{_RAISE}: skipped")
        return None
    url = _text(values.get("url")).strip()
    source = collapse(_text(values.get("source")))
    if source.startswith(("http://", "https://", "www.")):
        url = url or source
        source = host_of(source)
    fallback = f"{path}#{number}" if number is not None else str(path)
    return Article(
        id=_own_id(values.get("id")) or make_id(url or fallback),
        title=title or first_sentence(body),
        body=body,
        date=read_date(values.get("date"), where, warnings),
        source=source or host_of(url),
        url=url,
        authors=split_authors(values.get("authors")),
        language=language_code(_text(values.get("language")))
        or guess_language(f"{title}\n{body}", url),
        path=str(path),
        fields=_own_fields(record),
    )


def _values(record: dict[str, Any]) -> dict[str, Any]:
    """The record's value for each canonical field: the first alias that is not missing."""
    values = {}
    for name, keys in _fields(tuple(record)).items():
        for key in keys:
            if not _missing(record[key]):
                values[name] = record[key]
                break
    return values


@lru_cache(maxsize=256)
def _fields(keys: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """For each canonical field, the record's keys that hold it, best alias first."""
    by_alias: dict[str, str] = {}
    for key in keys:
        if isinstance(key, str):
            by_alias.setdefault(_NOT_KEY.sub("", key.lower()), key)
    found = {
        name: tuple(by_alias[alias] for alias in aliases if alias in by_alias)
        for name, aliases in _ALIASES.items()
    }
    return {name: keys for name, keys in found.items() if keys}


def _own_fields(record: dict[str, Any]) -> dict[str, Value]:
    """The record's fields that are none of the article's (``topics``, ``dateline``…), by
    ``field_name``; missing values and empty lists left out, as no value."""
    taken = {key for keys in _fields(tuple(record)).values() for key in keys}
    found: dict[str, Value] = {}
    for key, value in record.items():
        name = field_name(key) if isinstance(key, str) and key not in taken else ""
        if not name or name in found:
            continue
        if isinstance(value, list):
            items = tuple(item for item in map(_scalar, value) if item)
            if items:
                found[name] = items
        elif scalar := _scalar(value):
            found[name] = scalar
    return found


def _scalar(value: Any) -> str:
    """One value as text (booleans as ``true``/``false``, objects by their name); "" when
    missing."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if _missing(value) else _text(value).strip()


def _missing(value: Any) -> bool:
    if isinstance(value, str):
        return (
            not value or value.isspace() or (len(value) < 8 and value.strip().lower() in _MISSING)
        )
    if isinstance(value, float):
        return math.isnan(value)
    return value is None or value == [] or value == {}


def _text(value: Any) -> str:
    """Text of a field value: strings as they are, lists joined, objects by their name."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n\n".join(filter(None, map(_text, value)))
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("text") or value.get("value"))
    if isinstance(value, int | float) and not isinstance(value, bool) and not _missing(value):
        return str(value)
    return ""


def _own_id(value: Any) -> str:
    """A record's own id, as text exactly as given (17 and "17" both give "17")."""
    if isinstance(value, dict):
        value = value.get("$oid")
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        return ""
    return str(value).strip()


def _with_summary(body: str, summary: str) -> str:
    """The body with the record's subtitle or summary in front, unless the body repeats it.

    Articles have no summary field, and the standfirst is text readers search for.
    """
    if not summary:
        return body
    if collapse(summary) in collapse(body[: len(summary) * 2]):
        return body
    return f"{summary}\n\n{body}" if body else summary
