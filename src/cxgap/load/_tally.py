"""What the first, validating pass over a sample given as parts counts (SPEC 8), as one
mergeable object: :meth:`Tally.of` counts one parsed batch, ``+`` adds two tallies in order.

The local engine adds its batches' tallies one by one; the Spark engine counts each part on
an executor and the driver adds the parts' tallies in the local engine's order (parts sorted
by name), so both engines count the same way: exclusions per item and reason, invalid cells
(the first ten of each item column, numbered by batch and cell so that they list as the
local engine lists them), cells, empty rows, respondents and each attribute's values (and,
with a ``wave`` column, each wave's respondents, values and exclusions: :mod:`._waves`). The
first error met stops the counting: it travels in the tally (as its class, message, place
and hint, which pickle on any Python) and is raised where the tallies are added up.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from cxgap import errors
from cxgap._scores import Scores
from cxgap.errors import CxgapError, InputError, Where
from cxgap.load._parse import SHOWN_INVALID, InvalidCell, ParsedSample
from cxgap.load._raw import RawTable
from cxgap.load._waves import add_waves, count_waves, exclusions_in_order
from cxgap.model import (
    Exclusion,
    Sample,
    SampleName,
    WaveCount,
    counted_in_both,
    seen_in_either,
)

CELL_ORDER = 4096
"""Cells of a batch are ordered by row * CELL_ORDER + column (as the in-memory path's)."""


@dataclass(frozen=True)
class Failure:
    """A :class:`~cxgap.errors.CxgapError` as data: raised again where tallies are added."""

    kind: str
    message: str
    where: Where
    hint: str | None

    @classmethod
    def of(cls, exc: CxgapError) -> Failure:
        return cls(type(exc).__name__, exc.message, exc.where, exc.hint)

    def error(self) -> CxgapError:
        kind = getattr(errors, self.kind, InputError)
        return kind(self.message, where=self.where, hint=self.hint)


@dataclass(frozen=True, eq=False)
class Tally:
    """The first pass's counts over some consecutive batches of a sample."""

    batches: int = 0
    size: int = 0
    cells: int = 0
    invalid_total: int = 0
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    """Exclusions by (item id, reason), in the order first met."""
    invalid: dict[int, tuple[InvalidCell, ...]] = field(default_factory=dict)
    """The first invalid cells of each item column (by its position), ordered by
    (batch, row * CELL_ORDER + column)."""
    values: dict[str, frozenset[str]] = field(default_factory=dict)
    waves: dict[str, WaveCount] = field(default_factory=dict)
    """Per value of a ``wave`` column, its respondents, attributes' values and exclusions."""
    empty_rows: tuple[int, ...] = ()
    shape: Sample | None = None
    """The first batch's sample without its rows: the columns every batch must have."""
    shape_file: str = ""
    failure: Failure | None = None

    @classmethod
    def of(cls, parsed: ParsedSample, table: RawTable, empty_rows: list[int]) -> Tally:
        """One batch's tally: ``parsed`` from ``table``, whose empty rows were ``empty_rows``."""
        sample = parsed.sample
        invalid: dict[int, tuple[InvalidCell, ...]] = {}
        for cell in parsed.invalid:
            kept = invalid.get(cell.order[1], ())
            if len(kept) < SHOWN_INVALID:
                order = (0, cell.order[0] * CELL_ORDER + cell.order[1])
                invalid[cell.order[1]] = (*kept, replace(cell, order=order))
        return cls(
            batches=1,
            size=sample.size,
            cells=parsed.cells,
            invalid_total=parsed.invalid_total,
            counts={(e.item, e.reason): e.count for e in parsed.exclusions},
            invalid=invalid,
            values={k: frozenset(v) for k, v in sample.attributes.items()},
            waves=count_waves(sample, parsed.by_wave),
            empty_rows=tuple(empty_rows),
            shape=without_rows(sample),
            shape_file=table.file,
        )

    @classmethod
    def failed(cls, exc: CxgapError) -> Tally:
        return cls(failure=Failure.of(exc))

    def __add__(self, other: Tally) -> Tally:
        """These batches' counts, then ``other``'s (which come after them)."""
        if self.failure is not None:
            return self
        failure = other.failure or _unlike(self, other)
        invalid = dict(self.invalid)
        for column, cells in other.invalid.items():
            later = tuple(replace(c, order=(c.order[0] + self.batches, c.order[1])) for c in cells)
            invalid[column] = (*invalid.get(column, ()), *later)[:SHOWN_INVALID]
        return Tally(
            batches=self.batches + other.batches,
            size=self.size + other.size,
            cells=self.cells + other.cells,
            invalid_total=self.invalid_total + other.invalid_total,
            counts=counted_in_both(self.counts, other.counts),
            invalid=invalid,
            values=seen_in_either(self.values, other.values),
            waves=add_waves(self.waves, other.waves),
            empty_rows=self.empty_rows + other.empty_rows,
            shape=self.shape or other.shape,
            shape_file=self.shape_file or other.shape_file,
            failure=failure,
        )

    def raise_failure(self) -> None:
        if self.failure is not None:
            raise self.failure.error()

    def exclusions(self, name: SampleName, items: tuple[str, ...]) -> tuple[Exclusion, ...]:
        """The exclusion counts in the order of the codebook's items and of the reasons."""
        return exclusions_in_order(name, items, self.counts)

    def invalid_cells(self) -> tuple[InvalidCell, ...]:
        return tuple(cell for kept in self.invalid.values() for cell in kept)


def without_rows(sample: Sample) -> Sample:
    """``sample`` with its columns but none of its rows."""
    return replace(
        sample,
        respondent_ids=(),
        weights=np.ones(0),
        attributes=dict.fromkeys(sample.attributes, ()),
        scores=Scores.of(np.empty((0, len(sample.present)))),
    )


def _unlike(tally: Tally, other: Tally) -> Failure | None:
    """Every part has the first part's item columns, weights and attributes."""
    a, b = tally.shape, other.shape
    if a is None or b is None:
        return None
    if (
        a.present != b.present
        or a.has_weights != b.has_weights
        or set(a.attributes) != set(b.attributes)
    ):
        return Failure.of(
            InputError(
                "this part's columns differ from the first part's",
                where=Where(other.shape_file),
                hint="give every part of a sample the same columns",
            )
        )
    return None
