"""One sample's estimate in one group: what every row of a report is built from.

Its own module below :mod:`cxgap.report` and :mod:`cxgap.report_consistency`, which both hold
it (a report holds its consistency rows; they hold estimates), so that neither imports the
other back. ``cxgap.report.Estimate`` is this class."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """A top-box share of one sample (or part of it) in one group, in percent."""

    pct: float | None
    se_pp: float | None
    ci_pp: tuple[float, float] | None
    ci_method: str | None
    n: int
    n_eff: float | None
    responses: int
