"""The HTML report's priority matrices, Fix-first list and NPS panels, read back as a browser
would: a dot per group at (gap_pp, importance) on the chart's own labelled axes, the median line
at the level's median importance, no two labels on top of each other; the NPS numbers as the
JSON has them; nothing of it without an outcome or an NPS item."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from conftest import small_survey
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render import _matrix_svg, html
from cxgap.stats import analyze

NS = {"s": "http://www.w3.org/2000/svg"}
TEXT = "{http://www.w3.org/2000/svg}text"


def _svgs(page: str, kind: str) -> list[ET.Element]:
    charts = [ET.fromstring(block) for block in re.findall(r"<svg .*?</svg>", page, re.S)]
    return [chart for chart in charts if chart.get("class") == kind]


def _scale(chart: ET.Element, tick: str, attribute: str, shift: float = 0.0) -> Any:
    ticks = [
        (float(t.text or ""), float(t.get(attribute, "")) - shift)
        for t in chart.iter(TEXT)
        if t.get("class") == tick
    ]
    (v0, p0), (v1, p1) = ticks[0], ticks[-1]
    return lambda value: p0 + (value - v0) / (v1 - v0) * (p1 - p0)


@pytest.fixture(scope="module")
def analyzed(sample_analysis: Any) -> tuple[str, dict[str, Any]]:
    return html.render(sample_analysis.report), json.loads(sample_analysis.to_json())


def test_each_level_has_a_matrix_with_a_dot_per_group_where_the_json_puts_it(
    analyzed: tuple[str, dict[str, Any]],
) -> None:
    page, data = analyzed
    matrices = _svgs(page, "chart matrix")
    levels = [["item"], ["touchpoint"], ["category"], ["touchpoint", "category"]]
    assert len(matrices) == len(levels)
    for chart, level in zip(matrices, levels, strict=True):
        rows = [r for r in data["rows"] if r["group_by"] == level]
        x = _scale(chart, "x-tick", "x")
        y = _scale(chart, "y-tick", "y", shift=4)
        points = {g.get("data-label"): g for g in chart.findall("s:g", NS)
                  if "point" in g.get("class", "")}  # fmt: skip
        assert sorted(points) == sorted(" · ".join(r["group"].values()) for r in rows)
        for row in rows:
            group = points[" · ".join(row["group"].values())]
            assert group.get("class") == f"point {row['quadrant']}"
            dot = group.find("s:circle", NS)
            assert dot is not None
            assert float(dot.get("cx", "")) == pytest.approx(x(row["gap_pp"]), abs=0.01)
            assert float(dot.get("cy", "")) == pytest.approx(y(row["importance"]), abs=0.01)
        median = chart.find("s:line[@class='median']", NS)
        zero = chart.find("s:line[@class='zero']", NS)
        assert median is not None and zero is not None
        level_median = float(np.median([r["importance"] for r in rows]))
        assert float(median.get("y1", "")) == pytest.approx(y(level_median), abs=0.01)
        assert float(zero.get("x1", "")) == pytest.approx(x(0.0), abs=0.01)


def _label_boxes(chart: ET.Element) -> list[tuple[float, float, float, float]]:
    boxes = []
    for label in chart.iter(TEXT):
        if label.get("class") != "point-label":
            continue
        width = _matrix_svg.CHAR_W * len(label.text or "")
        left = float(label.get("x", ""))
        left -= {"start": 0.0, "middle": width / 2, "end": width}[label.get("text-anchor", "")]
        baseline = float(label.get("y", ""))
        boxes.append((left, baseline - _matrix_svg.FONT, left + width, baseline))
    return boxes


def test_no_two_labels_of_a_matrix_overlap(analyzed: tuple[str, dict[str, Any]]) -> None:
    for chart in _svgs(analyzed[0], "chart matrix"):
        boxes = _label_boxes(chart)
        assert boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (a, b)
            left, top, right, bottom = _matrix_svg.PLOT
            assert left <= a[0] and a[2] <= right and top <= a[1] and a[3] <= bottom


def test_fix_first_and_the_nps_panel(analyzed: tuple[str, dict[str, Any]]) -> None:
    page, data = analyzed
    chosen = sorted(
        (r for r in data["rows"]
         if r["quadrant"] == "fix_first" and not r["split"] and r["group_by"] != ["item"]),
        key=lambda r: -r["priority"],
    )[:5]  # fmt: skip
    items = re.findall(r"<li><b>(.*?)</b>: gap (\S+) pp x importance r (\S+) = priority (\S+)</li>",
                       page.split('class="fix-first"')[1].split("</ol>")[0])  # fmt: skip
    assert items == [
        (
            f"{' · '.join(r['group'].values())} [{' + '.join(r['group_by'])}]",
            f"{r['gap_pp']:+.1f}", f"{r['importance']:.2f}", f"{r['priority']:.1f}",
        )
        for r in chosen
    ]  # fmt: skip
    (nps,) = data["nps"]
    low, high = nps["gap_ci"]
    assert (
        f"<td class=n>{nps['customer_nps']:+.0f} [{nps['customer_ci'][0]:.1f}, "
        f"{nps['customer_ci'][1]:.1f}]</td>"
        f'<td class="n over">{nps["gap"]:+.1f}*</td><td class=n>[{low:.1f}, {high:.1f}]</td>'
        f"<td class=n>{nps['promoters_pct']:.1f}%</td><td class=n>{nps['detractors_pct']:.1f}%</td>"
    ) in page


def test_the_trend_page_draws_the_nps_gap_per_wave(sample_trend: Any) -> None:
    data = json.loads(sample_trend.to_json())
    (chart,) = _svgs(html.render(sample_trend.report), "chart nps")
    y = _scale(chart, "gap-tick", "y", shift=4)
    (nps,) = data["nps"]
    (line,) = [g for g in chart.findall("s:g", NS) if g.get("data-label") == nps["item"]]
    points = line.findall("s:circle[@class='wave-point']", NS)
    assert [float(p.get("cy", "")) for p in points] == pytest.approx(
        [y(w["gap"]) for w in nps["by_wave"]], abs=0.01
    )


def test_without_outcome_or_nps_item_neither_is_drawn(tmp_path: Path) -> None:
    report = analyze(load_survey(small_survey(tmp_path / "s.xlsx")), Settings())
    page = html.render(report)
    assert not _svgs(page, "chart matrix") and _svgs(page, "chart")
    assert "Fix first" not in page and "NPS" not in page and "importance r" not in page


def test_a_limited_page_still_shows_the_whole_level_in_its_matrix(sample_analysis: Any) -> None:
    page = html.render(sample_analysis.report, limit=3)
    rows = [r for r in sample_analysis.report.rows if r.group_by == ("item",)]
    (items, *_) = _svgs(page, "chart matrix")
    assert len([g for g in items.findall("s:g", NS) if "point" in g.get("class", "")]) == len(rows)


def test_the_mean_metric_speaks_in_points() -> None:
    from conftest import SAMPLE

    report = analyze(load_survey(SAMPLE), Settings(levels=(("touchpoint",),), metric="mean"))
    page = html.render(report)
    (dumbbell,) = _svgs(page, "chart")
    ticks = [t.text or "" for t in dumbbell.iter(TEXT) if t.get("class") == "share-tick"]
    assert ticks == ["0", "25", "50", "75", "100"]
    (chart,) = _svgs(page, "chart matrix")
    assert "Delivery gap, pts (company minus customers)" in [t.text for t in chart.iter(TEXT)]
    head = report.headline
    assert f"Company <b>{head.company.pct:.1f}</b>" in page and "<th>gap pts</th>" in page
    fix_first = page.split('class="fix-first"')[1].split("</ol>")[0]
    assert " pts x importance r " in fix_first and "%" not in fix_first
