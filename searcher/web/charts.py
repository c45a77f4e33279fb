"""The geometry of the pages' charts, drawn as SVG by the templates: a histogram of matches
over time and the lines of a trend. No script is needed to see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from searcher.research.trend import Trend

#: Up to this many days a histogram has a bar per day, up to WEEKS_UPTO a bar per week.
DAYS_UPTO = 62
WEEKS_UPTO = 366
#: The plot's size in SVG units.
WIDTH, HEIGHT = 600, 120


@dataclass(frozen=True, slots=True)
class Bar:
    """One period of a histogram: its days, its count and where it is drawn."""

    first: date
    last: date
    count: int
    x: float
    width: float
    height: float

    @property
    def label(self) -> str:
        same = self.first == self.last
        return self.first.isoformat() if same else f"{self.first} to {self.last}"


def histogram(days: dict[str, int]) -> tuple[str, list[Bar]]:
    """Bars of a ``day`` facet's counts (undated left out), per day, week or month as the
    span of the matches asks, empty periods included; and the period's name."""
    counts = {date.fromisoformat(day): n for day, n in days.items() if day != "undated"}
    if not counts:
        return "day", []
    span = (max(counts) - min(counts)).days + 1
    by = "day" if span <= DAYS_UPTO else "week" if span <= WEEKS_UPTO else "month"
    periods: dict[date, int] = {}
    for day, n in counts.items():
        periods[_start(day, by)] = periods.get(_start(day, by), 0) + n
    first, last, spans = min(periods), max(periods), []
    while first <= last:
        following = _next(first, by)
        spans.append((first, following - timedelta(days=1), periods.get(first, 0)))
        first = following
    peak, width = max(periods.values()), WIDTH / len(spans)
    bars = [
        Bar(start, end, n, i * width, max(width - 1, 0.5), HEIGHT * n / peak)
        for i, (start, end, n) in enumerate(spans)
    ]
    return by, bars


def _start(day: date, by: str) -> date:
    if by == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if by == "month" else day


def _next(start: date, by: str) -> date:
    if by == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7 if by == "week" else 1)


@dataclass(frozen=True, slots=True)
class Line:
    """One query's shares over the periods, as an SVG polyline's points."""

    name: str
    points: str


def trend_lines(result: Trend) -> list[Line]:
    """Each query's share of the period's articles, on one scale for every line."""
    periods = range(len(result.periods))
    peak = max((result.share(q, i) for q in result.queries for i in periods), default=0.0)
    step = WIDTH / max(len(result.periods) - 1, 1)
    lines = []
    for q in result.queries:
        points = (
            f"{i * step:.1f},{HEIGHT - (HEIGHT * result.share(q, i) / peak if peak else 0):.1f}"
            for i in periods
        )
        lines.append(Line(q, " ".join(points)))
    return lines
