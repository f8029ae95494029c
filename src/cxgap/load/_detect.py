"""What one table of the input is, found once, and how it is read: the loader/parser split of
frictionless-py, and sqlite-utils' ``rows_from_file``, which says what it found.

:func:`detect` looks at a file (or folder, or glob) once and says which :class:`Source` it is:

- ``parts``: a sample given as a folder or glob of Parquet/CSV parts, or one file read in
  batches (a Parquet file above ``--stream-above-mb``; with ``--engine spark``, any Parquet or
  plain CSV sample);
- ``export``: a survey platform's export (Qualtrics, SurveyMonkey, SPSS, Stata, Google Forms:
  :mod:`.exports`), recognised from the file itself: a ``.sav``/``.zsav``/``.dta``, or a CSV
  whose header rows are a platform's; a sample given on its own (``--customers``) is read as an
  export whatever it holds, so that its cells are named by row and column;
- ``table``: a plain table read whole (CSV, Parquet, or a workbook holding one table:
  :mod:`._tables`).

The same rules hold wherever the sample comes from: a survey folder, ``--company`` /
``--customers``, or a wave of ``cxgap trend`` (which loads each wave as one of those).
:meth:`Source.read` gives the table (or the parts, which :mod:`._stream` reads in batches) and
what reading it warns of; :meth:`Source.batches` the tables one at a time: one for a table read
whole, one per batch of parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cxgap.load._batches import part_tables
from cxgap.load._parts import csv_platform, part_files, streams
from cxgap.load._raw import PartFiles, RawTable, header_key
from cxgap.load._tables import CSV_SUFFIXES, read_table
from cxgap.load.exports import SUFFIXES, read_export
from cxgap.load.exports._adapt import sample_table
from cxgap.model import LoadOptions

STATS_SUFFIXES = (".sav", ".zsav", ".dta")
"""Files that are a statistics package's export by their type alone."""


@dataclass(frozen=True)
class Source:
    """One table of the input as :func:`detect` found it."""

    kind: str
    """``parts``, ``export`` or ``table``."""
    path: Path
    role: str
    """``items``, ``company`` or ``customers``."""
    parts: PartFiles | None = None
    """The parts, for a source of kind ``parts``."""

    def read(
        self, options: LoadOptions, referenced: frozenset[str] = frozenset()
    ) -> tuple[RawTable | PartFiles, tuple[str, ...]]:
        """The table read whole (or the parts, read in batches later) and what reading it
        warns of; ``referenced``: the column names the codebook gives (folded), which an
        export keeps whatever their role."""
        if self.parts is not None:
            return self.parts, ()
        return self._whole(options, referenced)

    def batches(
        self, options: LoadOptions, referenced: frozenset[str] = frozenset()
    ) -> Iterator[RawTable]:
        """The source's tables one at a time: the table read whole, or each batch of its
        parts (:data:`~cxgap.model.LoadOptions.batch_rows` rows at most, empty rows left out)."""
        if self.parts is None:
            yield self._whole(options, referenced)[0]
            return
        for table, _ in part_tables(self.parts, options.batch_rows, options):
            yield table

    def _whole(
        self, options: LoadOptions, referenced: frozenset[str]
    ) -> tuple[RawTable, tuple[str, ...]]:
        if self.kind == "export":
            export = read_export(self.path, options)
            keep = {header_key(name) for name in options.keep_columns}
            return sample_table(export, referenced, keep), export.warnings
        return read_table(self.path, options, self.role), ()


def detect(path: Path, role: str, options: LoadOptions, *, alone: bool = False) -> Source:
    """What the file (or folder, or glob) at ``path`` holding the ``role`` table is; ``alone``:
    given on its own (``--items``, ``--company``, ``--customers``), not found in a folder."""
    if role == "items":
        return Source("table", path, role)
    given = part_files(path)
    if given is None and streams(path, options):
        given = PartFiles(str(path), (path,))
    if given is not None:
        return Source("parts", path, role, given)
    return Source("export" if _exported(path, options, alone) else "table", path, role)


def _exported(path: Path, options: LoadOptions, alone: bool) -> bool:
    """Whether a sample's file is read as a platform's export (see the module's docstring)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES or not path.is_file() or not path.stat().st_size:
        return False  # read as a table, which names what is wrong with it
    if alone or suffix in STATS_SUFFIXES:
        return True
    return suffix in CSV_SUFFIXES and csv_platform(path, options.encoding) not in (None, "plain")
