"""The deck (``--format pptx -o deck.pptx``): slides a consultant presents and edits.

For ``analyze``: the headline slide, "Fix first" (with an outcome), the blind spots and hidden
strengths, the NPS slide (with an NPS item), then per level (and split part) a native, editable
bar chart of company vs customers per group, largest blind spot first, each group labelled with
its gap, and with an outcome the level's priority matrix (:mod:`cxgap.render._pptx_priority`).
For ``trend``: the headline, the NPS per wave, then per level a bar chart of each group's gap
per wave, labelled with its change. A level with more groups than fit a slide continues on the
next. Speaker notes carry the method, each group's base sizes and interval, and the exclusions.
``--metric mean`` speaks in points of a 0-100 score, never in %. 16:9; the same report gives the
same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cxgap.render._charts import COMPANY, CUSTOMERS, INK, MUTED, OVER, UNDER, wave_colours
from cxgap.render._charts_pptx import bar_chart, footnote, new_slide, text
from cxgap.render._consistency_pptx import slides as inconsistent_service
from cxgap.render._package import reproducible
from cxgap.render._pptx_notes import method_notes, row_notes, trend_exclusions, trend_notes
from cxgap.render._pptx_priority import (
    fix_first_slide,
    matrix_slide,
    nps_slide,
    nps_trend_slide,
)
from cxgap.render._pptx_servqual import servqual_slides, servqual_trend_slides
from cxgap.render._text import (
    describe_group,
    families,
    fmt_ci,
    fmt_gap,
    fmt_score,
    group_label,
    headline_sentence,
    level_title,
    method_line,
    spotlight,
    trend_label,
    trend_method_line,
    trend_sentence,
    unit,
)
from cxgap.report import GapRow, Report, TrendReport, TrendRow

if TYPE_CHECKING:
    from pptx.presentation import Presentation

PER_SLIDE = 12
"""Groups per chart slide: enough to compare, few enough that every label stays readable."""
LABEL_CHARS = 48


def render(report: Report | TrendReport, limit: int | None = None) -> bytes:
    """The deck as .pptx bytes; ``limit`` keeps the first N groups of each level."""
    from pptx import Presentation
    from pptx.util import Emu

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # 16:9, 13.33 x 7.5 in
    if isinstance(report, TrendReport):
        _trend_slides(deck, report, limit)
    else:
        _analyze_slides(deck, report, limit)
    deck.core_properties.title = "Delivery gap"
    deck.core_properties.author = deck.core_properties.last_modified_by = "cxgap"
    deck.core_properties.revision = 1
    buffer = io.BytesIO()
    deck.save(buffer)
    return reproducible(buffer.getvalue())


def headline_title(row: GapRow, metric: str = "topbox") -> str:
    """The headline slide's title: 'Company 64% vs customers 31%: a 32-point delivery gap'
    (with ``--metric mean``: 'Company 71.3 vs customers 52.0: ...')."""
    if row.gap_pp is None:
        return "No item is in both samples: no delivery gap to measure"
    points = f"{abs(row.gap_pp):.0f}"
    article = "an" if points.startswith("8") or points in ("11", "18") else "a"
    size = f"{article} {points}-point"
    kind = "delivery gap" if row.gap_pp >= 0 else "gap in the customers' favour"
    return (
        f"Company {fmt_score(row.company.pct, metric)} vs customers "
        f"{fmt_score(row.customers.pct, metric)}: "
        f"{size} {kind}"
    )


def _analyze_slides(deck: Presentation, report: Report, limit: int | None) -> None:
    notes = method_notes(report)
    _headline_slide(deck, report, notes)
    if report.outcome is not None:
        fix_first_slide(deck, report, notes)
    inconsistent_service(deck, report, notes, limit)
    _spotlight_slide(deck, report, notes)
    if report.nps:
        nps_slide(deck, report, notes)
    for (columns, split), rows in families(report.rows):
        title = level_title(columns, dict(split))
        for page, part in _pages(rows[:limit] if limit else rows):
            labels = [_gap_label(group_label(report, r), r, report) for r in part]
            slide = new_slide(deck, title + page, row_notes(report, part) + "\n\n" + notes)
            bar_chart(
                slide,
                labels,
                [
                    ("Company", [r.company.pct for r in part]),
                    ("Customers", [r.customers.pct for r in part]),
                ],
                [COMPANY, CUSTOMERS],
                percent=True,
                fmt=_score_format(report),
            )
            footnote(slide, method_line(report))
        if report.outcome is not None:
            matrix_slide(deck, report, title, rows, notes)
    servqual_slides(deck, report, limit, notes)  # SPEC 10: with pairs only


def _headline_slide(deck: Presentation, report: Report, notes: str) -> None:
    """The title, the sentence and interval, the input, and a chart of the two shares."""
    head = report.headline
    staff, customers = report.respondents["company"], report.respondents["customers"]
    slide = new_slide(deck, headline_title(head, report.settings.metric), notes)
    text(
        slide,
        [
            (headline_sentence(head), 22, INK),
            (
                f"Delivery gap {fmt_gap(head.gap_pp)} {unit(report.settings.metric)}, "
                f"interval {fmt_ci(head.gap_ci_pp)}",
                18,
                INK,
            ),
            (
                f"{report.path} · {staff:,} staff vs {customers:,} customers · "
                + ("weighted" if report.weighted else "unweighted"),
                14,
                MUTED,
            ),
        ],
        top=1.6,
        height=1.8,
    )
    bar_chart(
        slide,
        ["All items"],
        [("Company", [head.company.pct]), ("Customers", [head.customers.pct])],
        [COMPANY, CUSTOMERS],
        percent=True,
        box=(0.5, 3.5, 12.3, 3.2),
        fmt=_score_format(report),
    )


def _spotlight_slide(deck: Presentation, report: Report, notes: str) -> None:
    slide = new_slide(deck, "Blind spots and hidden strengths", notes)
    metric = report.settings.metric
    for k, (title, sign) in enumerate((("Blind spots", 1), ("Hidden strengths", -1))):
        lines = [
            f"{fmt_gap(r.gap_pp)} {unit(metric)}  {describe_group(r)}  "
            f"({fmt_score(r.company.pct, metric)} vs {fmt_score(r.customers.pct, metric)})"
            for r in spotlight(report.rows, sign)
        ] or ["none significant"]
        colour = OVER if sign > 0 else UNDER
        text(
            slide,
            [(title, 20, colour), *((line, 15, INK) for line in lines)],
            top=1.5 + 2.9 * k,
        )


def _trend_slides(deck: Presentation, report: TrendReport, limit: int | None) -> None:
    notes = "\n".join([trend_method_line(report), *trend_exclusions(report), *report.warnings])
    head, metric = report.headline, report.settings.metric
    slide = new_slide(deck, trend_sentence(head, report.waves, report.baseline), notes)
    waves = " -> ".join(report.waves)
    text(slide, [(f"Waves {waves} · {', '.join(report.paths)}", 14, MUTED)], top=1.5, height=0.6)
    palette = wave_colours(len(report.waves))
    bar_chart(
        slide,
        ["Delivery gap, all items"],
        [(wave, [point.gap_pp]) for wave, point in zip(report.waves, head.by_wave, strict=True)],
        palette,
        percent=False,
        box=(0.5, 2.3, 12.3, 4.4),
    )
    if report.nps:
        nps_trend_slide(deck, report, notes)
    for (columns, split), rows in families(report.rows):
        title = level_title(columns, dict(split)) + ": the gap per wave"
        for page, part in _pages(rows[:limit] if limit else rows):
            labels = [_change_label(trend_label(report, r), r, metric) for r in part]
            series = [
                (wave, [r.by_wave[k].gap_pp for r in part]) for k, wave in enumerate(report.waves)
            ]
            slide = new_slide(deck, title + page, trend_notes(part, report.waves) + "\n\n" + notes)
            bar_chart(slide, labels, series, palette, percent=False)
            footnote(slide, trend_method_line(report))
    servqual_trend_slides(deck, report, limit)  # SPEC 10: with pairs only


def _pages(rows: Sequence[Any]) -> list[tuple[str, Sequence[Any]]]:
    parts = [rows[k : k + PER_SLIDE] for k in range(0, len(rows), PER_SLIDE)]
    if len(parts) == 1:
        return [("", parts[0])]
    return [(f" ({k + 1}/{len(parts)})", part) for k, part in enumerate(parts)]


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _gap_label(label: str, row: GapRow, report: Report) -> str:
    if row.gap_pp is None:
        return f"{_short(label)}  (one sample only)"
    marks = ("*" if row.significant else "") + ("!" if row.low_base else "")
    return f"{_short(label)}  {fmt_gap(row.gap_pp)} {unit(report.settings.metric)}{marks}"


def _score_format(report: Report) -> str:
    """Shares as ``64%``; mean scores (0-100) as ``64.2``."""
    return '0"%"' if report.settings.metric == "topbox" else "0.0"


def _change_label(label: str, row: TrendRow, metric: str) -> str:
    arrow = {"widened": " ▲", "narrowed": " ▼"}.get(row.direction, "")
    return f"{_short(label)}  {fmt_gap(row.change_pp)} {unit(metric)}{arrow}"
