"""A sample's parts read and reduced on Spark's executors (SPEC 8, "On a real cluster"): the
driver lists the parts, adds up one small result per part and opens none of them.

Spark hands each part to an executor whole, as bytes (``binaryFile``: one row per part, so a
part may hold at most 2 GB, Spark's limit for one value; a larger one is refused before any is
read). The executor reads the bytes with the local engine's own readers (:func:`part_tables`:
Parquet through pyarrow, CSV through the local CSV reader, so ``--encoding`` and the delimiter
rule mean what they mean locally), in the local engine's batches, and parses every batch with
:func:`~._parse.parse_sample`. So both engines see the same cells, rows numbered as in the
part, and a refused cell is named as locally (file, row, column).

- The first pass (:func:`spark_sample`) sends back one :class:`~._tally.Tally` per part and a
  row per respondent id; a ``groupBy`` on the ids finds those in two places. The driver adds
  the parts' tallies in the local engine's order (parts sorted by name) and raises the first
  failure, as the local engine would have met it.
- The sums (:func:`spark_mapper`) come back one per batch, keyed by (part, batch); the driver
  adds them in the local engine's order, so the sums are the local engine's to the last bit.
- The input's digest (:func:`spark_digest`) is the local engine's (a sha256 per part, hashed
  on the executors), so the JSON is the same on both engines.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from cxgap.errors import CxgapError, InputError, UsageError, Where
from cxgap.load import _spark
from cxgap.load._parse import ParsedSample, parse_sample
from cxgap.load._parts import PART_SUFFIXES, DatasetParts
from cxgap.load._raw import PartFiles, RawTable, header_key
from cxgap.load._spark import pandas_notice_filtered, stages_told
from cxgap.load._stream import first_pass, parsed_parts
from cxgap.load._tally import Tally
from cxgap.model import Codebook, LoadOptions, Sample, SampleName

MAX_PART_BYTES = 2**31 - 1
"""Spark's ``binaryFile`` holds a part in one value: at most 2 GB."""
SHOWN_DUPLICATES = 3
_FIRST_PASS = "key string, file int, row long, blob binary"
_RESULTS = "file int, batch int, blob binary"


@dataclass(frozen=True)
class Listed:
    """The parts as Spark lists them: their paths as Spark names them, in the local engine's
    order, and how each is named in messages (a local path as the local engine names it)."""

    paths: tuple[str, ...]
    shown: tuple[str, ...]

    def index(self) -> dict[str, int]:
        return {path_key(p): k for k, p in enumerate(self.paths)}


def path_key(uri: str) -> str:
    """A part's path without its scheme and authority (``file:/a`` and ``file:///a`` alike)."""
    return unquote(urlparse(uri).path) if "://" in uri or uri.startswith("file:") else uri


def part_uris(parts: PartFiles) -> tuple[str, ...]:
    """The parts as Spark reads them: local paths as ``file://`` URIs."""
    return tuple(p.resolve().as_uri() for p in parts.files)


def list_parts(spark: Any, parts: PartFiles) -> Listed:
    """The parts' paths and sizes from Spark's listing (no part is opened); a part above
    :data:`MAX_PART_BYTES` is refused."""
    if isinstance(parts, DatasetParts):
        return _listed_dataset(spark, parts)
    uris = part_uris(parts)
    sizes = {path_key(path): (path, size) for path, size in _sizes(spark, uris, parts.display)}
    listed = [
        (*sizes[path_key(uri)], str(file)) for uri, file in zip(uris, parts.files, strict=True)
    ]
    return _checked(listed)


def _sizes(spark: Any, uris: Sequence[str], display: str) -> list[tuple[str, int]]:
    """Each file's path (as Spark names it) and size, from Hadoop's file system listing of
    ``uris`` on the driver (a folder's files, a glob's matches): no job, no part opened."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    found: list[tuple[str, int]] = []
    for uri in uris:
        path = jvm.org.apache.hadoop.fs.Path(uri)
        statuses = path.getFileSystem(conf).globStatus(path)
        if not statuses:
            raise InputError(
                "Spark finds no such dataset",
                where=Where(display),
                hint="check the URI (file://, hdfs://, s3a://) and that the cluster can read it",
            )
        for status in statuses:
            if status.isDirectory():
                listed = status.getPath().getFileSystem(conf).listStatus(status.getPath())
                found += [(f.getPath().toString(), f.getLen()) for f in listed if f.isFile()]
            else:
                found.append((status.getPath().toString(), status.getLen()))
    return found


def _listed_dataset(spark: Any, parts: DatasetParts) -> Listed:
    """The parts of a dataset URI or catalog table, as Spark lists them: .parquet or .csv
    files (not those named ``_*`` or ``.*``), sorted by path."""
    dataset = parts.dataset
    uris: Sequence[str] = [dataset.text]
    if dataset.table is not None:
        try:
            uris = spark.table(dataset.table).inputFiles()
        except Exception as exc:  # AnalysisException: no such table
            raise InputError(
                f"Spark has no table '{dataset.table}' ({type(exc).__name__})",
                where=Where(parts.display),
                hint="name a table of Spark's catalog: spark-table:NAME or spark-table:DB.NAME",
            ) from exc
    if not uris:
        raise InputError(
            "Spark reads this table from no file cxgap can read (a view, or a JDBC table?)",
            where=Where(parts.display),
            hint="name a table stored as Parquet or CSV files, or give its folder as a URI",
        )
    found = [
        (path, size)
        for path, size in _sizes(spark, uris, parts.display)
        if Path(path_key(path)).suffix.lower() in PART_SUFFIXES
        and not Path(path_key(path)).name.startswith(("_", "."))
    ]
    kinds = {Path(path_key(path)).suffix.lower() for path, _ in found}
    if len(kinds) != 1:
        raise InputError(
            "no .parquet or .csv part here"
            if not kinds
            else "the parts mix .parquet and .csv files",
            where=Where(parts.display),
            hint="a sample given as parts is a folder, glob or table of .parquet or .csv files, "
            "in one format",
        )
    found.sort(key=lambda listed: path_key(listed[0]))
    return _checked([(path, size, _shown(path)) for path, size in found])


def _shown(path: str) -> str:
    """How a part is named in messages: a local file by its path (as the local engine names
    it), any other by its URI."""
    return path_key(path) if urlparse(path).scheme in ("", "file") else path


def _checked(listed: list[tuple[str, int, str]]) -> Listed:
    for _, size, shown in listed:
        if size > MAX_PART_BYTES:
            raise InputError(
                f"this part holds {size / 1024**3:.1f} GB: Spark hands a part to an executor "
                "whole, at most 2 GB",
                where=Where(shown),
                hint="write the sample as more, smaller parts (e.g. 128 MB to 1 GB each)",
            )
    return Listed(tuple(path for path, _, _ in listed), tuple(shown for _, _, shown in listed))


def part_tables(
    data: Any, shown: str, batch_rows: int, options: LoadOptions
) -> Iterator[tuple[RawTable, list[int]]]:
    """A part's batches, as the local engine reads them (:func:`._stream._tables`), from its
    bytes: written to the executor's scratch space under the part's own name, read there and
    named ``shown``. The one place the executor calls the local readers."""
    import tempfile

    from cxgap.load._stream import _tables

    with tempfile.TemporaryDirectory(prefix="cxgap-part-") as scratch:
        local = Path(scratch) / Path(shown).name
        with local.open("wb") as handle:
            handle.write(data)
        try:
            for table, empties in _tables(PartFiles(shown, (local,)), batch_rows, options):
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
    tallies: dict[int, tuple[Tally, str]] = {}
    twice = []
    for row in rows:
        if row["blob"] is not None:
            tallies[row["file"]] = pickle.loads(row["blob"])
        else:
            twice.append(row)
    tally = Tally()
    header = "respondent_id"
    for k in sorted(tallies):
        counted, found = tallies[k]
        tally, header = tally + counted, found or header
    tally.raise_failure()
    if twice:
        raise _duplicates(twice, listed, header or "respondent_id")
    mapper = spark_mapper(name, listed, codebook, quiet, batch_rows, spark)
    return parsed_parts(name, parts, codebook, tally, _not_here(parts.display), mapper)


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
            try:
                for table, empties in part_tables(data, listed.shown[k], batch_rows, options):
                    counted, ids = first_pass(name, table, empties, codebook, options)
                    tally = tally + counted
                    if tally.failure is not None:
                        break
                    header = _id_header(table)
                    if header and ids:
                        yield _id_rows(table, ids, k)
            except CxgapError as exc:  # a part that cannot be read
                tally = tally + Tally.failed(exc)
            blob = pickle.dumps((tally, header))
            yield _rows(key=[f"t{k}"], file=[k], row=[-1], blob=[blob])

    return run


_TYPES = {"key": "string", "file": "int32", "batch": "int32", "row": "int64", "blob": "binary"}


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
) -> Callable[[Callable[[Sample], object]], Iterator[object]]:
    """A function mapping ``fn`` over the sample's batches on the executors, yielding its
    results in the local engine's order of parts and batches."""
    index = listed.index()

    def map_batches(fn: Callable[[Sample], object]) -> Iterator[object]:
        def run(batches: Iterator[Any]) -> Iterator[Any]:
            for k, data in _parts_of(batches, index):
                tables = part_tables(data, listed.shown[k], batch_rows, options)
                for b, (table, _) in enumerate(tables):
                    result = fn(parse_sample(name, table, codebook, options).sample)
                    yield _rows(file=[k], batch=[b], blob=[pickle.dumps(result)])

        with pandas_notice_filtered():
            rows = _read(spark, listed).mapInArrow(run, _RESULTS).collect()
        for row in sorted(rows, key=lambda r: (r["file"], r["batch"])):
            yield pickle.loads(row["blob"])

    return map_batches


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


def spark_digest(parts: PartFiles, options: LoadOptions) -> list[tuple[str, str]]:
    """Each part's name and sha256, computed on the executors from the bytes Spark reads."""
    spark = _spark.session(options.spark_master)  # looked up here: tests watch it
    listed = list_parts(spark, parts)
    index = listed.index()

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import hashlib

        for k, data in _parts_of(batches, index):
            sha = hashlib.sha256(memoryview(data)).hexdigest()
            yield _rows(file=[k], sha=[sha])

    with pandas_notice_filtered():
        rows = _read(spark, listed).mapInArrow(run, "file int, sha string").collect()
    shas = sorted((r["file"], r["sha"]) for r in rows)
    return [(Path(listed.shown[k]).name, sha) for k, sha in shas]
