"""The file formats (xlsx, html): written with -o only, the same numbers as the JSON, and text
from the input kept as text: never a formula in Excel, never markup in a browser."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from conftest import SAMPLE, small_survey
from cxgap.cli import app

HOSTILE = [
    ("item", "touchpoint", "category"),
    ("q1", "=HYPERLINK(1)", "<script>x</script>"),
    ("q2", "store", "luxury"),
    ("q3", "web", "luxury"),
]


@pytest.mark.parametrize("fmt", ["xlsx", "html"])
def test_file_formats_need_an_output_file(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(app, ["analyze", str(SAMPLE), "-f", fmt])
    assert result.exit_code == 2
    assert f"--format {fmt} writes a file (name it with -o report.{fmt})" in result.stderr


def test_xlsx_holds_the_json_numbers(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    assert runner.invoke(app, ["analyze", str(SAMPLE), "-o", str(target)]).exit_code == 0
    data = json.loads(runner.invoke(app, ["analyze", str(SAMPLE), "-f", "json"]).stdout)
    workbook = CalamineWorkbook.from_path(str(target))
    assert workbook.sheet_names[:5] == [
        "summary",
        "item",
        "touchpoint",
        "category",
        "touchpoint+category",
    ]
    header, *rows = workbook.get_sheet_by_name("touchpoint").to_python()
    by_group = {row[header.index("group.touchpoint")]: row for row in rows}
    for want in (r for r in data["rows"] if r["group_by"] == ["touchpoint"]):
        got = by_group[want["group"]["touchpoint"]]
        # Excel keeps 15-17 significant digits of a double: equal to well below 1e-14
        assert got[header.index("gap_pp")] == pytest.approx(want["gap_pp"], rel=1e-14)
        assert got[header.index("q_value")] == pytest.approx(want["q_value"], rel=1e-14)
        assert got[header.index("rank")] == want["rank"]
    summary = dict(row[:2] for row in workbook.get_sheet_by_name("summary").to_python())
    assert summary["delivery gap, pp"] == pytest.approx(data["headline"]["gap_pp"], rel=1e-14)


def test_xlsx_keeps_formula_like_text_as_text(runner: CliRunner, tmp_path: Path) -> None:
    survey = small_survey(tmp_path / "folder", items=HOSTILE)
    target = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["analyze", str(survey), "-o", str(target), "--by", "touchpoint"])
    assert result.exit_code == 0, result.stderr
    header, *rows = (
        CalamineWorkbook.from_path(str(target)).get_sheet_by_name("touchpoint").to_python()
    )
    assert "=HYPERLINK(1)" in [row[header.index("group.touchpoint")] for row in rows]


def test_html_escapes_input_text(runner: CliRunner, tmp_path: Path) -> None:
    survey = small_survey(tmp_path / "folder", items=HOSTILE)
    target = tmp_path / "report.html"
    assert runner.invoke(app, ["analyze", str(survey), "-o", str(target)]).exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_html_report_of_the_sample(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert runner.invoke(app, ["analyze", str(SAMPLE), "-o", str(target)]).exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert 'Delivery gap <b class="over">+32.1 pp</b> [28.3, 36.0]' in page
    assert "<h2>Hidden strengths</h2><ul><li>-32.1 pp: app · consumable" in page


def test_trend_writes_xlsx_and_html(runner: CliRunner, tmp_path: Path) -> None:
    waves = SAMPLE.parent / "waves"
    for name in ("trend.xlsx", "trend.html"):
        result = runner.invoke(
            app,
            [
                "trend",
                str(waves / "2026Q2.xlsx"),
                str(waves / "2026Q3.xlsx"),
                "-o",
                str(tmp_path / name),
            ],
        )
        assert result.exit_code == 0, result.stderr
    assert "narrowed" in (tmp_path / "trend.html").read_text(encoding="utf-8")
    sheets = CalamineWorkbook.from_path(str(tmp_path / "trend.xlsx")).sheet_names
    assert sheets[:3] == ["summary", "item", "touchpoint"]


def test_written_files_follow_the_umask(runner: CliRunner, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "report.json"
        assert runner.invoke(app, ["analyze", str(SAMPLE), "-o", str(target)]).exit_code == 0
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644
