"""Edge cases of the share estimator that R's survey package leaves undefined (NaN)."""

from __future__ import annotations

import numpy as np
import pytest

from cxgap.stats._estimate import Share, shares, wilson_interval
from cxgap.stats._sums import group_sums


def pooled(scores: list[list[float]], weights: list[float] | None = None) -> Share:
    matrix = np.array(scores, dtype=float)
    w = np.ones(len(matrix)) if weights is None else np.array(weights)
    sums = group_sums(matrix, np.full(matrix.shape[1], 5.0), w, np.ones((matrix.shape[1], 1)),
                      np.zeros(len(matrix), dtype=np.intp), 1)  # fmt: skip
    return shares(sums, 0.95)[0]


def test_zero_se_inside_zero_one_falls_back_to_wilson() -> None:
    # every respondent: one top-box answer out of two -> p = 0.5 and every z_i = 0
    share = pooled([[5, 1], [1, 5], [5, 2], [3, 5]])
    assert share.p == 0.5 and share.se == 0.0
    assert share.ci_method == "wilson"
    assert share.ci == pytest.approx(wilson_interval(0.5, 4, 0.95))
    assert share.n_eff is None


def test_a_single_respondent_has_no_se_and_a_wilson_interval() -> None:
    share = pooled([[5, 1]])
    assert share.se is None and share.ci_method == "wilson"
    low, high = share.ci
    assert 0 < low < 0.5 < high < 1


def test_wilson_interval_matches_prop_test() -> None:
    # R: prop.test(3, 10, correct = FALSE)$conf.int -> 0.1077913 0.6032219
    low, high = wilson_interval(0.3, 10, 0.95)
    assert low == pytest.approx(0.1077913, abs=5e-8)
    assert high == pytest.approx(0.6032219, abs=5e-8)
