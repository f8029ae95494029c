"""Where a sample's parts are, for the Spark engine (SPEC 8): listed by Hadoop's file system on
the driver (names and sizes; no part is opened, no job runs), in the local engine's order, and
named in messages as the local engine names them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from cxgap.errors import InputError, Where
from cxgap.load._parts import PART_SUFFIXES, DatasetParts
from cxgap.load._raw import PartFiles

MAX_PART_BYTES = 2**31 - 1
"""Spark's ``binaryFile`` holds a part in one value: at most 2 GB."""


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
