"""The delivery gap of one group, Benjamini-Hochberg q-values and ranking (SPEC section 2)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import special

from cxgap.model import Quadrant, Settings
from cxgap.report import GapRow
from cxgap.stats._estimate import Share, t_quantile


@dataclass(frozen=True)
class Gap:
    """``p_company - p_customers`` as a fraction, with its SE, df, interval and p-value."""

    gap: float | None
    se: float | None
    df: float | None
    ci: tuple[float, float] | None
    ci_method: str | None
    p_value: float | None


NO_GAP = Gap(None, None, None, None, None, None)


def gap(company: Share, customers: Share, confidence: float) -> Gap:
    """The gap of two independent samples.

    ``SE = √(SE_c² + SE_u²)``; Welch-Satterthwaite
    ``df = (SE_c² + SE_u²)² / (SE_c⁴/(n_c-1) + SE_u⁴/(n_u-1))``; interval ``gap ± t·SE`` and
    two-sided p-value from Student t on df. Where df is undefined (both SEs zero, or a sample
    with one respondent): Newcombe's hybrid score interval from the two Wilson intervals
    (Newcombe 1998, method 10), p-value null.
    """
    if company.p is None or customers.p is None:
        return NO_GAP
    diff = company.p - customers.p
    if company.se is not None and customers.se is not None:
        vc, vu = company.se**2, customers.se**2
        if vc + vu > 0:
            se = math.sqrt(vc + vu)
            df = (vc + vu) ** 2 / (vc**2 / (company.n - 1) + vu**2 / (customers.n - 1))
            half = t_quantile(df, confidence) * se
            p_value = float(2 * special.stdtr(df, -abs(diff) / se))
            return Gap(diff, se, df, (diff - half, diff + half), "welch", p_value)
    return _newcombe(company, customers, diff)


def _newcombe(company: Share, customers: Share, diff: float) -> Gap:
    """Newcombe's hybrid score interval for a difference of two shares (method 10); for a
    mean or NPS (no Wilson interval) with both SEs zero the gap has no interval or test."""
    if company.p is None or customers.p is None:
        return NO_GAP
    if company.wilson is None or customers.wilson is None:
        zero = company.se is not None and customers.se is not None
        return Gap(diff, 0.0 if zero else None, None, None, None, None)
    (lc, uc), (lu, uu) = company.wilson, customers.wilson
    low = diff - math.sqrt((company.p - lc) ** 2 + (uu - customers.p) ** 2)
    high = diff + math.sqrt((uc - company.p) ** 2 + (customers.p - lu) ** 2)
    se0 = 0.0 if company.se is not None and customers.se is not None else None
    return Gap(diff, se0, None, (low, high), "newcombe", None)


def bh_qvalues(p_values: Sequence[float | None]) -> list[float | None]:
    """Benjamini-Hochberg adjusted p-values, as R's ``p.adjust(p, "BH")`` (nulls left out)."""
    known = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m = len(known)
    out: list[float | None] = [None] * len(p_values)
    running = 1.0
    for rank in range(m, 0, -1):
        p, i = known[rank - 1]
        running = min(running, p * m / rank)
        out[i] = running
    return out


def finish_family(rows: Sequence[GapRow], settings: Settings, with_outcome: bool) -> list[GapRow]:
    """One family (a level within a split): q-values, significance, low base, priority and
    quadrant (with an outcome), and rank by gap (or ``--rank-by priority``)."""
    q = bh_qvalues([row.p_value for row in rows])
    done = [
        replace(
            row,
            q_value=q_i,
            significant=q_i is not None and q_i < settings.alpha,
            low_base=min(row.company.n, row.customers.n) < settings.min_base,
        )
        for row, q_i in zip(rows, q, strict=True)
    ]
    if with_outcome:
        done = quadrants(done)
    by_priority = settings.rank_by == "priority"

    def score(row: GapRow) -> float | None:
        return row.priority if by_priority else row.gap_pp

    ranked = sorted(
        (row for row in done if score(row) is not None),
        key=lambda row: (-(score(row) or 0.0), _key(row)),
    )
    unranked = sorted((row for row in done if score(row) is None), key=_key)
    return [replace(row, rank=k) for k, row in enumerate(ranked, 1)] + unranked


def quadrants(rows: Sequence[GapRow]) -> list[GapRow]:
    """SPEC 6: ``priority = gap_pp · max(importance, 0)``; ``fix_first`` = a significant
    positive gap whose importance is at or above the family's median importance, ``monitor``
    = any other positive gap, ``strength`` = a significant negative gap, ``aligned`` = the rest.
    The median (R: ``median(r, na.rm = TRUE)`` over the family's rows, those without a gap
    included) goes on every row as ``importance_median``, for the reports to draw.
    """
    known = [row.importance for row in rows if row.importance is not None]
    median = float(np.median(known)) if known else None
    out = []
    for row in rows:
        gap_pp, importance = row.gap_pp, row.importance
        priority = None
        if gap_pp is not None and importance is not None:
            priority = gap_pp * max(importance, 0.0)
        quadrant: Quadrant = "aligned"
        if gap_pp is not None and gap_pp > 0:
            important = importance is not None and median is not None and importance >= median
            quadrant = "fix_first" if row.significant and important else "monitor"
        elif gap_pp is not None and gap_pp < 0 and row.significant:
            quadrant = "strength"
        out.append(replace(row, priority=priority, quadrant=quadrant, importance_median=median))
    return out


def _key(row: GapRow) -> tuple[str, ...]:
    return tuple(row.group.values())
