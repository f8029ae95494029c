"""python-pptx drawing for the deck: text boxes and native, editable bar charts.

Only layout and styling live here; :mod:`cxgap.render.pptx` decides what goes on each slide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cxgap.render._charts import INK, MUTED, Axis, label_sides, nice_axis

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.slide import Slide


def text(
    slide: Slide,
    lines: Sequence[tuple[str, int, str]],
    top: float,
    height: float = 2.6,
    bold: bool = False,
) -> None:
    """A text box across the slide at ``top`` inches: one paragraph per (text, points, colour),
    wrapped within the box; the first line bold when it heads larger lines."""
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(0.6), Inches(top), Inches(12.1), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for k, (line, size, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.space_after = Pt(6)
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bold or (k == 0 and size >= 20 and len(lines) > 1)
        paragraph.font.color.rgb = RGBColor.from_string(colour)


def new_slide(deck: Presentation, title: str, notes: str) -> Slide:
    """A blank 16:9 slide with its title and speaker notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    text(slide, [(title, 28 if len(title) <= 48 else 24, INK)], top=0.35, height=1.0, bold=True)
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def inert(label: str) -> str:
    """A chart's label as its embedded workbook must hold it: python-pptx writes it with
    xlsxwriter, which makes a text starting with ``=`` a formula (a group named
    ``=cmd|' /C calc'!A0`` would run when someone edits the chart's data); so such a text
    starts with ``'``, as in the CSV."""
    return "'" + label if label.startswith(("=", "{=")) else label


def footnote(slide: Slide, note: str) -> None:
    text(slide, [(note, 10, MUTED)], top=6.85, height=0.5)


def bar_chart(
    slide: Slide,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    colours: Sequence[str],
    percent: bool,
    box: tuple[float, float, float, float] = (0.5, 1.35, 12.3, 5.45),
    fmt: str | None = None,
) -> None:
    """A native clustered bar chart in ``box`` (left, top, width, height in inches), the first
    category on top, each bar labelled, the category labels left of any negative bar.
    ``percent``: values on a 0-100 axis (shares, or mean scores with ``fmt`` ``0.0``); else
    signed values (gaps, NPS) on an axis through zero. ``fmt`` is the labels' number format."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import (
        XL_CHART_TYPE,
        XL_LABEL_POSITION,
        XL_LEGEND_POSITION,
        XL_TICK_LABEL_POSITION,
    )
    from pptx.util import Inches, Pt

    fmt = fmt or ('0"%"' if percent else "+0.0;-0.0;0")
    data = CategoryChartData(number_format=fmt)
    data.categories = [inert(label) for label in categories]
    for name, values in series:
        data.add_series(inert(name), list(values))
    left, top, width, height = (Inches(v) for v in box)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, data)
    chart = frame.chart
    chart.font.size = Pt(11)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.gap_width, plot.overlap = 50, 0
    plot.has_data_labels = True
    plot.data_labels.number_format = fmt
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    plot.data_labels.font.size = Pt(10)
    for bars, colour in zip(chart.series, colours, strict=True):
        bars.format.fill.solid()
        bars.format.fill.fore_color.rgb = RGBColor.from_string(colour)
    chart.category_axis.reverse_order = True  # rank 1 on top
    chart.category_axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    values = chart.value_axis
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = RGBColor.from_string("DDDDDD")
    values.tick_labels.font.size = Pt(10)
    values.tick_labels.font.color.rgb = RGBColor.from_string(MUTED)
    if percent:
        values.minimum_scale, values.maximum_scale = 0, 100
        values.tick_labels.number_format = '0"%"' if fmt == '0"%"' else "0"
        values.tick_labels.number_format_is_linked = False
    else:  # gaps: an axis through zero, never one that starts at 30 and magnifies a change
        known = [0.0, *(v for _, vs in series for v in vs if v is not None)]
        pad = 0.15 * (max(known) - min(known))  # room for the labels beyond the bars' ends
        axis = nice_axis([min(known) - pad if min(known) < 0 else 0.0, max(known) + pad])
        values.minimum_scale, values.maximum_scale = axis.low, axis.high
        values.major_unit = axis.step


Point = tuple[float, float, str]
"""A scatter point: x, y and its label."""
LABEL_PT = 9
PLOT_INSET = (0.85, 0.55, 0.35, 0.75)
"""Roughly where a chart's plot area sits inside its frame (left, top, right, bottom, inches):
enough to keep labels off each other when placing them."""


def scatter_chart(
    slide: Slide,
    groups: Sequence[tuple[str, str, Sequence[Point]]],
    axes: tuple[Axis, Axis],
    crossings: tuple[float, float],
    titles: tuple[str, str],
    x_format: str,
    box: tuple[float, float, float, float] = (0.5, 1.3, 12.3, 5.5),
) -> None:
    """A native XY scatter in ``box``: one series per (name, colour, points) group, each point
    labelled with its text (left, right, above or below it, wherever it collides least); the
    vertical axis crosses at ``crossings[0]`` on x and the horizontal one at ``crossings[1]``
    on y, so that the axes themselves divide the plot into its quadrants."""
    from pptx.chart.data import XyChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
    from pptx.util import Inches, Pt

    data = XyChartData()
    kept = [(name, colour, points) for name, colour, points in groups if points]
    for name, _, points in kept:
        series = data.add_series(inert(name))
        for x, y, _ in points:
            series.add_data_point(x, y)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, *(Inches(v) for v in box), data)
    chart = frame.chart
    chart.font.size = Pt(10)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    spots = _spots(kept, axes, box)
    for series, (_, colour, points), where in zip(chart.plots[0].series, kept, spots, strict=True):
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 9
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = RGBColor.from_string(colour)
        series.marker.format.line.color.rgb = RGBColor.from_string("FFFFFF")
        series.format.line.fill.background()  # points only, never joined
        for k, ((_, _, label), position) in enumerate(zip(points, where, strict=True)):
            tag = series.points[k].data_label
            tag.position = position
            tag.text_frame.text = label.replace(" ", "\u00a0")  # one line, never wrapped
            tag.text_frame.word_wrap = False
            tag.font.size = Pt(LABEL_PT)
            tag.font.color.rgb = RGBColor.from_string(INK)
    _value_axis(chart.category_axis, axes[0], titles[0], x_format)
    _value_axis(chart.value_axis, axes[1], titles[1], "0.0")
    chart.value_axis.crosses_at = crossings[1]  # the gap axis runs along the median
    chart.category_axis.crosses_at = crossings[0]  # the importance axis stands at zero gap


def _value_axis(axis: Any, scale: Axis, title: str, fmt: str) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_TICK_LABEL_POSITION
    from pptx.util import Pt

    axis.minimum_scale, axis.maximum_scale, axis.major_unit = scale.low, scale.high, scale.step
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E4E4E4")
    axis.format.line.color.rgb = RGBColor.from_string("555555")
    axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # at the plot's edge, not the cross
    axis.tick_labels.font.size = Pt(10)
    axis.tick_labels.font.color.rgb = RGBColor.from_string(MUTED)
    axis.tick_labels.number_format = fmt
    axis.tick_labels.number_format_is_linked = False
    axis.has_title = True
    axis.axis_title.text_frame.text = title
    axis.axis_title.text_frame.paragraphs[0].font.size = Pt(11)
    axis.axis_title.text_frame.paragraphs[0].font.bold = False


def _spots(
    groups: Sequence[tuple[str, str, Sequence[Point]]],
    axes: tuple[Axis, Axis],
    box: tuple[float, float, float, float],
) -> list[list[Any]]:
    """Each point's label position (right, left, above, below), chosen on the chart's
    approximate geometry in points so that labels overlap as little as they can."""
    from pptx.enum.chart import XL_LABEL_POSITION as AT

    left, top, width, height = (v * 72 for v in box)
    inset = [v * 72 for v in PLOT_INSET]
    plot = (left + inset[0], top + inset[1], left + width - inset[2], top + height - inset[3])
    flat = [point for _, _, points in groups for point in points]
    chosen = iter(label_sides(flat, axes, plot, LABEL_PT))
    positions = (AT.RIGHT, AT.LEFT, AT.ABOVE, AT.BELOW)
    return [[positions[next(chosen)] for _ in points] for _, _, points in groups]
