"""Trends as pictures: each series' share per period as a line or bar chart, SVG or PNG.

Drawn with matplotlib, an optional extra (``pip install 'searcher[chart]'``) imported only
here and only when a chart is asked for, so searching never pays for it. SVG keeps its text
as text (searchable, and each series' line carries the id ``series-N``).
"""

from __future__ import annotations

from pathlib import Path

from searcher.errors import ExtraMissing, OptionError
from searcher.research.trend import SplitTrend, Trend
from searcher.search.facets import UNDATED

FORMATS = (".svg", ".png")
KINDS = ("line", "bar")
#: Inches wide and high, and dots per inch of a PNG: 1,200 by 600 pixels.
SIZE, DPI = (12.0, 6.0), 100
#: The most period labels the x axis shows; others are passed over evenly.
_MAX_LABELS = 24
#: matplotlib's default colours, and the line styles that tell apart series of one colour.
_COLOURS, _STYLES = 10, ("solid", "dashed", "dotted", "dashdot")
#: What the axis calls a group of each split.
_GROUP_NAMES = {"source": "outlet"}


def draw(trend: Trend | SplitTrend, path: str | Path, kind: str = "line") -> Path:
    """Draw ``trend`` into ``path`` (its suffix chooses SVG or PNG); the undated period is
    left out, being no point in time."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise OptionError(
            f"cannot draw a chart as '{path.suffix or path.name}'",
            hint=f"name the file with one of: {', '.join(FORMATS)} (e.g. --chart trend.svg)",
        )
    if kind not in KINDS:
        raise OptionError(f"unknown chart kind '{kind}'", hint=f"use one of: {', '.join(KINDS)}")
    try:
        import matplotlib
        from matplotlib.figure import Figure
        from matplotlib.ticker import PercentFormatter
    except ImportError as exc:
        raise ExtraMissing(
            "charts need matplotlib, which is not installed",
            hint="install it with: pip install 'searcher[chart]'",
        ) from exc
    dated = [i for i, period in enumerate(trend.periods) if period != UNDATED]
    labels = [trend.periods[i] for i in dated]
    nan = float("nan")  # no articles in the period: a gap in the line, no bar
    series = {
        name: [nan if shares[i] is None else shares[i] for i in dated]
        for name, shares in trend.series().items()
    }
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "searcher"}):
        figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
        axes = figure.subplots()
        width = 0.8 / max(1, len(series))
        for n, (name, shares) in enumerate(series.items()):
            if kind == "line":
                style = _STYLES[n // _COLOURS % len(_STYLES)]  # the colours come round again
                (line,) = axes.plot(
                    range(len(labels)), shares, marker="o", linestyle=style, label=name
                )
                line.set_gid(f"series-{n}")
            else:
                at = [i - 0.4 + width * (n + 0.5) for i in range(len(labels))]
                for i, bar in enumerate(axes.bar(at, shares, width, label=name)):
                    bar.set_gid(f"series-{n}-{i}")
        step = max(1, -(-len(labels) // _MAX_LABELS))
        axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right")
        axes.yaxis.set_major_formatter(PercentFormatter(xmax=1))
        axes.set_ylim(bottom=0)
        axes.set_xlabel(trend.by)
        group = _GROUP_NAMES.get(trend.split, trend.split) if isinstance(trend, SplitTrend) else ""
        within = f"each {group}'s" if group else "all"
        axes.set_ylabel(f"share of {within} articles")
        axes.set_title(", ".join(trend.queries))
        axes.grid(axis="y", alpha=0.3)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
        figure.savefig(path, format=path.suffix.lower()[1:], metadata=_metadata(path))
    return path


def _metadata(path: Path) -> dict[str, str | None]:
    # No creation date or tool version in the file, so the same trend draws the same bytes.
    return {"Date": None} if path.suffix.lower() == ".svg" else {"Software": None}
