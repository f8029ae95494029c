"""A sample given as parts (a folder or glob of Parquet/CSV files, or one large Parquet file),
read in record batches so that memory is set by the batch, not by the data (SPEC 8).

Each batch is a :class:`~._raw.RawTable` of its own, parsed and classified by the very
:func:`~._parse.parse_sample` of the in-memory path, its rows numbered as in the whole file
(``part-003.parquet, row 17, column 'q07'``, as a platform export's cells are named).

A first pass validates every part and counts exclusions, invalid cells, empty rows,
respondents and each attribute's distinct values. A ``respondent_id`` in two batches is found
from a 64-bit hash per respondent (8 bytes each), then named by a second look at the parts.
The sample it returns holds no rows: its :class:`~cxgap.model.Stream` reads the parts again,
batch by batch, whenever the statistics need its sums.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from cxgap._scores import Scores
from cxgap.errors import InputError, Where
from cxgap.load._batches import part_tables
from cxgap.load._classify import REASON_NAMES, VALID
from cxgap.load._parse import InvalidCell, ParsedSample, parse_sample
from cxgap.load._raw import PartFiles, RawTable, header_key
from cxgap.model import Codebook, Exclusion, LoadOptions, Sample, SampleName, Stream

BATCH_ROWS = 65_536
MapBatches = Callable[[Callable[[Sample], object]], Iterator[object]]
"""An engine's map over a sample's batches (:attr:`~cxgap.model.Stream.map_batches`)."""


@dataclass
class _Tally:
    """What the first pass counts, in bounded memory (but for the attributes' values)."""

    size: int = 0
    cells: int = 0
    invalid_total: int = 0
    first: ParsedSample | None = None
    values: dict[str, set[str]] = field(default_factory=dict)
    hashes: list[np.ndarray[Any, np.dtype[np.int64]]] = field(default_factory=list)


def stream_sample(
    name: SampleName,
    parts: PartFiles,
    codebook: Codebook,
    options: LoadOptions,
    batch_rows: int = BATCH_ROWS,
    map_batches: MapBatches | None = None,
) -> ParsedSample:
    """Validate and count a sample given as parts; its rows are read again when needed, here
    or, with ``map_batches`` (an engine's, chosen by the caller), by that engine."""
    quiet = replace(options, progress=None)
    tally = _Tally()
    counts = np.zeros((len(codebook.items), len(REASON_NAMES) + 1), dtype=np.int64)
    index = codebook.index()
    invalid: dict[int, list[InvalidCell]] = {}
    empty_rows: list[int] = []
    has_ids = False
    for k, (table, empties) in enumerate(part_tables(parts, batch_rows, options)):
        empty_rows += empties
        parsed = parse_sample(name, table, codebook, quiet)
        if parsed.rescaled:  # each batch would be rescaled by its own largest weight
            raise InputError(
                "weights of 2**64 (1.8e19) or more, or all below 2**-64, in a sample given as "
                "parts",
                where=Where(table.file),
                hint="weights count only relative to each other: divide them all by the same "
                "number, or read the sample as one file",
            )
        _check_like(tally.first, parsed, table)
        tally.first = tally.first or parsed
        sample = parsed.sample
        tally.size += sample.size
        if options.progress is not None:  # the rows checked so far (how many in all is unknown)
            options.progress(f"reading the {name} parts", tally.size, None)
        tally.cells += parsed.cells
        tally.invalid_total += parsed.invalid_total
        for e in parsed.exclusions:
            counts[index[e.item], _code(e.reason)] += e.count
        for cell in parsed.invalid:
            kept = invalid.setdefault(cell.order[1], [])
            if len(kept) < 10:
                kept.append(replace(cell, order=(k, cell.order[0] * 4096 + cell.order[1])))
        for attribute, values in sample.attributes.items():
            tally.values.setdefault(attribute, set()).update(values)
        has_ids = "respondent_id" in {header_key(h) for h in table.header}
        if has_ids:
            tally.hashes.append(np.array([hash(r) for r in sample.respondent_ids], np.int64))
    if tally.first is None:
        raise InputError(
            "the parts have a header but no respondents",
            where=Where(parts.display),
            hint=f"add one row per respondent to the {name} parts",
        )
    if has_ids and tally.hashes:
        hashes = np.concatenate(tally.hashes)
        tally.hashes.clear()  # 8 bytes per respondent, held once
        _refuse_duplicates(hashes, parts, batch_rows, options)
    first = tally.first.sample
    return _parsed(
        name,
        parts,
        codebook,
        options,
        batch_rows,
        first,
        tally,
        counts,
        invalid,
        empty_rows,
        map_batches,
    )


def _parsed(
    name: SampleName,
    parts: PartFiles,
    codebook: Codebook,
    options: LoadOptions,
    batch_rows: int,
    first: Sample,
    tally: _Tally,
    counts: np.ndarray[Any, np.dtype[np.int64]],
    invalid: dict[int, list[InvalidCell]],
    empty_rows: list[int],
    map_batches: MapBatches | None,
) -> ParsedSample:
    quiet = replace(options, progress=None)

    def batches() -> Iterator[Sample]:
        for table, _ in part_tables(parts, batch_rows, quiet):
            yield parse_sample(name, table, codebook, quiet).sample

    stream = Stream(
        batches=batches,
        size=tally.size,
        values={k: tuple(sorted(v)) for k, v in tally.values.items()},
        map_batches=map_batches,
    )
    sample = replace(
        first,
        source=parts.display,
        respondent_ids=(),
        weights=np.ones(0),
        attributes=dict.fromkeys(first.attributes, ()),
        scores=Scores.of(np.empty((0, len(codebook.items)))),
        stream=stream,
    )
    exclusions = tuple(
        Exclusion(sample=name, item=item.id, reason=reason, count=int(counts[i, code]))
        for i, item in enumerate(codebook.items)
        for code, reason in REASON_NAMES.items()
        if code != VALID and counts[i, code]
    )
    cells = tuple(c for kept in invalid.values() for c in kept)
    return ParsedSample(
        sample, exclusions, cells, tally.invalid_total, tally.cells, tuple(empty_rows)
    )


def _code(reason: str) -> int:
    return next(code for code, name in REASON_NAMES.items() if name == reason)


def _check_like(first: ParsedSample | None, parsed: ParsedSample, table: RawTable) -> None:
    """Every part has the first part's item columns, weights and attributes."""
    if first is None:
        return
    a, b = first.sample, parsed.sample
    if (
        a.present != b.present
        or a.has_weights != b.has_weights
        or set(a.attributes) != set(b.attributes)
    ):
        raise InputError(
            "this part's columns differ from the first part's",
            where=Where(table.file),
            hint="give every part of a sample the same columns",
        )


def _refuse_duplicates(
    hashes: np.ndarray[Any, np.dtype[np.int64]],
    parts: PartFiles,
    batch_rows: int,
    options: LoadOptions,
) -> None:
    """A respondent_id in two batches is an input error naming both places; a 64-bit hash
    per respondent finds candidates, a second look at the parts confirms and names them."""
    hashes.sort()  # in place: no second copy
    twice = set(hashes[1:][hashes[1:] == hashes[:-1]].tolist())
    if not twice:
        return
    seen: dict[str, str] = {}
    for table, _ in part_tables(parts, batch_rows, replace(options, progress=None)):
        col = [header_key(h) for h in table.header].index("respondent_id")
        for row, rid in enumerate(table.columns[col].labels()):
            if hash(rid) not in twice:
                continue
            here = f"{Path(table.file).name}, {table.cell(row, col)}"
            if rid in seen:
                raise InputError(
                    f"respondent_id '{rid}' appears twice: {seen[rid]} and {here}",
                    where=Where(table.file),
                    hint="each respondent needs a unique id",
                )
            seen[rid] = here
