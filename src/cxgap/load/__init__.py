"""Load a survey (a workbook or a folder of tables) into validated samples, counting exclusions.

One way through: ``path -> {role: RawTable} -> classify/parse -> Survey``.

- :mod:`._sources` finds the three tables (a workbook's sheets, or a folder's CSV, Parquet or
  workbook files) and reads each into a :class:`~._raw.RawTable` of columnar
  :class:`~._cells.Cells`; workbooks through :mod:`._sheets` (fastexcel where provably exact,
  else python-calamine), after the one-pass archive guard of :mod:`._xlsx` (zip bombs, damaged
  archives, entity bombs: caps in :class:`~cxgap.model.LoadOptions`).
- :mod:`._parse` parses the codebook (:mod:`._codebook`) and both samples, classifies every
  item cell (SPEC section 1.3, :mod:`._classify`) and either refuses invalid cells with one
  message naming them or, with ``on_invalid="exclude"``, counts them as ``invalid``.
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
        (tables, digest), warnings = read_tables(Path(source), options), ()
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
        return stream_sample(name, table, codebook, options, options.batch_rows)
    return parse_sample(name, table, codebook, options)
