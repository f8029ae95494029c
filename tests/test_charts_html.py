"""The HTML report's inline SVG charts, read back as a browser would: every dot, whisker and
line sits where the JSON's numbers put it on the chart's own labelled axes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import small_survey
from cxgap.cli import app
from cxgap.render import html

NS = {"s": "http://www.w3.org/2000/svg"}
TEXT = "{http://www.w3.org/2000/svg}text"


def _run(runner: CliRunner, args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _svgs(page: str, kind: str = "chart") -> list[ET.Element]:
    """The page's SVG charts of one class: ``chart`` (the dumbbells and trend lines),
    ``chart matrix`` (the priority matrices) or ``chart nps`` (the trend's NPS lines)."""
    charts = [ET.fromstring(block) for block in re.findall(r"<svg .*?</svg>", page, re.S)]
    return [chart for chart in charts if chart.get("class") == kind]


def _families(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(json.dumps([row["group_by"], row["split"]]), []).append(row)
    return list(grouped.values())


def _scale(ticks: list[tuple[float, float]]) -> Any:
    """value -> position, from the first and last labelled tick of an axis."""
    (v0, p0), (v1, p1) = ticks[0], ticks[-1]
    return lambda value: p0 + (value - v0) / (v1 - v0) * (p1 - p0)


def _number(text: str) -> float:
    return float(text.replace("%", "").replace("pp", "").strip())


@pytest.fixture(scope="module")
def analyzed(sample_analysis: Any) -> tuple[str, dict[str, Any]]:
    return html.render(sample_analysis.report), json.loads(sample_analysis.to_json())


def test_one_dumbbell_chart_per_level(analyzed: tuple[str, dict[str, Any]]) -> None:
    page, data = analyzed
    families = _families(data["rows"])
    charts = _svgs(page)
    assert len(charts) == len(families) == 4
    for chart, rows in zip(charts, families, strict=True):
        assert len(chart.findall("s:g[@class='row']", NS)) == len(rows)


def test_every_dot_sits_at_its_share_and_every_gap_on_its_interval(
    analyzed: tuple[str, dict[str, Any]],
) -> None:
    page, data = analyzed
    checked = 0
    for chart, rows in zip(_svgs(page), _families(data["rows"]), strict=True):
        share = _scale(
            [
                (_number(t.text or ""), float(t.get("x", "")))
                for t in chart.iter(TEXT)
                if t.get("class") == "share-tick"
            ]
        )
        gap = _scale(
            [
                (_number(t.text or ""), float(t.get("x", "")))
                for t in chart.iter(TEXT)
                if t.get("class") == "gap-tick"
            ]
        )
        for group, row in zip(chart.findall("s:g[@class='row']", NS), rows, strict=True):
            company = group.find("s:circle[@class='company']", NS)
            customer = group.find("s:circle[@class='customer']", NS)
            assert company is not None and customer is not None
            assert float(company.get("cx", "")) == pytest.approx(
                share(row["company_pct"]), abs=0.01
            )
            assert float(customer.get("cx", "")) == pytest.approx(
                share(row["customer_pct"]), abs=0.01
            )
            dot = next(c for c in group.findall("s:circle", NS) if "gap" in c.get("class", ""))
            assert float(dot.get("cx", "")) == pytest.approx(gap(row["gap_pp"]), abs=0.01)
            tone = "ns" if not row["significant"] else ("over" if row["gap_pp"] > 0 else "under")
            assert dot.get("class") == f"gap {tone}"
            whisker = group.find("s:line[@class='ci']", NS)
            assert whisker is not None
            low, high = row["gap_ci_pp"]
            assert float(whisker.get("x1", "")) == pytest.approx(gap(low), abs=0.01)
            assert float(whisker.get("x2", "")) == pytest.approx(gap(high), abs=0.01)
            value = group.find("s:text[@class='gap-value']", NS)
            assert value is not None and (value.text or "").startswith(f"{row['gap_pp']:+.1f}")
            checked += 1
    assert checked == len(data["rows"])


def test_the_zero_line_is_at_zero(analyzed: tuple[str, dict[str, Any]]) -> None:
    chart = _svgs(analyzed[0])[1]
    ticks = [t for t in chart.iter(TEXT) if t.get("class") == "gap-tick"]
    zero_tick = next(t for t in ticks if t.text == "0")
    zero = chart.find("s:line[@class='zero']", NS)
    assert zero is not None and zero.get("x1") == zero_tick.get("x")


def test_the_page_is_self_contained_and_prints_on_a4(analyzed: tuple[str, dict[str, Any]]) -> None:
    page = analyzed[0]
    assert "@page{size:A4" in page and "@media print" in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert set(re.findall(r"https?://[^\"' )]+", page)) == {"http://www.w3.org/2000/svg"}


def test_trend_lines_follow_each_groups_gap_per_wave(sample_trend: Any) -> None:
    data = json.loads(sample_trend.to_json())
    families = _families(data["rows"])
    charts = _svgs(html.render(sample_trend.report))
    assert len(charts) == len(families)
    chart = charts[[f[0]["group_by"] for f in families].index(["touchpoint"])]
    y = _scale(
        [
            (_number(t.text or ""), float(t.get("y", "")) - 4)
            for t in chart.iter(TEXT)
            if t.get("class") == "gap-tick"
        ]
    )
    lines = {
        g.get("data-label"): g for g in chart.findall("s:g", NS) if "trend" in g.get("class", "")
    }
    rows = [r for r in data["rows"] if r["group_by"] == ["touchpoint"]]
    assert len(lines) == len(rows) == 6
    for row in rows:
        line = lines[row["group"]["touchpoint"]]
        assert line.get("class") == f"trend {row['direction']}"
        points = line.findall("s:circle[@class='wave-point']", NS)
        assert [float(p.get("cy", "")) for p in points] == pytest.approx(
            [y(w["gap_pp"]) for w in row["by_wave"]], abs=0.01
        )
        xs = [float(p.get("cx", "")) for p in points]
        assert xs == sorted(xs)  # waves left to right, oldest first
    narrowed = lines["after-sales"]
    assert narrowed.get("class") == "trend narrowed"


def test_chart_labels_are_escaped(tmp_path: Any) -> None:
    items = [
        ("item", "touchpoint", "category"),
        ("q1", "<b>store</b> & co", "a"),
        ("q2", "web", "a"),
        ("q3", "web", "b"),
    ]
    target = tmp_path / "report.html"
    _run(
        CliRunner(), ["analyze", str(small_survey(tmp_path / "s", items=items)), "-o", str(target)]
    )
    page = target.read_text(encoding="utf-8")
    labels = [g.get("data-label") for chart in _svgs(page) for g in chart.findall("s:g", NS)]
    assert "<b>store</b> & co" in labels and "<b>store" not in page


def test_every_chart_of_a_page_shares_one_gap_scale(analyzed: tuple[str, dict[str, Any]]) -> None:
    ticks = [
        [(t.text, t.get("x")) for t in chart.iter(TEXT) if t.get("class") == "gap-tick"]
        for chart in _svgs(analyzed[0])
    ]
    assert len(ticks) == 4 and all(t == ticks[0] for t in ticks)
    values = [float(text or "") for text, _ in ticks[0]]
    rows = analyzed[1]["rows"]
    assert values[0] <= min(r["gap_ci_pp"][0] for r in rows)
    assert values[-1] >= max(r["gap_ci_pp"][1] for r in rows)
