"""openpyxl drawing for the Excel report: native bar charts and the priority matrix, each
pointing at the cells of its sheet's table (so that editing a cell redraws the chart).

Only layout and styling live here; :mod:`cxgap.render.xlsx` decides what goes on each sheet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from cxgap.render._charts import (
    COMPANY,
    CUSTOMERS,
    MIN_POINTS,
    QUADRANT_COLOURS,
    importance_axis,
    label_sides,
    padded_axis,
    wave_colours,
)

LABEL = "label"
"""The last column of a level sheet: the group as one text (``store · luxury``), which the
charts' categories and point labels point at."""
WIDTH_CM, HEIGHT_CM = 24.0, 14.0
"""The priority matrix's size in the sheet."""
ROW_CM = 0.53
"""The height of a default row, in cm: where a chart below another may start."""


def bar_chart(
    sheet: Any,
    header: list[str],
    n: int,
    series: list[tuple[str, str]],
    title: str,
    percent: bool,
    anchor: str | None = None,
    colours: Sequence[str] | None = None,
    fmt: str | None = None,
) -> int:
    """A clustered bar chart of the ``series`` columns (name, column) over the label column,
    anchored two columns right of the table (or at ``anchor``), rank 1 on top; returns the
    number of rows it covers."""
    from openpyxl.chart import BarChart, Reference, Series
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.utils import get_column_letter

    if not series:
        return 0
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "clustered", 0, 60
    chart.title = title
    colours = colours or ([COMPANY, CUSTOMERS] if percent else wave_colours(len(series)))
    for k, (name, column) in enumerate(series):
        col = header.index(column) + 1
        bars = Series(Reference(sheet, min_col=col, min_row=2, max_row=n + 1), title=name)
        bars.graphicalProperties.solidFill = colours[k]
        bars.graphicalProperties.line.solidFill = colours[k]
        chart.series.append(bars)
    label = header.index(LABEL) + 1
    groups = Reference(sheet, min_col=label, max_col=label, min_row=2, max_row=n + 1)
    for bars in chart.series:  # text categories: a string reference
        bars.cat = AxDataSource(strRef=StrRef(f=str(groups)))
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 on top
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.x_axis.tickLblPos = "low"  # labels left of negative bars
    if percent:
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.y_axis.numFmt = fmt or ('0"%"' if percent else "+0;-0;0")
    chart.legend.position = "t"
    chart.width, chart.height = 20.0, max(7.5, 1.0 * n + 3.0)
    sheet.add_chart(chart, anchor or f"{get_column_letter(len(header) + 2)}2")
    return math.ceil(float(chart.height) / ROW_CM)


def matrix_chart(
    sheet: Any,
    header: list[str],
    values: Sequence[tuple[float | None, float | None]],
    anchor: str,
    unit: str,
    median: float,
) -> None:
    """The level's priority matrix: one scatter series per group (x = its ``gap_pp`` cell,
    y = its ``importance`` cell, named by its label cell and labelled with that name),
    coloured by its ``quadrant`` cell's value; the axes cross at zero gap and at ``median``,
    the level's median importance as stats decided the quadrants at."""
    from openpyxl.chart import Reference, ScatterChart, Series
    from openpyxl.chart.label import DataLabelList
    from openpyxl.chart.marker import Marker
    from openpyxl.chart.series import SeriesLabel, StrRef

    columns = {name: header.index(name) + 1 for name in ("gap_pp", "importance", "quadrant")}
    label = header.index(LABEL) + 1
    chart = ScatterChart(scatterStyle="lineMarker")
    chart.title = "Red fix first · amber monitor · green strength"
    known = [(k, x, y) for k, (x, y) in enumerate(values) if x is not None and y is not None]
    if len(known) < MIN_POINTS:
        return
    gaps = padded_axis([x for _, x, _ in known])
    rs = importance_axis([y for _, _, y in known])
    texts = [str(sheet.cell(k + 2, label).value or "") for k, _, _ in known]
    plot = (50.0, 40.0, WIDTH_CM / 2.54 * 72 - 15, HEIGHT_CM / 2.54 * 72 - 45)  # in points
    sides = label_sides([(x, y, t) for (_, x, y), t in zip(known, texts, strict=True)],
                        (gaps, rs), plot, 9)  # fmt: skip
    for (k, _, _), side in zip(known, sides, strict=True):
        row = k + 2
        quadrant = sheet.cell(row, columns["quadrant"]).value or "aligned"
        point = Series(
            Reference(sheet, min_col=columns["importance"], min_row=row),
            Reference(sheet, min_col=columns["gap_pp"], min_row=row),
        )
        point.tx = SeriesLabel(strRef=StrRef(f=f"'{sheet.title}'!${_col(label)}${row}"))
        colour = QUADRANT_COLOURS.get(quadrant, QUADRANT_COLOURS["aligned"])
        point.marker = Marker(symbol="circle", size=8)
        point.marker.graphicalProperties = None
        point.graphicalProperties.line.noFill = True
        point.marker.spPr = _fill(colour)
        point.dLbls = DataLabelList(
            showSerName=True,
            showVal=False,
            showLegendKey=False,
            dLblPos="rltb"[side],
            txPr=_one_line(),
        )
        chart.series.append(point)
    chart.x_axis.scaling.min, chart.x_axis.scaling.max = gaps.low, gaps.high
    chart.x_axis.majorUnit = gaps.step
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = rs.low, rs.high
    chart.y_axis.majorUnit = rs.step
    chart.x_axis.title, chart.y_axis.title = f"Delivery gap, {unit}", "Importance r"
    chart.x_axis.numFmt, chart.y_axis.numFmt = "+0;-0;0", "0.0"
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.x_axis.tickLblPos = chart.y_axis.tickLblPos = "low"
    chart.x_axis.crosses = chart.y_axis.crosses = None
    chart.x_axis.crossesAt = median  # along the median r
    chart.y_axis.crossesAt = 0.0  # the importance axis stands at zero gap
    chart.legend = None
    chart.width, chart.height = WIDTH_CM, HEIGHT_CM
    sheet.add_chart(chart, anchor)


def _one_line() -> Any:
    """Label text at 9 pt that never wraps (LibreOffice wraps long names otherwise)."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RichTextProperties,
    )

    size = CharacterProperties(sz=900)
    return RichText(
        bodyPr=RichTextProperties(wrap="none"),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)],
    )


def _fill(colour: str) -> Any:
    from openpyxl.chart.shapes import GraphicalProperties

    shape = GraphicalProperties(solidFill=colour)
    shape.line.solidFill = "FFFFFF"
    return shape


def _col(k: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(k))
