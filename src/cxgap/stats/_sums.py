"""Sufficient sums per group: everything the estimators need, and they merge by addition.

For respondent *i* with weight *w_i*, *m_i* valid answers in group *g* and *y_i* of them top box,
let ``a_i = w_i m_i`` and ``b_i = w_i y_i``. Per group (and per part of a split) we keep
``n`` (respondents with m_i > 0), ``responses`` (Σm), Σw, Σw², Σa, Σb, Σa², Σab and Σb².
The share ``p = Σb/Σa`` and the linearised variance
``Σz² = (Σb² - 2pΣab + p²Σa²) / (Σa)²`` follow from them, so sums from chunks of respondents,
files or machines add up to exactly what one pass gives (SPEC section 2).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
CHUNK = 16_384


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
    scores: FloatArray,
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
    total = Sums.zeros(n_parts, membership.shape[1])
    for start in range(0, len(scores), CHUNK):
        stop = start + CHUNK
        total = total + _chunk_sums(
            scores[start:stop],
            thresholds,
            weights[start:stop],
            membership,
            parts[start:stop],
            n_parts,
            rescale,
        )
    return total


def _chunk_sums(
    scores: FloatArray,
    thresholds: FloatArray,
    weights: FloatArray,
    membership: FloatArray,
    parts: npt.NDArray[np.intp],
    n_parts: int,
    rescale: Rescale | None,
) -> Sums:
    """One chunk's sums as products of three part matrices: the part indicator (for n and
    responses), the same weighted by w (Σw, Σa = Σw·m, Σb = Σw·y) and by w² (Σw², Σa², Σab,
    Σb²); so the weights never multiply a respondents x groups array."""
    valid = ~np.isnan(scores)
    m = valid.astype(np.float64) @ membership
    points = (
        (scores >= thresholds).astype(np.float64)
        if rescale is None
        else np.where(valid, (scores - rescale[0]) / rescale[1], 0.0)
    )
    return sums_of(m, points @ membership, part_matrix(parts, n_parts), weights)


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
