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


@dataclass(frozen=True, eq=False)
class NpsSums:
    """One sample's sums per NPS item (a group each): of ``d`` with ``m_i = 1`` (the NPS), and
    of the promoter and detractor points (their shares); they merge by addition."""

    nps: Sums
    promoters: Sums
    detractors: Sums

    def __add__(self, other: NpsSums) -> NpsSums:
        return NpsSums(
            self.nps + other.nps,
            self.promoters + other.promoters,
            self.detractors + other.detractors,
        )

    @classmethod
    def zeros(cls, items: int) -> NpsSums:
        return cls(Sums.zeros(1, items), Sums.zeros(1, items), Sums.zeros(1, items))


def nps_sums(scores: FloatArray, weights: FloatArray) -> NpsSums:
    """The :class:`NpsSums` of one batch: ``scores`` holds its NPS items' 0-10 answers."""
    d = nps_points(scores)
    k = d.shape[1]
    args = (weights, np.eye(k), np.zeros(len(d), dtype=np.intp), 1)
    unit = (np.zeros(k), np.ones(k))
    return NpsSums(
        group_sums(d, np.ones(k), *args, unit),
        group_sums(d, np.ones(k), *args),
        group_sums(-d, np.ones(k), *args),
    )


def nps_sides(company: NpsSums, customers: NpsSums, confidence: float) -> list[NpsSides]:
    """Per NPS item, each sample's NPS (mean of ``d``) and the customers' promoters and
    detractors, from the samples' :class:`NpsSums`."""
    base = customers.promoters.sa[0]
    pairs = zip(
        mean_shares(company.nps, confidence), mean_shares(customers.nps, confidence), strict=True
    )
    return [
        NpsSides(
            c,
            u,
            None if base[j] == 0 else float(100 * customers.promoters.sb[0, j] / base[j]),
            None if base[j] == 0 else float(100 * customers.detractors.sb[0, j] / base[j]),
        )
        for j, (c, u) in enumerate(pairs)
    ]
