"""The compact score store (``cxgap._scores``), the classifier's by-entry path and the sums
that read them: each must give exactly what the dense, cell-by-cell way gives."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxgap._scores import ScoreColumn, Scores
from cxgap.load._cells import Cells
from cxgap.load._classify import Answers, _classified, classify
from cxgap.model import Item
from cxgap.stats import _sums
from cxgap.stats._sums import CHUNK, Layout, Sums, group_sums, part_matrix, sums_of

FloatArray = npt.NDArray[np.float64]
SOME = settings(max_examples=60, deadline=None)


def same_floats(a: FloatArray, b: FloatArray) -> bool:
    """Equal to the bit: NaN where NaN, and the sign of every zero."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool((a.view(np.int64) == b.view(np.int64)).all())


floats = st.one_of(
    st.integers(-3, 12).map(float),
    st.sampled_from([np.nan, -0.0, 0.0, 2.5, 1e300, -1e300, 254.0, 300.0]),
)


@SOME
@given(values=st.lists(floats, max_size=40), repeat=st.sampled_from([1, 20]))
def test_a_column_holds_its_scores_exactly(values: list[float], repeat: int) -> None:
    scores = np.array(values * repeat, dtype=np.float64)
    column = ScoreColumn.of(scores)
    assert len(column) == len(scores)
    assert np.array_equal(column.dense(), scores, equal_nan=True)
    assert same_floats(np.nan_to_num(column.dense(), nan=7.0), np.nan_to_num(scores, nan=7.0))


def test_a_rating_scale_is_held_in_a_byte_per_answer() -> None:
    scores = np.array([1.0, 5.0, np.nan, 3.0] * 1000)
    column = ScoreColumn.of(scores)
    assert column.codes is not None and column.codes.dtype == np.uint8
    assert ScoreColumn.of(np.array([0.5, 1.0] * 200)).codes is None  # not integers: as they are
    assert ScoreColumn.of(np.array([0.0, 255.0] * 200)).codes is None  # 256 points: too many
    assert ScoreColumn.of(np.array([-0.0, 1.0] * 200)).codes is None  # -0.0 keeps its sign
    assert ScoreColumn.of(np.array([1.0, 2.0] * 100)).codes is None  # too few to code
    assert ScoreColumn.missing(4).codes is not None and ScoreColumn.missing(4).codes.strides == (0,)


matrices = st.integers(0, 2**32 - 1).map(
    lambda seed: np.where(
        np.random.default_rng(seed).random((400, 4)) < 0.3,
        np.nan,
        np.random.default_rng(seed + 1).integers(1, 6, (400, 4)).astype(float)
        + np.array([0.0, 0.0, 0.5, 300.0]),  # coded, coded, kept as they are, coded from 301
    )
)


@SOME
@given(matrix=matrices, cut=st.integers(0, 400))
def test_scores_take_select_join_and_chunk_as_a_matrix_would(matrix: FloatArray, cut: int) -> None:
    scores = Scores.of(matrix)
    assert [column.codes is not None for column in scores.columns] == [True, True, False, True]
    assert scores.shape == matrix.shape
    assert np.array_equal(scores.dense(), matrix, equal_nan=True)
    mask = np.arange(400) % 3 == 0
    assert np.array_equal(scores.take(mask).dense(), matrix[mask], equal_nan=True)
    assert np.array_equal(scores.take(slice(cut, None)).dense(), matrix[cut:], equal_nan=True)
    assert np.array_equal(scores.select([3, 0]).dense(), matrix[:, [3, 0]], equal_nan=True)
    joined = Scores.joined([scores.take(slice(0, cut)), scores.take(slice(cut, None))])
    assert np.array_equal(joined.dense(), matrix, equal_nan=True)
    assert np.array_equal(scores.chunk(slice(cut, cut + 5)), matrix[cut : cut + 5], equal_nan=True)
    doubled = scores.map(lambda values, j: values * 2 + j)
    assert np.array_equal(doubled.dense(), matrix * 2 + np.arange(4), equal_nan=True)


TEXTS = [
    "1", " 2 ", "3", "4.0", "5", "6", "-99", "Don't know", "N/A", "na", "", "   ", "abc",
    "Very satisfied", "satisfied", "Dissatisfied", "\u00a0", "Sorta",
]  # fmt: skip


@SOME
@given(
    picks=st.lists(st.integers(-1, len(TEXTS) - 1), min_size=1, max_size=60),
    reverse=st.booleans(),
    labelled=st.booleans(),
)
def test_a_text_column_classified_by_entry_is_the_cell_by_cell_result(
    picks: list[int], reverse: bool, labelled: bool
) -> None:
    values = [None if k < 0 else TEXTS[k] for k in picks] * 3  # repeats: the by-entry path
    labels = ("Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied")
    item = Item(
        id="q",
        touchpoint="t",
        category="c",
        reverse=reverse,
        missing_codes=(-99.0,),
        labels=labels if labelled else (),
    )
    cells = Cells.of(values)
    answers = Answers(non_answers=("sorta",))
    fast = classify(cells, item, answers)
    slow = _classified(cells, item, answers)
    assert fast.column.codes is not None or len(cells.texts) * 2 + 2 >= len(cells)
    np.testing.assert_array_equal(fast.codes, slow.reasons)
    assert same_floats(np.nan_to_num(fast.scores, nan=-7.0), np.nan_to_num(slow.values, nan=-7.0))
    assert fast.why == slow.whys
    expected = {code: int(np.count_nonzero(slow.reasons == code)) for code in range(5)}
    assert fast.counts() == expected


def _dense_sums(survey: _Survey, membership: FloatArray) -> Sums:
    """The sums as they were made before :class:`Layout`: every group from its respondents'
    totals, chunk by chunk."""
    total = Sums.zeros(2, membership.shape[1])
    for start in range(0, len(survey.matrix), CHUNK):
        rows = slice(start, start + CHUNK)
        chunk = survey.matrix[rows]
        valid = (~np.isnan(chunk)).astype(np.float64)
        points = np.where(np.isnan(chunk), 0.0, (chunk - 1.0) / 4.0) if survey.mean else (
            (chunk >= 4.0).astype(np.float64)
        )  # fmt: skip
        count = part_matrix(survey.parts[rows], 2)
        total = total + sums_of(
            valid @ membership, points @ membership, count, survey.weights[rows]
        )
    return total


class _Survey:
    def __init__(self, seed: int, n: int, mean: bool) -> None:
        rng = np.random.default_rng(seed)
        self.matrix = rng.integers(1, 6, (n, 5)).astype(float)
        self.matrix[rng.random((n, 5)) < 0.3] = np.nan
        self.weights = rng.uniform(0.2, 3.0, n)
        self.parts = rng.integers(-1, 2, n).astype(np.intp)
        self.mean = mean

    def sums(self, membership: FloatArray) -> Sums:
        rescale = (np.ones(5), np.full(5, 4.0)) if self.mean else None
        return group_sums(
            Scores.of(self.matrix),
            np.full(5, 4.0),
            self.weights,
            membership,
            self.parts,
            2,
            rescale,
        )


MEMBERSHIP = np.hstack(
    [
        np.eye(5),  # the items: a group of one each
        np.array([[1, 1, 0, 0, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 1], [0, 0, 0, 1, 0]]).T,
        np.zeros((5, 1)),  # a group of no item
    ]
)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 40_000), mean=st.booleans())
def test_groups_of_one_item_sum_as_every_group_did(seed: int, n: int, mean: bool) -> None:
    survey = _Survey(seed, n, mean)
    layout = Layout.of(MEMBERSHIP)
    assert layout.single.tolist() == [0, 1, 2, 3, 4, 8]
    found, dense = survey.sums(MEMBERSHIP), _dense_sums(survey, MEMBERSHIP)
    for f in fields(Sums):
        a, b = getattr(found, f.name), getattr(dense, f.name)
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-9, err_msg=f.name)
    np.testing.assert_array_equal(found.n, dense.n)
    np.testing.assert_array_equal(found.responses, dense.responses)


def test_threads_change_no_bit_of_the_sums(monkeypatch: pytest.MonkeyPatch) -> None:
    survey = _Survey(7, 5 * CHUNK + 123, mean=True)
    two = survey.sums(MEMBERSHIP)
    monkeypatch.setattr(_sums, "THREADS", 1)
    one = survey.sums(MEMBERSHIP)
    for f in fields(Sums):
        assert same_floats(getattr(one, f.name), getattr(two, f.name)), f.name
