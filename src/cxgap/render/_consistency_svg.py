"""The "Inconsistent service" view of the HTML report (SPEC 9): per level an inline SVG chart,
one line per group across the customers' shares of its values, a dot per value (hollow where
the value is under --min-base and left out), the line red and thick where the values differ
significantly; then a table of the best and worst value, the range and the test. The rows and
their order are the report's (stats ranked them); every text from the input is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cxgap.render._charts import OVER
from cxgap.render._consistency_text import (
    TITLE,
    extreme,
    fmt_range,
    fmt_test,
    group_name,
    subtitle,
    trend_lines,
)
from cxgap.report import Report, TrendReport
from cxgap.report_consistency import Consistency, ConsistencyRow

WIDTH = 960
ROW_H = 26
TOP = 60
LABEL_CHARS = 34
AXIS_X = (270.0, 800.0)
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#bcbd22", "#7f7f7f", "#d62728")  # fmt: skip
"""One colour per value of the dimension, the same on every chart of the page (beyond ten
values the colours repeat; the table names the extremes)."""
INCONSISTENT = f"#{OVER}"


def section(report: Report, limit: int | None) -> str:
    """The whole view: a heading, a chart and a table per level with a range to show."""
    found = report.consistency
    if found is None:
        return ""
    metric = report.settings.metric
    parts = [f"<h2>{TITLE}</h2>", f'<p class="dim">{escape(subtitle(found, metric))}</p>']
    levels = found.levels()
    if not levels:
        parts.append(f"<p>None: no group has two {escape(found.dimension)} values to compare.</p>")
    colours = value_colours(found)
    for columns, rows in levels:
        shown = rows[:limit] if limit else rows
        parts.append(f"<h3>By {escape(' + '.join(columns))}</h3>")
        parts.append(f"<figure>{chart(shown, colours, metric)}</figure>")
        parts.append(_table(shown, metric))
    return "\n".join(parts)


def value_colours(found: Consistency) -> dict[str, str]:
    names = sorted({v.value for row in found.rows for v in row.values})
    return {name: PALETTE[k % len(PALETTE)] for k, name in enumerate(names)}


def x_of(pct: float) -> float:
    return AXIS_X[0] + max(0.0, min(pct, 100.0)) / 100 * (AXIS_X[1] - AXIS_X[0])


def chart(rows: Sequence[ConsistencyRow], colours: dict[str, str], metric: str) -> str:
    """One level's chart: a line per group from its lowest to its highest share kept, a dot
    per value; red where the test says the values differ (q < alpha)."""
    height = TOP + ROW_H * len(rows) + 10
    suffix = "%" if metric == "topbox" else ""
    present = sorted({v.value for row in rows for v in row.values})
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}"'
        f' height="{height}" role="img" class="chart consistency" '
        'font-family="system-ui,sans-serif" font-size="13">'
        "<title>Customers' score per value of each group, and the range between them</title>",
        _legend(present, colours, any(v.excluded for row in rows for v in row.values)),
    ]
    for pct in (0, 25, 50, 75, 100):
        x = x_of(pct)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 6}" stroke="#e4e4e4"/>'
            f'<text x="{x:.1f}" y="{TOP - 10}" text-anchor="middle" font-size="11" '
            f'fill="#666">{pct}{suffix}</text>'
        )
    for i, row in enumerate(rows):
        parts.append(_row(row, TOP + ROW_H * i + ROW_H / 2, colours, metric))
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(names: Sequence[str], colours: dict[str, str], excluded: bool) -> str:
    items, x = [], AXIS_X[0]
    for name in names:
        items.append(
            f'<circle cx="{x + 5:.0f}" cy="14" r="5" fill="{colours[name]}"/>'
            f'<text x="{x + 14:.0f}" y="18">{escape(name)}</text>'
        )
        x += 24 + 7.5 * len(name)
    items.append(
        f'<line x1="{x + 4:.0f}" y1="14" x2="{x + 34:.0f}" y2="14" stroke="{INCONSISTENT}" '
        f'stroke-width="4"/><text x="{x + 40:.0f}" y="18">inconsistent (q &lt; alpha)</text>'
    )
    if excluded:
        items.append(
            f'<circle cx="{AXIS_X[0] + 5:.0f}" cy="34" r="4.5" fill="white" stroke="#666"/>'
            f'<text x="{AXIS_X[0] + 14:.0f}" y="38" fill="#666">under the minimum base: left out'
            "</text>"
        )
    return f'<g class="legend" font-size="12" fill="#333">{"".join(items)}</g>'


def _row(row: ConsistencyRow, y: float, colours: dict[str, str], metric: str) -> str:
    label = group_name(row)
    if len(label) > LABEL_CHARS:
        label = label[: LABEL_CHARS - 1] + "…"
    kept = [v.customers.pct for v in row.values if not v.excluded and v.customers.pct is not None]
    tone = INCONSISTENT if row.inconsistent else "#9a9a9a"
    width = 4 if row.inconsistent else 2
    parts = [
        f'<g class="group{" inconsistent" if row.inconsistent else ""}">'
        f"<title>{escape(group_name(row))}: range {fmt_range(row.range_pp, metric)}, "
        f"{escape(fmt_test(row))}</title>"
        f'<text x="{AXIS_X[0] - 10}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>'
    ]
    if len(kept) > 1:
        parts.append(
            f'<line x1="{x_of(min(kept)):.1f}" y1="{y:.1f}" x2="{x_of(max(kept)):.1f}" '
            f'y2="{y:.1f}" stroke="{tone}" stroke-width="{width}"/>'
        )
    for v in row.values:
        if v.customers.pct is None:
            continue
        colour = colours[v.value]
        fill = "white" if v.excluded else colour
        parts.append(
            f'<circle cx="{x_of(v.customers.pct):.1f}" cy="{y:.1f}" r="6" fill="{fill}" '
            f'stroke="{colour}" stroke-width="1.5"><title>{escape(v.value)}: '
            f"{v.customers.pct:.1f} (n {v.customers.n})</title></circle>"
        )
    parts.append(
        f'<text x="{AXIS_X[1] + 12}" y="{y + 4:.1f}" fill="{tone}">'
        f"{fmt_range(row.range_pp, metric)}{' *' if row.inconsistent else ''}</text></g>"
    )
    return "".join(parts)


def _table(rows: Sequence[ConsistencyRow], metric: str) -> str:
    head = "<tr><th>#</th><th>group</th><th>best</th><th>worst</th><th>range</th><th>test</th></tr>"
    body = "".join(
        f"<tr><td class=n>{row.rank}</td><td>{escape(group_name(row))}</td>"
        f"<td>{escape(extreme(row, row.highest, metric))}</td>"
        f"<td>{escape(extreme(row, row.lowest, metric))}</td>"
        f'<td class="n{" over" if row.inconsistent else ""}">'
        f"{fmt_range(row.range_pp, metric)}</td><td>{escape(fmt_test(row))}"
        f"{' · inconsistent' if row.inconsistent else ''}"
        f"{_excluded(row)}</td></tr>"
        for row in rows
    )
    return f"<table>{head}{body}</table>"


def _excluded(row: ConsistencyRow) -> str:
    if not row.excluded_values:
        return ""
    return f'<br><span class="dim">left out: {escape(", ".join(row.excluded_values))}</span>'


def trend_section(report: TrendReport, limit: int | None) -> str:
    """``trend --consistency``: per level, each group's range per wave and its change."""
    lines = trend_lines(report, limit)
    if not lines:
        return ""
    parts = [f"<h2>{escape(lines[0])}</h2>"]
    items: list[str] = []
    for line in lines[1:]:
        if line.startswith("- "):
            items.append(f"<li>{escape(line[2:].replace(chr(92) + '|', '|'))}</li>")
        elif line:
            parts.append(f"<h3>{escape(line.rstrip(':'))}</h3>")
        elif items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
    return "\n".join(parts)
