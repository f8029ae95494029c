"""The deck's slides from gap to priority (SPEC 6): "Fix first", a priority matrix per level
(gap x importance, a native XY scatter), the NPS slide, and for ``trend`` the NPS per wave.

:mod:`cxgap.render.pptx` decides where they go; this module only draws what the report holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cxgap.render._charts import (
    COMPANY,
    CUSTOMERS,
    INK,
    MIN_POINTS,
    MUTED,
    OVER,
    QUADRANT_COLOURS,
    QUADRANT_NAMES,
    QUADRANTS,
    importance_axis,
    level_median,
    padded_axis,
)
from cxgap.render._charts_pptx import Point, bar_chart, footnote, new_slide, scatter_chart, text
from cxgap.render._text import (
    describe_group,
    fmt_ci,
    fmt_gap,
    fmt_r,
    nps_sentence,
    nps_trend_sentence,
    unit,
)
from cxgap.report import GapRow, NpsRow, Report, TrendReport, TrendRow

if TYPE_CHECKING:
    from pptx.presentation import Presentation

NPS_FORMAT = "+0;-0;0"


def importance_notes(report: Report) -> str:
    """How importance, priority and the quadrants are made, for the speaker notes."""
    if report.outcome is None:
        return ""
    return (
        f"Importance r: for each group, the weighted Pearson correlation among customers "
        f"between a respondent's score in the group (the mean of their answers rescaled to "
        f"0-100) and the outcome {report.outcome}, over the respondents who answered both "
        f"(R: cov2cor(svyvar(~x + o, design))); its interval Fisher z on Kish's effective n. "
        f"Priority = gap x max(r, 0). Fix first = a significant positive gap with r at or "
        f"above its level's median r; monitor = any other positive gap; strength = a "
        f"significant negative gap; aligned = the rest."
    )


def fix_first_slide(deck: Presentation, report: Report, notes: str) -> None:
    """The significant blind spots that matter most to customers, by priority."""
    metric = report.settings.metric
    slide = new_slide(deck, "Fix first: blind spots that matter most to customers", notes)
    rows = report.fix_first
    lines = [
        f"{fmt_gap(r.gap_pp)} {unit(metric)} x r {fmt_r(r.importance)} = "
        f"{r.priority or 0.0:.1f}   {describe_group(r)}"
        for r in rows
    ] or ["none: no significant blind spot matters more than the median"]
    text(
        slide,
        [("Priority = gap x importance", 20, OVER), *((line, 18, INK) for line in lines)],
        top=1.5,
        height=4.6,
    )
    text(
        slide,
        [
            (
                f"Importance r = how closely the customers' score of a group follows their "
                f"{report.outcome}; fix first = a significant blind spot whose r is at or above "
                "its level's median.",
                13,
                MUTED,
            )
        ],
        top=6.1,
        height=0.8,
    )


def matrix_points(report: Report, rows: Sequence[GapRow]) -> list[tuple[str, str, list[Point]]]:
    """The rows with a gap and an importance as (quadrant name, colour, points), one group per
    quadrant in :data:`QUADRANTS` order; an item is labelled by its id, a rollup by its
    group."""
    return [
        (
            QUADRANT_NAMES[quadrant],
            QUADRANT_COLOURS[quadrant],
            [
                (r.gap_pp, r.importance, _point_label(r))
                for r in rows
                if r.quadrant == quadrant and r.gap_pp is not None and r.importance is not None
            ],
        )
        for quadrant in QUADRANTS
    ]


def matrix_slide(
    deck: Presentation, report: Report, title: str, rows: Sequence[GapRow], notes: str
) -> None:
    """The level's priority matrix: the gap across, the importance up, the axes crossing at
    zero gap and the level's median importance."""
    groups = matrix_points(report, rows)
    points = [p for _, _, ps in groups for p in ps]
    if len(points) < MIN_POINTS:
        return
    metric = report.settings.metric
    median = level_median(rows)
    gaps = padded_axis([x for x, _, _ in points])
    importances = importance_axis([y for _, y, _ in points])
    lines = "\n".join(
        f"{describe_group(r)}: gap {fmt_gap(r.gap_pp)} {unit(metric)}, r {fmt_r(r.importance)} "
        f"{fmt_ci(r.importance_ci)}, priority "
        + ("-" if r.priority is None else f"{r.priority:.1f}")
        + f", {r.quadrant}"
        for r in rows
    )
    slide = new_slide(deck, f"{title}: the priority matrix", lines + "\n\n" + notes)
    what = (
        "pp (company minus customers)" if metric == "topbox" else "points of the 0-100 mean score"
    )
    scatter_chart(
        slide,
        groups,
        (gaps, importances),
        (0.0, median),
        (f"Delivery gap, {what}", f"Importance: r with {report.outcome}"),
        "+0;-0;0",
    )
    footnote(
        slide,
        f"Axes cross at zero gap and at the level's median importance (r = {median:.2f}): "
        "top right = blind spots that matter most.",
    )


def nps_slide(deck: Presentation, report: Report, notes: str) -> None:
    """Staff-predicted vs customers' NPS per NPS item, with the gap, its interval, and the
    customers' promoters and detractors."""
    title = _nps_title(report.nps[0]) if len(report.nps) == 1 else "NPS: predicted vs actual"
    slide = new_slide(deck, title, notes)
    lines = [(nps_sentence(n), 16, INK) for n in report.nps]
    lines += [(_nps_bases(n), 12, MUTED) for n in report.nps]
    text(slide, lines, top=1.35, height=1.6)
    bar_chart(
        slide,
        [n.item for n in report.nps],
        [
            ("Staff predict", [n.row.company.pct for n in report.nps]),
            ("Customers", [n.row.customers.pct for n in report.nps]),
        ],
        [COMPANY, CUSTOMERS],
        percent=False,
        box=(0.5, 3.1, 12.3, 3.7),
        fmt=NPS_FORMAT,
    )
    footnote(
        slide,
        "NPS = % promoters (9-10) minus % detractors (0-6), -100 to +100; staff answer as a "
        "prediction of what customers will say.",
    )


def nps_trend_slide(deck: Presentation, report: TrendReport, notes: str) -> None:
    """Per NPS item, the staff's and the customers' NPS in each wave."""
    for row in report.nps:
        slide = new_slide(deck, f"NPS per wave ({row.group['item']})", notes)
        text(slide, [(nps_trend_sentence(row, report.baseline), 16, INK)], top=1.35, height=1.0)
        bar_chart(
            slide,
            list(report.waves),
            [
                ("Staff predict", [p.company_pct for p in row.by_wave]),
                ("Customers", [p.customer_pct for p in row.by_wave]),
            ],
            [COMPANY, CUSTOMERS],
            percent=False,
            box=(0.5, 2.4, 12.3, 4.4),
            fmt=NPS_FORMAT,
        )
        footnote(slide, _nps_trend_bases(row, report.waves))


def _nps_title(nps: NpsRow) -> str:
    company, customers = nps.row.company.pct, nps.row.customers.pct
    if company is None or customers is None:
        return f"NPS ({nps.item}): not answered in both samples"
    return f"NPS: staff predict {company:+.0f}, customers say {customers:+.0f}"


def _nps_bases(nps: NpsRow) -> str:
    row = nps.row
    return (
        f"{nps.item}: n = {row.company.n:,} staff, {row.customers.n:,} customers; "
        f"intervals: staff {fmt_ci(row.company.ci_pp)}, customers {fmt_ci(row.customers.ci_pp)}"
    )


def _nps_trend_bases(row: TrendRow, waves: Sequence[str]) -> str:
    return "; ".join(
        f"{w}: n = {p.n_company}/{p.n_customers}, gap {fmt_gap(p.gap_pp)}"
        for w, p in zip(waves, row.by_wave, strict=True)
    )


def _point_label(row: GapRow) -> str:
    if row.group_by == ("item",):
        return row.group["item"]
    return " · ".join(row.group.values())
