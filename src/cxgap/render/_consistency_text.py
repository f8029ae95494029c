"""Words and numbers of the "Inconsistent service" view (SPEC 9), shared by the text reports
(table, markdown, trend). The rows and their order come from the report (stats ranked them);
nothing is computed here but formatting."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from cxgap.render._text import fmt_score, more_rows, unit
from cxgap.report import Report, TrendReport
from cxgap.report_consistency import Consistency, ConsistencyRow

TITLE = "Inconsistent service"


def subtitle(found: Consistency, metric: str) -> str:
    what = "top-box share" if metric == "topbox" else "mean score"
    return (
        f"Is each group as good in every {found.dimension}? Customers' {what} of the best and "
        f"the worst {found.dimension}, the range between them and the test that they are all "
        "equal (design-based Wald F, respondent as cluster)."
    )


def group_name(row: ConsistencyRow) -> str:
    return " · ".join(row.group.values())


def extreme(row: ConsistencyRow, name: str | None, metric: str) -> str:
    value = row.value(name)
    return "-" if value is None else f"{name} {fmt_score(value.customers.pct, metric)}"


def fmt_range(value: float | None, metric: str) -> str:
    return "-" if value is None else f"{value:.1f} {unit(metric)}"


def fmt_test(row: ConsistencyRow) -> str:
    """``F(2, 1190) = 28.1, q < 0.001``; ``no test`` where there is none."""
    if row.f is None:
        return "no test"
    return f"F({row.df_num}, {row.df_den}) = {row.f:.1f}, q {fmt_q(row.q_value)}"


def fmt_q(q: float | None) -> str:
    if q is None:
        return "-"
    return "< 0.001" if q < 0.001 else f"= {q:.3g}"  # 0.0496, never 0.050


def excluded_note(row: ConsistencyRow, min_base: int) -> str:
    if not row.excluded_values:
        return ""
    return f"{', '.join(row.excluded_values)} under {min_base} customers, left out"


def verdict(row: ConsistencyRow) -> str:
    return "inconsistent" if row.inconsistent else "consistent"


def tables(report: Report, limit: int | None) -> Group:
    """The terminal's view: one table per level (its ranked rows), after "Fix first"."""
    found = report.consistency
    if found is None:
        return Group()
    metric = report.settings.metric
    parts: list[Table | Text] = [Text(TITLE, style="bold magenta")]
    parts.append(Text(subtitle(found, metric), style="dim"))
    levels = found.levels()
    if not levels:
        parts.append(Text(f"  none: no group has two {found.dimension} values to compare", "dim"))
    for columns, rows in levels:
        shown = rows[:limit] if limit else rows
        table = Table(title=f"By {' + '.join(columns)}", title_justify="left", box=None)
        for header, justify in (("#", "right"), ("group", "left"), ("best", "left"),
                                ("worst", "left"), ("range", "right")):  # fmt: skip
            table.add_column(header, justify=justify)  # type: ignore[arg-type]
        table.add_column("test", no_wrap=True)
        for row in shown:
            mark = " *" if row.inconsistent else "  "
            table.add_row(
                str(row.rank),
                group_name(row),
                extreme(row, row.highest, metric),
                extreme(row, row.lowest, metric),
                Text(fmt_range(row.range_pp, metric) + mark, style="bold red" * row.inconsistent),
                fmt_test(row),
            )
        parts.append(table)
        if len(shown) < len(rows):
            parts.append(Text(more_rows(len(rows) - len(shown)), style="dim"))
        notes = [f"{group_name(r)}: {n}" for r in shown if (n := excluded_note(r, _base(report)))]
        parts += [Text(f"  {note}", style="dim") for note in notes]
    parts.append(Text(f"* inconsistent: the values differ (q < {report.settings.alpha:g})", "dim"))
    return Group(*parts, Text(""))


def markdown(report: Report, limit: int | None) -> list[str]:
    found = report.consistency
    if found is None:
        return []
    metric = report.settings.metric
    lines = [f"## {TITLE}", "", subtitle(found, metric), ""]
    levels = found.levels()
    if not levels:
        return [*lines, f"None: no group has two {found.dimension} values to compare.", ""]
    for columns, rows in levels:
        shown = rows[:limit] if limit else rows
        lines += [f"### By {' + '.join(columns)}", ""]
        lines += [
            "| # | group | best | worst | range | test | |",
            "|---:|---|---|---|---:|---|---|",
        ]
        lines += [
            f"| {row.rank} | {_escape(group_name(row))} "
            f"| {_escape(extreme(row, row.highest, metric))} "
            f"| {_escape(extreme(row, row.lowest, metric))} | {fmt_range(row.range_pp, metric)} "
            f"| {fmt_test(row)} | {'**inconsistent**' if row.inconsistent else 'consistent'} |"
            for row in shown
        ]
        if len(shown) < len(rows):
            lines.append(f"\n{more_rows(len(rows) - len(shown))}")
        notes = [f"{group_name(r)}: {n}" for r in shown if (n := excluded_note(r, _base(report)))]
        lines += ["", *(f"- {_escape(note)}" for note in notes)] if notes else []
        lines.append("")
    return lines


def trend_lines(report: TrendReport, limit: int | None) -> list[str]:
    """The trend's view as plain lines (markdown and terminal alike): per level, each group's
    range per wave and its change, the groups with a range in the last wave."""
    found = report.consistency
    if found is None:
        return []
    metric = report.settings.metric
    lines = [f"{TITLE}: the range across {found.dimension} per wave, and its change", ""]
    by_level: dict[tuple[str, ...], list[str]] = {}
    for row in found.rows:
        if row.by_wave[-1].range_pp is None:
            continue
        ranges = " -> ".join(fmt_range(p.range_pp, metric) for p in row.by_wave)
        change = "-" if row.change_pp is None else f"{row.change_pp:+.1f} {unit(metric)}"
        where = [p.wave for p in row.by_wave if p.inconsistent]
        verdicts = f"inconsistent in {', '.join(where)}" if where else "consistent in every wave"
        by_level.setdefault(row.group_by, []).append(
            f"- {_escape(' · '.join(row.group.values()))}: {ranges} (change {change}; {verdicts})"
        )
    for columns, entries in by_level.items():
        shown = entries[:limit] if limit else entries
        lines += [f"By {' + '.join(columns)}:", *shown, ""]
    return lines


def _base(report: Report) -> int:
    return report.settings.min_base


def _escape(text: str) -> str:
    return text.replace("|", "\\|")
