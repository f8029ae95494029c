"""Markdown: the headline and one ranked table per level, to paste into a deck or a PR.

Texts from the input arrive escaped (:func:`cxgap._visible.markdown_text`, by
:func:`cxgap.render.emit.render`): no HTML, link, image or table syntax of theirs is live."""

from __future__ import annotations

from cxgap.render import _servqual
from cxgap.render._consistency_text import markdown as inconsistent_service
from cxgap.render._consistency_text import trend_lines
from cxgap.render._text import (
    describe_group,
    exclusion_summary,
    families,
    fix_first,
    fmt_ci,
    fmt_gap,
    fmt_r,
    fmt_score,
    group_label,
    headline_sentence,
    level_title,
    method_line,
    more_rows,
    nps_sentence,
    nps_trend_sentence,
    trend_method_line,
    trend_sentence,
    unit,
)
from cxgap.report import Report, TrendReport


def render(report: Report, limit: int | None = None) -> str:
    head = report.headline
    metric = report.settings.metric
    with_r = report.outcome is not None
    lines = [f"# Delivery gap: {report.path}", ""]
    if with_r:
        lines += _fix_first(report)
    lines += inconsistent_service(report, limit)
    lines += [
        f"**Company {fmt_score(head.company.pct, metric)} · Customers "
        f"{fmt_score(head.customers.pct, metric)} · "
        f"Delivery gap {fmt_gap(head.gap_pp)} {unit(metric)} {fmt_ci(head.gap_ci_pp)}**",
        "",
        headline_sentence(head),
        "",
    ]
    lines += [line for nps in report.nps for line in (f"**{nps_sentence(nps)}**", "")]
    servqual = _servqual.headline(report)
    lines += [] if servqual is None else [f"**{servqual}**", ""]
    for (columns, split), rows in families(report.rows):
        shown = rows[:limit] if limit else rows
        lines += [f"## {level_title(columns, dict(split))}", ""]
        lines.append(
            f"| # | group | company | customers | gap {unit(metric)} | "
            f"{report.settings.confidence:.0%} CI | sig | n company | n customers |"
            + (" importance r | priority |" if with_r else "")
        )
        lines.append(
            "|---:|---|---:|---:|---:|---:|:---:|---:|---:|" + ("---:|---:|" if with_r else "")
        )
        lines += [
            f"| {row.rank or ''} | {group_label(report, row)} "
            f"| {fmt_score(row.company.pct, metric)} "
            f"| {fmt_score(row.customers.pct, metric)} | {fmt_gap(row.gap_pp)} "
            f"| {fmt_ci(row.gap_ci_pp)} "
            f"| {'*' if row.significant else ''} | {row.company.n} | {row.customers.n}"
            f"{' (low base)' if row.low_base else ''} |"
            + (f" {fmt_r(row.importance)} | {_priority(row.priority)} |" if with_r else "")
            for row in shown
        ]
        if len(shown) < len(rows):
            lines.append(f"\n{more_rows(len(rows) - len(shown))}")
        lines.append("")
    lines += _servqual.markdown(report, limit)
    lines += [method_line(report), "", exclusion_summary(report), ""]
    lines += [f"- warning: {w}" for w in report.warnings]
    return "\n".join(lines).rstrip("\n") + "\n"


def _fix_first(report: Report) -> list[str]:
    """The report's opening: the significant blind spots that matter most to customers."""
    rows = fix_first(report)
    lines = ["## Fix first", "", "Significant blind spots that matter most to customers.", ""]
    if not rows:
        return [*lines, "None: no significant blind spot matters more than the median.", ""]
    lines += [f"| # | group | gap {unit(report.settings.metric)} | importance r | priority |"]
    lines += ["|---:|---|---:|---:|---:|"]
    lines += [
        f"| {k} | {describe_group(row)} | {fmt_gap(row.gap_pp)} "
        f"| {fmt_r(row.importance)} | {_priority(row.priority)} |"
        for k, row in enumerate(rows, 1)
    ]
    return [*lines, ""]


def _priority(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def render_trend(report: TrendReport, limit: int | None = None) -> str:
    lines = [
        f"# Delivery gap trend: {' -> '.join(report.waves)}",
        "",
        f"**{trend_sentence(report.headline, report.waves, report.baseline)}**",
        "",
    ]
    lines += [line for nps in report.nps for line in (nps_trend_sentence(nps, report.baseline), "")]
    for (columns, split), rows in families(report.rows):
        shown = rows[:limit] if limit else rows
        waves = " | ".join(f"{w} gap" for w in report.waves)
        lines += [f"## {level_title(columns, dict(split))}", ""]
        lines.append(
            f"| # | group | {waves} | change pp | {report.settings.confidence:.0%} CI | direction |"
        )
        lines.append("|---:|---|" + "---:|" * len(report.waves) + "---:|---:|---|")
        for row in shown:
            gaps = " | ".join(fmt_gap(p.gap_pp) for p in row.by_wave)
            label = " · ".join(row.group.values())
            lines.append(
                f"| {row.rank or ''} | {label} | {gaps} | "
                f"{fmt_gap(row.change_pp)} | {fmt_ci(row.change_ci_pp)} | "
                f"{row.direction if row.direction != 'steady' else ''} |"
            )
        if len(shown) < len(rows):
            lines.append(f"\n{more_rows(len(rows) - len(shown))}")
        lines.append("")
    lines += _servqual.trend_markdown(report, limit)
    found = trend_lines(report, limit)
    lines += [f"## {found[0]}", *found[1:]] if found else []
    lines += [trend_method_line(report), ""]
    lines += [f"- warning: {w}" for w in report.warnings]
    return "\n".join(lines).rstrip("\n") + "\n"
