"""The priority matrix as inline SVG for the HTML report: each group of a level as a dot at
(gap, importance), coloured by its quadrant, on shaded quadrants divided at zero gap and at the
level's median importance; every dot labelled with its group where the label collides with no
other label or dot (pushed further out on a leader line where it must).

Drawn from the report's numbers; every text from the input is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cxgap.render._charts import (
    MIN_POINTS,
    QUADRANT_COLOURS,
    QUADRANT_NAMES,
    Axis,
    Spot,
    importance_axis,
    label_box,
    level_median,
    padded_axis,
    place_labels,
)
from cxgap.report import GapRow

WIDTH, HEIGHT = 960, 440
PLOT = (80.0, 40.0, 930.0, 390.0)
"""The plot area: left, top, right, bottom."""
FONT, CHAR_W = 11, 6.3
"""Point labels' font size and the width of one character at it, roughly (system-ui)."""
SHADES = {"fix_first": "#fbe4e7", "monitor": "#fdf2dc", "strength": "#e3f1e7"}
_NEAR: list[Spot] = [(8, 0, "start"), (-8, 0, "end"), (0, -12, "middle"), (0, 13, "middle")]
SPOTS: list[Spot] = [
    *_NEAR,
    *((dx, dy, a) for dy in (-16, 16, -30, 30, -44, 44) for dx, a in ((12, "start"), (-12, "end"))),
]
"""Where a label may go: beside, above or below its dot, then further out on a leader line."""


def matrix(rows: Sequence[GapRow], labels: Sequence[str], outcome: str, unit: str) -> str:
    """The rows' priority matrix; rows without a gap or an importance are left out (the table
    below the chart still lists them)."""
    shown = [
        (row, label)
        for row, label in zip(rows, labels, strict=True)
        if row.gap_pp is not None and row.importance is not None and row.quadrant is not None
    ]
    if len(shown) < MIN_POINTS:
        return ""
    gaps = padded_axis([row.gap_pp or 0.0 for row, _ in shown])
    rs = importance_axis([row.importance or 0.0 for row, _ in shown])
    median = level_median(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" class="chart matrix" '
        f'font-family="system-ui,sans-serif" font-size="{FONT}">'
        "<title>Priority matrix: the gap across, the importance up</title>",
        *_quadrants(gaps, rs, median),
        *_axes(gaps, rs, median, outcome, unit),
    ]
    points = [(x_of(row.gap_pp or 0.0, gaps), y_of(row.importance or 0.0, rs)) for row, _ in shown]
    sizes = [(CHAR_W * len(label) + 4, FONT + 3.0) for _, label in shown]
    order = sorted(range(len(shown)), key=lambda i: -(shown[i][0].priority or 0.0))
    spots = place_labels([points[i] for i in order], [sizes[i] for i in order], SPOTS, PLOT, 6)
    where = dict(zip(order, spots, strict=True))
    for i, (row, label) in enumerate(shown):
        parts.append(_point(row, label, points[i], SPOTS[where[i]], sizes[i]))
    parts.append("</svg>")
    return "\n".join(parts)


def x_of(value: float, axis: Axis) -> float:
    return PLOT[0] + (value - axis.low) / (axis.high - axis.low) * (PLOT[2] - PLOT[0])


def y_of(value: float, axis: Axis) -> float:
    return PLOT[3] - (value - axis.low) / (axis.high - axis.low) * (PLOT[3] - PLOT[1])


def _quadrants(gaps: Axis, rs: Axis, median: float) -> list[str]:
    """Right of zero and above the median: fix first; right, below: monitor; left: strengths."""
    x0, ym = x_of(0.0, gaps), y_of(median, rs)
    left, top, right, bottom = PLOT
    regions = [
        ("fix_first", x0, top, right, ym, right - 6, top + 16, "end"),
        ("monitor", x0, ym, right, bottom, right - 6, bottom - 8, "end"),
        ("strength", left, top, x0, bottom, left + 6, top + 16, "start"),
    ]
    parts = []
    for name, x1, y1, x2, y2, tx, ty, anchor in regions:
        if x2 - x1 < 1 or y2 - y1 < 1:
            continue
        parts.append(
            f'<rect class="quadrant {name}" x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" '
            f'height="{y2 - y1:.1f}" fill="{SHADES[name]}"/>'
            f'<text class="quadrant-label" x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}" '
            f'font-size="12" font-weight="bold" fill="#{QUADRANT_COLOURS[name]}">'
            f"{QUADRANT_NAMES[name]}{'s' if name == 'strength' else ''}</text>"
        )
    return parts


def _axes(gaps: Axis, rs: Axis, median: float, outcome: str, unit: str) -> list[str]:
    left, top, right, bottom = PLOT
    parts = []
    for value in gaps.ticks():
        x = x_of(value, gaps)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#fff"/>'
            f'<text class="x-tick" x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" '
            f'fill="#666">{"0" if value == 0 else f"{value:+g}"}</text>'
        )
    for value in rs.ticks():
        y = y_of(value, rs)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#fff"/>'
            f'<text class="y-tick" x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="#666">{value:.1f}</text>'
        )
    x0, ym = x_of(0.0, gaps), y_of(median, rs)
    parts += [
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
        'fill="none" stroke="#ccc"/>',
        f'<line class="zero" x1="{x0:.2f}" y1="{top}" x2="{x0:.2f}" y2="{bottom}" stroke="#555"/>',
        f'<line class="median" x1="{left}" y1="{ym:.2f}" x2="{right}" y2="{ym:.2f}" '
        'stroke="#555" stroke-dasharray="5 3"/>',
        f'<text class="median-label" x="{left + 4}" y="{ym - 5:.1f}" fill="#555" '
        f'font-size="10">median r {median:.2f}</text>',
        f'<text x="{(left + right) / 2}" y="{bottom + 36}" text-anchor="middle" fill="#333">'
        f"Delivery gap, {escape(unit)} (company minus customers)</text>",
        f'<text transform="translate(22 {(top + bottom) / 2}) rotate(-90)" '
        f'text-anchor="middle" fill="#333">Importance: r with {escape(outcome)}</text>',
    ]
    return parts


def _point(
    row: GapRow, label: str, at: tuple[float, float], spot: Spot, size: tuple[float, float]
) -> str:
    x, y = at
    quadrant = row.quadrant or "aligned"
    box = label_box(x, y, size, spot)
    tx = {"start": box[0] + 2, "middle": (box[0] + box[2]) / 2, "end": box[2] - 2}[spot[2]]
    ty = (box[1] + box[3]) / 2 + FONT * 0.35
    leader = ""
    if spot not in _NEAR:
        edge = box[0] if spot[2] == "start" else box[2]
        leader = (
            f'<line class="leader" x1="{x:.1f}" y1="{y:.1f}" x2="{edge:.1f}" '
            f'y2="{(box[1] + box[3]) / 2:.1f}" stroke="#aaa"/>'
        )
    detail = (
        f"{label}: gap {row.gap_pp or 0.0:+.1f}, r {row.importance or 0.0:.2f}, "
        f"priority {row.priority or 0.0:.1f}, {QUADRANT_NAMES[quadrant].lower()}"
    )
    return (
        f'<g class="point {quadrant}" data-label="{escape(label)}">{leader}'
        f'<circle cx="{x:.2f}" cy="{y:.2f}" r="5.5" fill="#{QUADRANT_COLOURS[quadrant]}" '
        f'stroke="#fff"><title>{escape(detail)}</title></circle>'
        f'<text class="point-label" x="{tx:.1f}" y="{ty:.1f}" text-anchor="{spot[2]}" '
        f'fill="#222">{escape(label)}</text></g>'
    )
