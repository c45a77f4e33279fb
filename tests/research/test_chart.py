"""Trend charts: files a reader opens, one drawn series per trend series."""

from __future__ import annotations

import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from searcher import Index, OptionError
from searcher.errors import ExtraMissing
from searcher.research.chart import DPI, SIZE, draw


def _series_ids(svg: Path) -> list[str]:
    root = ET.parse(svg).getroot()
    return sorted(e.get("id") for e in root.iter() if (e.get("id") or "").startswith("series-"))


def test_a_split_trend_draws_one_line_per_outlet_with_its_name(outlets: Index, tmp_path) -> None:
    result = outlets.trend("aid", by="week", split="source")
    svg = draw(result, tmp_path / "aid.svg")
    root = ET.parse(svg).getroot()
    assert (root.get("width"), root.get("height")) == (f"{SIZE[0] * 72:g}pt", f"{SIZE[1] * 72:g}pt")
    assert _series_ids(svg) == [f"series-{n}" for n in range(len(result.groups))]
    text = " ".join(t for e in root.iter() if e.tag.endswith("text") for t in e.itertext())
    for name in [*result.groups, "share of each outlet's articles", "week", "aid"]:
        assert name in text


def test_bars_and_png(records_index: Index, tmp_path) -> None:
    result = records_index.trend(["aid", "bank"], by="month")
    svg = draw(result, tmp_path / "bars.svg", kind="bar")
    dated = [p for p in result.periods if p != "undated"]
    assert _series_ids(svg) == sorted(
        f"series-{n}-{i}" for n in range(2) for i in range(len(dated))
    )
    png = draw(result, tmp_path / "trend.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (SIZE[0] * DPI, SIZE[1] * DPI)


def test_a_chart_of_another_type_is_refused(records_index: Index, tmp_path) -> None:
    with pytest.raises(OptionError, match=r"cannot draw a chart as '\.pdf'"):
        draw(records_index.trend("aid"), tmp_path / "trend.pdf")
    assert not (tmp_path / "trend.pdf").exists()


def test_without_matplotlib_a_chart_says_how_to_install_it(
    records_index: Index, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    with pytest.raises(ExtraMissing, match="charts need matplotlib") as error:
        draw(records_index.trend("aid"), tmp_path / "trend.svg")
    assert error.value.hint == "install it with: pip install 'searcher[chart]'"


def test_trends_without_a_chart_never_import_matplotlib(records_index: Index) -> None:
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from searcher.cli import cli\n"
        f"result = CliRunner().invoke(cli, ['trend', 'aid', '--split', 'source', "
        f"'--index', {str(records_index.path)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('matplotlib' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert shown.stdout == "False\n", shown.stderr
