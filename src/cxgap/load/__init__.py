"""Load a survey (a workbook, a folder of tables, or its three files given apart) into
validated samples, counting exclusions.

One way through: ``path -> detect -> Source -> tables (whole, or batches of parts) -> parse ->
Survey``.

- :mod:`._sources` finds the three tables: a workbook's sheets (:mod:`._sheets`: fastexcel
  where provably exact, else python-calamine, after the archive guard of :mod:`._xlsx`: zip
  bombs, damaged archives, entity bombs, caps in :class:`~cxgap.model.LoadOptions`), or the
  files of a folder or of ``--items/--company/--customers``, each found out once by
  :func:`~._detect.detect` (a plain table, a platform's export, or parts) and read by the one
  reader of its format: :mod:`._csv`, :mod:`._parquet`, :mod:`._sheets`, :mod:`.exports`.
- :mod:`._parse` parses the codebook (:mod:`._codebook`) and each sample: a table read whole,
  or, for parts, every batch (:mod:`._batches`) by the same :func:`~._parse.parse_sample`,
  counted by :mod:`._stream` here, or on Spark's executors by :mod:`._spark_pass` (the
  engine is chosen here). It classifies every item cell (SPEC section 1.3,
  :mod:`._classify`) and either refuses invalid cells with one message naming them or, with
  ``on_invalid="exclude"``, counts them as ``invalid``.
"""

from __future__ import annotations

from pathlib import Path

from cxgap.load._parse import ParsedSample, build_survey, parse_sample
from cxgap.load._parts import local_datasets
from cxgap.load._raw import PartFiles, RawTable
from cxgap.load._sources import read_parts, read_tables
from cxgap.load._stream import stream_sample
from cxgap.model import Codebook, LoadOptions, Parts, SampleName, Survey

__all__ = ["load_survey"]


def load_survey(source: str | Path | Parts, options: LoadOptions | None = None) -> Survey:
    """Read and validate a survey: a workbook or folder (section 1), or its three parts
    (section 5); raise :class:`~cxgap.errors.CxgapError` on bad input."""
    options = options or LoadOptions()
    if isinstance(source, Parts):
        tables, digest, warnings = read_parts(local_datasets(source, options), options)
    else:
        tables, digest, warnings = read_tables(Path(source), options)
    sent = [role for role in ("company", "customers") if isinstance(tables[role], PartFiles)]
    if options.engine == "spark" and not sent:
        warnings = (
            *warnings,
            "--engine spark: both samples were read here, as only Parquet or CSV samples go to "
            "Spark (give them as .parquet or .csv files or parts)",
        )
    return build_survey(str(source), digest, tables, options, warnings, _parse_any)


def _parse_any(
    name: SampleName, table: RawTable | PartFiles, codebook: Codebook, options: LoadOptions
) -> ParsedSample:
    """A sample read whole, or given as parts and read in batches (SPEC 8)."""
    if isinstance(table, PartFiles):
        if options.engine == "spark":  # the whole pass on the executors; imported when it runs
            from cxgap.load._spark_pass import spark_sample

            return spark_sample(name, table, codebook, options, options.batch_rows)
        return stream_sample(name, table, codebook, options, options.batch_rows)
    return parse_sample(name, table, codebook, options)
