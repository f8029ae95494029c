"""Markdown: the headline and one ranked table per level, to paste into a deck or a PR."""

from __future__ import annotations

from cxgap.model import Report, TrendReport
from cxgap.render._text import (
    exclusion_summary,
    families,
    fmt_ci,
    fmt_gap,
    fmt_pct,
    group_label,
    headline_sentence,
    level_title,
    method_line,
    more_rows,
    trend_method_line,
    trend_sentence,
)


def render(report: Report, limit: int | None = None) -> str:
    head = report.headline
    lines = [
        f"# Delivery gap: {report.path}",
        "",
        f"**Company {fmt_pct(head.company.pct)} · Customers {fmt_pct(head.customers.pct)} · "
        f"Delivery gap {fmt_gap(head.gap_pp)} pp {fmt_ci(head.gap_ci_pp)}**",
        "",
        headline_sentence(head),
        "",
    ]
    for (columns, split), rows in families(report.rows):
        shown = rows[:limit] if limit else rows
        lines += [f"## {level_title(columns, dict(split))}", ""]
        lines.append(
            f"| # | group | company | customers | gap pp | {report.settings.confidence:.0%} CI "
            "| sig | n company | n customers |"
        )
        lines.append("|---:|---|---:|---:|---:|---:|:---:|---:|---:|")
        lines += [
            f"| {row.rank or ''} | {_escape(group_label(report, row))} "
            f"| {fmt_pct(row.company.pct)} "
            f"| {fmt_pct(row.customers.pct)} | {fmt_gap(row.gap_pp)} | {fmt_ci(row.gap_ci_pp)} "
            f"| {'*' if row.significant else ''} | {row.company.n} | {row.customers.n}"
            f"{' (low base)' if row.low_base else ''} |"
            for row in shown
        ]
        if len(shown) < len(rows):
            lines.append(f"\n{more_rows(len(rows) - len(shown))}")
        lines.append("")
    lines += [method_line(report), "", exclusion_summary(report), ""]
    lines += [f"- warning: {_escape(w)}" for w in report.warnings]
    return "\n".join(lines).rstrip("\n") + "\n"


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_trend(report: TrendReport, limit: int | None = None) -> str:
    lines = [
        f"# Delivery gap trend: {' -> '.join(report.waves)}",
        "",
        f"**{trend_sentence(report.headline, report.waves, report.baseline)}**",
        "",
    ]
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
                f"| {row.rank or ''} | {_escape(label)} | {gaps} | "
                f"{fmt_gap(row.change_pp)} | {fmt_ci(row.change_ci_pp)} | "
                f"{row.direction if row.direction != 'steady' else ''} |"
            )
        if len(shown) < len(rows):
            lines.append(f"\n{more_rows(len(rows) - len(shown))}")
        lines.append("")
    lines += [trend_method_line(report), ""]
    lines += [f"- warning: {_escape(w)}" for w in report.warnings]
    return "\n".join(lines).rstrip("\n") + "\n"
