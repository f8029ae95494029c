"""The small, frozen data model that flows through ``load -> stats -> render``."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from cxgap._dataset import Dataset
from cxgap.errors import UsageError, quote_value

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from cxgap._scores import Scores

CODEBOOK_REQUIRED = ("item", "touchpoint", "category")
CODEBOOK_COLUMNS = (
    *CODEBOOK_REQUIRED,
    "text",
    "stage",
    "scale_min",
    "scale_max",
    "top_box_min",
    "reverse",
    "missing_codes",
    "column",
    "company_column",
    "customer_column",
    "labels",
    "non_answers",
    "kind",
    "note",
    "pair",
)
"""The codebook columns SPEC 1.1 and 5 name (and ``note``, the analyst's); any other column of
``items`` is a further grouping."""
REASONS = ("blank", "non_substantive", "missing_code", "invalid")
DEFAULT_LEVELS: tuple[tuple[str, ...], ...] = (
    ("item",),
    ("touchpoint",),
    ("category",),
    ("touchpoint", "category"),
)

SampleName = Literal["company", "customers"]
Progress = Callable[[str, int, int | None], None]
"""Told how far a long load has come: ``(what, done, total)``, e.g. ``("reading customers",
250_000, 500_000)``; ``total`` is None where it is not known. Called from the loader only."""
SAMPLES: tuple[SampleName, ...] = ("company", "customers")
Kind = Literal["score", "outcome", "nps", "expectation"]
KINDS: tuple[Kind, ...] = ("score", "outcome", "nps", "expectation")
"""SPEC 5's codebook ``kind``: a rated item, an overall judgement (the outcome), a 0-10 NPS item;
SPEC 10's ``expectation``: what customers expect on the item its ``pair`` names."""
Metric = Literal["topbox", "mean"]
Quadrant = Literal["fix_first", "monitor", "strength", "aligned"]


@dataclass(frozen=True, kw_only=True)
class Item:
    """One survey item of the codebook.

    ``top_box_min`` is on the analysis scale, where higher is better: for a ``reverse`` item the
    scores are flipped (``scale_min + scale_max - x``) before the threshold applies.
    """

    id: str
    touchpoint: str
    category: str
    text: str = ""
    stage: str = ""
    scale_min: float = 1.0
    scale_max: float = 5.0
    top_box_min: float | None = None
    reverse: bool = False
    missing_codes: tuple[float, ...] = ()
    groups: Mapping[str, str] = field(default_factory=dict)
    column: str = ""
    """The item's column in both samples when it is not headed by ``id`` (SPEC 5)."""
    company_column: str = ""
    customer_column: str = ""
    labels: tuple[str, ...] = ()
    """Answer labels in scale order: ``labels[k]`` is the score ``scale_min + k``."""
    non_answers: tuple[str, ...] = ()
    """Further texts that mean "no answer" for this item (a platform's own)."""
    kind: Kind = "score"
    pair: str = ""
    """The id of the item this one is paired with (SPEC 10): an expectation's perception, or a
    perception's expectation; filled on both sides once the codebook is read."""

    def column_in(self, sample: SampleName) -> str:
        """The header of this item's column in ``sample``."""
        own = self.company_column if sample == "company" else self.customer_column
        return own or self.column or self.id

    def threshold(self, top: int) -> float:
        """Lowest analysis-scale score that counts as top box: the codebook's, else the top K."""
        if self.top_box_min is not None:
            return self.top_box_min
        return self.scale_max - top + 1

    def scale_text(self) -> str:
        return f"{_num(self.scale_min)}-{_num(self.scale_max)}"


@dataclass(frozen=True)
class Codebook:
    items: tuple[Item, ...]
    groupings: tuple[str, ...]
    """Codebook columns usable with ``--by``: touchpoint, category, stage and any extra column."""

    def index(self) -> dict[str, int]:
        return {item.id: i for i, item in enumerate(self.items)}

    def pairs(self) -> tuple[tuple[int, int], ...]:
        """SPEC 10's pairs as codebook positions ``(perception, expectation)``, in the order of
        the perceptions; a pair whose other side is not in this codebook is left out."""
        index = self.index()
        return tuple(
            (j, index[item.pair])
            for j, item in enumerate(self.items)
            if item.pair and item.kind != "expectation" and item.pair in index
        )


@dataclass(frozen=True, eq=False)
class Sample:
    """One population's validated answers.

    ``scores`` is respondents x codebook items, on the analysis scale (reverse coding applied),
    NaN wherever the cell is not a valid answer, held compactly (:class:`cxgap._scores.Scores`).
    ``present[j]`` says whether item ``j`` is a column of this sample at all.
    """

    name: SampleName
    source: str
    respondent_ids: Sequence[str]
    weights: npt.NDArray[np.float64]
    has_weights: bool
    attributes: Mapping[str, tuple[str, ...]]
    present: tuple[bool, ...]
    scores: Scores
    stream: Stream | None = None
    """Set for a sample read in batches (SPEC 8): then ``scores`` has no rows and
    ``respondent_ids`` and ``attributes``' values are empty; :meth:`batches` reads it again."""

    @property
    def size(self) -> int:
        return len(self.respondent_ids) if self.stream is None else self.stream.size

    def batches(self) -> Iterator[Sample]:
        """The sample as in-memory samples of bounded size: itself, or its stream's batches."""
        if self.stream is None:
            yield self
        else:
            yield from self.stream.batches()


@dataclass(frozen=True, eq=False)
class Stream:
    """A sample too large to hold: how to read it again batch by batch (every batch a
    validated in-memory :class:`Sample`), its size and each attribute's distinct values."""

    batches: Callable[[], Iterator[Sample]]
    size: int
    values: Mapping[str, tuple[str, ...]]
    map_batches: Mapper | None = None
    """An engine that maps a function over the sample's chunks of ``CHUNK`` rows elsewhere
    and yields its results in row order (:mod:`cxgap._chunks`: Spark reduces each chunk where
    its rows are); None: the batches are read here."""
    waves: Mapping[str, WaveCount] = field(default_factory=dict)
    """Per value of a ``wave`` column (``""``: none), its respondents, their attributes'
    values and its exclusions, as the first pass counted them; empty without a wave column."""
    part_waves: tuple[Mapping[str, int], ...] = ()
    """Each part's respondents per value of the ``wave`` column, in the parts' order, where
    the engine counted them part by part (Spark's first pass); empty otherwise."""

    def each(self, change: Callable[[Sample], Sample]) -> Stream:
        """This stream with ``change``, which keeps every row (a wave restricted to the items
        of every wave), made to every batch as it is read, here or on the engine (where a
        batch whose rows it changes is refused: the chunks would be cut elsewhere)."""
        return self._changed(change, None)

    def filtered(self, keep: Callable[[Sample], Sample], rows: Sequence[int]) -> Stream:
        """This stream with ``keep``, which keeps some of a batch's rows (a wave's), made to
        every batch as it is read. ``rows``: how many rows it keeps in each part, in the
        parts' order (:attr:`part_waves`), which an engine needs to cut the filtered rows into
        the chunks the batches read here give; a part that keeps another number is refused
        there. The caller sets the stream's ``size`` and ``values``."""
        return self._changed(keep, tuple(rows))

    def _changed(self, change: Callable[[Sample], Sample], rows: tuple[int, ...] | None) -> Stream:
        batches, mapper = self.batches, self.map_batches

        def changed() -> Iterator[Sample]:
            return map(change, batches())

        return replace(
            self,
            batches=changed,
            map_batches=None if mapper is None else mapper.each(change, rows),
        )


class Mapper(Protocol):
    """An engine mapping a function over a sample's chunks elsewhere, in row order."""

    def __call__(self, fn: Callable[[Sample], object]) -> Iterator[object]: ...

    def each(self, change: Callable[[Sample], Sample], rows: tuple[int, ...] | None) -> Mapper:
        """This engine with ``change`` made to every batch before its rows are cut into
        chunks: ``rows`` None for a change that keeps every row, else the rows it keeps in
        each part (:meth:`Stream.filtered`)."""
        ...


WAVE = "wave"
"""The attribute column naming each respondent's wave (SPEC 2.1): ``cxgap trend`` compares the
waves of one input by it."""


@dataclass(frozen=True, eq=False)
class WaveCount:
    """One wave's respondents in a sample given as parts, each attribute's values among them
    and their exclusions (SPEC 2.1 and 8); adds up over batches as the first pass's tally
    does."""

    size: int
    values: Mapping[str, frozenset[str]]
    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """Its exclusions by (item id, reason)."""

    def __add__(self, other: WaveCount) -> WaveCount:
        return WaveCount(
            self.size + other.size,
            seen_in_either(self.values, other.values),
            counted_in_both(self.counts, other.counts),
        )


def seen_in_either(
    first: Mapping[str, frozenset[str]], then: Mapping[str, frozenset[str]]
) -> dict[str, frozenset[str]]:
    """Each attribute's values seen in some batches and in the batches after them."""
    values = dict(first)
    for attribute, seen in then.items():
        values[attribute] = values.get(attribute, frozenset()) | seen
    return values


def counted_in_both(
    first: Mapping[tuple[str, str], int], then: Mapping[tuple[str, str], int]
) -> dict[tuple[str, str], int]:
    """Counts by (item id, reason) of some batches and of the batches after them, added (keys
    in the order first met)."""
    counts = dict(first)
    for key, count in then.items():
        counts[key] = counts.get(key, 0) + count
    return counts


@dataclass(frozen=True, kw_only=True)
class Exclusion:
    sample: str
    item: str
    reason: str
    count: int


@dataclass(frozen=True, eq=False)
class Survey:
    """Everything the loader read: the codebook, both samples, exclusions and warnings."""

    path: str
    sha256: str
    codebook: Codebook
    company: Sample
    customers: Sample
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]
    cells: Mapping[SampleName, int]
    """Each sample's item cells as read: respondents x the items it has, each one a valid
    answer or counted in ``exclusions``."""
    wave_exclusions: Mapping[str, tuple[Exclusion, ...]] = field(default_factory=dict)
    """Per value of a ``wave`` column: the exclusions among its respondents, as
    ``exclusions`` lists them (``cxgap trend`` on one input holding several waves)."""

    @property
    def cells_read(self) -> int:
        return sum(self.cells.values())

    def sample(self, name: SampleName) -> Sample:
        """The sample called ``name``; any other name is a bug in the caller (KeyError)."""
        if name == "company":
            return self.company
        if name == "customers":
            return self.customers
        raise KeyError(f"no sample named {name!r}: the samples are {', '.join(SAMPLES)}")


@dataclass(frozen=True, kw_only=True)
class Parts:
    """A survey given as three files (``--items``, ``--company``, ``--customers``): the codebook
    and each sample as it was exported (SPEC 5)."""

    items: Path
    company: Path | Dataset
    customers: Path | Dataset
    """A sample is a local path, or with ``--engine spark`` what Spark reads (SPEC 8)."""

    def __str__(self) -> str:
        return f"{self.items} + {self.company} + {self.customers}"


@dataclass(frozen=True, kw_only=True)
class LoadOptions:
    """How to read the input: sheet names, extra missing codes, what to do with invalid cells,
    the caps against decompression bombs, and which readers to use.

    ``reader="exact"`` reads every sheet cell by cell (python-calamine) and every Parquet column
    through Python values: slower, and by construction what the fast readers must equal.
    """

    items_sheet: str = "items"
    company_sheet: str = "company"
    customers_sheet: str = "customers"
    missing: tuple[float, ...] = ()
    on_invalid: Literal["error", "exclude"] = "error"
    encoding: str = "utf-8-sig"
    max_unpacked_mb: float = 1024.0
    """The most a zip-based workbook (or a Parquet file's data) may unpack to, in MiB."""
    max_ratio: float = 100.0
    """The most a workbook part larger than 1 MiB may unpack to, as a multiple of its size."""
    reader: Literal["fast", "exact"] = "fast"
    non_answers: tuple[str, ...] = ()
    """Texts that mean "no answer" in every item, beyond SPEC 1.3's words (``--non-answers``)."""
    weight: str = "weight"
    """The column holding the respondents' weights (``--weight``)."""
    keep_partial: bool = False
    """Keep responses an export marks unfinished (``--keep-partial``)."""
    keep_columns: tuple[str, ...] = ()
    """Export metadata columns to keep as attributes (those ``--split`` names)."""
    progress: Progress | None = field(default=None, compare=False)
    """Where the loader reports its progress (the CLI's progress bar), if anywhere."""
    stream_above_mb: float = 512.0
    """A sample's Parquet file whose data unpack to more than this (MiB) is read in batches,
    as a folder of parts always is (SPEC 8)."""
    batch_rows: int = 65_536
    """Rows per batch of a sample read in batches."""
    engine: Literal["local", "spark"] = "local"
    """Where a sample given as parts is reduced to sums (``--engine``)."""
    spark_master: str | None = None
    """The Spark master URL (``--spark-master``; default ``local[*]``, or ``SPARK_REMOTE``)."""

    def __post_init__(self) -> None:
        for name in ("max_unpacked_mb", "max_ratio"):
            value = getattr(self, name)
            if not 0 < value < math.inf:
                raise UsageError(
                    f"{name} must be a finite number above 0, not {value!r}",
                    hint=f"e.g. {name}={getattr(LoadOptions, name):g}",
                )


@dataclass(frozen=True, kw_only=True)
class Settings:
    """How to estimate: travels as one explicit parameter through the stats stage."""

    top: int = 1
    confidence: float = 0.95
    alpha: float = 0.05
    min_base: int = 30
    weighted: bool = True
    levels: tuple[tuple[str, ...], ...] = DEFAULT_LEVELS
    splits: tuple[str, ...] = ()
    metric: Metric = "topbox"
    outcome: str | None = None
    """``--outcome ITEM``; None: the codebook's item of kind ``outcome``, if any."""
    rank_by: Literal["gap", "priority"] = "gap"
    consistency: str | None = None
    """``--consistency DIM``: a codebook column or a customers' column (SPEC 9); None: off."""


@dataclass(frozen=True)
class Codes:
    """Missing codes read from text: the numbers, and the first part that is not one (if any)."""

    numbers: tuple[float, ...]
    bad: str | None = None


def parse_codes(text: str) -> Codes:
    """Missing codes as written in ``missing_codes`` or ``--missing``: numbers separated by ``;``
    (or ``,``), e.g. ``-99;99``. Stops at the first part that is no number and names it."""
    numbers = []
    for part in text.replace(",", ";").split(";"):
        if not part.strip():
            continue
        try:
            numbers.append(float(part))
        except ValueError:
            return Codes(tuple(numbers), part.strip())
    return Codes(tuple(numbers))


def _num(value: float) -> str:
    return quote_value(float(value))  # 5, 0.5, 1e+308: never 309 digits
