"""The priority matrix's median line is the median stats decided the quadrants at (SPEC 6),
carried on the report as ``importance_median``: the deck, the HTML page and the workbook draw
it and never recompute it from the points they happen to draw.

The survey here is the drivers fixture with the staff's d03 column blanked: item d03 keeps its
importance (customers answered it) but has no gap, so it is no dot on the matrix, and the
median of the dots drawn (4 values) is not the level's median (5 values).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from cxgap.render import html, pptx, xlsx
from cxgap.render._matrix_svg import PLOT
from cxgap.render._text import families
from cxgap.report import GapRow, Report

DRIVERS = Path(__file__).parent / "reference" / "fixtures" / "drivers"
NS = {"s": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    import cxgap

    folder = tmp_path_factory.mktemp("median") / "drivers"
    shutil.copytree(DRIVERS, folder)
    with (folder / "company.csv").open(newline="", encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    blank = lines[0].index("d03")
    for line in lines[1:]:
        line[blank] = ""
    with (folder / "company.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(lines)
    found: Report = cxgap.analyze(folder, split="region").report
    return found


def _item_level(report: Report) -> list[GapRow]:
    return [row for row in report.rows if row.group_by == ("item",) and not row.split]


def test_each_family_carries_the_median_its_quadrants_were_decided_at(report: Report) -> None:
    assert len(families(report.rows)) == 4 + 2 * 5  # 4 levels; all items and 4 levels per region
    for (_, _), rows in families(report.rows):
        known = [row.importance for row in rows if row.importance is not None]
        median = float(np.median(known)) if known else None  # R: median(r, na.rm = TRUE)
        assert {row.importance_median for row in rows} == {median}
        for row in rows:
            positive = row.gap_pp is not None and row.gap_pp > 0
            important = row.importance is not None and median is not None
            important = important and (row.importance or 0.0) >= (median or 0.0)
            want = (
                ("fix_first" if row.significant and important else "monitor")
                if positive
                else ("strength" if row.significant and (row.gap_pp or 0.0) < 0 else "aligned")
            )
            assert row.quadrant == want, row.group


def test_the_item_level_has_an_importance_without_a_dot(report: Report) -> None:
    """What makes this survey a test: the median of the dots is not the level's."""
    rows = _item_level(report)
    (d03,) = [row for row in rows if row.group == {"item": "d03"}]
    assert d03.gap_pp is None and d03.importance is not None
    drawn = [r.importance for r in rows if r.gap_pp is not None and r.importance is not None]
    assert float(np.median(drawn)) != pytest.approx(rows[0].importance_median)


def test_the_html_matrix_draws_the_median_of_the_report(report: Report) -> None:
    page = html.render(report)
    charts = [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", page, re.S)]
    matrices = [chart for chart in charts if chart.get("class") == "chart matrix"]
    levels = [rows for _, rows in families(report.rows)]
    drawn = [rows for rows in levels if sum(r.gap_pp is not None and r.importance is not None
                                            for r in rows) >= 2]  # fmt: skip
    assert len(matrices) == len(drawn) >= 4
    for chart, rows in zip(matrices, drawn, strict=True):
        median = rows[0].importance_median
        assert median is not None
        line = chart.find("s:line[@class='median']", NS)
        label = chart.find("s:text[@class='median-label']", NS)
        assert line is not None and label is not None
        assert label.text == f"median r {median:.2f}"
        ticks = [float(t.text or "") for t in chart.iter("{http://www.w3.org/2000/svg}text")
                 if t.get("class") == "y-tick"]  # fmt: skip
        low, high = ticks[0], ticks[-1]
        y = PLOT[3] - (median - low) / (high - low) * (PLOT[3] - PLOT[1])
        assert float(line.get("y1", "")) == pytest.approx(y, abs=0.01)


def test_the_deck_crosses_its_axes_at_the_median_of_the_report(report: Report) -> None:
    slides = list(Presentation(io.BytesIO(pptx.render(report))).slides)
    matrices = [s for s in slides if s.shapes[0].text_frame.text == "By item: the priority matrix"]
    (chart,) = [shape.chart for shape in matrices[0].shapes if shape.has_chart]
    median = _item_level(report)[0].importance_median
    assert chart.value_axis.crosses_at == pytest.approx(median, rel=1e-12)
    footnotes = [s.text_frame.text for s in matrices[0].shapes if s.has_text_frame]
    assert any(f"(r = {median:.2f})" in text for text in footnotes)


def test_the_workbook_crosses_its_axes_at_the_median_of_the_report(report: Report) -> None:
    workbook: Any = load_workbook(io.BytesIO(xlsx.render(report)))
    _, matrix = workbook["item"]._charts
    median = _item_level(report)[0].importance_median
    assert matrix.x_axis.crossesAt == pytest.approx(median, rel=1e-12)
