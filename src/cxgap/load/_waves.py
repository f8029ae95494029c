"""The waves of a sample whose rows carry a ``wave`` column (SPEC 2.1, and SPEC 8 for parts).

The parse counts each item column's exclusions per wave (:class:`WaveRows`), so that ``cxgap
trend`` lists each wave's own. For a sample given as parts, the first pass counts, batch by
batch, each wave's respondents, the values each attribute takes among them and its
exclusions (:func:`count_waves`, kept in the pass's :class:`~._tally.Tally`); the counts of
two runs of batches add with :func:`add_waves`, in order, on either engine. ``cxgap trend``
then reads each wave as a view of the parts (:func:`cxgap.stats._waves.wave_rows` on every
batch, :meth:`cxgap.model.Stream.filtered`) whose size and split values are these counts, as a
whole file's wave subset has them. Spark's first pass keeps each part's counts apart too
(:attr:`cxgap.model.Stream.part_waves`): its executors cut a wave's chunks from where each part
starts among the wave's rows, as the local engine cuts them over the filtered batches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cxgap.load._classify import REASON_NAMES, VALID, Classified
from cxgap.model import WAVE, Exclusion, Sample, SampleName, WaveCount

KINDS = len(REASON_NAMES) + 1
"""Reason codes, VALID included (as :meth:`~._classify.Classified.counts` counts them)."""


@dataclass(frozen=True)
class WaveRows:
    """Which wave each row of a table is in: the waves (sorted) and each row's position."""

    names: tuple[str, ...]
    which: np.ndarray[Any, np.dtype[np.intp]]

    @classmethod
    def of(cls, labels: Sequence[str] | None) -> WaveRows | None:
        """The rows' waves; None without a wave column."""
        if labels is None or not len(labels):
            return None
        names, which = np.unique(np.asarray(labels, dtype=object), return_inverse=True)
        return cls(tuple(str(name) for name in names), which.reshape(-1))

    def counts(self, column: Classified, whole: Mapping[int, int]) -> dict[str, dict[int, int]]:
        """Per wave, how many of a classified column's cells have each reason code (``whole``:
        the column's, which is the one wave's when there is one)."""
        if len(self.names) == 1:
            return {self.names[0]: dict(whole)}
        cells = np.bincount(
            self.which * KINDS + column.codes, minlength=len(self.names) * KINDS
        ).reshape(len(self.names), KINDS)
        return {
            name: {code: int(cells[k, code]) for code in range(KINDS)}
            for k, name in enumerate(self.names)
        }


def exclusions_in_order(
    name: SampleName, items: Sequence[str], counts: Mapping[tuple[str, str], int]
) -> tuple[Exclusion, ...]:
    """Exclusion counts by (item, reason) in the order of the codebook's items and reasons."""
    return tuple(
        Exclusion(sample=name, item=item, reason=reason, count=counts[item, reason])
        for item in items
        for code, reason in REASON_NAMES.items()
        if code != VALID and counts.get((item, reason))
    )


def wave_exclusions(
    name: SampleName, items: Sequence[str], waves: Mapping[str, WaveCount]
) -> dict[str, tuple[Exclusion, ...]]:
    """Each wave's exclusions, from the first pass's counts."""
    return {wave: exclusions_in_order(name, items, count.counts) for wave, count in waves.items()}


def count_waves(
    sample: Sample, excluded: Mapping[str, Sequence[Exclusion]]
) -> dict[str, WaveCount]:
    """Each wave of an in-memory batch: its respondents, each attribute's values among them
    and its exclusions (``excluded``, as parsed); empty when the batch has no wave column."""
    rows = WaveRows.of(sample.attributes.get(WAVE))
    if rows is None:
        return {}
    sizes = np.bincount(rows.which, minlength=len(rows.names))
    found: list[dict[str, set[str]]] = [{} for _ in rows.names]
    for attribute, column in sample.attributes.items():
        for seen in found:
            seen[attribute] = set()
        for k, value in set(zip(rows.which.tolist(), column, strict=True)):
            found[k][attribute].add(value)
    return {
        wave: WaveCount(
            int(sizes[k]),
            {name: frozenset(seen) for name, seen in found[k].items()},
            {(e.item, e.reason): e.count for e in excluded.get(wave, ())},
        )
        for k, wave in enumerate(rows.names)
    }


def add_waves(
    first: Mapping[str, WaveCount], then: Mapping[str, WaveCount]
) -> dict[str, WaveCount]:
    """The waves of some batches and of the batches after them, counted together."""
    waves = dict(first)
    for wave, count in then.items():
        waves[wave] = waves[wave] + count if wave in waves else count
    return waves
