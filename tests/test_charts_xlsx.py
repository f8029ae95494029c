"""The Excel report's native charts, read back with openpyxl: one bar chart per level sheet,
its series and categories pointing at the cells that hold the JSON's numbers; and the file the
same, byte for byte, on every run."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from typer.testing import CliRunner

from conftest import SAMPLE
from cxgap.cli import app
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render import xlsx
from cxgap.render._package import FIXED_TIME
from cxgap.stats import analyze

LEVEL_SHEETS = ["item", "touchpoint", "category", "touchpoint+category"]


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _cells(workbook: Any, ref: str) -> list[Any]:
    """The values a reference like ``'item'!$C$2:$C$25`` (or ``$B$2:$C$19``) points at."""
    found = re.fullmatch(r"'(.+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", ref)
    assert found, ref
    sheet, c0, r0, c1, r1 = found.groups()
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
    (chart,) = sheet._charts
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
