"""Properties of the stats core (SPEC section 2) on random small surveys.

``group_sums`` -> ``shares`` -> ``gap`` directly, on numpy data drawn from a hypothesis seed:
shares stay within 0-100 and inside their intervals, a pooled share lies within its items'
shares when weights are equal, a gap's interval contains the gap, and sums of respondent
chunks add up to one pass (the mergeability SPEC section 2 asks to keep).
"""

from __future__ import annotations

import math
from dataclasses import fields
from itertools import pairwise

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from cxgap.stats._estimate import shares
from cxgap.stats._gaps import gap
from cxgap.stats._sums import Sums, group_sums

FloatArray = npt.NDArray[np.float64]
FAST = settings(max_examples=150, deadline=None)


class Survey:
    """A random sample: scores on a 1-5 scale with blanks (NaN), weights, items in groups."""

    def __init__(self, seed: int, n: int, k: int, groups: int, weighted: bool, top_rate: float):
        rng = np.random.default_rng(seed)
        top = rng.random((n, k)) < top_rate
        self.scores: FloatArray = np.where(top, 5.0, rng.integers(1, 5, size=(n, k)).astype(float))
        self.scores[rng.random((n, k)) < rng.uniform(0.0, 0.5)] = np.nan
        self.thresholds: FloatArray = np.full(k, 5.0)
        self.weights: FloatArray = (
            rng.integers(1, 33, size=n) / 8.0 if weighted else np.ones(n, dtype=np.float64)
        )
        # every item in one group, and a last group pooling all items
        member = rng.integers(0, groups, size=k)
        self.membership: FloatArray = np.zeros((k, groups + 1))
        self.membership[np.arange(k), member] = 1.0
        self.membership[:, groups] = 1.0
        self.parts = rng.integers(0, 2, size=n).astype(np.intp)

    def sums(self, rows: slice = slice(None), membership: FloatArray | None = None) -> Sums:
        return group_sums(
            self.scores[rows],
            self.thresholds,
            self.weights[rows],
            self.membership if membership is None else membership,
            self.parts[rows],
            2,
        )


surveys = st.builds(
    Survey,
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 40),
    k=st.integers(1, 6),
    groups=st.integers(1, 3),
    weighted=st.booleans(),
    top_rate=st.sampled_from([0.0, 1.0, 0.1, 0.5, 0.9]),
)
confidences = st.sampled_from([0.8, 0.9, 0.95, 0.99])


def _one_part(s: Sums) -> Sums:
    """Both parts together, as a (1, groups) Sums."""
    return Sums(*(getattr(s, f.name).sum(axis=0, keepdims=True) for f in fields(s)))


@FAST
@given(surveys, confidences)
def test_shares_lie_within_0_100_and_within_their_interval(survey: Survey, level: float) -> None:
    for share in shares(_one_part(survey.sums()), level):
        est = share.estimate()
        if est.pct is None:
            assert share.n == 0
            continue
        assert 0.0 <= est.pct <= 100.0
        assert est.ci_pp is not None
        low, high = est.ci_pp
        assert 0.0 <= low <= est.pct + 1e-9
        assert est.pct - 1e-9 <= high <= 100.0
        assert est.se_pp is None or est.se_pp >= 0.0
        assert share.responses >= share.n >= 1


@FAST
@given(surveys)
def test_a_pooled_share_lies_between_its_items_shares(survey: Survey) -> None:
    survey.weights = np.ones_like(survey.weights)
    k = survey.scores.shape[1]
    per_item = shares(_one_part(survey.sums(membership=np.eye(k))), 0.95)
    pooled = shares(_one_part(survey.sums(membership=np.ones((k, 1)))), 0.95)[0]
    known = [s.p for s in per_item if s.p is not None]
    if pooled.p is None:
        assert not known
        return
    assert min(known) - 1e-12 <= pooled.p <= max(known) + 1e-12


@FAST
@given(surveys, surveys, confidences)
def test_a_gaps_interval_contains_the_gap(company: Survey, customers: Survey, level: float) -> None:
    pairs = zip(
        shares(_one_part(company.sums(membership=np.ones((company.scores.shape[1], 1)))), level),
        shares(
            _one_part(customers.sums(membership=np.ones((customers.scores.shape[1], 1)))), level
        ),
        strict=True,
    )
    for c, u in pairs:
        g = gap(c, u, level)
        if g.gap is None:
            assert c.p is None or u.p is None
            continue
        assert g.ci is not None
        assert g.ci[0] <= g.gap <= g.ci[1]
        assert -1.0 <= g.gap <= 1.0
        if g.p_value is not None:
            assert 0.0 <= g.p_value <= 1.0
            assert g.df is not None
            assert g.df > 0


@FAST
@given(surveys, st.lists(st.integers(0, 40), max_size=4))
def test_sums_of_chunks_add_up_to_one_pass(survey: Survey, cuts: list[int]) -> None:
    n = survey.scores.shape[0]
    edges = sorted({0, n, *(min(c, n) for c in cuts)})
    merged = Sums.zeros(2, survey.membership.shape[1])
    for start, stop in pairwise(edges):
        merged = merged + survey.sums(slice(start, stop))
    whole = survey.sums()
    for f in fields(Sums):
        np.testing.assert_allclose(
            getattr(merged, f.name), getattr(whole, f.name), rtol=1e-12, atol=1e-12
        )
    for a, b in zip(shares(_one_part(merged), 0.95), shares(_one_part(whole), 0.95), strict=True):
        for x, y in ((a.p, b.p), (a.se, b.se)):
            assert (x is None) == (y is None)
            assert x is None or y is None or math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-15)
