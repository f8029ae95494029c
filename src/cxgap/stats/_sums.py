"""Sufficient sums per group: everything the estimators need, and they merge by addition.

For respondent *i* with weight *w_i*, *m_i* valid answers in group *g* and *y_i* of them top box,
let ``a_i = w_i m_i`` and ``b_i = w_i y_i``. Per group (and per part of a split) we keep
``n`` (respondents with m_i > 0), ``responses`` (Σm), Σw, Σw², Σa, Σb, Σa², Σab and Σb².
The share ``p = Σb/Σa`` and the linearised variance
``Σz² = (Σb² - 2pΣab + p²Σa²) / (Σa)²`` follow from them, so sums from chunks of respondents,
files or machines add up to exactly what one pass gives (SPEC section 2).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from itertools import islice
from typing import Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from cxgap._chunks import CHUNK
from cxgap._scores import Scores, length

FloatArray = npt.NDArray[np.float64]
THREADS = 2
"""Threads summing chunks at once: two keep both cores of a small machine busy; more gain
little, the chunks' products being bound by memory."""


@dataclass(frozen=True, eq=False)
class Sums:
    """Sufficient sums, each an array of shape (parts, groups)."""

    n: FloatArray
    responses: FloatArray
    sw: FloatArray
    sww: FloatArray
    sa: FloatArray
    sb: FloatArray
    saa: FloatArray
    sab: FloatArray
    sbb: FloatArray

    def __add__(self, other: Sums) -> Sums:
        return Sums(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @classmethod
    def zeros(cls, parts: int, groups: int) -> Sums:
        return cls(*(np.zeros((parts, groups)) for _ in fields(cls)))

    def part(self, index: int) -> Sums:
        """One part's sums, keeping the (1, groups) shape."""
        return Sums(*(getattr(self, f.name)[index : index + 1] for f in fields(self)))

    def columns(self, start: int, stop: int) -> Sums:
        """The sums of groups ``start`` to ``stop`` (one level of several side by side)."""
        return Sums(*(getattr(self, f.name)[:, start:stop] for f in fields(self)))


Rescale = tuple[FloatArray, FloatArray]
"""Per item ``(scale_min, scale_max - scale_min)``: an answer's points are then
``(score - scale_min) / span``, 0-1 (the mean metric of SPEC section 6)."""


def group_sums(
    scores: Scores | FloatArray,
    thresholds: FloatArray,
    weights: FloatArray,
    membership: FloatArray,
    parts: npt.NDArray[np.intp],
    n_parts: int,
    rescale: Rescale | None = None,
) -> Sums:
    """Sums for every (part, group), in chunks of respondents merged by addition.

    ``scores`` is respondents x items (NaN = no valid answer), ``membership`` items x groups
    (1 where the item belongs to the group), ``parts`` each respondent's part (-1: none).
    An answer's points *y* are 1 at or above its item's threshold, else 0 (top box); with
    ``rescale`` they are the answer rescaled to 0-1 instead (the mean metric), so that
    ``p = Σb/Σa`` is the mean and the same ``Σz²`` its linearised variance.
    """
    valid, points = answer_points(as_scores(scores), thresholds, rescale)
    layout = Layout.of(membership)
    items = valid.shape[1]

    def chunk(rows: slice) -> Sums:
        answers = np.empty((3 * items, length(valid.n, rows))).T
        v = valid.chunk(rows, out=answers[:, :items])
        y = points.chunk(rows, out=answers[:, items : 2 * items])
        if rescale is not None:  # top-box points are 0 or 1: their squares are themselves
            np.multiply(y, y, out=answers[:, 2 * items :])
        else:
            answers = answers[:, : 2 * items]
        count = part_matrix(parts[rows], n_parts)
        return layout.sums(answers, v, y, count, weights[rows])

    return in_order(chunk, valid.n, Sums.zeros(n_parts, membership.shape[1]))


@dataclass(frozen=True, eq=False)
class Layout:
    """Where a membership's groups get their sums: a group of one item from that item's own
    sums (its *m* is the item's answer count, 0 or 1, so ``m² = m`` and ``m y = y``, and the
    sums are linear in the answers: one product for all items), every other group from its
    respondents' totals (:func:`sums_of`)."""

    groups: int
    single: npt.NDArray[np.intp]
    """The groups of one item ..."""
    item: npt.NDArray[np.intp]
    """... and that item."""
    pooled: npt.NDArray[np.intp]
    pooled_membership: FloatArray

    @classmethod
    def of(cls, membership: FloatArray) -> Layout:
        ones = (membership == 1.0).sum(axis=0)
        single = np.flatnonzero((ones == 1) & ((membership != 0).sum(axis=0) == 1))
        pooled = np.setdiff1d(np.arange(membership.shape[1]), single)
        item = membership[:, single].argmax(axis=0)
        return cls(membership.shape[1], single, item, pooled, membership[:, pooled])

    def sums(
        self, answers: FloatArray, v: FloatArray, y: FloatArray, count: FloatArray, w: FloatArray
    ) -> Sums:
        """One chunk's sums of every group: ``answers`` holds the chunk's ``v`` (1 where an
        answer is valid), its points ``y`` and, for the mean metric, their squares, side by
        side; ``count`` is the parts x respondents indicator and ``w`` the weights."""
        parts = count.shape[0]
        out = Sums.zeros(parts, self.groups)
        if len(self.single):
            by_w = count * w
            per_item = np.vstack([count, by_w, by_w * w]) @ answers
            k = v.shape[1]
            block = [per_item[i * parts : (i + 1) * parts] for i in range(3)]
            plain, weighted, squared = (b[:, self.item] for b in block)
            weighted_y, squared_y = (b[:, k + self.item] for b in block[1:])
            squared_yy = block[2][:, 2 * k + self.item] if answers.shape[1] > 2 * k else squared_y
            for name, value in (
                ("n", plain),
                ("responses", plain),
                ("sw", weighted),
                ("sww", squared),
                ("sa", weighted),
                ("sb", weighted_y),
                ("saa", squared),
                ("sab", squared_y),
                ("sbb", squared_yy),
            ):
                getattr(out, name)[:, self.single] = value
        if len(self.pooled):
            m = v @ self.pooled_membership
            pooled = sums_of(m, y @ self.pooled_membership, count, w)
            for f in fields(Sums):
                getattr(out, f.name)[:, self.pooled] = getattr(pooled, f.name)
        return out


def as_scores(scores: Scores | FloatArray) -> Scores:
    """Scores given as a respondents x items matrix, or already as :class:`Scores`."""
    return scores if isinstance(scores, Scores) else Scores.wrap(scores)


def answer_points(
    scores: Scores, thresholds: FloatArray, rescale: Rescale | None
) -> tuple[Scores, Scores]:
    """Each answer's count (1 where valid, else 0) and its :func:`points`."""
    return scores.map(lambda values, j: ~np.isnan(values)), points(scores, thresholds, rescale)


def points(scores: Scores, thresholds: FloatArray, rescale: Rescale | None) -> Scores:
    """Each answer's points: 1 at or above its item's threshold (top box), or with ``rescale``
    the answer rescaled to 0-1; 0 where not valid. Worked out once per distinct score of each
    coded column."""
    if rescale is None:
        return scores.map(lambda values, j: values >= thresholds[j])
    low, span = rescale
    return scores.map(
        lambda values, j: np.where(np.isnan(values), 0.0, (values - low[j]) / span[j])
    )


T = TypeVar("T", bound="Addable")
A = TypeVar("A")
B = TypeVar("B")


class Addable(Protocol):
    def __add__(self: T, other: T, /) -> T: ...


def in_order(chunk: Callable[[slice], T], n: int, zero: T) -> T:
    """``zero`` plus the sums of every chunk of ``CHUNK`` rows of ``n``, added in row order.

    The chunks are summed by up to two threads at once (:func:`ordered`), but added one after
    the other in row order, so the total is the same to the last bit however many threads
    ran."""
    total = zero
    for more in ordered(chunk, (slice(start, start + CHUNK) for start in range(0, n, CHUNK))):
        total = total + more
    return total


def ordered(function: Callable[[A], B], items: Iterable[A]) -> Iterator[B]:
    """``function`` of every item, in the items' order, computed by up to :data:`THREADS`
    threads at once (numpy leaves the interpreter while it multiplies); a few items ahead
    are read, never all of them (the items may be a sample's batches, read from disk)."""
    items = iter(items)
    head = list(islice(items, 2))
    if len(head) < 2:
        yield from map(function, head)
        return
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        pending = deque(pool.submit(function, item) for item in head)
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) > THREADS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def sums_of(m: FloatArray, y: FloatArray, count: FloatArray, weights: FloatArray) -> Sums:
    """The sums from respondents x groups ``m`` (answers) and ``y`` (points), ``count`` the
    parts x respondents indicator and ``weights`` the respondents' weights."""
    in_group = (m > 0).astype(np.float64)
    by_w = count * weights
    by_w2 = by_w * weights
    return Sums(
        n=count @ in_group,
        responses=count @ m,
        sw=by_w @ in_group,
        sww=by_w2 @ in_group,
        sa=by_w @ m,
        sb=by_w @ y,
        saa=by_w2 @ (m * m),
        sab=by_w2 @ (m * y),
        sbb=by_w2 @ (y * y),
    )


def part_matrix(parts: npt.NDArray[np.intp], n_parts: int) -> FloatArray:
    """Parts x respondents: 1 where the respondent is in the part (a part of -1 is in none)."""
    keep = parts >= 0
    count = np.zeros((n_parts, len(parts)))
    count[parts[keep], np.flatnonzero(keep)] = 1.0
    return count
