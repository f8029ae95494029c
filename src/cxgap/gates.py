"""Quality gates for CI: a failed gate is a finding (exit 1), not an input error."""

from __future__ import annotations

from cxgap.errors import GateFailed
from cxgap.render._text import describe_group
from cxgap.report import Report, TrendReport


def check_gates(
    report: Report, *, max_gap: float | None = None, min_customer_pct: float | None = None
) -> None:
    """Raise :class:`GateFailed` listing every breach.

    ``max_gap``: a significant row (or the headline) whose gap exceeds it.
    ``min_customer_pct``: the customers' overall share (the headline's) below it.
    """
    failures: list[str] = []
    if max_gap is not None:
        failures.extend(
            f"--max-gap {max_gap:g}: {describe_group(row)} has a significant gap of "
            f"{row.gap_pp:+.1f} pp"
            for row in (report.headline, *report.rows)
            if row.significant and row.gap_pp is not None and row.gap_pp > max_gap
        )
    customers = report.headline.customers.pct
    if min_customer_pct is not None and customers is not None and customers < min_customer_pct:
        failures.append(
            f"--min-customer-pct {min_customer_pct:g}: customers' overall top-box share is "
            f"{customers:.1f}%"
        )
    if failures:
        raise GateFailed(failures)


def check_trend_gates(report: TrendReport, *, max_widening: float | None = None) -> None:
    """``max_widening``: a significant widening (headline or any row) above it fails."""
    if max_widening is None:
        return
    failures = [
        f"--max-widening {max_widening:g}: {describe_group(row)} widened by "
        f"{row.change_pp:+.1f} pp ({' -> '.join(report.waves)})"
        for row in (report.headline, *report.rows)
        if row.direction == "widened" and row.change_pp is not None and row.change_pp > max_widening
    ]
    if failures:
        raise GateFailed(failures)
