"""The workbook's ``consistency`` sheet (SPEC 9): one line per group and value of the dimension,
with the group's range and test beside each of its values (so that a pivot table or a filter
needs nothing else); for ``trend``, one line per group with the range per wave and its change.
Text stays text (a value named ``=SUM(1)`` is never a formula)."""

from __future__ import annotations

from typing import Any

from cxgap.report import Report, TrendReport

GROUP_FIELDS = ("range_pp", "lowest", "highest", "chi2", "df_num", "df_den", "f", "p_value",
                "q_value", "inconsistent", "rank")  # fmt: skip


def sheet(workbook: Any, report: Report | TrendReport, name: str, bold: Any) -> None:
    """Add the sheet ``name`` when the report carries ``--consistency``'s findings."""
    found = report.consistency
    if found is None:
        return
    out = workbook.create_sheet(name)
    if isinstance(report, TrendReport):
        waves = report.waves
        header = ["level", "group", *(f"{w}.range_pp" for w in waves),
                  *(f"{w}.inconsistent" for w in waves), "change_pp"]  # fmt: skip
        lines = [
            [
                "+".join(row.group_by),
                " · ".join(row.group.values()),
                *(p.range_pp for p in row.by_wave),
                *("yes" if p.inconsistent else "no" for p in row.by_wave),
                row.change_pp,
            ]
            for row in report.consistency.rows  # type: ignore[union-attr]
        ]
    else:
        header = ["level", "group", found.dimension, "customer_pct", "customer_se_pp",
                  "customer_ci_low", "customer_ci_high", "n_customers", "company_pct",
                  "n_company", "excluded", *GROUP_FIELDS]  # fmt: skip
        lines = [
            [
                "+".join(row.group_by),
                " · ".join(row.group.values()),
                v.value,
                v.customers.pct,
                v.customers.se_pp,
                *(v.customers.ci_pp or (None, None)),
                v.customers.n,
                v.company.pct,
                v.company.n,
                "yes" if v.excluded else "no",
                *(_cell(getattr(row, f)) for f in GROUP_FIELDS),
            ]
            for row in report.consistency.rows  # type: ignore[union-attr]
            for v in row.values
        ]
    table: list[list[Any]] = [list(header), *lines]
    for line in table:
        out.append(line)
        for cell, value in zip(out[out.max_row], line, strict=False):
            if isinstance(value, str):
                cell.data_type = "s"  # a wave's or value's name: text, never a formula
    for cell in out[1]:
        cell.font = bold
    out.freeze_panes = "C2"
    out.column_dimensions["B"].width = 30


def _cell(value: Any) -> Any:
    return ("yes" if value else "no") if isinstance(value, bool) else value
