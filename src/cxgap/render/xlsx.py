"""The Excel report (``--format xlsx -o report.xlsx``): the same rows as the CSV, one sheet per
level, beside a summary, the exclusions and the warnings.

Text is stored as text (a group named ``=SUM(1)`` stays a label, never becomes a formula);
numbers keep their full precision.
"""

from __future__ import annotations

import io
import re
from typing import Any

from cxgap.model import Report, TrendReport
from cxgap.render.csv import flat_rows

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
    columns, rows = flat_rows(report)
    families: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows[1:]:
        parts = {k[6:]: v for k, v in row.items() if k.startswith("split.") and v}
        families.setdefault((row["group_by"], str(parts)), []).append(row)
    used: set[str] = {"summary"}
    for (group_by, _), family in families.items():
        split = [v for k, v in family[0].items() if k.startswith("split.") and v]
        title = " ".join([group_by or "all items", *split])
        sheet = workbook.create_sheet(_sheet_name(title, used))
        keep = [c for c in columns if any(r.get(c) not in (None, "") for r in family)]
        sheet.append(keep)
        for cell in sheet[1]:
            cell.font = bold
        for row in family:
            _append(sheet, [row.get(c) for c in keep])
        sheet.freeze_panes = "A2"
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
    return buffer.getvalue()


def _summary(report: Report | TrendReport) -> list[tuple[str, Any]]:
    s = report.settings
    common = [
        ("top box", s.top),
        ("confidence", s.confidence),
        ("alpha (FDR)", s.alpha),
        ("min base", s.min_base),
        ("weighted", report.weighted),
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
    return [
        ("input", report.path),
        ("sha256", report.sha256),
        ("company top-box %", head.company.pct),
        ("customers top-box %", head.customers.pct),
        ("delivery gap, pp", head.gap_pp),
        ("gap interval, pp", _pair(head.gap_ci_pp)),
        ("p value", head.p_value),
        ("staff", report.respondents.get("company")),
        ("customers", report.respondents.get("customers")),
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
    sheet.append(list(header))
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
