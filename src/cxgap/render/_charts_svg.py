"""Inline SVG charts for the HTML report, drawn from the report's numbers (no statistic here).

- :func:`dumbbell`: one row per group; on a 0-100% axis the company's dot and the customers'
  dot joined by a line (the delivery gap), and beside it the gap on its interval, on an axis in
  percentage points with zero marked.
- :func:`trend_lines`: each group's gap per wave as a line, the waves left to right; a line is
  red where the gap widened significantly, green where it narrowed, grey where it held.

Every text from the input is escaped; the SVG needs no script, font or network.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from cxgap.render import _charts
from cxgap.render._charts import NOT_SIGNIFICANT, OVER, UNDER, Axis, nice_axis
from cxgap.report import GapRow, TrendRow

WIDTH = 960
ROW_H = 22
TOP = 46
LABEL_CHARS = 36
SHARE_X = (280.0, 590.0)
"""Where 0% and 100% fall on the dumbbell's axis."""
GAP_X = (640.0, 880.0)
"""Where the gap axis starts and ends; its range follows the rows' intervals."""
COMPANY, CUSTOMERS = f"#{_charts.COMPANY}", f"#{_charts.CUSTOMERS}"
TONES = {"over": f"#{OVER}", "under": f"#{UNDER}", "ns": f"#{NOT_SIGNIFICANT}"}
DIRECTION_TONES = {"widened": f"#{OVER}", "narrowed": f"#{UNDER}", "steady": "#9a9a9a"}
TREND_X = (110.0, 580.0)
LABEL_GAP = 15
TREND_LABEL_CHARS = 40
Scale = Callable[[float], float]


def dumbbell(
    rows: Sequence[GapRow],
    labels: Sequence[str],
    confidence: float,
    axis: Axis | None = None,
    unit: str = "pp",
) -> str:
    """Company vs customers per row (dumbbell) and the gap on its interval (forest), on
    ``axis`` (default: one that holds these rows' intervals; pass :func:`gap_axis` of all the
    report's rows so that every chart of a page shares its scale). ``unit`` ``pp``: shares in
    %; else mean scores on 0-100 and gaps in that unit."""
    axis = axis or gap_axis(rows)
    height = TOP + ROW_H * len(rows) + 8
    parts = [
        _open(height, "Company and customer scores per group, and the gap on its interval"),
        _legend(confidence, unit),
        *_share_ticks(height, "%" if unit == "pp" else ""),
        *_gap_ticks(axis, height),
    ]
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        parts.append(_dumbbell_row(row, label, TOP + ROW_H * i + ROW_H / 2, axis))
    parts.append("</svg>")
    return "\n".join(parts)


def gap_axis(rows: Sequence[GapRow]) -> Axis:
    """The gap axis holding every row's gap and interval, and zero."""
    return nice_axis(
        [v for r in rows for v in ((r.gap_pp,) + (r.gap_ci_pp or ())) if v is not None]
    )


def share_x(pct: float) -> float:
    return SHARE_X[0] + pct / 100 * (SHARE_X[1] - SHARE_X[0])


def gap_x(value: float, axis: Axis) -> float:
    low, high = axis.low, axis.high
    return GAP_X[0] + (value - low) / (high - low) * (GAP_X[1] - GAP_X[0])


def _tick_text(value: float, unit: str = "") -> str:
    return ("0" if value == 0 else f"{value:+g}") + unit


def _open(height: float, title: str, css: str = "chart") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" class="{css}" '
        f'font-family="system-ui,sans-serif" font-size="13"><title>{escape(title)}</title>'
    )


def _legend(confidence: float, unit: str) -> str:
    x0 = SHARE_X[0]
    return (
        f'<g class="legend" font-size="12" fill="#333">'
        f'<circle cx="{x0 + 5}" cy="12" r="5" fill="{COMPANY}"/>'
        f'<text x="{x0 + 14}" y="16">Company</text>'
        f'<circle cx="{x0 + 90}" cy="12" r="5" fill="{CUSTOMERS}"/>'
        f'<text x="{x0 + 99}" y="16">Customers</text>'
        f'<text x="{GAP_X[0]}" y="16">Gap, {unit}, on its {confidence:.0%} interval</text></g>'
    )


def _share_ticks(height: float, suffix: str) -> list[str]:
    ticks = []
    for pct in (0, 25, 50, 75, 100):
        x = share_x(pct)
        ticks.append(
            f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{height - 6:.0f}" '
            'stroke="#e4e4e4"/>'
            f'<text class="share-tick" x="{x:.1f}" y="{TOP - 8}" text-anchor="middle" '
            f'font-size="11" fill="#666">{pct}{suffix}</text>'
        )
    return ticks


def _gap_ticks(axis: Axis, height: float) -> list[str]:
    ticks = []
    for value in axis.ticks():
        x = gap_x(value, axis)
        stroke = "#555" if value == 0 else "#e4e4e4"
        ticks.append(
            f'<line class="{"zero" if value == 0 else "grid"}" x1="{x:.1f}" y1="{TOP - 4}" '
            f'x2="{x:.1f}" y2="{height - 6:.0f}" stroke="{stroke}"/>'
            f'<text class="gap-tick" x="{x:.1f}" y="{TOP - 8}" text-anchor="middle" '
            f'font-size="11" fill="#666">{_tick_text(value)}</text>'
        )
    return ticks


def _dumbbell_row(row: GapRow, label: str, y: float, axis: Axis) -> str:
    shown = _short(label, LABEL_CHARS)
    marks = ("*" if row.significant else "") + (" !" if row.low_base else "")
    parts = [
        f'<g class="row" data-label="{escape(label)}">',
        f'<text class="label" x="4" y="{y + 4:.1f}"><title>{escape(label)}</title>'
        f"{escape(shown)}</text>",
    ]
    company, customers = row.company.pct, row.customers.pct
    if company is not None and customers is not None:
        parts.append(
            f'<line class="link" x1="{share_x(company):.2f}" y1="{y:.1f}" '
            f'x2="{share_x(customers):.2f}" y2="{y:.1f}" stroke="#b5b5b5" stroke-width="3"/>'
        )
    for value, name, colour in ((company, "company", COMPANY), (customers, "customer", CUSTOMERS)):
        if value is not None:
            parts.append(
                f'<circle class="{name}" cx="{share_x(value):.2f}" cy="{y:.1f}" r="5.5" '
                f'fill="{colour}"><title>{name}: {value:.1f}%</title></circle>'
            )
    if row.gap_pp is not None:
        tone = "ns" if not row.significant else ("over" if row.gap_pp > 0 else "under")
        if row.gap_ci_pp is not None:
            low, high = row.gap_ci_pp
            parts.append(
                f'<line class="ci" x1="{gap_x(low, axis):.2f}" y1="{y:.1f}" '
                f'x2="{gap_x(high, axis):.2f}" y2="{y:.1f}" stroke="{TONES[tone]}" '
                'stroke-width="2"/>'
            )
        parts.append(
            f'<circle class="gap {tone}" cx="{gap_x(row.gap_pp, axis):.2f}" cy="{y:.1f}" r="4.5" '
            f'fill="{TONES[tone]}"/>'
            f'<text class="gap-value" x="{WIDTH - 4}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="{TONES[tone]}">{row.gap_pp:+.1f}{escape(marks)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def trend_lines(
    rows: Sequence[TrendRow],
    labels: Sequence[str],
    waves: Sequence[str],
    unit: str = "pp",
    css: str = "chart",
) -> str:
    """Each row's gap per wave as a line; labels at the right end, pushed apart to stay
    readable, each naming the change; ticks in ``unit`` (``pp``, ``pts``, or NPS points)."""
    values = [p.gap_pp for r in rows for p in r.by_wave if p.gap_pp is not None]
    axis = nice_axis(values)
    plot_top, plot_h = 34.0, max(200.0, LABEL_GAP * len(rows))
    height = plot_top + plot_h + 40

    def y_of(value: float) -> float:
        return plot_top + (axis.high - value) / (axis.high - axis.low) * plot_h

    def x_of(k: int) -> float:
        span = TREND_X[1] - TREND_X[0]
        return TREND_X[0] + (span * k / (len(waves) - 1) if len(waves) > 1 else span / 2)

    parts = [
        _open(height, "The gap per wave, one line per group", css),
        *_trend_axes(axis, y_of, f" {unit}".rstrip()),
    ]
    parts += [
        f'<text class="wave" x="{x_of(k):.1f}" y="{plot_top + plot_h + 22:.0f}" '
        f'text-anchor="middle" fill="#333">{escape(wave)}</text>'
        for k, wave in enumerate(waves)
    ]
    ends = [y_of(r.by_wave[-1].gap_pp or 0.0) for r in rows]
    placed = spread(ends, LABEL_GAP, plot_top, plot_top + plot_h)
    order = sorted(range(len(rows)), key=lambda i: rows[i].direction != "steady")
    for i in order:
        parts.append(_trend_row(rows[i], labels[i], x_of, y_of, placed[i]))
    parts.append("</svg>")
    return "\n".join(parts)


def _trend_axes(axis: Axis, y_of: Scale, suffix: str) -> list[str]:
    ticks = []
    for value in axis.ticks():
        y = y_of(value)
        stroke = "#555" if value == 0 else "#e4e4e4"
        ticks.append(
            f'<line class="{"zero" if value == 0 else "grid"}" x1="{TREND_X[0] - 20}" '
            f'y1="{y:.1f}" x2="{TREND_X[1] + 20}" y2="{y:.1f}" stroke="{stroke}"/>'
            f'<text class="gap-tick" x="{TREND_X[0] - 26}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="#666">{_tick_text(value, suffix)}</text>'
        )
    return ticks


def _trend_row(
    row: TrendRow, label: str, x_of: Callable[[int], float], y_of: Scale, label_y: float
) -> str:
    tone = DIRECTION_TONES[row.direction]
    width = 1.5 if row.direction == "steady" else 3
    points = [(x_of(k), y_of(p.gap_pp)) for k, p in enumerate(row.by_wave) if p.gap_pp is not None]
    change = "" if row.change_pp is None else f"  {row.change_pp:+.1f}"
    parts = [
        f'<g class="trend {row.direction}" data-label="{escape(label)}">',
        '<polyline fill="none" stroke="{}" stroke-width="{}" points="{}"/>'.format(
            tone, width, " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
        ),
        *(
            f'<circle class="wave-point" cx="{x:.2f}" cy="{y:.2f}" r="3.5" fill="{tone}"/>'
            for x, y in points
        ),
    ]
    if points:
        x_end, y_end = points[-1]
        parts.append(
            f'<line x1="{x_end + 6:.1f}" y1="{y_end:.1f}" x2="{x_end + 22:.1f}" '
            f'y2="{label_y:.1f}" stroke="#ccc"/>'
            f'<text class="label" x="{x_end + 26:.1f}" y="{label_y + 4:.1f}" fill="#222">'
            f"<title>{escape(label)}</title>{escape(_short(label, TREND_LABEL_CHARS))}"
            f'<tspan fill="{tone}">{escape(change)}</tspan></text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _short(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


def spread(ys: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions as near ``ys`` as they can be while at least ``gap`` apart, within
    ``[low, high]`` where there is room."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = [0.0] * len(ys)
    previous = -math.inf
    for i in order:
        placed[i] = max(ys[i], previous + gap)
        previous = placed[i]
    overflow = (max(placed) - high) if placed else 0.0
    if overflow > 0:
        floor = low
        for i in order:
            placed[i] = max(floor, placed[i] - overflow)
            floor = placed[i] + gap
    return placed
