"""The deck (``--format pptx -o deck.pptx``): slides a consultant presents and edits.

For ``analyze``: the headline slide, the blind spots and hidden strengths, then per level (and
split part) a native, editable bar chart of company vs customers per group, largest blind spot
first, each group labelled with its gap. For ``trend``: the headline, then per level a bar chart
of each group's gap per wave, labelled with its change. A level with more groups than fit a
slide continues on the next. Speaker notes carry the method, each group's base sizes and
interval, and the exclusions. 16:9; the same report gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cxgap.model import GapRow, Report, TrendReport, TrendRow
from cxgap.render._charts import COMPANY, CUSTOMERS, INK, MUTED, OVER, UNDER, wave_colours
from cxgap.render._charts_pptx import bar_chart, footnote, text
from cxgap.render._package import reproducible
from cxgap.render._text import (
    describe_group,
    exclusion_summary,
    families,
    fmt_ci,
    fmt_gap,
    fmt_pct,
    group_label,
    headline_sentence,
    level_title,
    method_line,
    spotlight,
    trend_label,
    trend_method_line,
    trend_sentence,
)

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.slide import Slide

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


def headline_title(row: GapRow) -> str:
    """The headline slide's title: 'Company 64% vs customers 31%: a 32-point delivery gap'."""
    if row.gap_pp is None:
        return "No item is in both samples: no delivery gap to measure"
    points = f"{abs(row.gap_pp):.0f}"
    article = "an" if points.startswith("8") or points in ("11", "18") else "a"
    size = f"{article} {points}-point"
    kind = "delivery gap" if row.gap_pp >= 0 else "gap in the customers' favour"
    return (
        f"Company {fmt_pct(row.company.pct)} vs customers {fmt_pct(row.customers.pct)}: "
        f"{size} {kind}"
    )


def _analyze_slides(deck: Presentation, report: Report, limit: int | None) -> None:
    notes = _method_notes(report)
    _headline_slide(deck, report, notes)
    _spotlight_slide(deck, report, notes)
    for (columns, split), rows in families(report.rows):
        title = level_title(columns, dict(split))
        for page, part in _pages(rows[:limit] if limit else rows):
            labels = [_gap_label(group_label(report, r), r) for r in part]
            slide = _slide(deck, title + page, _row_notes(report, part) + "\n\n" + notes)
            bar_chart(
                slide,
                labels,
                [
                    ("Company", [r.company.pct for r in part]),
                    ("Customers", [r.customers.pct for r in part]),
                ],
                [COMPANY, CUSTOMERS],
                percent=True,
            )
            footnote(slide, method_line(report))


def _headline_slide(deck: Presentation, report: Report, notes: str) -> None:
    """The title, the sentence and interval, the input, and a chart of the two shares."""
    head = report.headline
    staff, customers = report.respondents["company"], report.respondents["customers"]
    slide = _slide(deck, headline_title(head), notes)
    text(
        slide,
        [
            (headline_sentence(head), 22, INK),
            (f"Delivery gap {fmt_gap(head.gap_pp)} pp, interval {fmt_ci(head.gap_ci_pp)}", 18, INK),
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
    )


def _spotlight_slide(deck: Presentation, report: Report, notes: str) -> None:
    slide = _slide(deck, "Blind spots and hidden strengths", notes)
    for k, (title, sign) in enumerate((("Blind spots", 1), ("Hidden strengths", -1))):
        lines = [
            f"{fmt_gap(r.gap_pp)} pp  {describe_group(r)}  "
            f"({fmt_pct(r.company.pct)} vs {fmt_pct(r.customers.pct)})"
            for r in spotlight(report.rows, sign)
        ] or ["none significant"]
        colour = OVER if sign > 0 else UNDER
        text(
            slide,
            [(title, 20, colour), *((line, 15, INK) for line in lines)],
            top=1.5 + 2.9 * k,
        )


def _trend_slides(deck: Presentation, report: TrendReport, limit: int | None) -> None:
    notes = "\n".join([trend_method_line(report), *_trend_exclusions(report), *report.warnings])
    head = report.headline
    slide = _slide(deck, trend_sentence(head, report.waves, report.baseline), notes)
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
    for (columns, split), rows in families(report.rows):
        title = level_title(columns, dict(split)) + ": the gap per wave"
        for page, part in _pages(rows[:limit] if limit else rows):
            labels = [_change_label(trend_label(report, r), r) for r in part]
            series = [
                (wave, [r.by_wave[k].gap_pp for r in part]) for k, wave in enumerate(report.waves)
            ]
            slide = _slide(deck, title + page, _trend_notes(part, report.waves) + "\n\n" + notes)
            bar_chart(slide, labels, series, palette, percent=False)
            footnote(slide, trend_method_line(report))


def _pages(rows: Sequence[Any]) -> list[tuple[str, Sequence[Any]]]:
    parts = [rows[k : k + PER_SLIDE] for k in range(0, len(rows), PER_SLIDE)]
    if len(parts) == 1:
        return [("", parts[0])]
    return [(f" ({k + 1}/{len(parts)})", part) for k, part in enumerate(parts)]


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _gap_label(label: str, row: GapRow) -> str:
    if row.gap_pp is None:
        return f"{_short(label)}  (one sample only)"
    marks = ("*" if row.significant else "") + ("!" if row.low_base else "")
    return f"{_short(label)}  {fmt_gap(row.gap_pp)} pp{marks}"


def _change_label(label: str, row: TrendRow) -> str:
    arrow = {"widened": " ▲", "narrowed": " ▼"}.get(row.direction, "")
    return f"{_short(label)}  {fmt_gap(row.change_pp)} pp{arrow}"


def _slide(deck: Presentation, title: str, notes: str) -> Slide:
    """A blank 16:9 slide with its title and speaker notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    text(slide, [(title, 28 if len(title) <= 48 else 24, INK)], top=0.35, height=1.0, bold=True)
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def _method_notes(report: Report) -> str:
    s = report.settings
    return "\n".join(
        [
            "Method: " + method_line(report),
            "Share: each sample's weighted share of top-box answers, all answers of a group "
            "pooled; standard errors Taylor-linearised with the respondent as the cluster "
            "(R survey::svymean); intervals logit on Student t (svyciprop), the gap's on "
            f"Welch-Satterthwaite degrees of freedom; q-values Benjamini-Hochberg per level; "
            f"low base = n < {s.min_base}.",
            f"Input: {report.path} (sha256 {report.sha256[:12]}...), "
            f"{report.respondents['company']:,} staff, "
            f"{report.respondents['customers']:,} customers.",
            exclusion_summary(report),
            *(f"{e.sample} {e.item}: {e.count:,} {e.reason}" for e in report.exclusions),
            *(f"Warning: {w}" for w in report.warnings),
        ]
    )


def _row_notes(report: Report, rows: Sequence[GapRow]) -> str:
    return "\n".join(
        f"{group_label(report, r)}: company {fmt_pct(r.company.pct)} (n = {r.company.n}), "
        f"customers {fmt_pct(r.customers.pct)} (n = {r.customers.n}), gap "
        f"{fmt_gap(r.gap_pp)} pp {fmt_ci(r.gap_ci_pp)}, q = {_q(r.q_value)}"
        + (", low base" if r.low_base else "")
        for r in rows
    )


def _trend_notes(rows: Sequence[TrendRow], waves: Sequence[str]) -> str:
    return "\n".join(
        " · ".join(r.group.values())
        + ": "
        + "; ".join(
            f"{w} gap {fmt_gap(p.gap_pp)} pp (n = {p.n_company}/{p.n_customers})"
            for w, p in zip(waves, r.by_wave, strict=True)
        )
        + f"; change {fmt_gap(r.change_pp)} pp {fmt_ci(r.change_ci_pp)}, {r.direction}"
        for r in rows
    )


def _trend_exclusions(report: TrendReport) -> list[str]:
    return [f"{w} {e.sample} {e.item}: {e.count:,} {e.reason}" for w, e in report.exclusions]


def _q(value: float | None) -> str:
    return "-" if value is None else f"{value:.2g}"
