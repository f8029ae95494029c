"""What every chart shares (deck, HTML, Excel): colours, as RGB hex without ``#``, and axes.

Blue and orange stay apart for the common colour-vision deficiencies; red and green mark only
significant findings, always beside a sign or a word that says the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from cxgap.report import GapRow

COMPANY = "1F4E79"
CUSTOMERS = "D9730D"
OLDER_WAVES = ("A9BCD0", "7F9DBA", "5A7FA3")
"""Earlier waves, lightest first; the last wave is drawn in ``COMPANY`` blue."""
OVER, UNDER, NOT_SIGNIFICANT = "B00020", "137333", "6B6B6B"
INK, MUTED = "222222", "666666"


def wave_colours(n: int) -> list[str]:
    """One colour per wave, oldest first, the last one ``COMPANY``."""
    older = [OLDER_WAVES[k % len(OLDER_WAVES)] for k in range(max(n - 1, 0))]
    return [*older, COMPANY][-n:] if n else []


class Axis(NamedTuple):
    """An axis from ``low`` to ``high`` in ``step``s, in the data's units (pp)."""

    low: float
    high: float
    step: float

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + k * self.step for k in range(count + 1)]


def nice_axis(values: Sequence[float]) -> Axis:
    """A span holding every value and zero, on round numbers (at most six steps)."""
    low, high = min([0.0, *values]), max([0.0, *values])
    if high - low <= 0:
        return Axis(-10.0, 10.0, 10.0)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        axis = Axis(math.floor(low / step) * step, math.ceil(high / step) * step, step)
        if (axis.high - axis.low) / step <= 6:
            return axis
    return axis


QUADRANTS = ("fix_first", "monitor", "strength", "aligned")
"""The priority matrix's groups (SPEC 6), in the order charts draw and name them."""
MIN_POINTS = 2
"""The fewest groups a priority matrix is drawn for (one dot, the all-items row, says nothing)."""
QUADRANT_NAMES = {
    "fix_first": "Fix first",
    "monitor": "Monitor",
    "strength": "Strength",
    "aligned": "Aligned",
}
QUADRANT_COLOURS = {"fix_first": OVER, "monitor": "E3A21A", "strength": UNDER, "aligned": "8C8C8C"}
"""Fix first red, monitor amber, strengths green, aligned grey; the legend names each."""


def level_median(rows: Sequence[GapRow]) -> float:
    """Where a priority matrix draws its level's median importance: the one stats decided the
    family's quadrants at (``importance_median``, the same on each of its rows), never
    recomputed from the points drawn; 0 where the family has none."""
    return next((r.importance_median for r in rows if r.importance_median is not None), 0.0)


def importance_axis(values: Sequence[float]) -> Axis:
    """An importance (r) axis on tenths holding every value, 0, and a little room above the
    highest point for its label; steps of 0.1, or 0.2 when the span passes 0.6."""
    low = math.floor(min([0.0, *values]) * 10 + 1e-9) / 10
    high = math.ceil((max([0.0, *values]) + 0.03) * 10 - 1e-9) / 10
    step = 0.1 if high - low <= 0.6 + 1e-9 else 0.2
    low, high = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    return Axis(round(max(low, -1.0), 10), round(min(high, 1.0), 10), step)


Box = tuple[float, float, float, float]
"""A rectangle as (left, top, right, bottom), y growing downwards (SVG and slide alike)."""
Spot = tuple[float, float, str]
"""Where a label may go relative to its point: (dx, dy, anchor): the label's ``start``,
``middle`` or ``end`` at ``dx``, its middle line at ``dy``."""


def label_box(x: float, y: float, size: tuple[float, float], spot: Spot) -> Box:
    dx, dy, anchor = spot
    width, height = size
    left = {"start": x + dx, "middle": x + dx - width / 2, "end": x + dx - width}[anchor]
    return (left, y + dy - height / 2, left + width, y + dy + height / 2)


def place_labels(
    points: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    spots: Sequence[Spot],
    bounds: Box,
    radius: float,
) -> list[int]:
    """For each point (in order: the first placed first), the index in ``spots`` of the first
    place where its label overlaps no label placed before, no point and stays in ``bounds``;
    where every place collides, the one that collides least."""
    marks = [(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    placed: list[Box] = []
    chosen = []
    for (x, y), size in zip(points, sizes, strict=True):
        best, best_cost = 0, math.inf
        for k, spot in enumerate(spots):
            box = label_box(x, y, size, spot)
            cost = sum(_overlap(box, other) for other in placed) * 4
            cost += sum(_overlap(box, mark) for mark in marks)
            cost += (size[0] * size[1]) - _overlap(box, bounds)  # the part outside the plot
            if cost < best_cost - 1e-9:
                best, best_cost = k, cost
            if cost <= 1e-9:
                break
        chosen.append(best)
        placed.append(label_box(x, y, size, spots[best]))
    return chosen


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def padded_axis(values: Sequence[float]) -> Axis:
    """:func:`nice_axis` with room beyond the outermost values, so that no dot sits on the
    plot's edge."""
    low, high = min([0.0, *values]), max([0.0, *values])
    pad = 0.06 * (high - low)
    return nice_axis([low - pad if low < 0 else 0.0, high + pad if high > 0 else 0.0])


SIDES: tuple[Spot, ...] = ((7, 0, "start"), (-7, 0, "end"), (0, -11, "middle"), (0, 11, "middle"))
"""A chart's own label positions, as a deck or workbook offers them: right, left, above,
below the point (in points, at a 9-10 pt font)."""


def label_sides(
    points: Sequence[tuple[float, float, str]], axes: tuple[Axis, Axis], plot: Box, font: float
) -> list[int]:
    """For each (x, y, label) point of a scatter whose plot area is ``plot`` (in points), the
    index in :data:`SIDES` where its label collides least, the points placed in order."""
    gx, gy = axes

    def where(x: float, y: float) -> tuple[float, float]:
        return (
            plot[0] + (x - gx.low) / (gx.high - gx.low) * (plot[2] - plot[0]),
            plot[3] - (y - gy.low) / (gy.high - gy.low) * (plot[3] - plot[1]),
        )

    sizes = [(0.62 * font * len(label) + 4, font * 1.4) for _, _, label in points]
    at = [where(x, y) for x, y, _ in points]
    return place_labels(at, sizes, SIDES, plot, radius=4.5)
