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

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from cxgap.errors import CxgapError, InputError, Where
from cxgap.load._batches import part_tables
from cxgap.load._parse import ParsedSample, parse_sample
from cxgap.load._raw import PartFiles, RawTable, header_key
from cxgap.load._tally import Tally
from cxgap.load._waves import wave_exclusions
from cxgap.model import Codebook, LoadOptions, Mapper, Sample, SampleName, Stream

BATCH_ROWS = 65_536


def stream_sample(
    name: SampleName,
    parts: PartFiles,
    codebook: Codebook,
    options: LoadOptions,
    batch_rows: int = BATCH_ROWS,
) -> ParsedSample:
    """Validate and count a sample given as parts, here; its rows are read again when needed
    (with ``--engine spark``, :func:`._spark_pass.spark_sample` makes the same pass on the
    executors: the caller chooses)."""
    quiet = replace(options, progress=None)
    tally = Tally()
    hashes: list[np.ndarray[Any, np.dtype[np.int64]]] = []
    has_ids = False
    for table, empties in part_tables(parts, batch_rows, options):
        counted, ids = first_pass(name, table, empties, codebook, quiet)
        tally = tally + counted
        tally.raise_failure()
        if options.progress is not None:  # the rows checked so far (how many in all is unknown)
            options.progress(f"reading the {name} parts", tally.size, None)
        has_ids = "respondent_id" in {header_key(h) for h in table.header}
        if has_ids:
            hashes.append(np.array([hash(r) for r in ids], np.int64))
    if has_ids and hashes:
        every = np.concatenate(hashes)
        hashes.clear()  # 8 bytes per respondent, held once
        _refuse_duplicates(every, parts, batch_rows, options)
    return parsed_parts(
        name, parts, codebook, tally, local_stream(name, parts, codebook, options, batch_rows)
    )


def first_pass(
    name: SampleName, table: RawTable, empties: list[int], codebook: Codebook, options: LoadOptions
) -> tuple[Tally, Sequence[str]]:
    """One batch's tally (its failure, if it is refused) and its respondent ids, on either
    engine."""
    try:
        parsed = parse_sample(name, table, codebook, options)
        if parsed.rescaled:  # each batch would be rescaled by its own largest weight
            raise InputError(
                "weights of 2**64 (1.8e19) or more, or all below 2**-64, in a sample given as "
                "parts",
                where=Where(table.file),
                hint="weights count only relative to each other: divide them all by the same "
                "number, or read the sample as one file",
            )
    except CxgapError as exc:
        return Tally.failed(exc), ()
    return Tally.of(parsed, table, empties), parsed.sample.respondent_ids


def no_respondents(name: SampleName, display: str) -> InputError:
    return InputError(
        "the parts have a header but no respondents",
        where=Where(display),
        hint=f"add one row per respondent to the {name} parts",
    )


def local_stream(
    name: SampleName, parts: PartFiles, codebook: Codebook, options: LoadOptions, batch_rows: int
) -> Callable[[], Iterator[Sample]]:
    """The parts read again here, batch by batch."""
    quiet = replace(options, progress=None)

    def batches() -> Iterator[Sample]:
        for table, _ in part_tables(parts, batch_rows, quiet):
            yield parse_sample(name, table, codebook, quiet).sample

    return batches


def parsed_parts(
    name: SampleName,
    parts: PartFiles,
    codebook: Codebook,
    tally: Tally,
    batches: Callable[[], Iterator[Sample]],
    mapper: Mapper | None = None,
    part_waves: tuple[Mapping[str, int], ...] = (),
) -> ParsedSample:
    """The sample of a first pass's ``tally``, read again by ``batches`` (or ``mapper``);
    ``part_waves``: each part's respondents per wave, where the engine counted them per part."""
    if tally.shape is None:
        raise no_respondents(name, parts.display)
    stream = Stream(
        batches=batches,
        size=tally.size,
        values={k: tuple(sorted(v)) for k, v in tally.values.items()},
        map_batches=mapper,
        waves=tally.waves,
        part_waves=part_waves,
    )
    sample = replace(tally.shape, source=parts.display, stream=stream)
    items = tuple(item.id for item in codebook.items)
    return ParsedSample(
        sample,
        tally.exclusions(name, items),
        tally.invalid_cells(),
        tally.invalid_total,
        tally.cells,
        tally.empty_rows,
        by_wave=wave_exclusions(name, items, tally.waves),
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
