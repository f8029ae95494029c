"""The deck's "Inconsistent service" slides (SPEC 9): per level a native, editable XY chart,
one line per group from its lowest to its highest customer score, a dot per value of the
dimension (hollow: under --min-base, left out), the line red and thick where the values differ
significantly, the range at its right end; the speaker notes carry each group's test. The rows
and their order are the report's (stats ranked them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cxgap.render._charts import INK, MUTED, OVER
from cxgap.render._charts_pptx import footnote, inert, new_slide, text
from cxgap.render._consistency_text import (
    TITLE,
    extreme,
    fmt_range,
    fmt_test,
    group_name,
    subtitle,
    verdict,
)
from cxgap.report import Report
from cxgap.report_consistency import ConsistencyRow

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.slide import Slide

PER_SLIDE = 12
PALETTE = ("1F77B4", "FF7F0E", "2CA02C", "9467BD", "8C564B", "E377C2", "17BECF", "BCBD22",
           "7F7F7F", "D62728")  # fmt: skip
"""The HTML chart's colours, one per value of the dimension, the same on every slide."""
STEADY = "9A9A9A"
LABELS_FROM = -50.0
"""Where the x axis starts: left of 0 the group names stand (its negative ticks are hidden)."""


def slides(deck: Presentation, report: Report, notes: str, limit: int | None) -> None:
    found = report.consistency
    if found is None:
        return
    metric = report.settings.metric
    names = sorted({v.value for row in found.rows for v in row.values})
    colours = {name: PALETTE[k % len(PALETTE)] for k, name in enumerate(names)}
    levels = found.levels()
    if not levels:
        slide = new_slide(deck, TITLE, notes)
        none = f"No group has two {found.dimension} values to compare."
        text(slide, [(none, 18, INK), (subtitle(found, metric), 14, MUTED)], top=1.6)
        return
    for columns, rows in levels:
        shown = rows[:limit] if limit else rows
        pages = [shown[k : k + PER_SLIDE] for k in range(0, len(shown), PER_SLIDE)]
        for k, part in enumerate(pages):
            page = f" ({k + 1}/{len(pages)})" if len(pages) > 1 else ""
            title = f"{TITLE} by {' + '.join(columns)}: does {found.dimension} matter?{page}"
            slide = new_slide(deck, title, _notes(part, metric, report) + "\n\n" + notes)
            _chart(slide, part, colours, metric)
            footnote(slide, subtitle(found, metric))


def _notes(rows: Sequence[ConsistencyRow], metric: str, report: Report) -> str:
    return "\n".join(
        f"{group_name(r)}: best {extreme(r, r.highest, metric)}, worst "
        f"{extreme(r, r.lowest, metric)}, range {fmt_range(r.range_pp, metric)}; {fmt_test(r)}; "
        f"{verdict(r)}"
        + (f"; left out (under {report.settings.min_base}): " + ", ".join(r.excluded_values))
        * bool(r.excluded_values)
        for r in rows
    )


def _chart(
    slide: Slide, rows: Sequence[ConsistencyRow], colours: dict[str, str], metric: str
) -> None:
    from pptx.chart.data import XyChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    data = XyChartData()
    names = data.add_series("groups")  # each group's name, left of 0
    for i in range(len(rows)):
        names.add_data_point(0.0, -i)
    for i, row in enumerate(rows):  # a line per group, the range at its end
        kept = [v.customers.pct for v in row.values if not v.excluded and v.customers.pct]
        low, high = (min(kept), max(kept)) if kept else (0.0, 0.0)
        line = data.add_series(f"range {i}")
        for x in (low, high):
            line.add_data_point(x, -i)
    present = sorted({v.value for row in rows for v in row.values})
    for name in present:  # a dot per value
        series = data.add_series(inert(name))  # a value named =SUM(1) stays a label
        for i, row in enumerate(rows):
            value = row.value(name)
            if value is not None and value.customers.pct is not None:
                series.add_data_point(value.customers.pct, -i)
    box = (0.5, 1.3, 12.3, 5.4)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES, *(Inches(v) for v in box), data)
    chart = frame.chart
    chart.font.size = Pt(11)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    series = list(chart.plots[0].series)
    _style_names(series[0], rows)
    for i, row in enumerate(rows):
        _style_range(series[1 + i], row, metric)
    for name, dots in zip(present, series[1 + len(rows) :], strict=True):
        _style_dots(dots, name, rows, colours[name])
    _hide_from_legend(chart, range(1 + len(rows)))
    _axes(chart, len(rows), metric)


def _style_names(series: object, rows: Sequence[ConsistencyRow]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_LABEL_POSITION, XL_MARKER_STYLE
    from pptx.util import Pt

    series.marker.style = XL_MARKER_STYLE.NONE  # type: ignore[attr-defined]
    series.format.line.fill.background()  # type: ignore[attr-defined]
    for k, row in enumerate(rows):
        name = series.points[k].data_label  # type: ignore[attr-defined]
        name.position = XL_LABEL_POSITION.LEFT
        name.text_frame.text = group_name(row).replace(" ", "\u00a0")
        font = name.text_frame.paragraphs[0].runs[0].font
        font.size, font.color.rgb = Pt(11), RGBColor.from_string(INK)


def _style_range(series: object, row: ConsistencyRow, metric: str) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_LABEL_POSITION, XL_MARKER_STYLE
    from pptx.util import Pt

    tone = OVER if row.inconsistent else STEADY
    series.marker.style = XL_MARKER_STYLE.NONE  # type: ignore[attr-defined]
    line = series.format.line  # type: ignore[attr-defined]
    line.color.rgb = RGBColor.from_string(tone)
    line.width = Pt(4.5 if row.inconsistent else 2)
    end = series.points[1].data_label  # type: ignore[attr-defined]
    end.position = XL_LABEL_POSITION.RIGHT
    mark = " *" if row.inconsistent else ""
    end.text_frame.text = "\u00a0\u00a0" + fmt_range(row.range_pp, metric) + mark
    font = end.text_frame.paragraphs[0].runs[0].font  # rich text: its run's own font
    font.size, font.color.rgb, font.bold = Pt(11), RGBColor.from_string(tone), row.inconsistent


def _style_dots(series: object, name: str, rows: Sequence[ConsistencyRow], colour: str) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_MARKER_STYLE

    series.format.line.fill.background()  # type: ignore[attr-defined]  # dots, never joined
    marker = series.marker  # type: ignore[attr-defined]
    marker.style, marker.size = XL_MARKER_STYLE.CIRCLE, 11
    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = RGBColor.from_string(colour)
    marker.format.line.color.rgb = RGBColor.from_string(colour)
    drawn = [r.value(name) for r in rows]
    held = [v for v in drawn if v is not None and v.customers.pct is not None]
    for k, value in enumerate(held):
        if value.excluded:  # hollow: under the minimum base, left out of the range and test
            point = series.points[k]  # type: ignore[attr-defined]
            point.marker.style, point.marker.size = XL_MARKER_STYLE.CIRCLE, 11
            point.marker.format.fill.solid()
            point.marker.format.fill.fore_color.rgb = RGBColor.from_string("FFFFFF")
            point.marker.format.line.color.rgb = RGBColor.from_string(colour)


def _hide_from_legend(chart: object, indices: range) -> None:
    """Leave the groups' range lines out of the legend, which then names the values only."""
    from pptx.oxml.ns import qn

    legend = chart.legend._element  # type: ignore[attr-defined]
    for index in reversed(indices):
        entry = legend.makeelement(qn("c:legendEntry"), {})
        idx = entry.makeelement(qn("c:idx"), {"val": str(index)})
        delete = entry.makeelement(qn("c:delete"), {"val": "1"})
        entry.append(idx)
        entry.append(delete)
        legend.insert(1, entry)  # after c:legendPos


def _axes(chart: object, rows: int, metric: str) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_TICK_LABEL_POSITION, XL_TICK_MARK
    from pptx.util import Pt

    x = chart.category_axis  # type: ignore[attr-defined]
    x.minimum_scale, x.maximum_scale, x.major_unit = LABELS_FROM, 125.0, 25.0
    x.has_major_gridlines = False
    shown = '0"%"' if metric == "topbox" else "0"
    x.tick_labels.number_format = f'[>100]"";[>=0]{shown};""'  # 0-100 only
    x.tick_labels.number_format_is_linked = False
    x.tick_labels.font.size = Pt(10)
    x.tick_labels.font.color.rgb = RGBColor.from_string(MUTED)
    x.format.line.fill.background()
    x.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    y = chart.value_axis  # type: ignore[attr-defined]
    y.minimum_scale, y.maximum_scale, y.major_unit = -rows + 0.4, 0.6, 1.0
    y.has_major_gridlines = False
    y.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    y.major_tick_mark = XL_TICK_MARK.NONE
    y.format.line.fill.background()
    y.crosses_at = -rows + 0.4
