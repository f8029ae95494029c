"""The one reducer: a sample's batches -> section 2's sums (and the customers' pair sums).

Every engine goes through here. An in-memory sample is one batch; a sample read in batches
(SPEC 8, :class:`~cxgap.model.Stream`) is many, each reduced by the same functions and the
sums added (they merge by addition, :mod:`._sums`); the Spark engine calls
:func:`batch_sums` on each partition's batches. Estimation never knows which engine ran.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cxgap.model import Item, Sample
from cxgap.stats._importance import PairSums, scored_pair_sums
from cxgap.stats._sums import FloatArray, Rescale, Sums, group_sums

BLANK_PART = "(blank)"
Split = tuple[str, list[str]]
"""A split: the attribute and the sorted names of its parts (a blank value is ``(blank)``)."""


@dataclass(frozen=True, eq=False)
class Reducer:
    """What turns a batch's scores into sums: the groups, the points and the outcome."""

    membership: FloatArray
    thresholds: FloatArray
    rescale: Rescale
    mean: bool
    weighted: bool
    outcome: int | None = None

    @classmethod
    def of(
        cls,
        items: tuple[Item, ...],
        membership: FloatArray,
        top: int,
        *,
        mean: bool,
        weighted: bool,
        outcome: int | None = None,
    ) -> Reducer:
        lo = np.array([item.scale_min for item in items])
        span = np.array([item.scale_max for item in items]) - lo
        thresholds = np.array([item.threshold(top) for item in items])
        return cls(membership, thresholds, (lo, span), mean, weighted, outcome)


def part_names(sample: Sample, attribute: str) -> list[str] | None:
    """The parts of ``attribute`` in ``sample`` (None where it has no such column)."""
    if attribute not in sample.attributes:
        return None
    values = sample.attributes[attribute] if sample.stream is None else ()
    if sample.stream is not None:
        values = sample.stream.values[attribute]
    return sorted({v or BLANK_PART for v in values})


def part_codes(batch: Sample, split: Split | None) -> tuple[npt.NDArray[np.intp], int]:
    """Each respondent's part in ``split`` (all in part 0 when unsplit) and the parts' count."""
    if split is None:
        return np.zeros(batch.size, dtype=np.intp), 1
    attribute, names = split
    index = {name: k for k, name in enumerate(names)}
    codes = [index[v or BLANK_PART] for v in batch.attributes[attribute]]
    return np.array(codes, dtype=np.intp), len(names)


def batch_sums(
    batch: Sample, reducer: Reducer, split: Split | None = None
) -> tuple[Sums, PairSums | None]:
    """One in-memory batch's sums per (part, group), and its pair sums with an outcome."""
    weights = batch.weights if reducer.weighted else np.ones(batch.size)
    codes, n_parts = part_codes(batch, split)
    if reducer.outcome is None:
        rescale = reducer.rescale if reducer.mean else None
        sums = group_sums(
            batch.scores, reducer.thresholds, weights, reducer.membership, codes, n_parts, rescale
        )
        return sums, None
    lo, span = reducer.rescale
    j = reducer.outcome
    o = (batch.scores.column(j) - lo[j]) / span[j]
    args = (o, weights, reducer.membership, codes, n_parts)
    return scored_pair_sums(batch.scores, reducer.thresholds, reducer.rescale, reducer.mean, *args)
