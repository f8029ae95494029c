"""The deck's slides from gap to priority, read back with python-pptx: "Fix first", the priority
matrix per level (a native XY scatter whose every point sits at the JSON's gap_pp and importance,
grouped by quadrant, labelled with its group, the axes crossing at zero gap and the level's
median importance), the NPS slide and the trend's NPS per wave; none of them where the survey
has no outcome or no NPS item; ``--metric mean`` in points, never in %."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from conftest import SAMPLE, small_survey
from cxgap.load import load_survey
from cxgap.model import Settings
from cxgap.render import pptx
from cxgap.stats import analyze

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
QUADRANTS = {"fix_first": "Fix first", "monitor": "Monitor", "strength": "Strength",
             "aligned": "Aligned"}  # fmt: skip


def _title(slide: Any) -> str:
    return str(slide.shapes[0].text_frame.text)


def _charts(slide: Any) -> list[Any]:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _texts(slide: Any) -> list[str]:
    return [p.text for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs]


def _xs(series: Any) -> list[float]:
    return [float(v.text) for v in series._element.iter(f"{C}xVal") for v in v.iter(f"{C}v")]


@pytest.fixture(scope="module")
def deck(sample_analysis: Any) -> tuple[list[Any], dict[str, Any]]:
    slides = list(Presentation(io.BytesIO(pptx.render(sample_analysis.report))).slides)
    return slides, json.loads(sample_analysis.to_json())


def test_every_level_has_a_matrix_whose_points_are_the_json_rows(
    deck: tuple[list[Any], dict[str, Any]],
) -> None:
    slides, data = deck
    matrices = {_title(s): s for s in slides if _title(s).endswith(": the priority matrix")}
    levels = ["item", "touchpoint", "category", "touchpoint + category"]
    assert list(matrices) == [f"By {level}: the priority matrix" for level in levels]
    for level, slide in zip(levels, matrices.values(), strict=True):
        rows = [r for r in data["rows"] if " + ".join(r["group_by"]) == level]
        (chart,) = _charts(slide)
        assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER
        seen = {}
        for series in chart.plots[0].series:
            labels = [
                series.points[k].data_label.text_frame.text.replace("\u00a0", " ")
                for k in range(len(series.values))
            ]
            for label, x, y in zip(labels, _xs(series), series.values, strict=True):
                seen[label] = (series.name, x, y)
        by_label = {" · ".join(r["group"].values()): r for r in rows}
        assert sorted(seen) == sorted(by_label)  # every group once, labelled with its group
        for label, (quadrant, x, y) in seen.items():
            row = by_label[label]
            assert quadrant == QUADRANTS[row["quadrant"]]
            assert x == pytest.approx(row["gap_pp"], rel=1e-12)
            assert y == pytest.approx(row["importance"], rel=1e-12)
        median = float(np.median([r["importance"] for r in rows]))
        assert chart.value_axis.crosses_at == pytest.approx(median, rel=1e-12)
        assert chart.category_axis.crosses_at == 0
        assert all(  # the line the quadrants were drawn at
            r["importance"] >= median for r in rows if r["quadrant"] == "fix_first"
        )
        axis = chart.category_axis
        assert axis.minimum_scale < min(r["gap_pp"] for r in rows)
        assert axis.maximum_scale > max(r["gap_pp"] for r in rows)
        assert axis.axis_title.text_frame.text == "Delivery gap, pp (company minus customers)"
        assert chart.value_axis.axis_title.text_frame.text == "Importance: r with q25"


def test_matrix_notes_say_how_importance_and_priority_are_made(
    deck: tuple[list[Any], dict[str, Any]],
) -> None:
    slides, data = deck
    slide = next(s for s in slides if _title(s) == "By touchpoint: the priority matrix")
    notes = slide.notes_slide.notes_text_frame.text
    assert "weighted Pearson correlation among customers" in notes
    assert "outcome q25" in notes and "Priority = gap x max(r, 0)" in notes
    phone = next(r for r in data["rows"] if r["group"] == {"touchpoint": "phone support"})
    assert (
        f"phone support [touchpoint]: gap {phone['gap_pp']:+.1f} pp, r {phone['importance']:.2f} "
        f"[{phone['importance_ci'][0]:.1f}, {phone['importance_ci'][1]:.1f}], priority "
        f"{phone['priority']:.1f}, fix_first"
    ) in notes


def test_fix_first_lists_the_significant_blind_spots_that_matter_most(
    deck: tuple[list[Any], dict[str, Any]],
) -> None:
    slides, data = deck
    (slide,) = [s for s in slides if _title(s).startswith("Fix first")]
    chosen = [
        r for r in data["rows"]
        if r["quadrant"] == "fix_first" and not r["split"] and r["group_by"] != ["item"]
    ]  # fmt: skip
    chosen.sort(key=lambda r: -r["priority"])
    expected = [
        f"{r['gap_pp']:+.1f} pp x r {r['importance']:.2f} = {r['priority']:.1f}   "
        f"{' · '.join(r['group'].values())} [{' + '.join(r['group_by'])}]"
        for r in chosen[:5]
    ]
    assert _texts(slide)[2:7] == expected
    assert expected[0] == "+63.8 pp x r 0.51 = 32.5   phone support [touchpoint]"


def test_the_nps_slide_shows_predicted_vs_actual(deck: tuple[list[Any], dict[str, Any]]) -> None:
    slides, data = deck
    (nps,) = data["nps"]
    (slide,) = [s for s in slides if _title(s).startswith("NPS")]
    assert _title(slide) == "NPS: staff predict +62, customers say -34"
    (chart,) = _charts(slide)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    series = chart.plots[0].series
    assert [s.name for s in series] == ["Staff predict", "Customers"]
    assert [s.values[0] for s in series] == pytest.approx(
        [nps["company_nps"], nps["customer_nps"]], rel=1e-12
    )
    low, high = nps["gap_ci"]
    assert _texts(slide)[1] == (
        f"NPS (q26): staff predict +62, customers say -34: gap {nps['gap']:+.1f}* "
        f"[{low:.1f}, {high:.1f}]; customers {nps['promoters_pct']:.0f}% promoters, "
        f"{nps['detractors_pct']:.0f}% detractors"
    )


def test_the_trend_deck_shows_nps_per_wave(sample_trend: Any) -> None:
    data = json.loads(sample_trend.to_json())
    slides = list(Presentation(io.BytesIO(pptx.render(sample_trend.report))).slides)
    (slide,) = [s for s in slides if _title(s).startswith("NPS per wave")]
    (chart,) = _charts(slide)
    assert list(chart.plots[0].categories) == data["waves"]
    (nps,) = data["nps"]
    staff, customers = chart.plots[0].series
    assert list(staff.values) == pytest.approx([w["company_nps"] for w in nps["by_wave"]])
    assert list(customers.values) == pytest.approx([w["customer_nps"] for w in nps["by_wave"]])


def test_no_outcome_no_matrix_and_no_nps_item_no_nps_slide(tmp_path: Path) -> None:
    report = analyze(load_survey(small_survey(tmp_path / "s.xlsx")), Settings())
    assert report.outcome is None and not report.nps
    titles = [_title(s) for s in Presentation(io.BytesIO(pptx.render(report))).slides]
    assert titles[1] == "Blind spots and hidden strengths"
    assert not [t for t in titles if "matrix" in t or "Fix first" in t or "NPS" in t]


def test_the_mean_metric_speaks_in_points() -> None:
    report = analyze(load_survey(SAMPLE), Settings(levels=(("touchpoint",),), metric="mean"))
    slides = list(Presentation(io.BytesIO(pptx.render(report))).slides)
    head = report.headline
    assert _title(slides[0]).startswith(
        f"Company {head.company.pct:.1f} vs customers {head.customers.pct:.1f}: "
    )
    bars = next(s for s in slides if _title(s) == "By touchpoint")
    (chart,) = _charts(bars)
    assert chart.plots[0].data_labels.number_format == "0.0"
    assert all(" pts" in c and "%" not in c for c in chart.plots[0].categories)
    (matrix,) = _charts(next(s for s in slides if _title(s).endswith("priority matrix")))
    title = matrix.category_axis.axis_title.text_frame.text
    assert title == "Delivery gap, points of the 0-100 mean score"
    assert (
        "Score: each sample's weighted mean answer" in slides[0].notes_slide.notes_text_frame.text
    )
    assert not any("%" in line for line in _texts(slides[1]))  # the fix-first lines


def test_a_split_part_has_its_own_matrix_and_a_lone_row_none() -> None:
    settings = Settings(levels=(("touchpoint",),), splits=("role",))
    report = analyze(load_survey(SAMPLE), settings)
    slides = list(Presentation(io.BytesIO(pptx.render(report))).slides)
    matrices = [_title(s) for s in slides if _title(s).endswith("priority matrix")]
    assert matrices[0] == "By touchpoint: the priority matrix"
    assert "By touchpoint  ·  role = frontline: the priority matrix" in matrices
    assert not [t for t in matrices if t.startswith("All items")]  # one dot is no matrix
    part = dict(report.rows[-1].split)
    rows = [r for r in report.rows if r.group_by == ("touchpoint",) and dict(r.split) == part]
    assert matrices[-1].endswith(f"role = {part['role']}: the priority matrix")
    last = next(s for s in slides if _title(s) == matrices[-1])
    (chart,) = _charts(last)
    xs = sorted(x for series in chart.plots[0].series for x in _xs(series))
    assert xs == pytest.approx(sorted(r.gap_pp for r in rows if r.gap_pp is not None), rel=1e-12)
