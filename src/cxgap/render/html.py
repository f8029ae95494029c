"""The HTML report (``--format html -o report.html``): one self-contained page to send to a
client or attach to a deck. The headline, the blind spots and hidden strengths, and per level an
inline SVG chart (company vs customers as a dumbbell, the gap on its interval; for ``trend`` the
gap per wave as lines) above a ranked table. It needs no network, and prints on A4. Every text
from the input is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cxgap import __version__
from cxgap.model import GapRow, Report, TrendReport, TrendRow
from cxgap.render._charts_svg import dumbbell, gap_axis, trend_lines
from cxgap.render._text import (
    describe_group,
    exclusion_summary,
    families,
    fmt_ci,
    fmt_gap,
    fmt_pct,
    group_label,
    headline_sentence,
    level_title,
    method_line,
    spotlight,
    trend_label,
    trend_method_line,
    trend_sentence,
)

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#222;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
.headline{font-size:1.3rem;border:1px solid #ccc;border-radius:8px;padding:.8rem 1rem}
table{border-collapse:collapse;width:100%}th,td{padding:.25rem .5rem;border-bottom:1px solid #eee}
th{text-align:left;border-bottom:2px solid #999}td.n{text-align:right;white-space:nowrap}
.over{color:#b00020}.under{color:#137333}.dim{color:#666;font-size:.9rem}
figure{margin:.5rem 0 1rem}svg.chart{width:100%;max-width:960px;height:auto;display:block}
@page{size:A4;margin:14mm 12mm}
@media print{
body{font-size:9.5pt;max-width:none;margin:0;padding:0}
h2{break-after:avoid-page}figure{break-inside:avoid-page}tr{break-inside:avoid-page}
.headline{border-color:#999}
}
"""


def render(report: Report | TrendReport, limit: int | None = None) -> str:
    if isinstance(report, TrendReport):
        title = f"Delivery gap trend: {' -> '.join(report.waves)}"
        body = _trend_body(report, limit)
    else:
        title = f"Delivery gap: {report.path}"
        body = _body(report, limit)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>\n"
        f"<h1>{escape(title)}</h1>\n{body}"
        f'<p class="dim">cxgap {escape(__version__)}</p>\n</body></html>\n'
    )


def _body(report: Report, limit: int | None) -> str:
    head = report.headline
    parts = [
        f'<p class="headline">Company <b>{fmt_pct(head.company.pct)}</b> · Customers '
        f"<b>{fmt_pct(head.customers.pct)}</b> · Delivery gap "
        f'<b class="{_tone(head)}">{fmt_gap(head.gap_pp)} pp</b> {fmt_ci(head.gap_ci_pp)}<br>'
        f'<span class="dim">{escape(headline_sentence(head))}</span></p>',
    ]
    for title, sign in (("Blind spots", 1), ("Hidden strengths", -1)):
        items = (
            "".join(
                f"<li>{fmt_gap(r.gap_pp)} pp: {escape(describe_group(r))} "
                f"({fmt_pct(r.company.pct)} vs {fmt_pct(r.customers.pct)})</li>"
                for r in spotlight(report.rows, sign)
            )
            or "<li>none significant</li>"
        )
        parts.append(f"<h2>{title}</h2><ul>{items}</ul>")
    grouped = [(key, rows[:limit] if limit else rows) for key, rows in families(report.rows)]
    axis = gap_axis([row for _, shown in grouped for row in shown])  # one scale for the page
    for (columns, split), shown in grouped:
        labels = [group_label(report, row) for row in shown]
        chart = dumbbell(shown, labels, report.settings.confidence, axis)
        parts.append(f"<h2>{escape(level_title(columns, dict(split)))}</h2>")
        parts.append(f"<figure>{chart}</figure>")
        parts.append(_table(report, shown))
    parts.append(
        f'<p class="dim">{escape(method_line(report))}<br>{escape(exclusion_summary(report))}</p>'
    )
    parts += [f'<p class="dim">warning: {escape(w)}</p>' for w in report.warnings]
    return "\n".join(parts) + "\n"


def _table(report: Report, rows: Sequence[GapRow]) -> str:
    ci = f"{report.settings.confidence:.0%} CI"
    head = (
        "<tr><th>#</th><th>group</th><th>company</th><th>customers</th><th>gap pp</th>"
        f"<th>{ci}</th><th>n company / customers</th></tr>"
    )
    body = "".join(
        f"<tr><td class=n>{row.rank or ''}</td><td>{escape(group_label(report, row))}</td>"
        f"<td class=n>{fmt_pct(row.company.pct)}</td><td class=n>{fmt_pct(row.customers.pct)}</td>"
        f'<td class="n {_tone(row)}">{fmt_gap(row.gap_pp)}{"*" if row.significant else ""}</td>'
        f"<td class=n>{fmt_ci(row.gap_ci_pp)}</td>"
        f"<td class=n>{row.company.n} / {row.customers.n}{' (low base)' if row.low_base else ''}"
        "</td></tr>"
        for row in rows
    )
    return f"<table>{head}{body}</table>"


def _tone(row: GapRow | TrendRow) -> str:
    value = row.gap_pp if isinstance(row, GapRow) else row.change_pp
    if not row.significant or value is None:
        return ""
    return "over" if value > 0 else "under"


def _trend_body(report: TrendReport, limit: int | None) -> str:
    head = report.headline
    parts = [
        f'<p class="headline {_tone(head)}">'
        f"{escape(trend_sentence(head, report.waves, report.baseline))}</p>"
    ]
    waves = "".join(f"<th>{escape(w)} gap</th>" for w in report.waves)
    for (columns, split), rows in families(report.rows):
        shown = rows[:limit] if limit else rows
        labels = [trend_label(report, row) for row in shown]
        parts.append(f"<h2>{escape(level_title(columns, dict(split)))}</h2>")
        parts.append(f"<figure>{trend_lines(shown, labels, report.waves)}</figure>")
        body = "".join(
            f"<tr><td class=n>{row.rank or ''}</td>"
            f"<td>{escape(label)}</td>"
            + "".join(f"<td class=n>{fmt_gap(p.gap_pp)}</td>" for p in row.by_wave)
            + f'<td class="n {_tone(row)}">{fmt_gap(row.change_pp)}</td>'
            f"<td class=n>{fmt_ci(row.change_ci_pp)}</td><td>{row.direction}</td></tr>"
            for row, label in zip(shown, labels, strict=True)
        )
        parts.append(
            f"<table><tr><th>#</th><th>group</th>{waves}<th>change pp</th>"
            f"<th>{report.settings.confidence:.0%} CI</th><th></th></tr>{body}</table>"
        )
    parts.append(f'<p class="dim">{escape(trend_method_line(report))}</p>')
    parts += [f'<p class="dim">warning: {escape(w)}</p>' for w in report.warnings]
    return "\n".join(parts) + "\n"
