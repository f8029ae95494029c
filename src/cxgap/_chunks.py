"""A sample's rows as chunks of :data:`CHUNK` rows: the unit every sum is computed in.

Every sum is the chunks' sums added one after the other in row order, so a sample read whole,
read in batches of any size, or read in parts on Spark's executors (which start at a part's
first row) adds up to the very same bits. This module cuts batches at the chunks' edges
(:func:`pieces`) and joins the pieces of a chunk (:func:`joined`); both the loader (Spark's
executors) and the statistics use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

import numpy as np

from cxgap._scores import Scores
from cxgap.model import Sample

CHUNK = 16_384
"""Rows per chunk."""


def pieces(batches: Iterable[Sample], start: int = 0) -> Iterator[tuple[int, Sample]]:
    """The rows of ``batches``, the first of them being row ``start`` of the sample, cut at
    every multiple of ``CHUNK``: each piece with its first row, a chunk's rows from several
    batches joined. Read from row 0, every piece is a whole chunk but the last.

    Spark's executors cut a part so, from the row where it starts in the sample: a piece
    shorter than a chunk at its edges is a chunk shared with the next or previous part."""
    held: list[Sample] = []
    at, rows = start, 0
    for batch in batches:
        done = 0
        while done < batch.size:
            take = min(CHUNK - (at + rows) % CHUNK, batch.size - done)
            whole = done == 0 and take == batch.size
            held.append(batch if whole else _rows(batch, slice(done, done + take)))
            rows, done = rows + take, done + take
            if (at + rows) % CHUNK == 0:
                yield at, joined(held)
                held, at, rows = [], at + rows, 0
    if held:
        yield at, joined(held)


def chunks(batches: Iterable[Sample]) -> Iterator[Sample]:
    """A sample's batches as its chunks of ``CHUNK`` rows (the last one shorter)."""
    return (piece for _, piece in pieces(batches))


def joined(batches: list[Sample]) -> Sample:
    """The rows of ``batches``, one after the other."""
    if len(batches) == 1:
        return batches[0]
    first = batches[0]
    return replace(
        first,
        respondent_ids=tuple(rid for b in batches for rid in b.respondent_ids),
        weights=np.concatenate([b.weights for b in batches]),
        attributes={
            name: tuple(v for b in batches for v in b.attributes[name]) for name in first.attributes
        },
        scores=Scores.joined([b.scores for b in batches]),
    )


def _rows(sample: Sample, rows: slice) -> Sample:
    return replace(
        sample,
        respondent_ids=sample.respondent_ids[rows],
        weights=sample.weights[rows],
        attributes={name: values[rows] for name, values in sample.attributes.items()},
        scores=sample.scores.take(rows),
    )
