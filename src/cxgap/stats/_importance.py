"""Derived importance of a group: its correlation with the outcome among customers (SPEC 6).

For customer *i* with weight *w_i*, *x_i* = the mean of their rescaled (0-1) answers in group
*g* and *o_i* = their rescaled answer to the outcome item; only respondents with both count.
The sums ``n``, Σw, Σw², Σwx, Σwo, Σwx², Σwo², Σwxo per (part, group) are all the estimator
needs, and they add across chunks, files and machines as section 2's sums do.

Reference implementation: R's ``survey`` package,
``cov2cor(svyvar(~x + o, svydesign(ids = ~respondent_id, weights = ~weight, data = wide),
na.rm = TRUE))`` on one row per respondent; ``tests/reference/drivers.R`` holds the script and
its numbers, pinned at 1e-10 (``tests/test_reference_drivers.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
from scipy import special

from cxgap._scores import Scores
from cxgap.stats._sums import (
    FloatArray,
    Rescale,
    Sums,
    answer_points,
    as_scores,
    in_order,
    part_matrix,
    points,
    sums_of,
)

CONSTANT = 1e-9
"""A centred sum of squares at most this fraction of the raw one is rounding noise: constant."""


@dataclass(frozen=True, eq=False)
class PairSums:
    """Sufficient sums of the (score, outcome) pairs, each of shape (parts, groups)."""

    n: FloatArray
    sw: FloatArray
    sww: FloatArray
    sx: FloatArray
    so: FloatArray
    sxx: FloatArray
    soo: FloatArray
    sxo: FloatArray

    def __add__(self, other: PairSums) -> PairSums:
        return PairSums(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @classmethod
    def zeros(cls, parts: int, groups: int) -> PairSums:
        return cls(*(np.zeros((parts, groups)) for _ in fields(cls)))

    def part(self, index: int) -> PairSums:
        return PairSums(*(getattr(self, f.name)[index : index + 1] for f in fields(self)))

    def columns(self, start: int, stop: int) -> PairSums:
        return PairSums(*(getattr(self, f.name)[:, start:stop] for f in fields(self)))


def pair_sums(
    scores: Scores | FloatArray,
    rescale: Rescale,
    outcome: FloatArray,
    weights: FloatArray,
    membership: FloatArray,
    parts: npt.NDArray[np.intp],
    n_parts: int,
) -> PairSums:
    """The pair sums of every (part, group), in chunks of respondents merged by addition.

    ``outcome`` is each respondent's outcome answer rescaled to 0-1 (NaN: none); the rest as
    :func:`cxgap.stats._sums.group_sums`.
    """
    thresholds = np.full(scores.shape[1], np.inf)
    args = (thresholds, rescale, False, outcome, weights, membership, parts, n_parts)
    return scored_pair_sums(scores, *args)[1]


@dataclass(frozen=True, eq=False)
class _Both:
    sums: Sums
    pairs: PairSums

    def __add__(self, other: _Both) -> _Both:
        return _Both(self.sums + other.sums, self.pairs + other.pairs)


def scored_pair_sums(
    scores: Scores | FloatArray,
    thresholds: FloatArray,
    rescale: Rescale,
    mean: bool,
    outcome: FloatArray,
    weights: FloatArray,
    membership: FloatArray,
    parts: npt.NDArray[np.intp],
    n_parts: int,
) -> tuple[Sums, PairSums]:
    """Section 2's sums and the pair sums in one pass over the customers: each chunk's answer
    counts and rescaled totals per group serve both (with ``mean``, the totals are also the
    points of the mean metric), so the outcome costs only the pair products."""
    scores = as_scores(scores)
    valid, top = answer_points(scores, thresholds, None)
    rescaled = points(scores, thresholds, rescale)

    def chunk(rows: slice) -> _Both:
        m = valid.chunk(rows) @ membership
        totals = rescaled.chunk(rows) @ membership
        y = totals if mean else top.chunk(rows) @ membership
        count = part_matrix(parts[rows], n_parts)
        return _Both(
            sums_of(m, y, count, weights[rows]),
            _pairs_of(m, totals, outcome[rows], count, weights[rows]),
        )

    groups = membership.shape[1]
    zero = _Both(Sums.zeros(n_parts, groups), PairSums.zeros(n_parts, groups))
    both = in_order(chunk, valid.n, zero)
    return both.sums, both.pairs


def _pairs_of(
    m: FloatArray, rescaled: FloatArray, outcome: FloatArray, count: FloatArray, w: FloatArray
) -> PairSums:
    has_o = ~np.isnan(outcome)
    both = (m > 0) & has_o[:, None]
    x = np.divide(rescaled, m, out=np.zeros_like(rescaled), where=both)
    pair = both.astype(np.float64)
    o = np.where(has_o, outcome, 0.0)
    by_w = count * w
    by_wo = by_w * o
    return PairSums(
        n=count @ pair,
        sw=by_w @ pair,
        sww=(by_w * w) @ pair,
        sx=by_w @ x,
        so=by_wo @ pair,
        sxx=by_w @ (x * x),
        soo=(by_wo * o) @ pair,
        sxo=by_wo @ x,
    )


@dataclass(frozen=True)
class Importance:
    """One group's importance: Pearson r, its Fisher-z interval, and why either is null."""

    r: float | None
    ci: tuple[float, float] | None
    n: int
    n_kish: float | None
    reason: str | None


def importances(sums: PairSums, confidence: float) -> list[Importance]:
    """Every group of a one-part ``sums``: the weighted Pearson correlation and its interval.

    - ``r = Cxo / √(Cxx Coo)`` with the centred sums ``Cxo = Σwxo - ΣwxΣwo/Σw``,
      ``Cxx = Σwx² - (Σwx)²/Σw``, ``Coo = Σwo² - (Σwo)²/Σw``: ``cov2cor(svyvar(~x + o))``
      (svyvar's factor n/(n-1) and 1/Σw cancel in the ratio);
    - interval: Fisher z on Kish's effective n ``k = (Σw)²/Σw²``,
      ``tanh(atanh(r) ± z / √(k - 3))`` with z the normal quantile of the level;
    - r is null where nobody answered both, or the score or the outcome is constant among
      those who did (R's ``cov2cor`` gives NaN); the interval is null there and where
      ``k <= 3``; ``reason`` says which.
    """
    z = float(special.ndtri(1 - (1 - confidence) / 2))
    sw, sx, so = sums.sw[0], sums.sx[0], sums.so[0]
    safe = np.where(sw > 0, sw, 1.0)
    cxx = sums.sxx[0] - sx * sx / safe
    coo = sums.soo[0] - so * so / safe
    cxo = sums.sxo[0] - sx * so / safe
    kish = sw * sw / np.where(sums.sww[0] > 0, sums.sww[0], 1.0)
    out = []
    for g in range(sw.shape[0]):
        n = round(sums.n[0, g])
        if n == 0:
            out.append(Importance(None, None, 0, None, "nobody answered both it and the outcome"))
            continue
        constant = [
            name
            for name, centred, raw in (
                ("score", cxx[g], sums.sxx[0, g]),
                ("outcome", coo[g], sums.soo[0, g]),
            )
            if centred <= CONSTANT * raw
        ]
        if constant:
            verb = "is" if len(constant) == 1 else "are each"
            reason = f"the {' and the '.join(constant)} {verb} the same for every respondent"
            out.append(Importance(None, None, n, float(kish[g]), reason))
            continue
        r = min(max(float(cxo[g] / math.sqrt(cxx[g] * coo[g])), -1.0), 1.0)
        out.append(_with_interval(r, n, float(kish[g]), z))
    return out


def _with_interval(r: float, n: int, kish: float, z: float) -> Importance:
    if kish <= 3:
        return Importance(
            r, None, n, kish, f"Kish's effective n is {kish:.3g} (the interval needs > 3)"
        )
    if abs(r) == 1.0:
        return Importance(r, (r, r), n, kish, None)
    half = z / math.sqrt(kish - 3)
    centre = math.atanh(r)
    return Importance(r, (math.tanh(centre - half), math.tanh(centre + half)), n, kish, None)
