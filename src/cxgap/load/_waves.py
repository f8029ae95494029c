"""The waves of a sample given as parts whose rows carry a ``wave`` column (SPEC 2.1 and 8).

The first pass counts, batch by batch, each wave's respondents and the values each attribute
takes among them (:func:`count_waves`, kept in the pass's :class:`~._tally.Tally`); the
counts of two runs of batches add with :func:`add_waves`, in order, on either engine. ``cxgap
trend`` then reads each wave as a view of the parts (:func:`cxgap.stats._waves.wave_rows`)
whose size and split values are these counts, as a whole file's wave subset has them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from cxgap.model import Sample, WaveCount

WAVE = "wave"


def count_waves(sample: Sample) -> dict[str, WaveCount]:
    """Each wave of an in-memory batch: its respondents and each attribute's values among
    them; empty when the batch has no wave column."""
    labels = sample.attributes.get(WAVE)
    if labels is None or not len(labels):
        return {}
    waves, which = np.unique(np.asarray(labels, dtype=object), return_inverse=True)
    sizes = np.bincount(which, minlength=len(waves))
    found: dict[int, dict[str, set[str]]] = {k: {} for k in range(len(waves))}
    for attribute, column in sample.attributes.items():
        for k in found:
            found[k][attribute] = set()
        for k, value in set(zip(which.tolist(), column, strict=True)):
            found[k][attribute].add(value)
    return {
        str(wave): WaveCount(
            int(sizes[k]), {name: frozenset(seen) for name, seen in found[k].items()}
        )
        for k, wave in enumerate(waves)
    }


def add_waves(
    first: Mapping[str, WaveCount], then: Mapping[str, WaveCount]
) -> dict[str, WaveCount]:
    """The waves of some batches and of the batches after them, counted together."""
    waves = dict(first)
    for wave, count in then.items():
        waves[wave] = waves[wave] + count if wave in waves else count
    return waves
