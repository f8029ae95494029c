"""One pass over a sample: every sum an analysis needs from it, from one read of its batches.

An analysis needs a sample's sums unsplit, per ``--split`` attribute (with the customers' pair
sums when there is an outcome) and for its NPS items. :class:`Needs` lists them, :func:`found`
reduces one batch to all of them at once (:class:`Found`, which merges by addition as the sums
themselves do) and :func:`one_pass` reads the sample once: batch by batch here, or mapped by
its engine (Spark: one job for everything). A sample given as parts (SPEC 8) is so read once
for its sums, however many splits and NPS items; an in-memory sample is the one-batch case.

Each reduction is the one reducer's (:func:`~._reduce.batch_sums`, :func:`~._means.nps_sums`)
over the sample's chunks of ``CHUNK`` rows (:func:`cxgap._chunks.chunks`), whatever batches it is
read in, and the chunks' results are added one after the other in row order, as each reduction
of a sample read whole adds its chunks (:func:`~._sums.in_order`): so the sums are the same to
the last bit read whole, in batches of any size, or on Spark's executors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from cxgap._chunks import chunks
from cxgap.model import Sample
from cxgap.stats._cross import CrossNeed, CrossSums, cross_sums
from cxgap.stats._importance import PairSums
from cxgap.stats._means import NpsSums, nps_sums
from cxgap.stats._reduce import Reducer, Split, batch_sums
from cxgap.stats._sums import Sums, ordered


@dataclass(frozen=True, eq=False)
class Needs:
    """What one sample's pass computes: the groups' sums (and pair sums, with the reducer's
    outcome) per split, ``None`` being the whole sample; and the sums of the NPS items."""

    reducer: Reducer
    splits: tuple[Split | None, ...] = (None,)
    nps: tuple[int, ...] = ()
    """Codebook positions of the NPS items (none: no NPS sums)."""
    cross: CrossNeed | None = None
    """The cross-products of ``--consistency`` over a codebook column (SPEC 9), if any."""


@dataclass(frozen=True, eq=False)
class Found:
    """A pass's results: per split of :class:`Needs` its sums and pair sums (None without an
    outcome), and the NPS items' sums (None without NPS items)."""

    splits: tuple[Split | None, ...]
    sums: tuple[Sums, ...]
    pairs: tuple[PairSums | None, ...]
    nps: NpsSums | None
    cross: CrossSums | None = None

    def of(self, split: Split | None) -> tuple[Sums, PairSums | None]:
        """The sums and pair sums of ``split`` (None: of the whole sample)."""
        k = self.splits.index(split)
        return self.sums[k], self.pairs[k]

    def __add__(self, other: Found) -> Found:
        return Found(
            self.splits,
            tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
            tuple(
                None if a is None or b is None else a + b
                for a, b in zip(self.pairs, other.pairs, strict=True)
            ),
            None if self.nps is None or other.nps is None else self.nps + other.nps,
            None if self.cross is None or other.cross is None else self.cross + other.cross,
        )

    @classmethod
    def zeros(cls, needs: Needs) -> Found:
        groups = needs.reducer.membership.shape[1]
        parts = [1 if split is None else len(split[1]) for split in needs.splits]
        return cls(
            needs.splits,
            tuple(Sums.zeros(n, groups) for n in parts),
            tuple(
                None if needs.reducer.outcome is None else PairSums.zeros(n, groups) for n in parts
            ),
            NpsSums.zeros(len(needs.nps)) if needs.nps else None,
            None if needs.cross is None else CrossSums.zeros(needs.cross.sizes),
        )


def found(batch: Sample, needs: Needs) -> Found:
    """One in-memory batch reduced to everything ``needs`` lists."""
    each = [batch_sums(batch, needs.reducer, split) for split in needs.splits]
    nps = None
    if needs.nps:
        weights = batch.weights if needs.reducer.weighted else np.ones(batch.size)
        nps = nps_sums(batch.scores.select(needs.nps).dense(), weights)
    sums = tuple(sums for sums, _ in each)
    cross = None if needs.cross is None else cross_sums(batch, needs.reducer, needs.cross)
    return Found(needs.splits, sums, tuple(pairs for _, pairs in each), nps, cross)


def one_pass(sample: Sample, needs: Needs) -> Found:
    """Everything ``needs`` lists over the whole sample, from one read of its batches (or one
    job of its engine): every chunk's results added in row order."""
    reduce = partial(found, needs=needs)
    stream = sample.stream
    if stream is not None and stream.map_batches is not None:
        results = stream.map_batches(reduce)
    else:
        results = ordered(reduce, chunks(sample.batches()))
    total = Found.zeros(needs)
    for result in results:
        if not isinstance(result, Found):
            raise TypeError(f"an engine returned {type(result).__name__}, not the pass's sums")
        total = total + result
    return total
