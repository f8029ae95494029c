"""The HTML report (``--format html -o report.html``): one self-contained page to send to a
client or attach to a deck. The headline, "Fix first" and the NPS panel, the blind spots and
hidden strengths, and per level an inline SVG chart (company vs customers as a dumbbell, the gap
on its interval; for ``trend`` the gap per wave as lines, and the NPS gap per wave) above a
ranked table, and with an outcome the level's priority matrix. It needs no network, and prints
on A4. Every text from the input is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cxgap._version import __version__
from cxgap.render import _servqual, _servqual_svg
from cxgap.render._charts_svg import dumbbell, gap_axis, trend_lines
from cxgap.render._consistency_svg import section as inconsistent_service
from cxgap.render._consistency_svg import trend_section
from cxgap.render._matrix_svg import matrix
from cxgap.render._text import (
    describe_group,
    exclusion_summary,
    families,
    fmt_ci,
    fmt_gap,
    fmt_r,
    fmt_score,
    group_label,
    headline_sentence,
    level_title,
    method_line,
    nps_sentence,
    nps_trend_sentence,
    trend_label,
    trend_method_line,
    trend_sentence,
    unit,
)
from cxgap.report import GapRow, Report, TrendReport, TrendRow

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#222;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
.headline{font-size:1.3rem;border:1px solid #ccc;border-radius:8px;padding:.8rem 1rem}
table{border-collapse:collapse;width:100%}th,td{padding:.25rem .5rem;border-bottom:1px solid #eee}
th{text-align:left;border-bottom:2px solid #999;white-space:nowrap}
figcaption{color:#666;font-size:.9rem}td.n{text-align:right;white-space:nowrap}
.over{color:#b00020}.under{color:#137333}.dim{color:#666;font-size:.9rem}
figure{margin:.5rem 0 1rem}svg.chart{width:100%;max-width:960px;height:auto;display:block}
@page{size:A4;margin:14mm 12mm}
@media print{
th{white-space:normal}table{font-size:8.5pt}th,td{padding:.15rem .3rem}th:nth-child(2){width:36%}
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
    head, metric = report.headline, report.settings.metric
    parts = [
        f'<p class="headline">Company <b>{fmt_score(head.company.pct, metric)}</b> · Customers '
        f"<b>{fmt_score(head.customers.pct, metric)}</b> · Delivery gap "
        f'<b class="{_tone(head)}">{fmt_gap(head.gap_pp)} {unit(metric)}</b> '
        f"{fmt_ci(head.gap_ci_pp)}<br>"
        f'<span class="dim">{escape(headline_sentence(head))}</span>'
        + ("" if (sq := _servqual.headline(report)) is None else f"<br>{escape(sq)}")
        + "</p>",
    ]
    if report.outcome is not None:
        parts.append(_fix_first(report))
    if report.consistency is not None:
        parts.append(inconsistent_service(report, limit))
    if report.nps:
        parts.append(_nps_panel(report))
    for title, rows in (
        ("Blind spots", report.blind_spots),
        ("Hidden strengths", report.hidden_strengths),
    ):
        items = (
            "".join(
                f"<li>{fmt_gap(r.gap_pp)} {unit(metric)}: {escape(describe_group(r))} "
                f"({fmt_score(r.company.pct, metric)} vs {fmt_score(r.customers.pct, metric)})"
                "</li>"
                for r in rows
            )
            or "<li>none significant</li>"
        )
        parts.append(f"<h2>{title}</h2><ul>{items}</ul>")
    grouped = [(key, rows[:limit] if limit else rows) for key, rows in families(report.rows)]
    axis = gap_axis([row for _, shown in grouped for row in shown])  # one scale for the page
    levels = families(report.rows)  # a matrix shows its whole level: its median is the level's
    for ((columns, split), shown), (_, level) in zip(grouped, levels, strict=True):
        labels = [group_label(report, row) for row in shown]
        chart = dumbbell(shown, labels, report.settings.confidence, axis, unit(metric))
        parts.append(f"<h2>{escape(level_title(columns, dict(split)))}</h2>")
        parts.append(f"<figure>{chart}</figure>")
        parts.append(_table(report, shown))
        if report.outcome is not None:
            short = [" · ".join(row.group.values()) for row in level]
            drawn = matrix(level, short, report.outcome, unit(metric))
            caption = (
                "<figcaption>Priority matrix: each group's gap across, its importance up; "
                "top right = blind spots that matter most.</figcaption>"
            )
            parts += [f'<figure class="matrix">{drawn}{caption}</figure>'] if drawn else []
    servqual = _servqual_svg.html(report, limit)  # SPEC 10: with pairs only
    parts += [servqual] if servqual else []
    parts.append(
        f'<p class="dim">{escape(method_line(report))}<br>{escape(exclusion_summary(report))}</p>'
    )
    parts += [f'<p class="dim">warning: {escape(w)}</p>' for w in report.warnings]
    return "\n".join(parts) + "\n"


def _table(report: Report, rows: Sequence[GapRow]) -> str:
    ci, metric = f"{report.settings.confidence:.0%} CI", report.settings.metric
    with_r = report.outcome is not None
    head = (
        "<tr><th>#</th><th>group</th><th>company</th><th>customers</th>"
        f"<th>gap {unit(metric)}</th><th>{ci}</th><th>n company / customers</th>"
        + ("<th>importance r</th><th>priority</th>" if with_r else "")
        + "</tr>"
    )
    body = "".join(
        f"<tr><td class=n>{row.rank or ''}</td><td>{escape(group_label(report, row))}</td>"
        f"<td class=n>{fmt_score(row.company.pct, metric)}</td>"
        f"<td class=n>{fmt_score(row.customers.pct, metric)}</td>"
        f'<td class="n {_tone(row)}">{fmt_gap(row.gap_pp)}{"*" if row.significant else ""}</td>'
        f"<td class=n>{fmt_ci(row.gap_ci_pp)}</td>"
        f"<td class=n>{row.company.n} / {row.customers.n}{' (low base)' if row.low_base else ''}"
        "</td>"
        + (
            f"<td class=n>{fmt_r(row.importance)}</td><td class=n>{_one(row.priority)}</td>"
            if with_r
            else ""
        )
        + "</tr>"
        for row in rows
    )
    return f"<table>{head}{body}</table>"


def _fix_first(report: Report) -> str:
    """The significant blind spots that matter most to customers, by priority."""
    rows, metric = report.fix_first, report.settings.metric
    items = "".join(
        f"<li><b>{escape(describe_group(r))}</b>: gap {fmt_gap(r.gap_pp)} {unit(metric)} x "
        f"importance r {fmt_r(r.importance)} = priority {_one(r.priority)}</li>"
        for r in rows
    )
    return (
        '<h2 class="fix-first">Fix first</h2>'
        '<p class="dim">Significant blind spots that matter most to customers (importance r '
        f"= their correlation with {escape(report.outcome or '')}, at or above the level's "
        "median).</p>"
        + (f"<ol>{items}</ol>" if items else "<p>None: no significant blind spot matters more "
           "than the median.</p>")
    )  # fmt: skip


def _nps_panel(report: Report) -> str:
    """Staff-predicted vs customers' NPS per item: the gap, its interval, promoters and
    detractors."""
    ci = f"{report.settings.confidence:.0%} CI"
    rows = "".join(
        f"<tr><td>{escape(n.item)}</td>"
        f"<td class=n>{_signed(n.row.company.pct)} {fmt_ci(n.row.company.ci_pp)}</td>"
        f"<td class=n>{_signed(n.row.customers.pct)} {fmt_ci(n.row.customers.ci_pp)}</td>"
        f'<td class="n {_tone(n.row)}">{fmt_gap(n.row.gap_pp)}'
        f"{'*' if n.row.significant else ''}</td><td class=n>{fmt_ci(n.row.gap_ci_pp)}</td>"
        f"<td class=n>{_one(n.promoters_pct)}%</td><td class=n>{_one(n.detractors_pct)}%</td>"
        f"<td class=n>{n.row.company.n} / {n.row.customers.n}</td></tr>"
        for n in report.nps
    )
    sentences = "<br>".join(escape(nps_sentence(n)) for n in report.nps)
    return (
        f'<h2>NPS: predicted vs actual</h2><div class="nps"><p>{sentences}</p>'
        "<table><tr><th>item</th><th>staff predict</th><th>customers</th><th>gap</th>"
        f"<th>{ci}</th><th>promoters</th><th>detractors</th><th>n staff / customers</th></tr>"
        f"{rows}</table></div>"
    )


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.0f}"


def _one(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


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
    if report.nps:
        parts.append(_nps_trend(report))
    metric = unit(report.settings.metric)
    for (columns, split), rows in families(report.rows):
        shown = rows[:limit] if limit else rows
        labels = [trend_label(report, row) for row in shown]
        parts.append(f"<h2>{escape(level_title(columns, dict(split)))}</h2>")
        parts.append(f"<figure>{trend_lines(shown, labels, report.waves, metric)}</figure>")
        body = "".join(
            f"<tr><td class=n>{row.rank or ''}</td>"
            f"<td>{escape(label)}</td>"
            + "".join(f"<td class=n>{fmt_gap(p.gap_pp)}</td>" for p in row.by_wave)
            + f'<td class="n {_tone(row)}">{fmt_gap(row.change_pp)}</td>'
            f"<td class=n>{fmt_ci(row.change_ci_pp)}</td><td>{row.direction}</td></tr>"
            for row, label in zip(shown, labels, strict=True)
        )
        parts.append(
            f"<table><tr><th>#</th><th>group</th>{waves}<th>change {metric}</th>"
            f"<th>{report.settings.confidence:.0%} CI</th><th></th></tr>{body}</table>"
        )
    servqual = _servqual.trend_html(report, limit)  # SPEC 10: with pairs only
    parts += [servqual] if servqual else []
    parts.append(trend_section(report, limit))
    parts.append(f'<p class="dim">{escape(trend_method_line(report))}</p>')
    parts += [f'<p class="dim">warning: {escape(w)}</p>' for w in report.warnings]
    return "\n".join(parts) + "\n"


def _nps_trend(report: TrendReport) -> str:
    """The NPS gap per wave as lines, and each wave's staff and customer NPS."""
    labels = [row.group["item"] for row in report.nps]
    waves = "".join(f"<th>{escape(w)} staff</th><th>{escape(w)} customers</th>"
                    for w in report.waves)  # fmt: skip
    rows = "".join(
        f"<tr><td>{escape(label)}</td>"
        + "".join(
            f"<td class=n>{_signed(p.company_pct)}</td><td class=n>{_signed(p.customer_pct)}</td>"
            for p in row.by_wave
        )
        + f'<td class="n {_tone(row)}">{fmt_gap(row.change_pp)}</td>'
        f"<td class=n>{fmt_ci(row.change_ci_pp)}</td><td>{row.direction}</td></tr>"
        for row, label in zip(report.nps, labels, strict=True)
    )
    sentences = "<br>".join(escape(nps_trend_sentence(r, report.baseline)) for r in report.nps)
    return (
        f"<h2>NPS per wave</h2><p>{sentences}</p>"
        f"<figure>{trend_lines(report.nps, labels, report.waves, '', 'chart nps')}"
        "<figcaption>The NPS gap per wave: the staff's predicted NPS minus the customers' NPS, "
        "in NPS points.</figcaption></figure>"
        f"<table><tr><th>item</th>{waves}<th>change of the gap</th>"
        f"<th>{report.settings.confidence:.0%} CI</th><th></th></tr>{rows}</table>"
    )
