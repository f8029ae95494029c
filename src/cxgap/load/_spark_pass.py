"""A sample's parts read and reduced on Spark's executors (SPEC 8, "On a real cluster"): the
driver lists the parts, adds up one small result per part and opens none of them.

Spark hands each part to an executor whole, as bytes (``binaryFile``: one row per part, so a
part may hold at most 2 GB, Spark's limit for one value; a larger one is refused before any is
read). The executor reads the bytes with the local engine's own readers (:func:`executor_tables`:
Parquet through pyarrow, CSV through the local CSV reader, so ``--encoding`` and the delimiter
rule mean what they mean locally), in the local engine's batches, and parses every batch with
:func:`~._parse.parse_sample`. So both engines see the same cells, rows numbered as in the
part, and a refused cell is named as locally (file, row, column).

- The first pass (:func:`spark_sample`) sends back one :class:`~._tally.Tally` per part (with
  its sha256, so the input's digest is the local engine's, and its rows, so the driver knows
  where each part starts in the sample) and a row per respondent id; a ``groupBy`` on the ids
  finds those in two places. The driver adds the parts' tallies in the local engine's order
  (parts sorted by name) and raises the first failure, as the local engine would have met it.
- The sums (:func:`spark_mapper`) are the local engine's chunks' (:func:`cxgap._chunks.pieces`):
  an executor reduces each chunk lying wholly in its part and sends the rows of a chunk cut by
  a part's edge (fewer than ``CHUNK`` each side); the driver joins those, reduces them, and
  yields every chunk's result in row order. So the sums, and the JSON, are the local engine's
  to the last bit (with one BLAS thread on both sides, as cxgap runs); the driver holds a
  result per chunk and a piece per part's edge, never a part. The stream's changes
  (:class:`SparkChunks`.each) are made to every batch before the chunks are cut: one that
  keeps the rows (the items of every wave), or a wave's filter with the rows it keeps in each
  part (the first pass's per-part wave counts), from which each part's start is worked out;
  a part that keeps other rows than said raises on its executor (:func:`changed`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, groupby
from pathlib import Path
from typing import Any

from cxgap._chunks import CHUNK, joined, pieces
from cxgap.errors import CxgapError, InputError, UsageError, Where
from cxgap.load import _spark
from cxgap.load._batches import part_tables
from cxgap.load._parse import ParsedSample, parse_sample
from cxgap.load._raw import PartFiles, RawTable, header_key
from cxgap.load._spark import pandas_notice_filtered, stages_told
from cxgap.load._spark_parts import Listed, list_parts, path_key
from cxgap.load._stream import first_pass, parsed_parts
from cxgap.load._tally import Tally
from cxgap.model import Codebook, LoadOptions, Sample, SampleName

SHOWN_DUPLICATES = 3
_FIRST_PASS = "key string, file int, row long, blob binary"
_RESULTS = "chunk long, row long, whole boolean, blob binary"


def executor_tables(
    data: Any, shown: str, batch_rows: int, options: LoadOptions
) -> Iterator[tuple[RawTable, list[int]]]:
    """A part's batches, as the local engine reads them (:func:`._batches.part_tables`), from its
    bytes: written to the executor's scratch space under the part's own name, read there and
    named ``shown``. The one place the executor calls the local readers."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="cxgap-part-") as scratch:
        local = Path(scratch) / Path(shown).name
        with local.open("wb") as handle:
            handle.write(data)
        try:
            for table, empties in part_tables(PartFiles(shown, (local,)), batch_rows, options):
                yield replace(table, file=shown), empties
        except CxgapError as exc:
            if exc.where.file == str(local):
                exc.where = replace(exc.where, file=shown)
            raise


def _parts_of(batches: Iterator[Any], index: dict[str, int]) -> Iterator[tuple[int, Any]]:
    """Each part of a partition: its number (in the local engine's order) and its bytes."""
    for batch in batches:
        paths, contents = batch.column("path"), batch.column("content")
        for k in range(batch.num_rows):
            yield index[path_key(paths[k].as_py())], contents[k].as_buffer()


def _read(spark: Any, listed: Listed) -> Any:
    return spark.read.format("binaryFile").load(list(listed.paths)).select("path", "content")


def spark_sample(
    name: SampleName,
    parts: PartFiles,
    codebook: Codebook,
    options: LoadOptions,
    batch_rows: int,
) -> ParsedSample:
    """The first pass over the parts on the executors: their tallies added here in order, the
    first failure raised, respondent ids in two places refused."""
    quiet = replace(options, progress=None)
    spark = _spark.session(options.spark_master)  # looked up here: tests watch it
    listed = list_parts(spark, parts)
    run = _first_pass(name, listed, codebook, quiet, batch_rows)
    with pandas_notice_filtered():
        frame = _read(spark, listed).mapInArrow(run, _FIRST_PASS)
    with stages_told(spark, options.progress, f"reading the {name} parts on Spark (tasks)"):
        rows = _grouped(frame).collect()
    tallies: dict[int, tuple[Tally, str, str]] = {}
    twice = []
    for row in rows:
        if row["blob"] is not None:
            tallies[row["file"]] = pickle.loads(row["blob"])
        else:
            twice.append(row)
    in_order = sorted(tallies)  # the local engine's order of parts
    tally = Tally()
    header = "respondent_id"
    for k in in_order:
        counted, found, _ = tallies[k]
        tally, header = tally + counted, found or header
    tally.raise_failure()
    if twice:
        raise _duplicates(twice, listed, header or "respondent_id")
    rows = tuple(tallies[k][0].size for k in in_order)
    waves = tuple({w: c.size for w, c in tallies[k][0].waves.items()} for k in in_order)
    mapper = spark_mapper(name, listed, codebook, quiet, batch_rows, spark, rows)
    parsed = parsed_parts(name, parts, codebook, tally, _not_here(parts.display), mapper, waves)
    shas = tuple((Path(listed.shown[k]).name, tallies[k][2]) for k in in_order)
    return replace(parsed, part_digests=shas)


def _grouped(frame: Any) -> Any:
    """The parts' tallies, and the respondent ids found in more than one row."""
    from pyspark.sql import functions as F

    place = F.struct("file", "row")
    return (
        frame.groupBy("key")
        .agg(
            F.count(F.lit(1)).alias("n"),
            F.min(place).alias("first"),
            F.max(place).alias("last"),
            F.first("blob", ignorenulls=True).alias("blob"),
            F.min("file").alias("file"),
        )
        .where((F.col("n") > 1) | F.col("blob").isNotNull())
    )


def _first_pass(
    name: SampleName, listed: Listed, codebook: Codebook, options: LoadOptions, batch_rows: int
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    index = listed.index()

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        for k, data in _parts_of(batches, index):
            tally, header = Tally(), ""
            sha = hashlib.sha256(memoryview(data)).hexdigest()
            try:
                for table, empties in executor_tables(data, listed.shown[k], batch_rows, options):
                    counted, ids = first_pass(name, table, empties, codebook, options)
                    tally = tally + counted
                    if tally.failure is not None:
                        break
                    header = _id_header(table)
                    if header and ids:
                        yield _id_rows(table, ids, k)
            except CxgapError as exc:  # a part that cannot be read
                tally = tally + Tally.failed(exc)
            blob = pickle.dumps((tally, header, sha))
            yield _rows(key=[f"t{k}"], file=[k], row=[-1], blob=[blob])

    return run


_TYPES = {"key": "string", "file": "int32", "chunk": "int64", "row": "int64", "whole": "bool",
          "blob": "binary"}  # fmt: skip


def _rows(**columns: list[Any]) -> Any:
    """An Arrow batch of the columns, typed as the Spark schema declares them."""
    import pyarrow as pa

    types = {name: pa.type_for_alias(_TYPES.get(name, "string")) for name in columns}
    return pa.RecordBatch.from_arrays(
        [pa.array(values, types[name]) for name, values in columns.items()],
        names=list(columns),
    )


def _id_rows(table: RawTable, ids: Sequence[str], k: int) -> Any:
    """A batch's respondent ids (keyed ``i<id>``) with their part and row numbers."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(ids)
    rows = np.array(table.row_numbers) if table.row_numbers else table.header_row + 1 + np.arange(n)
    keys = pc.binary_join_element_wise("i", pa.array(ids, pa.string()), "")
    return pa.RecordBatch.from_arrays(
        [keys, pa.array(np.full(n, k, np.int32)), pa.array(rows.astype(np.int64)),
         pa.nulls(n, pa.binary())],
        names=["key", "file", "row", "blob"],
    )  # fmt: skip


def _id_header(table: RawTable) -> str:
    return next((h for h in table.header if header_key(h) == "respondent_id"), "")


def _duplicates(rows: list[Any], listed: Listed, header: str) -> InputError:
    """The first respondent ids (in the parts' order) found in two places, named as the local
    engine names them."""
    rows = sorted(rows, key=lambda r: (r["first"]["file"], r["first"]["row"]))
    shown = rows[:SHOWN_DUPLICATES]

    def at(place: Any) -> str:
        return f"{Path(listed.shown[place['file']]).name}, row {place['row']}, column '{header}'"

    said = "; ".join(
        f"respondent_id '{r['key'][1:]}' appears {_times(r['n'])}: "
        f"{at(r['first'])} and {at(r['last'])}"
        for r in shown
    )
    more = f" (the first {len(shown)} of {len(rows)} ids)" if len(rows) > len(shown) else ""
    return InputError(
        said + more,
        where=Where(listed.shown[shown[0]["last"]["file"]]),
        hint="each respondent needs a unique id",
    )


def _times(n: int) -> str:
    return "twice" if n == 2 else f"{n} times"


def spark_mapper(
    name: SampleName,
    listed: Listed,
    codebook: Codebook,
    options: LoadOptions,
    batch_rows: int,
    spark: Any,
    rows: Sequence[int],
) -> SparkChunks:
    """The engine mapping a function over the sample's chunks of ``CHUNK`` rows (``rows``:
    each part's), yielding its results in row order."""
    return SparkChunks(name, listed, codebook, options, batch_rows, spark, tuple(rows))


Change = tuple[Callable[[Sample], Sample], tuple[int, ...] | None]
"""A change made to every batch, and None if it keeps every row, else the rows it keeps in
each part (:meth:`cxgap.model.Stream.filtered`)."""


@dataclass(frozen=True, eq=False)
class SparkChunks:
    """A function mapping ``fn`` over the sample's chunks of ``CHUNK`` rows (as its batches
    are changed, :meth:`each`), yielding its results in row order: a chunk in one part reduced
    on its executor, a chunk cut by parts' edges joined and reduced here.

    Each part's chunks are cut from the row where the part starts in the (changed) sample, so
    a change that drops rows must say how many each part keeps: the chunks are then the local
    engine's, cut over the kept rows. An executor whose part keeps another number raises."""

    name: SampleName
    listed: Listed
    codebook: Codebook
    options: LoadOptions
    batch_rows: int
    spark: Any
    rows: tuple[int, ...]
    """Each part's rows, as the first pass counted them."""
    changes: tuple[Change, ...] = ()

    def each(self, change: Callable[[Sample], Sample], rows: tuple[int, ...] | None) -> SparkChunks:
        if rows is not None and len(rows) != len(self.rows):
            raise ValueError(f"{len(rows)} parts' rows given for {len(self.rows)} parts")
        return replace(self, changes=(*self.changes, (change, rows)))

    def kept(self) -> tuple[int, ...]:
        """Each part's rows after the changes: the last filter's, or the parts' own."""
        return next((r for _, r in reversed(self.changes) if r is not None), self.rows)

    def __call__(self, fn: Callable[[Sample], object]) -> Iterator[object]:
        name, listed, codebook, options = self.name, self.listed, self.codebook, self.options
        batch_rows, changes, index = self.batch_rows, self.changes, listed.index()
        kept = self.kept()
        starts = [0, *accumulate(kept)]  # where each part starts among the kept rows
        size = starts.pop()

        def run(batches: Iterator[Any]) -> Iterator[Any]:
            for k, data in _parts_of(batches, index):
                tables = executor_tables(data, listed.shown[k], batch_rows, options)
                parsed = (parse_sample(name, t, codebook, options).sample for t, _ in tables)
                samples = changed(parsed, changes, k, listed.shown[k])
                for start, piece in pieces(samples, starts[k]):
                    whole = start % CHUNK == 0 and (
                        piece.size == CHUNK or start + piece.size == size
                    )
                    blob = pickle.dumps(fn(piece) if whole else piece)
                    yield _rows(chunk=[start // CHUNK], row=[start], whole=[whole], blob=[blob])

        with pandas_notice_filtered():
            mapped = _read(self.spark, listed).mapInArrow(run, _RESULTS).persist()
            try:
                yield from self._in_order(fn, mapped.orderBy("row").toLocalIterator())
            finally:
                mapped.unpersist()

    @staticmethod
    def _in_order(fn: Callable[[Sample], object], found: Iterator[Any]) -> Iterator[object]:
        """The chunks' results from ``found`` (sorted by row, fetched a partition at a time, so
        the driver holds a few chunks' results, not one per chunk of the sample): a whole
        chunk's as it came, a cut chunk's pieces joined and reduced here."""
        for _, same in groupby(found, key=lambda r: r["chunk"]):
            got = list(same)
            if got[0]["whole"]:
                yield pickle.loads(got[0]["blob"])
            else:  # a chunk cut by parts' edges: its pieces, in row order
                yield fn(joined([pickle.loads(r["blob"]) for r in got]))


def changed(
    batches: Iterable[Sample], changes: Sequence[Change], k: int, shown: str
) -> Iterator[Sample]:
    """Part ``k``'s batches with every change made, in order, each change's rows counted: a
    change said to keep every row that drops or adds one, or a filter that keeps another
    number of the part's rows than it said, raises (its chunks would be cut elsewhere than the
    local engine cuts them, and the sums would differ)."""
    counted = [0] * len(changes)
    for batch in batches:
        for c, (change, rows) in enumerate(changes):
            before, batch = batch.size, change(batch)
            counted[c] += batch.size
            if rows is None and batch.size != before:
                raise RuntimeError(
                    f"{shown}: a change said to keep every row left {batch.size} of {before}"
                )
        yield batch
    for c, (_, rows) in enumerate(changes):
        if rows is not None and counted[c] != rows[k]:
            raise RuntimeError(
                f"{shown}: a filter kept {counted[c]} rows of the part, "
                f"where the first pass counted {rows[k]}"
            )


def _not_here(display: str) -> Callable[[], Iterator[Sample]]:
    """The batches are never read on the driver (SPEC 8: it opens no part); what needs them
    here rather than their sums is refused."""

    def batches() -> Iterator[Sample]:
        raise UsageError(
            f"{display}: this analysis reads the respondents' rows on the driver, which "
            "--engine spark never does",
            hint="run it with --engine local",
        )

    return batches
