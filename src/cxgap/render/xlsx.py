"""The Excel report (``--format xlsx -o report.xlsx``): the same rows as the CSV, one sheet per
level (and split part), each with a native Excel chart beside its table (company vs customers
per group; for ``trend``, the gap per wave) and, with an outcome, the level's priority matrix
below it; an ``nps`` sheet with its chart; then a summary, the exclusions and the warnings.

Text is stored as text (a group named ``=SUM(1)`` stays a label, never becomes a formula);
numbers keep their full precision. The same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Any

from cxgap.render._charts import COMPANY, CUSTOMERS, level_median
from cxgap.render._charts_xlsx import LABEL, bar_chart, matrix_chart
from cxgap.render._consistency_xlsx import sheet as consistency_sheet
from cxgap.render._package import reproducible
from cxgap.render._text import families, unit
from cxgap.render.csv import flat_rows
from cxgap.report import Report, TrendReport

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def render(report: Report | TrendReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = "summary"
    bold = Font(bold=True)
    for key, value in _summary(report):
        _append(summary, [key, value])
        summary.cell(summary.max_row, 1).font = bold
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 60
    columns, flat = flat_rows(report)
    gap_lines = flat[1 : 1 + len(report.rows)]  # after them: the NPS lines, on their own sheet
    flat_of = {id(row): values for row, values in zip(report.rows, gap_lines, strict=True)}
    used: set[str] = {"summary"}
    all_rows: tuple[Any, ...] = report.rows  # GapRows or TrendRows: only their ids are used
    for (group_by, split), rows in families(all_rows):
        family = [
            {**flat_of[id(row)], LABEL: " · ".join(row.group.values()) or "all items"}
            for row in rows
        ]
        title = " ".join(["+".join(group_by) or "all items", *(v for _, v in split)])
        sheet = workbook.create_sheet(_sheet_name(title, used))
        keep = [c for c in columns if any(r.get(c) not in (None, "") for r in family)]
        keep.append(LABEL)
        _append(sheet, keep)  # a column name can hold a wave's name: text, never a formula
        for cell in sheet[1]:
            cell.font = bold
        for row in family:
            _append(sheet, [row.get(c) for c in keep])
        sheet.freeze_panes = "A2"
        _format_columns(sheet, keep, len(family))
        _fit_to_width(sheet)
        if isinstance(report, TrendReport):
            waves = [(w, f"{w}.gap_pp") for w in report.waves if f"{w}.gap_pp" in keep]
            gap = f"Delivery gap per wave, {unit(report.settings.metric)}"
            bar_chart(sheet, keep, len(family), waves, gap, percent=False)
        else:
            _level_charts(report, sheet, keep, rows)
    if report.nps:
        _nps_sheet(workbook, report, columns, flat[1 + len(report.rows) :], used, bold)
    consistency_sheet(workbook, report, _sheet_name("consistency", used), bold)
    _table_sheet(
        workbook,
        "exclusions",
        ("wave", "sample", "item", "reason", "count"),
        _exclusions(report),
        bold,
    )
    _table_sheet(workbook, "warnings", ("warning",), [(w,) for w in report.warnings], bold)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return reproducible(buffer.getvalue())


def _format_columns(sheet: Any, header: list[str], n: int) -> None:
    """Columns wide enough for their header and text; shares, gaps and df shown to one
    decimal and p/q values in scientific notation (the cells keep every digit)."""
    from openpyxl.utils import get_column_letter

    for k, name in enumerate(header, start=1):
        cells = [c for (c,) in sheet.iter_rows(min_row=2, max_row=n + 1, min_col=k, max_col=k)]
        text = max((len(c.value) for c in cells if isinstance(c.value, str)), default=0)
        sheet.column_dimensions[get_column_letter(k)].width = min(max(len(name), text, 7) + 2, 40)
        shown = _number_format(name)
        for cell in cells if shown else ():
            cell.number_format = shown


def _number_format(column: str) -> str | None:
    if column.endswith(("p_value", "q_value", "_gap_p", "_gap_q")):
        return "0.0E+00"
    if column.endswith(("_pct", "_pp", "n_eff_company", "n_eff_customers")) or column == "df":
        return "0.0"
    if column.startswith("service_gap"):  # SPEC 10: points, its interval's bounds
        return "0.0"
    return None


def _fit_to_width(sheet: Any) -> None:
    """Print the sheet landscape, its table and chart one page wide."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _level_charts(report: Report, sheet: Any, header: list[str], rows: Any) -> None:
    """Company vs customers per group; below it, with an outcome, the priority matrix."""
    from openpyxl.utils import get_column_letter

    mean = report.settings.metric == "mean"
    shares = [("Company", "company_pct"), ("Customers", "customer_pct")]
    title = "Mean score, 0-100" if mean else "Top-box share, %"
    fmt = "0" if mean else None
    covered = bar_chart(sheet, header, len(rows), shares, title, percent=True, fmt=fmt)
    if report.outcome is not None and {"importance", "quadrant"} <= set(header):
        anchor = f"{get_column_letter(len(header) + 2)}{covered + 4}"
        points = [(r.gap_pp, r.importance) for r in rows]
        median = level_median(rows)
        matrix_chart(sheet, header, points, anchor, unit(report.settings.metric), median)


def _nps_sheet(
    workbook: Any,
    report: Report | TrendReport,
    columns: list[str],
    lines: list[dict[str, Any]],
    used: set[str],
    bold: Any,
) -> None:
    """The NPS items' table (the CSV's NPS lines) and a chart: staff-predicted vs customers'
    NPS per item; for ``trend``, the NPS gap per wave."""
    sheet = workbook.create_sheet(_sheet_name("nps", used))
    rows = [{**line, LABEL: line.get("group.item", "")} for line in lines]
    keep = [c for c in columns if c != "group_by" and any(r.get(c) not in (None, "") for r in rows)]
    keep.append(LABEL)
    _append(sheet, keep)
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        _append(sheet, [row.get(c) for c in keep])
    sheet.freeze_panes = "A2"
    _format_columns(sheet, keep, len(rows))
    _fit_to_width(sheet)
    if isinstance(report, TrendReport):
        waves = [(w, f"{w}.gap") for w in report.waves if f"{w}.gap" in keep]
        bar_chart(sheet, keep, len(rows), waves, "NPS gap per wave", percent=False)
    else:
        both = [("Staff predict", "company_nps"), ("Customers", "customer_nps")]
        bar_chart(
            sheet, keep, len(rows), both, "NPS: staff predict vs customers", percent=False,
            colours=[COMPANY, CUSTOMERS],
        )  # fmt: skip


def _summary(report: Report | TrendReport) -> list[tuple[str, Any]]:
    s = report.settings
    common = [
        ("top box", s.top),
        ("confidence", s.confidence),
        ("alpha (FDR)", s.alpha),
        ("min base", s.min_base),
        ("weighted", report.weighted),
        ("metric", s.metric),
    ]
    if isinstance(report, TrendReport):
        trend = report.headline
        return [
            ("inputs", ", ".join(report.paths)),
            ("waves", " -> ".join(report.waves)),
            ("baseline", report.baseline),
            ("change of the gap, pp", trend.change_pp),
            ("direction", trend.direction),
            ("q value", trend.q_value),
            *common,
        ]
    head = report.headline
    score = "top-box %" if s.metric == "topbox" else "mean score (0-100)"
    return [
        ("input", report.path),
        ("sha256", report.sha256),
        (f"company {score}", head.company.pct),
        (f"customers {score}", head.customers.pct),
        (f"delivery gap, {unit(s.metric)}", head.gap_pp),
        (f"gap interval, {unit(s.metric)}", _pair(head.gap_ci_pp)),
        ("p value", head.p_value),
        ("staff", report.respondents.get("company")),
        ("customers", report.respondents.get("customers")),
        ("outcome (importance)", report.outcome or ""),
        *common,
    ]


def _exclusions(report: Report | TrendReport) -> list[tuple[Any, ...]]:
    if isinstance(report, TrendReport):
        return [(w, e.sample, e.item, e.reason, e.count) for w, e in report.exclusions]
    return [("", e.sample, e.item, e.reason, e.count) for e in report.exclusions]


def _table_sheet(
    workbook: Any, name: str, header: tuple[str, ...], rows: list[tuple[Any, ...]], bold: Any
) -> None:
    sheet = workbook.create_sheet(name)
    _append(sheet, list(header))  # a wave's name heads columns: text, never a formula
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        _append(sheet, list(row))


def _pair(pair: tuple[float, float] | None) -> str:
    return "" if pair is None else f"[{pair[0]:.2f}, {pair[1]:.2f}]"


def _append(sheet: Any, values: list[Any]) -> None:
    """Append a row; text is always stored as text, even when it starts with ``=`` (openpyxl
    would otherwise write it as a formula)."""
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, str):
            cell.data_type = "s"


def _sheet_name(title: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("", title)[:31] or "rows"
    name, k = base, 2
    while name.lower() in used:
        name, k = f"{base[:28]} {k}", k + 1
    used.add(name.lower())
    return name
