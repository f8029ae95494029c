"""The Excel report's native charts, read back with openpyxl: one bar chart per level sheet,
its series and categories pointing at the cells that hold the JSON's numbers; and the file the
same, byte for byte, on every run."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import numpy as np
import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from typer.testing import CliRunner

from conftest import SAMPLE, small_survey
from cxgap.cli import app
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render import xlsx
from cxgap.render._charts import QUADRANT_COLOURS
from cxgap.render._package import FIXED_TIME
from cxgap.stats import analyze

LEVEL_SHEETS = ["item", "touchpoint", "category", "touchpoint+category"]


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _cells(workbook: Any, ref: str) -> list[Any]:
    """The values a reference like ``'item'!$C$2:$C$25`` (or ``$B$2:$C$19``) points at."""
    found = re.fullmatch(r"'(.+)'!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?", ref)
    assert found, ref
    sheet, c0, r0, c1, r1 = found.groups()
    c1, r1 = c1 or c0, r1 or r0  # a single cell
    rows = workbook[sheet].iter_rows(
        min_row=int(r0),
        max_row=int(r1),
        min_col=column_index_from_string(c0),
        max_col=column_index_from_string(c1),
        values_only=True,
    )
    return [row[0] if len(row) == 1 else tuple(row) for row in rows]


def _category_ref(series: Any) -> str:
    return str(series.cat.strRef.f)


@pytest.fixture(scope="module")
def analyzed(sample_analysis: Any) -> tuple[Any, dict[str, Any]]:
    workbook = load_workbook(io.BytesIO(xlsx.render(sample_analysis.report)))
    return workbook, json.loads(sample_analysis.to_json())


@pytest.mark.parametrize("level", LEVEL_SHEETS)
def test_each_level_has_a_bar_chart_of_the_json_shares(
    analyzed: tuple[Any, dict[str, Any]], level: str
) -> None:
    workbook, data = analyzed
    rows = [r for r in data["rows"] if "+".join(r["group_by"]) == level]
    sheet = workbook[level]
    chart, matrix = sheet._charts
    assert matrix.tagname == "scatterChart"  # below it: the priority matrix
    assert chart.tagname == "barChart" and chart.type == "bar" and chart.grouping == "clustered"
    header = [cell.value for cell in sheet[1]]
    assert chart.anchor._from.col >= len(header)  # beside the table, never over it
    assert [s.tx.v for s in chart.series] == ["Company", "Customers"]
    for series, field in zip(chart.series, ["company_pct", "customer_pct"], strict=True):
        column = header.index(field) + 1
        assert series.val.numRef.f.endswith(f"$2:${get_column_letter(column)}${len(rows) + 1}")
        assert _cells(workbook, series.val.numRef.f) == pytest.approx(
            [r[field] for r in rows], rel=1e-14
        )
        assert _category_ref(series).endswith(
            f"$2:${get_column_letter(len(header))}${len(rows) + 1}"
        )
        labels = [" · ".join(r["group"].values()) for r in rows]
        assert header[-1] == "label" and _cells(workbook, _category_ref(series)) == labels


def test_trend_sheets_chart_the_gap_per_wave(sample_trend: Any) -> None:
    data = json.loads(sample_trend.to_json())
    workbook = load_workbook(io.BytesIO(xlsx.render(sample_trend.report)))
    rows = [r for r in data["rows"] if r["group_by"] == ["touchpoint"]]
    (chart,) = workbook["touchpoint"]._charts
    assert [s.tx.v for s in chart.series] == data["waves"]
    for k, series in enumerate(chart.series):
        assert _cells(workbook, series.val.numRef.f) == pytest.approx(
            [r["by_wave"][k]["gap_pp"] for r in rows], rel=1e-14
        )
        assert _cells(workbook, _category_ref(series)) == [r["group"]["touchpoint"] for r in rows]


def test_the_same_report_gives_the_same_bytes() -> None:
    report = analyze(load_survey(SAMPLE), Settings(levels=(("touchpoint",),)))
    first, second = xlsx.render(report), xlsx.render(report)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {e.date_time for e in archive.infolist()} == {FIXED_TIME.timetuple()[:6]}
    properties = load_workbook(io.BytesIO(first)).properties
    assert properties.created == properties.modified == FIXED_TIME


@pytest.mark.parametrize("level", LEVEL_SHEETS)
def test_each_level_has_a_priority_matrix_on_its_gap_and_importance_cells(
    analyzed: tuple[Any, dict[str, Any]], level: str
) -> None:
    workbook, data = analyzed
    rows = [r for r in data["rows"] if "+".join(r["group_by"]) == level]
    sheet = workbook[level]
    bars, matrix = sheet._charts
    header = [cell.value for cell in sheet[1]]
    assert matrix.anchor._from.col == bars.anchor._from.col >= len(header)
    assert matrix.anchor._from.row > bars.anchor._from.row + bars.height / 0.53
    assert len(matrix.series) == len(rows)  # one point per group, named by its label cell
    gap, importance, label = (get_column_letter(header.index(c) + 1)
                              for c in ("gap_pp", "importance", "label"))  # fmt: skip
    for k, (series, row) in enumerate(zip(matrix.series, rows, strict=True), start=2):
        assert series.xVal.numRef.f == f"'{level}'!${gap}${k}"
        assert series.yVal.numRef.f == f"'{level}'!${importance}${k}"
        assert series.tx.strRef.f == f"'{level}'!${label}${k}"
        assert sheet[f"{gap}{k}"].value == pytest.approx(row["gap_pp"], rel=1e-14)
        assert sheet[f"{importance}{k}"].value == pytest.approx(row["importance"], rel=1e-14)
        assert sheet[f"{label}{k}"].value == " · ".join(row["group"].values())
        colour = series.marker.spPr.solidFill.srgbClr
        assert getattr(colour, "val", colour) == QUADRANT_COLOURS[row["quadrant"]]
        assert series.dLbls.showSerName
    assert matrix.x_axis.crossesAt == pytest.approx(np.median([r["importance"] for r in rows]))
    assert matrix.y_axis.crossesAt == 0


def test_the_nps_sheet_charts_predicted_vs_actual(analyzed: tuple[Any, dict[str, Any]]) -> None:
    workbook, data = analyzed
    sheet = workbook["nps"]
    header = [cell.value for cell in sheet[1]]
    (nps,) = data["nps"]
    for field in ("company_nps", "customer_nps", "gap", "promoters_pct", "detractors_pct"):
        assert sheet.cell(2, header.index(field) + 1).value == pytest.approx(nps[field])
    (chart,) = sheet._charts
    assert chart.tagname == "barChart"
    assert [s.tx.v for s in chart.series] == ["Staff predict", "Customers"]
    for series, field in zip(chart.series, ["company_nps", "customer_nps"], strict=True):
        assert _cells(workbook, series.val.numRef.f) == pytest.approx([nps[field]], rel=1e-14)
        assert _cells(workbook, _category_ref(series)) == ["q26"]


def test_the_trend_nps_sheet_charts_the_gap_per_wave(sample_trend: Any) -> None:
    data = json.loads(sample_trend.to_json())
    workbook = load_workbook(io.BytesIO(xlsx.render(sample_trend.report)))
    (chart,) = workbook["nps"]._charts
    (nps,) = data["nps"]
    assert [s.tx.v for s in chart.series] == data["waves"]
    values = [_cells(workbook, s.val.numRef.f)[0] for s in chart.series]
    assert values == pytest.approx([w["gap"] for w in nps["by_wave"]], rel=1e-14)


def test_without_outcome_or_nps_item_no_matrix_and_no_nps_sheet(tmp_path: Any) -> None:
    report = analyze(load_survey(small_survey(tmp_path / "s.xlsx")), Settings())
    workbook = load_workbook(io.BytesIO(xlsx.render(report)))
    assert "nps" not in workbook.sheetnames
    assert all(len(workbook[name]._charts) == 1 for name in LEVEL_SHEETS)


def test_the_mean_metric_is_charted_as_a_score() -> None:
    report = analyze(load_survey(SAMPLE), Settings(levels=(("touchpoint",),), metric="mean"))
    workbook = load_workbook(io.BytesIO(xlsx.render(report)))
    bars, matrix = workbook["touchpoint"]._charts
    assert bars.y_axis.numFmt.formatCode == "0" and bars.y_axis.scaling.max == 100
    title = "".join(r.t for p in bars.title.tx.rich.p for r in p.r)
    assert title == "Mean score, 0-100"
    axis = "".join(r.t for p in matrix.x_axis.title.tx.rich.p for r in p.r)
    assert axis == "Delivery gap, pts"
    summary = dict(workbook["summary"].iter_rows(values_only=True))
    assert summary["metric"] == "mean" and summary["delivery gap, pts"] == pytest.approx(
        report.headline.gap_pp, rel=1e-14
    )  # Excel keeps 15 significant digits
    assert summary["company mean score (0-100)"] == report.headline.company.pct
