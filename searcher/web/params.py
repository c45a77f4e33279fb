"""A request's query string as the arguments of the library's calls, named as the CLI's
options are (``from``, ``to``, ``source``, ``filter=FIELD=VALUE``, ``facet``, ``sort`` …)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from searcher.errors import OptionError
from searcher.search.filters import Filters

#: The default page of hits, as the CLI's ``--limit``.
PAGE_SIZE = 10
#: The most hits one page may ask for: more is an export's work.
MAX_PAGE_SIZE = 100


def filters_of(params: QueryParams) -> Filters:
    """The ``Filters`` of ``from``, ``to``, ``tz``, ``source``, ``collection``, ``lang``,
    ``filter`` and ``exact``."""
    return Filters(
        params.get("from") or None,
        params.get("to") or None,
        tuple(v for v in params.getlist("source") if v),
        params.get("tz") or "UTC",
        collections=tuple(v for v in params.getlist("collection") if v),
        languages=tuple(v for v in params.getlist("lang") if v),
        fields=tuple(_field_value(v) for v in params.getlist("filter") if v),
        exact=flag(params, "exact"),
    )


def search_args(params: QueryParams, facets: list[str] | None = None) -> dict[str, Any]:
    """``Index.search`` keyword arguments besides the query and filters."""
    return {
        "facets": facets if facets is not None else params.getlist("facet"),
        "sort": params.get("sort") or None,
        "page": _number(params, "page", 1),
        "page_size": min(_number(params, "limit", PAGE_SIZE), MAX_PAGE_SIZE),
        "collapse": flag(params, "collapse"),
        "prefer": params.getlist("prefer") or None,
        "half_life_days": _float(params, "half_life"),
    }


def export_args(params: QueryParams) -> dict[str, Any]:
    """``Index.export`` keyword arguments besides the query and filters."""
    return {
        "sort": params.get("sort") or None,
        "prefer": params.getlist("prefer") or None,
        "half_life_days": _float(params, "half_life"),
    }


@dataclass(frozen=True, slots=True)
class Link:
    """The current request's parameters, to make links that change one of them."""

    params: QueryParams

    def with_(self, **changes: Any) -> str:
        """The query string with ``changes`` (a list adds values; None drops the name);
        any change but the page goes back to page 1."""
        items = [(k, v) for k, v in self.params.multi_items() if k not in changes]
        if "page" not in changes:
            items = [(k, v) for k, v in items if k != "page"]
        for name, value in changes.items():
            values = value if isinstance(value, list | tuple) else [value]
            items += [(name, str(v)) for v in values if v is not None]
        return str(QueryParams(items))

    def adding(self, name: str, value: str) -> str:
        """The query string with one more value of ``name`` (a filter), back on page 1."""
        return self.with_(**{name: [*self.params.getlist(name), value]})


def _field_value(item: str) -> tuple[str, str]:
    name, equals, value = item.partition("=")
    if not equals or not name.strip() or not value.strip():
        raise OptionError(f"'{item}' is not FIELD=VALUE", hint="e.g. filter=places=usa")
    return name.strip(), value.strip()


def flag(params: QueryParams, name: str) -> bool:
    """Whether a checkbox-like parameter is on (``1``, ``true``, ``on``, ``yes``)."""
    return params.get(name, "").lower() in ("1", "true", "on", "yes")


def _number(params: QueryParams, name: str, default: int) -> int:
    value = params.get(name) or str(default)
    if not value.isdigit() or int(value) < 1:
        raise OptionError(f"{name} must be a whole number from 1, not '{value}'")
    return int(value)


def _float(params: QueryParams, name: str) -> float | None:
    value = params.get(name)
    if not value:
        return None
    try:
        days = float(value)
    except ValueError:
        raise OptionError(f"{name} must be a number of days, not '{value}'") from None
    if days <= 0:
        raise OptionError(f"{name} must be above 0, not '{value}'")
    return days
