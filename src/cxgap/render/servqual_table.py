"""The terminal report's "SERVQUAL gaps" tables (SPEC 10): one per level, the three gaps side by
side, ranked by the service gap, most negative first."""

from __future__ import annotations

from dataclasses import replace

from rich import box
from rich.table import Table
from rich.text import Text

from cxgap.render._servqual import headers, note, trend_cells, trend_note, trend_views, views
from cxgap.render._text import more_rows
from cxgap.report import Report, TrendReport

WIDE = 110
"""Narrower terminals show an item by its id (its wording is in the level's table above)."""


def tables(report: Report, limit: int | None, width: int) -> list[Table | Text]:
    """The view's tables and its note; nothing without pairs."""
    out: list[Table | Text] = []
    for view in views(report):
        shown = view.lines[:limit] if limit else view.lines
        if view.columns == ("item",) and width < WIDE:
            shown = tuple(replace(x, label=x.row.group["item"]) for x in shown)
        table = Table(
            title=view.title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            caption=more_rows(len(view.lines) - len(shown))
            if len(shown) < len(view.lines)
            else None,
            pad_edge=False,
            collapse_padding=True,
        )
        names = headers(report)
        for k, name in enumerate(names):
            table.add_column(
                name if k != 1 else " + ".join(view.columns),
                justify="left" if k == 1 else "right",
                style="dim" if k == 0 else "",
                overflow="fold",
                no_wrap=k != 1,
                max_width=30 if k == 1 else None,
                min_width=min(max(len(x.label) for x in shown), 20) if k == 1 else None,
            )
        for line in shown:
            short = (line.gaps.service_gap or 0.0) < 0 and line.service.endswith("*")
            table.add_row(
                str(line.rank),
                line.label,
                line.expects,
                Text(line.service, style="red" if short else ""),
                line.service_ci,
                line.n_paired,
                line.knowledge,
                line.delivery,
            )
        out.append(table)
    if out:
        out.append(Text(note(report), style="dim"))
    return out


def trend_tables(report: TrendReport, limit: int | None) -> list[Table | Text]:
    """The service gap per wave and its change, per level; nothing without pairs."""
    out: list[Table | Text] = []
    for title, columns, rows in trend_views(report):
        shown = rows[:limit] if limit else rows
        table = Table(
            title=title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            collapse_padding=True,
        )
        table.add_column(" + ".join(columns), overflow="fold", max_width=26)
        for name in (*report.waves, "Change", f"{report.settings.confidence:.0%} CI"):
            table.add_column(name, justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        for row in shown:
            cells = trend_cells(row)
            style = {"improved": "green", "worsened": "red"}.get(cells[-1], "")
            table.add_row(
                row.group.get("item", " · ".join(row.group.values())),
                *cells[:-1],
                Text(cells[-1], style=style),
            )
        out.append(table)
    if out:
        out.append(Text(trend_note(report), style="dim"))
    return out
