"""The terminal report of ``cxgap trend``: each group's gap per wave and the change."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cxgap.render import servqual_table
from cxgap.render._consistency_text import trend_lines
from cxgap.render._text import (
    families,
    fmt_ci,
    fmt_gap,
    level_title,
    more_rows,
    nps_trend_sentence,
    sparkline,
    trend_method_line,
    trend_sentence,
)
from cxgap.render._wording import Worded, fits
from cxgap.report import TrendReport, TrendRow

LABEL_WIDTH = 26
MARKERS = {"widened": ("▲ widened", "red"), "narrowed": ("▼ narrowed", "green"), "steady": ("", "")}


def render(report: TrendReport, console: Console, limit: int | None = None) -> None:
    head = report.headline
    style = MARKERS[head.direction][1]
    console.print(Text(f"cxgap trend · waves {' -> '.join(report.waves)}", style="bold"))
    console.print(Text(trend_sentence(head, report.waves, report.baseline), style=f"bold {style}"))
    for nps in report.nps:
        console.print(Text(nps_trend_sentence(nps, report.baseline), style="bold"))
    console.print()
    for (columns, split), rows in families(report.rows):
        console.print(_table(report, columns, dict(split), rows, limit))
    for block in servqual_table.trend_tables(report, limit):  # SPEC 10: with pairs only
        console.print(block)
    for line in trend_lines(report, limit):
        console.print(Text(line, style="bold magenta" if line.startswith("Inconsistent") else ""))
    console.print(Text(trend_method_line(report), style="dim"))
    for warning in report.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))


def _table(
    report: TrendReport,
    columns: tuple[str, ...],
    split: dict[str, str],
    rows: Sequence[TrendRow],
    limit: int | None,
) -> Table | Worded:
    shown = rows[:limit] if limit else rows
    table = Table(
        title=level_title(columns, split),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        caption=more_rows(len(rows) - len(shown)) if len(shown) < len(rows) else None,
    )
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    labels = [_label(report, row) for row in shown]
    worded = columns == ("item",) and not fits(labels, LABEL_WIDTH)
    if worded:  # each question whole beneath its row, never cut
        labels = [row.group["item"] for row in shown]
    table.add_column(
        " + ".join(columns),
        overflow="ellipsis" if worded else "fold",
        no_wrap=worded,
        max_width=LABEL_WIDTH,
    )
    for wave in report.waves:
        table.add_column(wave, justify="right", no_wrap=True)
    if len(report.waves) >= 3:
        table.add_column("", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column(f"{report.settings.confidence:.0%} CI", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for row, group in zip(shown, labels, strict=True):
        gaps = [p.gap_pp for p in row.by_wave]
        label, style = MARKERS[row.direction]
        cells = [str(row.rank or ""), group]
        cells += [fmt_gap(g) for g in gaps]
        if len(report.waves) >= 3:
            cells.append(sparkline(gaps))
        table.add_row(
            *cells,
            Text(fmt_gap(row.change_pp), style=style),
            fmt_ci(row.change_ci_pp),
            Text(label, style=style),
        )
    if worded:
        return Worded(table, [report.item_text.get(item, "") for item in labels])
    return table


def _label(report: TrendReport, row: TrendRow) -> str:
    if row.group_by == ("item",):
        item = row.group["item"]
        return f"{item} {report.item_text.get(item, '')}".strip()
    return " · ".join(row.group.values()) or "all items"
