"""CSV: one line per ROW (the headline first), flat columns, safe to open in Excel.

A text cell that starts with ``= + - @`` (or a tab or carriage return) is prefixed with ``'`` so
that a spreadsheet shows it as text instead of running it as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from cxgap.model import Report, TrendReport
from cxgap.render.json import row_dict, trend_row_dict

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(report: Report) -> str:
    rows = [row_dict(report.headline), *(row_dict(row) for row in report.rows)]
    return _write([_flatten(row) for row in rows])


def render_trend(report: TrendReport) -> str:
    """One line per trend row; each wave's numbers as ``<wave>.gap_pp`` and so on."""
    rows = [trend_row_dict(report.headline), *(trend_row_dict(row) for row in report.rows)]
    return _write([_flatten(row) for row in rows])


def _write(flat: list[dict[str, Any]]) -> str:
    columns: list[str] = []
    for row in flat:
        columns.extend(key for key in row if key not in columns)
    labels = [c for c in columns if c.startswith(("group.", "split."))]
    labels.sort(key=lambda c: not c.startswith("group."))  # stable: group.* before split.*
    columns = ["group_by", *labels, *(c for c in columns if c not in labels and c != "group_by")]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in flat:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _flatten(row: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if key == "group_by":
            flat[key] = "+".join(value)
        elif key == "by_wave":
            for point in value:
                wave = point["wave"]
                flat.update({f"{wave}.{k}": v for k, v in point.items() if k != "wave"})
        elif key in ("group", "split"):
            flat.update({f"{key}.{name}": label for name, label in value.items()})
        elif key.endswith("_ci_pp"):
            low, high = value if value is not None else (None, None)
            stem = key.removesuffix("_ci_pp")
            flat[f"{stem}_ci_low_pp"], flat[f"{stem}_ci_high_pp"] = low, high
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
