"""Where a sample is given as parts (SPEC 8): a folder or glob of Parquet/CSV files, or one
Parquet file too large to read whole; and the digests of the input's files."""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from cxgap._dataset import Dataset
from cxgap.errors import CxgapError, InputError, UsageError, Where
from cxgap.load._csv import first_rows, sniff, text_encoding
from cxgap.load._parquet import unpacked_size
from cxgap.load._raw import PartFiles, RawTable
from cxgap.load.exports._detect import detect
from cxgap.load.exports._grid import HEAD
from cxgap.model import LoadOptions, Parts

PART_SUFFIXES = (".parquet", ".csv")
PartDigests = Callable[[PartFiles], list[tuple[str, str]]]
"""Each part's name and sha256."""


def part_files(given: Path) -> PartFiles | None:
    """The parts of a sample given as a folder or a glob (sorted by name); None for a file."""
    text = str(given)
    if given.is_dir():
        files = sorted(p for p in given.iterdir() if p.is_file() and _is_part(p))
    elif any(c in text for c in "*?[") and not given.exists():
        files = sorted(Path(p) for p in glob.glob(text) if Path(p).is_file() and _is_part(Path(p)))
    else:
        return None
    if not files:
        raise InputError(
            "no .parquet or .csv part here",
            where=Where(text),
            hint="a sample given as parts is a folder or glob of .parquet or .csv files",
        )
    kinds = {p.suffix.lower() for p in files}
    if len(kinds) > 1:
        raise InputError(
            "the parts mix .parquet and .csv files",
            where=Where(text),
            hint="give the parts of one sample in one format",
        )
    return PartFiles(display=text, files=tuple(files))


def _is_part(path: Path) -> bool:
    return path.suffix.lower() in PART_SUFFIXES and not path.name.startswith((".", "_"))


def streams(file: Path, options: LoadOptions) -> bool:
    """Whether a sample's file is read in batches: a Parquet file whose data exceed
    ``stream_above_mb``; with ``--engine spark``, any Parquet file or plain CSV table (a
    platform's CSV export is read here: Spark would take its header rows for responses)."""
    if not file.is_file() or not file.stat().st_size:
        return False
    if options.engine == "spark" and file.suffix.lower() in PART_SUFFIXES:
        return file.suffix.lower() == ".parquet" or csv_platform(file, options.encoding) == "plain"
    if file.suffix.lower() != ".parquet":
        return False
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(file)
    except Exception:  # a broken file: read_parquet names it
        return False
    return bool(unpacked_size(meta) > options.stream_above_mb * 1024**2)


def csv_platform(file: Path, encoding: str) -> str | None:
    """Which platform's layout a CSV's first rows have (``plain``: one header row); None where
    they cannot be read (the reader then names why)."""
    with file.open("rb") as handle:
        head = handle.read(1 << 16)
    try:
        delimiter = sniff(head, str(file), encoding)
        text = head.decode(text_encoding(head, encoding), errors="replace")
        rows = first_rows(text, delimiter, str(file), HEAD)
        return detect(rows, str(file)) if rows else None
    except (CxgapError, LookupError):
        return None


def digest_of(
    table: RawTable | PartFiles, file: Path | None, shas: PartDigests | None = None
) -> str:
    """A table's file's sha256; for parts, of their names and digests, each part's from
    ``shas`` (default: hashed here; with ``--engine spark``, on the executors, to the same
    digest, in Spark's first pass: :mod:`._spark_pass`); so is a dataset (``file`` None)."""
    if not isinstance(table, PartFiles):
        return sha256(file or Path(table.file))
    shas = shas or part_digests
    named = shas(table)
    if (file is not None and table.files == (file,)) or _names_a_file(table, named):
        return named[0][1]
    digest = hashlib.sha256()
    for name, sha in named:
        digest.update(f"{name}:{sha}\n".encode())
    return digest.hexdigest()


def _names_a_file(table: PartFiles, named: list[tuple[str, str]]) -> bool:
    """Whether a dataset is one file (a URI ending in its name), hashed as a file given by
    its path is."""
    if not isinstance(table, DatasetParts) or len(named) != 1:
        return False
    return table.dataset.text.rstrip("/").endswith("/" + named[0][0])


def part_digests(parts: PartFiles) -> list[tuple[str, str]]:
    return [(p.name, sha256(p)) for p in parts.files]


@dataclass(frozen=True, kw_only=True)
class DatasetParts(PartFiles):
    """A sample given as what Spark reads (a dataset URI, ``spark-table:NAME``): its parts are
    listed by Spark (:mod:`._spark_pass`), never here."""

    dataset: Dataset


def sample_parts(given: Path | Dataset) -> PartFiles | None:
    """A sample option's parts: a folder or glob (:func:`part_files`), or a dataset; None
    for a file."""
    if isinstance(given, Dataset):
        return DatasetParts(display=str(given), files=(), dataset=given)
    return part_files(given)


def local_datasets(parts: Parts, options: LoadOptions) -> Parts:
    """``parts`` as the local engine reads them: a ``file://`` URI as its path; any other
    dataset is refused (exit 2), naming ``--engine spark``."""
    if options.engine == "spark":
        return parts
    samples = {}
    for role in ("company", "customers"):
        given = getattr(parts, role)
        if isinstance(given, Dataset):
            local = given.local_path()
            if local is None:
                raise UsageError(
                    f"--{role} {given}: the local engine reads local files only",
                    hint="pass --engine spark (with --spark-master or SPARK_REMOTE) to read it "
                    "where the cluster reads it",
                )
            samples[role] = local
    return replace(parts, **samples) if samples else parts


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
