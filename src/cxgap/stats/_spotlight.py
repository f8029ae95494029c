"""The rows a report names before its tables: blind spots, hidden strengths and "Fix first".

Chosen once, here, and held in the :class:`~cxgap.report.Report`, so that every format (the
table, markdown, HTML and pptx that show them, and the JSON, CSV and XLSX that carry them)
names the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxgap.report import GapRow

SPOTLIGHT = 5
"""How many blind spots, hidden strengths and fix-first rows a report names, at most."""


def spotlight(rows: Sequence[GapRow], sign: int) -> tuple[GapRow, ...]:
    """The blind spots (``sign`` +1: the company rates itself higher) or hidden strengths (-1):
    significant rollup rows (never single items, never a split part), largest gap first, at
    most ``SPOTLIGHT``."""
    chosen = [
        row
        for row in rows
        if row.significant
        and row.gap_pp is not None
        and sign * row.gap_pp > 0
        and row.group_by != ("item",)
        and not row.split
    ]
    return tuple(sorted(chosen, key=lambda row: -sign * (row.gap_pp or 0.0))[:SPOTLIGHT])


def fix_first(rows: Sequence[GapRow]) -> tuple[GapRow, ...]:
    """The significant blind spots that matter most to customers: the unsplit rows in the
    ``fix_first`` quadrant (items left to the tables), by priority, largest first, at most
    ``SPOTLIGHT``."""
    chosen = [
        row
        for row in rows
        if row.quadrant == "fix_first" and not row.split and row.group_by != ("item",)
    ]
    return tuple(sorted(chosen, key=lambda row: -(row.priority or 0.0))[:SPOTLIGHT])
