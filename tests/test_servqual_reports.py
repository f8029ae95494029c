"""SPEC 10 in every output of the SERVQUAL sample (``sample_data/servqual.xlsx``): the JSON
against its schema, the "SERVQUAL gaps" view in the table, Markdown, HTML, deck and workbook,
and the service gap's change across the sample's two waves, tested as SPEC 2.1 tests a gap's."""

from __future__ import annotations

import csv
import io
import json
import math
from importlib import resources
from typing import Any

import jsonschema
import pytest
from scipy import special
from typer.testing import CliRunner

from conftest import ROOT
from cxgap.cli import app
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.stats import analyze, trend

SAMPLE = ROOT / "sample_data" / "servqual.xlsx"
WAVES = [ROOT / "sample_data" / "servqual_waves" / f"2026Q{k}.xlsx" for k in (2, 3)]
MEAN = Settings(metric="mean", levels=(("item",), ("touchpoint",)))


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, [*args, "--metric", "mean", "--by", "touchpoint"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("cxgap.schema").joinpath(name).read_text("utf-8"))  # type: ignore[no-any-return]


def test_json_matches_the_schemas(runner: CliRunner) -> None:
    data = json.loads(_run(runner, "analyze", str(SAMPLE), "--split", "role", "-f", "json"))
    jsonschema.validate(data, _schema("report.schema.json"))
    assert any(e["reason"] == "unpaired" for e in data["exclusions"])
    waves = json.loads(_run(runner, "trend", *map(str, WAVES), "-f", "json"))
    jsonschema.validate(waves, _schema("trend.schema.json"))
    assert all("service_gap_change" in row for row in waves["rows"])


def test_the_table_ranks_by_service_gap_most_negative_first(runner: CliRunner) -> None:
    out = _run(runner, "analyze", str(SAMPLE), "-f", "table")
    report = analyze(load_survey(SAMPLE), MEAN)
    rows = sorted(
        (r for r in report.rows if r.group_by == ("touchpoint",)),
        key=lambda r: r.servqual.service_gap,  # type: ignore[union-attr,return-value,arg-type]
    )
    view = out[out.index("SERVQUAL gaps  ·  by touchpoint") :].splitlines()[4:9]
    for line, row in zip(view, rows, strict=True):
        gaps = row.servqual
        assert gaps is not None and gaps.service_gap is not None
        assert row.group["touchpoint"] in line
        assert f"{gaps.service_gap:+.1f}*" in line and f"{gaps.knowledge_gap_pp:+.1f}" in line
        assert f"{gaps.customer_expectation:.1f}" in line and f"{row.gap_pp:+.1f}*" in line
    assert view[0].split()[1] == "after-sales"


def test_markdown_and_html_hold_the_view(runner: CliRunner, tmp_path: Any) -> None:
    md = _run(runner, "analyze", str(SAMPLE), "-f", "markdown")
    assert "## SERVQUAL gaps  ·  by touchpoint" in md
    assert "| 1 | after-sales | " in md
    page = tmp_path / "r.html"
    _run(runner, "analyze", str(SAMPLE), "-o", str(page))
    html = page.read_text("utf-8")
    assert html.count('class="chart servqual"') == 1
    assert "Knowledge gap" in html and "after-sales" in html


def test_deck_has_a_servqual_chart_per_level(runner: CliRunner, tmp_path: Any) -> None:
    from pptx import Presentation

    deck = tmp_path / "d.pptx"
    _run(runner, "analyze", str(SAMPLE), "-o", str(deck))
    slides = Presentation(str(deck)).slides
    titled = [s for s in slides if any("SERVQUAL gaps" in sh.text_frame.text for sh in s.shapes
                                       if sh.has_text_frame)]  # fmt: skip
    assert len(titled) == 1
    chart = next(sh.chart for sh in titled[0].shapes if sh.has_chart)
    names = [series.name for series in chart.plots[0].series]
    assert names[0].startswith("Service gap") and names[1].startswith("Knowledge gap")
    first = chart.plots[0].categories[0]
    assert first.startswith("after-sales")
    report = analyze(load_survey(SAMPLE), MEAN)
    after_sales = next(r for r in report.rows if r.group == {"touchpoint": "after-sales"})
    assert next(iter(chart.plots[0].series[0].values)) == pytest.approx(
        after_sales.servqual.service_gap  # type: ignore[union-attr]
    )


def test_workbook_has_the_servqual_columns(runner: CliRunner, tmp_path: Any) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "r.xlsx"
    _run(runner, "analyze", str(SAMPLE), "-o", str(book))
    sheet = load_workbook(io.BytesIO(book.read_bytes()))["touchpoint"]
    header = [c.value for c in sheet[1]]
    for name in ("service_gap", "service_gap_ci_low", "n_paired", "knowledge_gap_pp"):
        assert name in header
    data = json.loads(_run(runner, "analyze", str(SAMPLE), "-f", "json"))
    first = next(r for r in data["rows"] if r["group_by"] == ["touchpoint"])
    values = dict(zip(header, (c.value for c in sheet[2]), strict=True))
    assert values["service_gap"] == first["service_gap"]


def test_the_service_gaps_change_is_tested_as_a_gaps_change() -> None:
    """Each wave's service gap is analyze's (pinned to R); the change is their difference, its
    SE the root of their variances' sum, t on the Welch-Satterthwaite df of the two waves."""
    waves = [analyze(load_survey(path), MEAN) for path in WAVES]
    result = trend([(p.stem, load_survey(p)) for p in WAVES], MEAN)
    found = {(r.group_by, tuple(r.group.items())): r for r in result.rows}
    for row in (r for r in waves[1].rows if r.servqual is not None):
        base = next(r for r in waves[0].rows if (r.group_by, r.group) == (row.group_by, row.group))
        a, b = base.servqual, row.servqual
        assert a and b and a.service_gap is not None and b.service_gap is not None
        assert a.service_gap_se and b.service_gap_se and a.n_paired and b.n_paired
        got = found[row.group_by, tuple(row.group.items())].servqual
        assert got is not None
        va, vb = a.service_gap_se**2, b.service_gap_se**2
        df = (va + vb) ** 2 / (va**2 / (a.n_paired - 1) + vb**2 / (b.n_paired - 1))
        change, se = b.service_gap - a.service_gap, math.sqrt(va + vb)
        assert got.change == pytest.approx(change, rel=1e-12)
        assert got.change_se == pytest.approx(se, rel=1e-12)
        assert got.df == pytest.approx(df, rel=1e-12)
        assert got.p_value == pytest.approx(2 * special.stdtr(df, -abs(change) / se), rel=1e-9)
        half = special.stdtrit(df, 0.975) * se
        assert got.change_ci == pytest.approx((change - half, change + half), rel=1e-12)
        assert [w.service_gap for w in got.by_wave] == [a.service_gap, b.service_gap]
    after_sales = found[("touchpoint",), (("touchpoint", "after-sales"),)].servqual
    assert after_sales is not None and after_sales.direction == "improved"
    steady = [r for r in result.rows if r.group_by == ("touchpoint",) and r.servqual
              and r.servqual.direction == "steady"]  # fmt: skip
    assert len(steady) == 4


def test_trend_table_and_markdown_show_the_service_gap_per_wave(runner: CliRunner) -> None:
    out = _run(runner, "trend", *map(str, WAVES), "-f", "table")
    view = out[out.index("SERVQUAL gaps: service gap per wave") :].splitlines()
    assert view[4].split()[:4] == ["after-sales", "-47.5", "-40.8", "+6.7"]
    assert view[4].rstrip().endswith("improved")
    md = _run(runner, "trend", *map(str, WAVES), "-f", "markdown")
    assert "| after-sales | -47.5 | -40.8 | +6.7 | [2.7, 10.8] | improved |" in md


def test_trend_csv_and_workbook_carry_the_service_gap_per_wave(
    runner: CliRunner, tmp_path: Any
) -> None:
    from openpyxl import load_workbook

    text = _run(runner, "trend", *map(str, WAVES), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    after_sales = next(r for r in rows if r["group.touchpoint"] == "after-sales")
    data = json.loads(_run(runner, "trend", *map(str, WAVES), "-f", "json"))
    want = next(r for r in data["rows"] if r["group"] == {"touchpoint": "after-sales"})
    for point in want["service_gap_by_wave"]:
        assert float(after_sales[f"{point['wave']}.service_gap"]) == point["service_gap"]
    assert float(after_sales["service_gap_change"]) == want["service_gap_change"]
    book = tmp_path / "t.xlsx"
    _run(runner, "trend", *map(str, WAVES), "-o", str(book))
    sheet = load_workbook(io.BytesIO(book.read_bytes()))["touchpoint"]
    header = [c.value for c in sheet[1]]
    assert "2026Q3.service_gap" in header and "service_gap_direction" in header


def test_trend_html_and_deck_show_the_service_gap_per_wave(
    runner: CliRunner, tmp_path: Any
) -> None:
    from pptx import Presentation

    page, deck = tmp_path / "t.html", tmp_path / "t.pptx"
    _run(runner, "trend", *map(str, WAVES), "-o", str(page))
    html = page.read_text("utf-8")
    assert "<td>after-sales</td><td class=n>-47.5</td><td class=n>-40.8</td>" in html
    _run(runner, "trend", *map(str, WAVES), "-o", str(deck))
    slide = next(
        s
        for s in Presentation(str(deck)).slides
        if any(
            sh.has_text_frame and "service gap per wave" in sh.text_frame.text for sh in s.shapes
        )
    )
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    assert chart.plots[0].categories[0] == "after-sales  +6.7 improved"
    values = [next(iter(series.values)) for series in chart.plots[0].series]
    assert [round(v, 1) for v in values] == [-47.5, -40.8]
