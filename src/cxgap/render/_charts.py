"""What every chart shares (deck, HTML, Excel): colours, as RGB hex without ``#``, and axes.

Blue and orange stay apart for the common colour-vision deficiencies; red and green mark only
significant findings, always beside a sign or a word that says the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

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
