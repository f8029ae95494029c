"""The deck, read back with python-pptx: the slides, their native chart types, and every
chart's series values equal the JSON's numbers; speaker notes carry the method, the bases and
the exclusions; the same report gives the same bytes."""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from typer.testing import CliRunner

from conftest import SAMPLE
from cxgap.cli import app
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render import pptx
from cxgap.render._package import FIXED_TIME
from cxgap.report import Estimate, GapRow
from cxgap.stats import analyze


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _families(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(json.dumps([row["group_by"], row["split"]]), []).append(row)
    return list(grouped.values())


def _title(slide: Any) -> str:
    return str(slide.shapes[0].text_frame.text)


def _charts(slide: Any) -> list[Any]:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _notes(slide: Any) -> str:
    return str(slide.notes_slide.notes_text_frame.text)


def _pages(n: int) -> int:
    return math.ceil(n / pptx.PER_SLIDE)


@pytest.fixture(scope="module")
def deck(
    tmp_path_factory: pytest.TempPathFactory, sample_analysis: Any
) -> tuple[Any, dict[str, Any]]:
    target = tmp_path_factory.mktemp("pptx") / "deck.pptx"
    _run(["analyze", str(SAMPLE), "-o", str(target)])  # the format follows the extension
    return Presentation(str(target)), json.loads(sample_analysis.to_json())


def test_the_deck_is_16_to_9_and_opens_with_the_headline(deck: tuple[Any, dict[str, Any]]) -> None:
    presentation, data = deck
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    first = presentation.slides[0]
    assert _title(first) == "Company 64% vs customers 32%: a 32-point delivery gap"
    (chart,) = _charts(first)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    head = data["headline"]
    assert [s.values[0] for s in chart.plots[0].series] == pytest.approx(
        [head["company_pct"], head["customer_pct"]], rel=1e-12
    )
    titles = [_title(s) for s in presentation.slides][:4]
    assert titles[1:] == [
        "Fix first: blind spots that matter most to customers",
        "Blind spots and hidden strengths",
        "NPS: staff predict +62, customers say -34",
    ]
    spot = presentation.slides[2]
    assert "+63.8 pp  phone support [touchpoint]  (79% vs 15%)" in [
        p.text for shape in spot.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs
    ]


def test_every_level_is_charted_with_the_json_shares(deck: tuple[Any, dict[str, Any]]) -> None:
    presentation, data = deck
    slides = list(presentation.slides)[4:]
    families = _families(data["rows"])
    assert len(slides) == sum(_pages(len(rows)) + 1 for rows in families)  # + the matrix
    for rows in families:
        pages, slides = slides[: _pages(len(rows))], slides[_pages(len(rows)) + 1 :]
        level = " + ".join(rows[0]["group_by"])
        assert all(_title(s).startswith(f"By {level}") for s in pages)
        assert not any("matrix" in _title(s) for s in pages)
        charts = [chart for s in pages for chart in _charts(s)]
        assert all(c.chart_type == XL_CHART_TYPE.BAR_CLUSTERED for c in charts)
        assert all([s.name for s in c.plots[0].series] == ["Company", "Customers"] for c in charts)
        company = [v for c in charts for v in c.plots[0].series[0].values]
        customers = [v for c in charts for v in c.plots[0].series[1].values]
        assert company == pytest.approx([r["company_pct"] for r in rows], rel=1e-12)
        assert customers == pytest.approx([r["customer_pct"] for r in rows], rel=1e-12)
        labels = [label for c in charts for label in c.plots[0].categories]
        for label, row in zip(labels, rows, strict=True):
            assert f"{row['gap_pp']:+.1f} pp" in label
            assert label.startswith(" · ".join(row["group"].values())[:20])


def _excluded_line(data: dict[str, Any]) -> str:
    """The exclusions' totals by reason, as the JSON counts them: ``Excluded cells: 39,814
    blank, 51 missing_code, ...``."""
    totals: dict[str, int] = {}
    for e in data["exclusions"]:
        totals[e["reason"]] = totals.get(e["reason"], 0) + e["count"]
    return "Excluded cells: " + ", ".join(f"{totals[r]:,} {r}" for r in sorted(totals))


def test_speaker_notes_carry_method_bases_and_exclusions(
    deck: tuple[Any, dict[str, Any]],
) -> None:
    presentation, data = deck
    for slide in presentation.slides:
        notes = _notes(slide)
        assert "Method: Share = top box" in notes
        assert data["exclusions"] and _excluded_line(data) in notes
        assert "customers q01: " in notes
    store = next(s for s in presentation.slides if _title(s) == "By touchpoint")
    row = next(r for r in data["rows"] if r["group"] == {"touchpoint": "store"})
    assert f"store: company 67% (n = {row['n_company']}), customers 27% (n = " in _notes(store)


def test_the_trend_deck_charts_each_gap_per_wave(sample_trend: Any) -> None:
    data = json.loads(sample_trend.to_json())
    slides = list(Presentation(io.BytesIO(pptx.render(sample_trend.report))).slides)
    assert _title(slides[0]) == (
        "Delivery gap 35.2 pp -> 32.1 pp: steady (change -3.1 pp, not significant)"
    )
    (head,) = _charts(slides[0])
    assert [s.name for s in head.plots[0].series] == data["waves"]
    assert [s.values[0] for s in head.plots[0].series] == pytest.approx(
        [w["gap_pp"] for w in data["headline"]["by_wave"]], rel=1e-12
    )
    assert _title(slides[1]) == "NPS per wave (q26)"
    rest = slides[2:]
    families = _families(data["rows"])
    assert len(rest) == sum(_pages(len(rows)) for rows in families)
    for rows in families:
        pages, rest = rest[: _pages(len(rows))], rest[_pages(len(rows)) :]
        charts = [chart for s in pages for chart in _charts(s)]
        for k, wave in enumerate(data["waves"]):
            series = [c.plots[0].series[k] for c in charts]
            assert {s.name for s in series} == {wave}
            values = [v for s in series for v in s.values]
            assert values == pytest.approx([r["by_wave"][k]["gap_pp"] for r in rows], rel=1e-12)
    after_sales = next(s for s in slides if _title(s) == "By touchpoint: the gap per wave")
    labels = list(_charts(after_sales)[0].plots[0].categories)
    assert "after-sales  -15.8 pp ▼" in labels


def test_the_same_report_gives_the_same_bytes() -> None:
    report = analyze(load_survey(SAMPLE), Settings(levels=(("touchpoint",),)))
    first, second = pptx.render(report), pptx.render(report)
    charts = 4  # the headline's, the NPS slide's, the touchpoint chart and its matrix
    assert first == second
    stamp = FIXED_TIME.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {e.date_time for e in archive.infolist()} == {stamp}
        embedded = [n for n in archive.namelist() if n.endswith(".xlsx")]
        assert len(embedded) == charts
        for name in embedded:
            with zipfile.ZipFile(io.BytesIO(archive.read(name))) as inner:
                assert {e.date_time for e in inner.infolist()} == {stamp}
                assert b"1980-01-01T00:00:00Z" in inner.read("docProps/core.xml")
    properties = Presentation(io.BytesIO(first)).core_properties
    assert properties.created == properties.modified == FIXED_TIME


def test_pptx_needs_an_output_file() -> None:
    result = CliRunner().invoke(app, ["analyze", str(SAMPLE), "-f", "pptx"])
    assert result.exit_code == 2
    assert "--format pptx writes a file (name it with -o report.pptx)" in result.stderr


@pytest.mark.parametrize(
    ("company", "customers", "title"),
    [
        (80.0, 8.0, "Company 80% vs customers 8%: a 72-point delivery gap"),
        (90.0, 2.0, "Company 90% vs customers 2%: an 88-point delivery gap"),
        (30.0, 41.0, "Company 30% vs customers 41%: an 11-point gap in the customers' favour"),
    ],
)
def test_headline_titles_read_as_english(company: float, customers: float, title: str) -> None:
    def side(pct: float) -> Estimate:
        return Estimate(
            pct=pct, se_pp=1.0, ci_pp=(pct - 2, pct + 2), ci_method="logit", n=50, n_eff=50.0,
            responses=100,
        )  # fmt: skip

    row = GapRow(
        group_by=(), group={}, split={}, company=side(company), customers=side(customers),
        gap_pp=company - customers, gap_se_pp=1.0, gap_ci_pp=None, gap_ci_method=None, df=None,
        p_value=None,
    )  # fmt: skip
    assert pptx.headline_title(row) == title


def test_limit_keeps_the_first_groups_of_each_level(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    _run(["analyze", str(SAMPLE), "-o", str(target), "--by", "item", "--limit", "3"])
    slides = list(Presentation(str(target)).slides)
    assert [_title(s) for s in slides[4:]] == ["By item", "By item: the priority matrix"]
    (chart,) = _charts(slides[4])
    assert len(chart.plots[0].categories) == 3
