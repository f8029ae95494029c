"""The Spark engine (SPEC 8, ``--engine spark``, the extra ``cxgap[spark]``): a sample's parts
are read by Spark, and each partition's Arrow batches are parsed by :func:`~._parse.parse_sample`
and reduced by the function the statistics hand over (everything a pass needs, from the one
numpy reducer: :func:`cxgap.stats._pass.found`) inside ``mapInArrow``; each partition's
results are added there, and the driver adds the partitions'.

Spark runs where ``SPARK_REMOTE`` points (Spark Connect, ``sc://host:15002``), else on
``--spark-master`` (``spark://host:7077``, ``yarn``, ...; default ``local[*]``). The first,
validating pass over the parts (exclusions, invalid cells, duplicate ids) is made by the
driver, which must be able to read them; cxgap and numpy must be installed on the workers.

Spark's own output stays out of cxgap's messages: the JVM that pyspark starts writes its
lines (Java's notices, log4j's warnings) to :data:`JVM_LOG` instead of stderr, and pyspark's
warning about pandas versions (cxgap hands Spark Arrow batches, never pandas) is filtered.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from cxgap.errors import UsageError
from cxgap.load._batches import batch_table, without_empty_rows
from cxgap.load._delimiter import HEAD_CHARS, csv_delimiter
from cxgap.load._parse import parse_sample
from cxgap.load._raw import PartFiles
from cxgap.model import Codebook, LoadOptions, Sample, SampleName

JAVA_HINT = "install Java 17 (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
JVM_LOG = Path(tempfile.gettempdir()) / "cxgap-spark.log"
"""Where the JVM pyspark starts writes its own lines (replaced at each start)."""
PANDAS_NOTICE = "PySpark does not yet fully support pandas"


def spark_mapper(
    name: SampleName, parts: PartFiles, codebook: Codebook, options: LoadOptions
) -> Callable[[Callable[[Sample], object]], Iterator[object]]:
    """A function mapping ``fn`` over the sample's batches on Spark, yielding its results
    added up per partition (on the executor), one per partition."""
    charset = spark_charset(options.encoding) if parts.files[0].suffix.lower() == ".csv" else ""

    def map_batches(fn: Callable[[Sample], object]) -> Iterator[object]:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", PANDAS_NOTICE, FutureWarning)
            frame = _read(session(options.spark_master), parts, charset)
            run = _partition(name, codebook, options, fn)
            rows = frame.mapInArrow(run, "result binary").collect()
        for row in rows:
            yield pickle.loads(row["result"])

    return map_batches


def _partition(
    name: SampleName, codebook: Codebook, options: LoadOptions, fn: Callable[[Sample], object]
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        total: Any = None
        for batch in batches:
            table, _ = without_empty_rows(batch_table(batch, "spark partition", 0))
            if table.n_rows == 0:
                continue
            result = fn(parse_sample(name, table, codebook, options).sample)
            total = result if total is None else total + result
        if total is not None:  # one result per partition: its batches' results added
            yield pa.RecordBatch.from_pydict({"result": [pickle.dumps(total)]})

    return run


_SPARK_CHARSETS = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8",
    "iso8859-1": "iso-8859-1",
    "ascii": "us-ascii",
    "utf-16": "utf-16",
    "utf-16-le": "utf-16le",
    "utf-16-be": "utf-16be",
    "utf-32": "utf-32",
}
"""Python's name of an encoding -> Spark's, for the charsets Spark's CSV reader takes."""


def spark_charset(encoding: str) -> str:
    """Spark's name of ``--encoding``; one Spark does not read is refused (SPEC 8: never a
    silently different reading)."""
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError as exc:
        raise UsageError(f"unknown encoding '{encoding}'", hint="pass --encoding utf-8") from exc
    if name not in _SPARK_CHARSETS:
        raise UsageError(
            f"--encoding {encoding}: Spark reads CSV parts only in UTF-8, UTF-16, UTF-32, "
            "ISO-8859-1 (latin-1) or US-ASCII",
            hint="convert the parts to UTF-8, or read them here with --engine local",
        )
    return _SPARK_CHARSETS[name]


def _read(spark: Any, parts: PartFiles, charset: str) -> Any:
    """The parts as Spark reads them; CSV parts as the local reader reads them (SPEC 8: the
    same cells on every engine): in ``charset`` (:func:`spark_charset`), with the delimiter
    the first part's header uses, a quoted line break inside a cell."""
    files = [str(p.resolve()) for p in parts.files]
    if parts.files[0].suffix.lower() != ".csv":
        return spark.read.parquet(*files)
    with parts.files[0].open("rb") as handle:
        delimiter = csv_delimiter(handle.read(HEAD_CHARS).decode("latin-1"), files[0])
    return spark.read.csv(
        files, header=True, inferSchema=False, sep=delimiter, encoding=charset, multiLine=True
    )


def session(master: str | None) -> Any:
    """The Spark session: Spark Connect at ``SPARK_REMOTE``, else ``master`` (``local[*]``)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise UsageError(
            "--engine spark needs pyspark, which is not installed",
            hint="pip install 'cxgap[spark]'",
        ) from exc
    builder = SparkSession.builder.appName("cxgap")
    remote = os.environ.get("SPARK_REMOTE")
    try:
        if remote:
            return builder.remote(remote).getOrCreate()
        builder = (
            builder.master(master or "local[*]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
        )
        if (master or "local").startswith("local"):  # the workers run this very Python
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no warning about the host
        starting = SparkSession.getActiveSession() is None  # a JVM is started, not reused
        with warnings.catch_warnings(), _jvm_output_to(JVM_LOG) if starting else nullcontext():
            warnings.filterwarnings("ignore", PANDAS_NOTICE, FutureWarning)
            spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        return spark
    except Exception as exc:  # pyspark raises PySparkRuntimeError when Java cannot start
        raise UsageError(
            f"Spark could not start ({type(exc).__name__}: {str(exc)[:160]})",
            hint=(
                JAVA_HINT if "java" in str(exc).lower() else "check --spark-master or SPARK_REMOTE"
            )
            + f"; Spark's own log is {JVM_LOG}",
        ) from exc


@contextmanager
def _jvm_output_to(log: Path) -> Iterator[None]:
    """Point file descriptor 2 at ``log`` while pyspark starts its JVM, which keeps it as its
    stderr; cxgap's own stderr is back as soon as the session is up."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with log.open("wb") as handle:
            os.dup2(handle.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
