"""CSV: one line per ROW (the headline first), flat columns, safe to open in Excel.

NPS items follow the rows, one line each with ``group_by`` = ``nps`` and their own columns
(``company_nps``, ``gap``, ``promoters_pct``, ...), empty on the other lines.

A text cell (or column name) that starts with ``= + - @`` (or a tab or carriage return) is
prefixed with ``'`` so that a spreadsheet shows it as text instead of running it as a formula;
control characters from the input arrive escaped (``\x1b``: :mod:`cxgap._visible`).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from cxgap.render.json import nps_dict, nps_trend_dict, row_dict, trend_row_dict
from cxgap.report import Report, TrendReport

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(report: Report | TrendReport) -> str:
    """One line per row, the headline first; a trend's waves as ``<wave>.gap_pp`` and so on."""
    columns, rows = flat_rows(report)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writerow({key: _cell(key) for key in columns})  # a wave's name heads columns
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def flat_rows(report: Report | TrendReport) -> tuple[list[str], list[dict[str, Any]]]:
    """The headline and rows as flat dicts (``group.<column>``, ``*_ci_low_pp``...), with the
    column order: ``group_by``, the group and split labels, then every field."""
    if isinstance(report, TrendReport):
        dicts = [trend_row_dict(report.headline), *(trend_row_dict(r) for r in report.rows)]
        nps = [nps_trend_dict(r) for r in report.nps]
    else:
        dicts = [row_dict(report.headline), *(row_dict(r) for r in report.rows)]
        nps = [nps_dict(r) for r in report.nps]
    dicts += [{"group_by": ["nps"], "group": {"item": n.pop("item")}, **n} for n in nps]
    flat = [_flatten(row) for row in dicts]
    columns: list[str] = []
    for row in flat:
        columns.extend(key for key in row if key not in columns)
    labels = [c for c in columns if c.startswith(("group.", "split."))]
    labels.sort(key=lambda c: not c.startswith("group."))  # stable: group.* before split.*
    columns = ["group_by", *labels, *(c for c in columns if c not in labels and c != "group_by")]
    return columns, flat


def _flatten(row: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if key == "group_by":
            flat[key] = "+".join(value)
        elif key in ("by_wave", "service_gap_by_wave"):  # the latter: SPEC 10's, with pairs
            for point in value:
                wave = point["wave"]
                flat.update({f"{wave}.{k}": v for k, v in point.items() if k != "wave"})
        elif key in ("group", "split"):
            flat.update({f"{key}.{name}": label for name, label in value.items()})
        elif key.endswith(("_ci_pp", "_ci")):
            low, high = value if value is not None else (None, None)
            stem, unit = (key.removesuffix("_ci_pp"), "_pp") if key.endswith("_pp") else (key, "")
            stem = stem.removesuffix("_ci")
            flat[f"{stem}_ci_low{unit}"], flat[f"{stem}_ci_high{unit}"] = low, high
        else:
            flat[key] = value
    return flat


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
