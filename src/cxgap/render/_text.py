"""Words and number formats shared by the renderers (table, markdown, html, pptx, ...)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TypeVar

from cxgap.report import GapRow, NpsRow, Report, TrendReport, TrendRow

Row = TypeVar("Row", GapRow, TrendRow)
Family = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]


def families(rows: Iterable[Row]) -> list[tuple[Family, list[Row]]]:
    """Rows grouped as the report shows them: one level within one split part, in order."""
    grouped: dict[Family, list[Row]] = {}
    for row in rows:
        grouped.setdefault((row.group_by, tuple(row.split.items())), []).append(row)
    return list(grouped.items())


def more_rows(hidden: int) -> str:
    """The note under a table cut by ``--limit``."""
    return f"{hidden} more row{'s' if hidden != 1 else ''} (raise --limit)"


def fmt_pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def fmt_score(value: float | None, metric: str) -> str:
    """A share as ``64%``; a mean score (0-100) as ``64.2``."""
    if value is None:
        return "-"
    return f"{value:.0f}%" if metric == "topbox" else f"{value:.1f}"


def unit(metric: str) -> str:
    """What a gap is measured in: percentage points of a share, points of a 0-100 mean."""
    return "pp" if metric == "topbox" else "pts"


def fmt_r(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def nps_sentence(nps: NpsRow) -> str:
    """'NPS (q26): staff predict +45, customers say -12: gap +57.0 [48.1, 65.9]; ...'."""
    row = nps.row
    company, customers = row.company.pct, row.customers.pct
    if company is None or customers is None:
        return f"NPS ({nps.item}): not answered in both samples"
    mark = "*" if row.significant else ""
    text = (
        f"NPS ({nps.item}): staff predict {company:+.0f}, customers say {customers:+.0f}: "
        f"gap {fmt_gap(row.gap_pp)}{mark} {fmt_ci(row.gap_ci_pp)}".rstrip()
    )
    if nps.promoters_pct is not None and nps.detractors_pct is not None:
        text += (
            f"; customers {nps.promoters_pct:.0f}% promoters, {nps.detractors_pct:.0f}% detractors"
        )
    return text


def fmt_gap(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


def fmt_ci(pair: tuple[float, float] | None) -> str:
    return "" if pair is None else f"[{pair[0]:.1f}, {pair[1]:.1f}]"


def group_label(report: Report, row: GapRow) -> str:
    """A row's group as a table shows it: an item with its wording, else the group's values."""
    if row.group_by == ("item",):
        item = row.group["item"]
        return f"{item} {report.item_text.get(item, '')}".strip()
    return " · ".join(row.group.values()) or "all items"


def trend_label(report: TrendReport, row: TrendRow) -> str:
    """A trend row's group as a chart or table shows it, an item with its wording."""
    if row.group_by == ("item",):
        item = row.group["item"]
        return f"{item} {report.item_text.get(item, '')}".strip()
    return " · ".join(row.group.values()) or "all items"


def describe_group(row: GapRow | TrendRow) -> str:
    where = " · ".join(f"{value}" for value in row.group.values()) or "all items"
    level = " + ".join(row.group_by)
    split = "".join(f" ({k} = {v})" for k, v in row.split.items())
    return f"{where} [{level}]{split}" if level else f"{where}{split}"


def level_title(columns: tuple[str, ...], split: dict[str, str]) -> str:
    title = "All items" if not columns else "By " + " + ".join(columns)
    if split:
        title += "  ·  " + ", ".join(f"{k} = {v}" for k, v in split.items())
    return title


def headline_sentence(row: GapRow) -> str:
    if row.gap_pp is None:
        return "No item is in both samples, so there is no gap to measure."
    if not row.significant:
        return "Company and customers agree within the margin of error."
    if row.gap_pp > 0:
        return (
            f"Staff rate the service {row.gap_pp:.0f} points higher than customers do: "
            "the company overrates itself."
        )
    return f"Customers rate the service {-row.gap_pp:.0f} points higher than staff do."


def method_line(report: Report) -> str:
    s = report.settings
    box = "top box" if s.top == 1 else f"top {s.top} box"
    what = (
        f"Share = {box} (the item's top_box_min where set)"
        if s.metric == "topbox"
        else "Score = mean answer rescaled to 0-100 on its item's scale; gaps in points"
    )
    line = (
        f"{what}; {s.confidence:.0%} intervals; "
        f"* = significant after Benjamini-Hochberg at q < {s.alpha:g}; "
        f"! = low base, n < {s.min_base}."
    )
    if report.outcome is not None:
        line += (
            f" Importance r = customers' correlation with {report.outcome}; priority = gap x "
            "max(r, 0); fix first = a significant blind spot with r at or above its level's "
            "median."
        )
    return line


def exclusion_summary(report: Report) -> str:
    counts: Counter[str] = Counter()
    for e in report.exclusions:
        counts[e.reason] += e.count
    if not counts:
        return "Excluded cells: none."
    parts = ", ".join(f"{count:,} {reason}" for reason, count in sorted(counts.items()))
    return f"Excluded cells: {parts} (by item and sample in --format json)."


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """The gaps of a row across waves as a tiny line chart (a space where a wave has none)."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    return "".join(
        " " if v is None else SPARKS[round((v - low) / span * (len(SPARKS) - 1))] for v in values
    )


def trend_sentence(row: TrendRow, waves: tuple[str, ...], baseline: str) -> str:
    first = row.by_wave[0 if baseline == "first" else -2]
    last = row.by_wave[-1]
    text = f"Delivery gap {fmt_pp(first.gap_pp)} -> {fmt_pp(last.gap_pp)}"
    if row.change_pp is None:
        return text
    ci = row.change_ci_pp
    if ci is not None and row.change_pp < 0:
        ci = (-ci[1], -ci[0])  # "narrowed 15.5 pp [11.2, 19.8]": the interval of the size
    size = f"{abs(row.change_pp):.1f} pp {fmt_ci(ci)}".rstrip()
    if row.direction == "steady":
        return f"{text}: steady (change {row.change_pp:+.1f} pp, not significant)"
    return f"{text}: {row.direction} {size}"


def nps_trend_sentence(row: TrendRow, baseline: str) -> str:
    """'NPS gap (q26) 107.6 -> 95.6: steady (change -11.9, not significant); now staff +62
    vs customers -34'."""
    last = row.by_wave[-1]
    text = trend_sentence(row, (), baseline).removeprefix("Delivery gap ").replace(" pp", "")
    staff, customers = last.company_pct, last.customer_pct
    now = "" if staff is None or customers is None else f"; now {staff:+.0f} vs {customers:+.0f}"
    return f"NPS gap ({row.group['item']}) {text}{now}"


def fmt_pp(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} pp"


def trend_method_line(report: TrendReport) -> str:
    base = "the first wave" if report.baseline == "first" else "the previous wave"
    return (
        f"Change = last wave's gap minus {base}'s; {report.settings.confidence:.0%} intervals "
        f"(Welch-Satterthwaite over the four samples); widened/narrowed = significant after "
        f"Benjamini-Hochberg at q < {report.settings.alpha:g}."
        + (
            " Scores are mean answers rescaled to 0-100; gaps and changes in points, not pp."
            if report.settings.metric == "mean"
            else ""
        )
    )
