"""The HTML report's SERVQUAL chart (SPEC 10): per group, on one axis in points with zero
marked, the service gap on its interval (a red dot: experience minus expectation), the
knowledge gap (a blue diamond: staff's idea of customers' expectations minus theirs) and the
delivery gap (a grey square), in the view's order (most negative service gap first)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cxgap.render._charts import nice_axis
from cxgap.render._servqual import Line

WIDTH, ROW_H, TOP = 960, 24, 50
LABEL_X, PLOT = 10.0, (300.0, 930.0)
SERVICE, KNOWLEDGE, DELIVERY = "#b00020", "#1a5fb4", "#7a7a7a"


def chart(lines: Sequence[Line], confidence: float, delivery_unit: str) -> str:
    values = [
        v
        for x in lines
        for v in (
            x.gaps.service_gap,
            *(x.gaps.service_gap_ci or ()),
            x.gaps.knowledge_gap_pp,
            x.row.gap_pp,
        )
        if v is not None
    ]
    axis = nice_axis(values)

    def at(value: float) -> float:
        return PLOT[0] + (value - axis.low) / (axis.high - axis.low) * (PLOT[1] - PLOT[0])

    height = TOP + ROW_H * len(lines) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" class="chart servqual" font-family="system-ui,sans-serif" '
        'font-size="13"><title>The three SERVQUAL gaps per group</title>',
        '<g class="legend" font-size="12" fill="#333">'
        f'<circle cx="{PLOT[0] + 5}" cy="12" r="5" fill="{SERVICE}"/>'
        f'<text x="{PLOT[0] + 14}" y="16">Service gap on its {confidence:.0%} interval</text>'
        f'<path d="M{PLOT[0] + 230} 6 l6 6 l-6 6 l-6 -6 z" fill="{KNOWLEDGE}"/>'
        f'<text x="{PLOT[0] + 242}" y="16">Knowledge gap</text>'
        f'<rect x="{PLOT[0] + 350}" y="7" width="10" height="10" fill="{DELIVERY}"/>'
        f'<text x="{PLOT[0] + 366}" y="16">Delivery gap ({escape(delivery_unit)})</text></g>',
    ]
    for value in axis.ticks():
        x = at(value)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 6}" '
            f'stroke="{"#555" if value == 0 else "#e4e4e4"}"/>'
            f'<text x="{x:.1f}" y="{TOP - 10}" text-anchor="middle" font-size="11" fill="#666">'
            f"{'0' if value == 0 else f'{value:+g}'}</text>"
        )
    for k, line in enumerate(lines):
        y = TOP + ROW_H * k + ROW_H / 2
        label = line.label if len(line.label) <= 40 else line.label[:39] + "…"
        parts.append(f'<text x="{LABEL_X}" y="{y + 4:.1f}" fill="#222">{escape(label)}</text>')
        g = line.gaps
        if g.service_gap_ci is not None:
            low, high = at(g.service_gap_ci[0]), at(g.service_gap_ci[1])
            parts.append(
                f'<line x1="{low:.1f}" y1="{y:.1f}" x2="{high:.1f}" y2="{y:.1f}" '
                f'stroke="{SERVICE}" stroke-width="2"/>'
            )
        if line.row.gap_pp is not None:
            x = at(line.row.gap_pp)
            parts.append(
                f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{DELIVERY}"/>'
            )
        if g.knowledge_gap_pp is not None:
            x = at(g.knowledge_gap_pp)
            parts.append(f'<path d="M{x:.1f} {y - 6:.1f} l6 6 l-6 6 l-6 -6 z" fill="{KNOWLEDGE}"/>')
        if g.service_gap is not None:
            parts.append(
                f'<circle cx="{at(g.service_gap):.1f}" cy="{y:.1f}" r="6" fill="{SERVICE}"/>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
