"""Dates in a page's address: ``/2023/11/03/``, ``2023-11-03``, ``20231103``, ``/03-11-2023/``,
and the month of ``/2023/11/``; a web archive's own capture time is not the page's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

# 2023/11/03 and 2023-11-03; 20231103, alone or starting an id with the time (202311031405).
_URL_DATE = re.compile(
    r"(?<![\d])((?:19|20)\d{2})[/_.-](0[1-9]|1[0-2])[/_.-](0[1-9]|[12]\d|3[01])(?![\d])"
)
_URL_COMPACT_DATE = re.compile(
    r"(?<![\d])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:(?![\d])|(?=[0-2]\d[0-5]\d))"
)
_URL_MONTH = re.compile(r"(?:^|/)((?:19|20)\d{2})/(0?[1-9]|1[0-2])(?:/|$)")
# A web archive's capture time before the address it holds: "/web/20120216182711/http://...".
_ARCHIVE_PREFIX = re.compile(r"^/?web/\d{14}[a-z_]*/", re.IGNORECASE)
_URL_DAY_FIRST = re.compile(r"/(0?[1-9]|[12]\d|3[01])-(0?[1-9]|1[0-2])-((?:19|20)\d{2})(?:/|$|\.)")
_URL_SEPARATED = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|\b)")


def url_days(url: str) -> Iterator[date]:
    """The days the address gives, one per pattern that finds a valid date, most telling first."""
    path = _path(url)
    for pattern in (_URL_SEPARATED, _URL_DATE, _URL_COMPACT_DATE, _URL_DAY_FIRST):
        match = pattern.search("/" + path)
        if match:
            numbers = list(map(int, match.groups()))
            try:
                yield date(*(numbers if pattern is not _URL_DAY_FIRST else numbers[::-1]))
            except ValueError:
                continue


def _path(url: str) -> str:
    """The path of ``url``, or of the address a web archive's URL holds."""
    return _ARCHIVE_PREFIX.sub("", url.split("://", 1)[-1].partition("/")[2])


def url_month(url: str) -> tuple[int, int] | None:
    match = _URL_MONTH.search(_path(url))
    return (int(match[1]), int(match[2])) if match else None
