"""The role view: a one-sided split (``--split role``) as columns, one per part.

Each touchpoint and category gets a row: every role's share, the whole other sample's share,
and every role's gap to it with its significance, so that who in the company sees the customer
least clearly stands out. Above the tables, the part furthest from the other side is named.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from cxgap.render._text import fmt_gap, fmt_score, group_label, level_title, more_rows
from cxgap.render._wording import Worded, fits
from cxgap.report import GapRow, Report

LABEL_WIDTH = 24
LEVEL_ORDER: tuple[tuple[str, ...], ...] = ((), ("touchpoint",), ("category",))


def furthest(report: Report, attribute: str) -> Text:
    """'Furthest from customers: executive +52.8 pp, then manager +38.3 pp, frontline ...'."""
    overall = _ordered_parts(report, attribute)
    other = "customers" if report.split_sides[attribute] == "company" else "staff"
    if not overall:
        return Text("")
    first, *rest = overall
    text = Text(f"Furthest from {other} ({attribute}): ", style="bold")
    text.append(f"{first.split[attribute]} {fmt_gap(first.gap_pp)} pp", style="bold red")
    if rest:
        text.append(
            ", then " + ", ".join(f"{r.split[attribute]} {fmt_gap(r.gap_pp)} pp" for r in rest)
        )
    return text


def tables(report: Report, attribute: str, limit: int | None) -> list[Table | Worded]:
    parts = [row.split[attribute] for row in _ordered_parts(report, attribute)]
    rows = [row for row in report.rows if attribute in row.split]
    levels = [lv for lv in LEVEL_ORDER if any(r.group_by == lv for r in rows)]
    levels += [lv for lv in dict.fromkeys(r.group_by for r in rows) if lv not in levels]
    return [_table(report, attribute, parts, level, rows, limit) for level in levels]


def _ordered_parts(report: Report, attribute: str) -> list[GapRow]:
    overall = [r for r in report.rows if attribute in r.split and r.group_by == ()]
    return sorted(overall, key=lambda r: -(r.gap_pp if r.gap_pp is not None else -1e9))


def _table(
    report: Report,
    attribute: str,
    parts: Sequence[str],
    level: tuple[str, ...],
    rows: Sequence[GapRow],
    limit: int | None,
) -> Table | Worded:
    side = report.split_sides[attribute]
    other = "Customers" if side == "company" else "Company"
    cells: dict[tuple[tuple[str, str], ...], dict[str, GapRow]] = {}
    for row in rows:
        if row.group_by == level:
            cells.setdefault(tuple(row.group.items()), {})[row.split[attribute]] = row
    order = [tuple(r.group.items()) for r in report.rows if r.group_by == level and not r.split]
    groups = [g for g in order if g in cells] + [g for g in cells if g not in order]
    shown = groups[:limit] if limit else groups
    title = level_title(level, {}) + f"  ·  by {attribute}: share and gap to {other.lower()}"
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    anys = [next(iter(cells[key].values())) for key in shown]
    labels = [group_label(report, row) for row in anys]
    worded = level == ("item",) and not fits(labels, LABEL_WIDTH)
    if worded:  # each question whole beneath its row, never cut
        labels = [row.group["item"] for row in anys]
    table.add_column(
        " + ".join(level) or "all items",
        overflow="ellipsis" if worded else "fold",
        no_wrap=worded,
        max_width=LABEL_WIDTH,
    )
    overall = {r.split[attribute]: r for r in _ordered_parts(report, attribute)}
    for part in parts:
        n = _side_n(overall.get(part), side)
        low = "!" if n < report.settings.min_base else ""
        table.add_column(f"{part}\nn={n}{low}", justify="right", no_wrap=True, min_width=12)
    table.add_column(f"{other}\n", justify="right", no_wrap=True)
    for key, any_row, label in zip(shown, anys, labels, strict=True):
        by_part = cells[key]
        whole = any_row.customers if side == "company" else any_row.company
        line: list[str | Text] = [label]
        metric = report.settings.metric
        line += [_cell(by_part.get(p), side, metric) for p in parts]
        line.append(fmt_score(whole.pct, metric))
        table.add_row(*line)
    if len(shown) < len(groups):
        table.caption = more_rows(len(groups) - len(shown))
    if worded:
        texts = [report.item_text.get(label, "") for label in labels]
        return Worded(table, texts, ranked=False)
    return table


def _side_n(row: GapRow | None, side: str) -> int:
    if row is None:
        return 0
    return row.company.n if side == "company" else row.customers.n


def _cell(row: GapRow | None, side: str, metric: str) -> Text:
    """``91% +75.2*``: the part's share and its gap, coloured when significant."""
    if row is None or row.gap_pp is None:
        return Text("-")
    share = row.company.pct if side == "company" else row.customers.pct
    style = "" if not row.significant else ("red" if row.gap_pp > 0 else "green")
    text = Text(f"{fmt_score(share, metric):>4} ")
    text.append(f"{fmt_gap(row.gap_pp):>6}" + ("*" if row.significant else " "), style=style)
    return text
