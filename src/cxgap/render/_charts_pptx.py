"""python-pptx drawing for the deck: text boxes and native, editable bar charts.

Only layout and styling live here; :mod:`cxgap.render.pptx` decides what goes on each slide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cxgap.render._charts import MUTED, nice_axis

if TYPE_CHECKING:
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


def footnote(slide: Slide, note: str) -> None:
    text(slide, [(note, 10, MUTED)], top=6.85, height=0.5)


def bar_chart(
    slide: Slide,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    colours: Sequence[str],
    percent: bool,
    box: tuple[float, float, float, float] = (0.5, 1.35, 12.3, 5.45),
) -> None:
    """A native clustered bar chart in ``box`` (left, top, width, height in inches), the first
    category on top, each bar labelled, the category labels left of any negative bar."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import (
        XL_CHART_TYPE,
        XL_LABEL_POSITION,
        XL_LEGEND_POSITION,
        XL_TICK_LABEL_POSITION,
    )
    from pptx.util import Inches, Pt

    data = CategoryChartData(number_format='0"%"' if percent else "+0.0;-0.0;0")
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, list(values))
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
    plot.data_labels.number_format = '0"%"' if percent else "+0.0;-0.0;0"
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
        values.tick_labels.number_format = '0"%"'
        values.tick_labels.number_format_is_linked = False
    else:  # gaps: an axis through zero, never one that starts at 30 and magnifies a change
        known = [0.0, *(v for _, vs in series for v in vs if v is not None)]
        pad = 0.15 * (max(known) - min(known))  # room for the labels beyond the bars' ends
        axis = nice_axis([min(known) - pad if min(known) < 0 else 0.0, max(known) + pad])
        values.minimum_scale, values.maximum_scale = axis.low, axis.high
        values.major_unit = axis.step
