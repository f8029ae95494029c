"""The cross-products of SPEC 9's covariance, as sums that merge by addition.

For a group whose items carry several values *k* of a codebook column (the ``channel`` an item
was asked about), respondent *i* has, per value, ``m_ik`` valid answers and ``y_ik`` points
(section 2). The test of equality needs ``Σ_i z_ik z_il`` with
``z_ik = w_i (y_ik - p_k m_ik) / A_k``, ``A_k = Σ w m_ik``; expanded,

    A_k A_l Σ_i z_ik z_il = Σw²y_k y_l - p_l Σw²y_k m_l - p_k Σw²y_l m_k + p_k p_l Σw²m_k m_l,

so per group the three K x K matrices ``yy = Σ w² y yᵀ``, ``ym = Σ w² y mᵀ`` and
``mm = Σ w² m mᵀ`` (respondent by respondent, then summed) are all it takes, whatever the
shares turn out to be. The test counts the respondents who answered in the values kept (those
at or above --min-base), known only once every chunk is in; so each group also counts its
respondents per *pattern*, the set of values they answered in: ``n`` of any set of values kept
is the sum over the patterns that meet it. Counts add up as the sums do.

A respondent-level dimension (``region``) needs none of this: a respondent is in one value
only, so the matrices are diagonal and made of a ``--split``'s own sums (:mod:`._consistency`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from cxgap.model import Sample
from cxgap.stats._reduce import Reducer
from cxgap.stats._sums import FloatArray, answer_points, as_scores, in_order


@dataclass(frozen=True, eq=False)
class CrossNeed:
    """Which cross-products to sum: ``membership`` (items x columns) holds the groups' value
    columns block after block, each block one group's values (``sizes``)."""

    membership: FloatArray
    sizes: tuple[int, ...]

    def blocks(self) -> list[slice]:
        starts = np.cumsum([0, *self.sizes]).tolist()
        return [slice(a, b) for a, b in pairwise(starts)]


@dataclass(frozen=True, eq=False)
class CrossSums:
    """Per block: ``yy``, ``ym`` and ``mm`` (K x K each) and the respondents per pattern (the
    packed bits of the values they answered in -> count)."""

    yy: tuple[FloatArray, ...]
    ym: tuple[FloatArray, ...]
    mm: tuple[FloatArray, ...]
    patterns: tuple[Counter[bytes], ...]

    def __add__(self, other: CrossSums) -> CrossSums:
        return CrossSums(
            tuple(a + b for a, b in zip(self.yy, other.yy, strict=True)),
            tuple(a + b for a, b in zip(self.ym, other.ym, strict=True)),
            tuple(a + b for a, b in zip(self.mm, other.mm, strict=True)),
            tuple(a + b for a, b in zip(self.patterns, other.patterns, strict=True)),
        )

    @classmethod
    def zeros(cls, sizes: tuple[int, ...]) -> CrossSums:
        return cls(
            tuple(np.zeros((k, k)) for k in sizes),
            tuple(np.zeros((k, k)) for k in sizes),
            tuple(np.zeros((k, k)) for k in sizes),
            tuple(Counter() for _ in sizes),
        )


def cross_sums(batch: Sample, reducer: Reducer, need: CrossNeed) -> CrossSums:
    """One in-memory batch's :class:`CrossSums`, chunk by chunk of rows added in row order
    (as :func:`~._sums.group_sums`, so that a sample read in batches adds up the same)."""
    weights = batch.weights if reducer.weighted else np.ones(batch.size)
    rescale = reducer.rescale if reducer.mean else None
    valid, points = answer_points(as_scores(batch.scores), reducer.thresholds, rescale)
    blocks = need.blocks()

    def chunk(rows: slice) -> CrossSums:
        w = weights[rows][:, None]
        m = valid.chunk(rows) @ need.membership
        wm = w * m
        wy = w * (points.chunk(rows) @ need.membership)
        yy, ym, mm, patterns = [], [], [], []
        for block in blocks:
            a, b = wy[:, block], wm[:, block]
            yy.append(a.T @ a)
            ym.append(a.T @ b)
            mm.append(b.T @ b)
            patterns.append(_patterns(m[:, block] > 0))
        return CrossSums(tuple(yy), tuple(ym), tuple(mm), tuple(patterns))

    return in_order(chunk, batch.size, CrossSums.zeros(need.sizes))


def _patterns(answered: np.ndarray) -> Counter[bytes]:
    """Respondents per set of values answered in (respondents who answered none left out)."""
    rows = np.packbits(answered[answered.any(axis=1)], axis=1)
    if not len(rows):
        return Counter()
    keys, counts = np.unique(rows, axis=0, return_counts=True)
    return Counter({bytes(key): int(c) for key, c in zip(keys, counts, strict=True)})


def respondents_in(patterns: Counter[bytes], kept: list[int], size: int) -> int:
    """How many respondents answered in at least one of the values ``kept`` (of ``size``)."""
    total = 0
    for key, count in patterns.items():
        bits = np.unpackbits(np.frombuffer(key, dtype=np.uint8))[:size]
        if bits[kept].any():
            total += count
    return total
