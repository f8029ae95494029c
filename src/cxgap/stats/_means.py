"""The mean metric and NPS (SPEC section 6), on section 2's sums.

Both are section 2's ratio estimator with other points per answer: for the mean each answer's
points are the answer rescaled to 0-1, ``(score - scale_min) / (scale_max - scale_min)``, so
``p = Σw y / Σw m`` is the mean of the pooled answers; for NPS each respondent answers once
(``m_i = 1``) with ``d = +1`` (9-10), ``0`` (7-8) or ``-1`` (0-6), so ``p = Σw d / Σw``.
The SE is section 2's linearised one, ``SE² = n/(n-1) · Σz²``; the interval
``p ± t_{n-1} · SE`` (no logit, no Wilson: neither is a share).

Reference implementation: R's ``survey`` package,
``svymean(~y, svydesign(ids = ~respondent_id, weights = ~weight, data = long))`` on the rescaled
answers in long form, and ``svymean(~d, ...)`` on one row per respondent for NPS, with
``confint(., df = degf(design))``; ``tests/reference/drivers.R`` holds the script and its
numbers, pinned at 1e-10 (``tests/test_reference_drivers.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from cxgap.stats._estimate import EMPTY, Share, t_quantile
from cxgap.stats._sums import FloatArray, Sums, group_sums


def mean_shares(sums: Sums, confidence: float) -> list[Share]:
    """Every group of a one-part ``sums``: mean (0-1), SE and t interval; n_eff is null (the
    design effect of a mean needs the answers' own variance, which the sums do not keep)."""
    n = np.rint(sums.n[0]).astype(int)
    sa = np.where(sums.sa[0] > 0, sums.sa[0], 1.0)
    p = sums.sb[0] / sa
    sz2 = np.maximum(sums.sbb[0] - 2 * p * sums.sab[0] + p * p * sums.saa[0], 0.0) / sa**2
    out: list[Share] = []
    for g in range(n.shape[0]):
        n_g = int(n[g])
        if n_g == 0:
            out.append(EMPTY)
            continue
        responses = round(sums.responses[0, g])
        if n_g < 2:
            out.append(Share(float(p[g]), None, n_g, responses, None, None, None, None))
            continue
        se = float(np.sqrt(n_g / (n_g - 1) * sz2[g]))
        half = t_quantile(n_g - 1, confidence) * se
        ci = (float(p[g]) - half, float(p[g]) + half)
        out.append(Share(float(p[g]), se, n_g, responses, None, ci, "t", None))
    return out


@dataclass(frozen=True)
class NpsSides:
    """One NPS item's estimates per sample, and the customers' promoter and detractor shares."""

    company: Share
    customers: Share
    promoters_pct: float | None
    detractors_pct: float | None


def nps_points(scores: FloatArray) -> FloatArray:
    """``d`` per 0-10 answer: +1 for 9-10, 0 for 7-8, -1 for 0-6; NaN stays NaN."""
    return np.where(scores >= 9, 1.0, np.where(scores >= 7, 0.0, -1.0)) + scores * 0.0


def nps_sides(
    company: Iterable[tuple[FloatArray, FloatArray]],
    customers: Iterable[tuple[FloatArray, FloatArray]],
    confidence: float,
) -> list[NpsSides]:
    """Per NPS item (a column of each sample's 0-10 ``scores``, with its ``weights``), each
    sample given batch by batch and its sums added."""
    sides = []
    estimates = []
    for batches in (company, customers):
        totals: list[Sums] = []
        for scores, weights in batches:
            d = nps_points(scores)
            k = d.shape[1]
            args = (weights, np.eye(k), np.zeros(len(d), dtype=np.intp), 1)
            unit = (np.zeros(k), np.ones(k))
            more = [
                group_sums(d, np.ones(k), *args, unit),
                group_sums(d, np.ones(k), *args),
                group_sums(-d, np.ones(k), *args),
            ]
            totals = more if not totals else [a + b for a, b in zip(totals, more, strict=True)]
        estimates.append(mean_shares(totals[0], confidence))
        sides.append((totals[1], totals[2]))
    (promoters, detractors) = sides[1]
    out = []
    for j, (c, u) in enumerate(zip(estimates[0], estimates[1], strict=True)):
        base = promoters.sa[0, j]
        out.append(
            NpsSides(
                c,
                u,
                None if base == 0 else float(100 * promoters.sb[0, j] / base),
                None if base == 0 else float(100 * detractors.sb[0, j] / base),
            )
        )
    return out
