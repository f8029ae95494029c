"""The terminal report: a headline, blind spots, hidden strengths and ranked tables per level.

Rich decides on colour: none when stdout is not a terminal or ``NO_COLOR`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cxgap.render import role_view, servqual_table
from cxgap.render._consistency_text import tables as inconsistent_service
from cxgap.render._servqual import headline as servqual_headline
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
    spotlight,
    unit,
)
from cxgap.render._wording import Worded, fits
from cxgap.report import GapRow, Report

MIN_LABEL, MAX_LABEL = 12, 44
# Widths with their separators: #, Company, Customers, Gap are always shown. The optional
# columns are the interval drawn (forest), the interval in numbers (ci) and n; the widest
# layout that fits is used, so that on a narrow terminal the gap itself is never cut.
CORE_WIDTH = 4 + 10 + 12 + 10 + 2
OPTIONAL_WIDTH = {"forest": 16, "ci": 16, "n": 11, "r": 7}
LAYOUTS: tuple[tuple[str, ...], ...] = (("forest", "ci", "n"), ("forest", "n"), ("ci",), ())
FIX_FIRST = "Fix first (significant blind spots that matter most to customers)"


def render(report: Report, console: Console, limit: int | None = None) -> None:
    console.print(_title(report))
    if report.outcome is not None:
        console.print(_fix_first(report))
    if report.consistency is not None:
        console.print(inconsistent_service(report, limit))
    console.print(_headline(report))
    for title, rows, style in (
        ("Blind spots (the company rates itself higher)", spotlight(report.rows, +1), "red"),
        ("Hidden strengths (customers rate it higher)", spotlight(report.rows, -1), "green"),
    ):
        console.print(_spotlight_block(report, title, rows, style))
    one_sided = {a for a, side in report.split_sides.items() if side != "both"}
    for attribute in sorted(one_sided):
        console.print(role_view.furthest(report, attribute))
    if one_sided:
        console.print()
    for (columns, split), rows in families(report.rows):
        if not one_sided.intersection(dict(split)):
            console.print(_level(report, console.width, columns, split, rows, limit))
    for attribute in sorted(one_sided):
        for table in role_view.tables(report, attribute, limit):
            console.print(table)
    for block in servqual_table.tables(report, limit, console.width):  # SPEC 10: with pairs only
        console.print(block)
    console.print(Text(method_line(report), style="dim"))
    if "forest" in _layout(console.width, report):
        confidence = f"{report.settings.confidence:.0%}"
        console.print(Text(f"● = the gap on its {confidence} interval ─, │ = no gap.", style="dim"))
    console.print(Text(exclusion_summary(report), style="dim"))
    for warning in report.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))


def _title(report: Report) -> Text:
    staff, customers = report.respondents["company"], report.respondents["customers"]
    text = Text("cxgap", style="bold")
    text.append(f" · {report.path} · {staff:,} staff vs {customers:,} customers")
    text.append(" · weighted" if report.weighted else " · unweighted")
    return text


def _fix_first(report: Report) -> Group:
    rows = fix_first(report)
    lines = [Text(FIX_FIRST, style="bold red")]
    if not rows:
        lines.append(Text("  none: no significant blind spot matters more than the median", "dim"))
    metric = report.settings.metric
    lines += [
        Text.assemble(
            "  ",
            (f"{fmt_gap(row.gap_pp):>6} {unit(metric)}", "red"),
            f" x r {fmt_r(row.importance)} = ",
            (f"{row.priority or 0.0:4.1f}", "bold"),
            f"  {describe_group(row)}",
        )
        for row in rows
    ]
    return Group(*lines, Text(""))


def _headline(report: Report) -> Panel:
    row = report.headline
    metric = report.settings.metric
    style = "red" if (row.gap_pp or 0) > 0 and row.significant else "green"
    line = Text.assemble(
        ("Company ", "bold"),
        (fmt_score(row.company.pct, metric), "bold"),
        "  ·  ",
        ("Customers ", "bold"),
        (fmt_score(row.customers.pct, metric), "bold"),
        "  ·  ",
        ("Delivery gap ", "bold"),
        (f"{fmt_gap(row.gap_pp)} {unit(metric)}", f"bold {style}"),
        f" {fmt_ci(row.gap_ci_pp)}",
    )
    nps = [Text(nps_sentence(n), style="bold") for n in report.nps]
    servqual = servqual_headline(report)
    nps += [] if servqual is None else [Text(servqual, style="bold")]
    return Panel(
        Group(line, Text(headline_sentence(row), style="dim"), *nps),
        title="Delivery gap, all items",
        title_align="left",
        box=box.ROUNDED,
        expand=False,
    )


def _spotlight_block(report: Report, title: str, rows: Sequence[GapRow], style: str) -> Group:
    metric = report.settings.metric
    lines = [Text(title, style=f"bold {style}")]
    if not rows:
        lines.append(Text("  none significant", style="dim"))
    lines += [
        Text.assemble(
            "  ",
            (f"{fmt_gap(row.gap_pp):>6} {unit(metric)}", style),
            f"  {describe_group(row)}",
            (
                f"  ({fmt_score(row.company.pct, metric)} vs "
                f"{fmt_score(row.customers.pct, metric)})",
                "dim",
            ),
        )
        for row in rows
    ]
    return Group(*lines, Text(""))


def _level(
    report: Report,
    console_width: int,
    columns: tuple[str, ...],
    split: tuple[tuple[str, str], ...],
    rows: Sequence[GapRow],
    limit: int | None,
) -> Table | Worded:
    """A level's table; an item level whose questions do not fit shows ids, each question
    whole beneath its row (never cut, so two questions that begin alike never look the same)."""
    shown = rows[:limit] if limit else rows
    labels = [group_label(report, row) for row in shown]
    width = _label_width(console_width, report)
    if columns != ("item",) or fits(labels, width):
        return _level_table(report, console_width, columns, split, rows, limit, labels, width)
    ids = [row.group["item"] for row in shown]
    width = min(width, max(len(columns[0]), *map(len, ids)))  # a long id ends in …
    table = _level_table(report, console_width, columns, split, rows, limit, ids, width, True)
    return Worded(table, [report.item_text.get(item, "") for item in ids])


def _label_width(console_width: int, report: Report) -> int:
    used = CORE_WIDTH + sum(OPTIONAL_WIDTH[name] for name in _layout(console_width, report))
    return max(MIN_LABEL, min(MAX_LABEL, console_width - used))


def _level_table(
    report: Report,
    console_width: int,
    columns: tuple[str, ...],
    split: tuple[tuple[str, str], ...],
    rows: Sequence[GapRow],
    limit: int | None,
    labels: Sequence[str],
    label_width: int,
    ids_only: bool = False,
) -> Table:
    title = level_title(columns, dict(split))
    shown = rows[:limit] if limit else rows
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        caption=more_rows(len(rows) - len(shown)) if len(shown) < len(rows) else None,
        pad_edge=False,
        collapse_padding=True,
    )
    layout = _layout(console_width, report)
    table.add_column("#", justify="right", style="dim", no_wrap=True, width=2)
    table.add_column(  # a label wraps; ids stay on one line, as Worded needs
        " + ".join(columns) or "all items",
        overflow="ellipsis" if ids_only else "fold",
        no_wrap=ids_only,
        width=label_width,
    )
    gap_header = "Gap pp" if report.settings.metric == "topbox" else "Gap pt"
    for header in ("Company", "Customers", gap_header):
        table.add_column(header, justify="right", no_wrap=True, width=len(header) + 1)
    ci_header = f"{report.settings.confidence:.0%} CI"
    if "forest" in layout:
        header = "" if "ci" in layout else ci_header
        table.add_column(header, no_wrap=True, width=OPTIONAL_WIDTH["forest"] - 2)
    if "ci" in layout:
        table.add_column(ci_header, justify="right", no_wrap=True, width=OPTIONAL_WIDTH["ci"] - 2)
    if "n" in layout:
        table.add_column("n co/cu", justify="right", no_wrap=True, width=OPTIONAL_WIDTH["n"] - 2)
    by_priority = report.settings.rank_by == "priority"
    if "r" in layout:  # the ranking's key: importance r, or the priority it ranks by
        header = "prio" if by_priority else "r"
        table.add_column(header, justify="right", no_wrap=True, width=OPTIONAL_WIDTH["r"] - 2)
    axis = _axis(shown)
    for row, label in zip(shown, labels, strict=True):
        style = "" if not row.significant else ("red" if (row.gap_pp or 0) > 0 else "green")
        marks = ("*" if row.significant else " ") + (
            "!" if row.low_base and "n" not in layout else ""
        )
        cells: list[str | Text] = [
            str(row.rank or ""),
            label,
            fmt_score(row.company.pct, report.settings.metric),
            fmt_score(row.customers.pct, report.settings.metric),
            Text(fmt_gap(row.gap_pp) + marks, style=style),
        ]
        if "forest" in layout:
            cells.append(Text(forest(row, axis, OPTIONAL_WIDTH["forest"] - 2), style=style))
        if "ci" in layout:
            cells.append(fmt_ci(row.gap_ci_pp))
        if "n" in layout:
            low = "!" if row.low_base else " "
            cells.append(
                Text(
                    f"{row.company.n}/{row.customers.n}{low}",
                    style="yellow" if row.low_base else "",
                )
            )
        if "r" in layout:
            priority = "-" if row.priority is None else f"{row.priority:.1f}"
            cells.append(priority if by_priority else fmt_r(row.importance))
        table.add_row(*cells)
    return table


def _layout(width: int, report: Report) -> tuple[str, ...]:
    """The widest layout that fits; with an outcome, importance (r) comes after the gap's
    interval drawn and before its numbers."""
    layouts = LAYOUTS
    if report.outcome is not None:
        layouts = (("forest", "ci", "n", "r"), ("forest", "n", "r"), ("forest", "r"), ("r",), ())
    for layout in layouts:
        if width >= CORE_WIDTH + MIN_LABEL + sum(OPTIONAL_WIDTH[name] for name in layout):
            return layout
    return ()


def _axis(rows: Sequence[GapRow]) -> tuple[float, float]:
    """The span every row's interval is drawn on: all intervals, and zero."""
    bounds = [b for row in rows if row.gap_ci_pp for b in row.gap_ci_pp]
    return min([0.0, *bounds]), max([0.0, *bounds])


def forest(row: GapRow, axis: tuple[float, float], width: int) -> str:
    """The gap as ``●`` on its interval's whisker ``─``, with zero marked ``│``: a forest plot
    in one line, on the axis every row of the table shares."""
    low, high = axis
    if row.gap_pp is None or row.gap_ci_pp is None or high <= low:
        return ""

    def at(value: float) -> int:
        return round((value - low) / (high - low) * (width - 1))

    line = [" "] * width
    for k in range(at(row.gap_ci_pp[0]), at(row.gap_ci_pp[1]) + 1):
        line[k] = "─"
    zero = at(0.0)
    line[zero] = "┼" if line[zero] == "─" else "│"
    line[at(row.gap_pp)] = "●"
    return "".join(line)
