"""Survey-platform exports in: each platform's file read into one neutral :class:`Export`.

``read_export(path)`` detects the platform from the file itself (never from a flag:
:mod:`._detect`) and reads it with that platform's reader: :mod:`.qualtrics`,
:mod:`.surveymonkey`, :mod:`.spss` (SPSS and Stata), or :mod:`._plain` (Google Forms and plain
tables). The export keeps every cell raw (:mod:`._model`); test, preview and unfinished
responses are left out and counted. Drafting a codebook from exports is :mod:`cxgap.drafting`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cxgap.errors import CxgapError, InputError, Where
from cxgap.load._caps import Caps
from cxgap.load.exports._detect import detect
from cxgap.load.exports._grid import Grid, read_grid
from cxgap.load.exports._model import PLATFORMS, ROLES, Export, ExportColumn
from cxgap.model import LoadOptions

__all__ = ["PLATFORMS", "ROLES", "SUFFIXES", "Export", "ExportColumn", "read_export"]

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".sav", ".zsav", ".dta")


def read_export(
    path: Path,
    options: LoadOptions | None = None,
    *,
    keep_tests: bool = False,
    display: str | None = None,
) -> Export:
    """Read one export with the load ``options`` that apply to it (``encoding``,
    ``keep_partial``, and the zip-bomb caps of a workbook or an SPSS file); ``keep_tests`` keeps
    survey tests and previews (the codebook draft looks at every answer given); ``display`` names
    the file in messages (default: the path as given)."""
    options = options or LoadOptions()
    keep_partial = options.keep_partial
    shown = display or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"'{suffix or path.name}' is not an export type cxgap reads",
            where=Where(shown),
            hint="pass a CSV, TSV or XLSX export, or an SPSS .sav/.zsav or Stata .dta file",
        )
    if not path.is_file():
        raise InputError("no such file", where=Where(shown), hint="check the path")
    # Each platform's reader is imported when a file of its own is read (start-up cost: a
    # workbook's analysis needs none of them); none of them imports this package's dispatch.
    if suffix in (".sav", ".zsav", ".dta"):
        from cxgap.load.exports._readstat import MEMORY_MB
        from cxgap.load.exports._spss_caps import check_spss
        from cxgap.load.exports.spss import read_spss

        check_spss(path, shown, Caps.from_options(options))
        return read_spss(
            path,
            shown,
            keep_partial=keep_partial,
            keep_tests=keep_tests,
            # the reader's memory: 1 GiB, or more when the user raised the cap on the data
            memory_mb=max(MEMORY_MB, options.max_unpacked_mb),
        )
    grid = read_grid(path, shown, options)
    try:
        export = _read_text(grid, shown, keep_partial=keep_partial, keep_tests=keep_tests)
    except CxgapError:
        grid.check_text()  # a file not text in its encoding is refused as such first
        raise
    return replace(export, warnings=(*grid.notes, *export.warnings)) if grid.notes else export


def _read_text(grid: Grid, shown: str, *, keep_partial: bool, keep_tests: bool) -> Export:
    """The export of a CSV, TSV or workbook, by the reader of the platform its header rows
    name."""
    platform = detect(grid.head, shown)
    if platform == "qualtrics":
        from cxgap.load.exports.qualtrics import read_qualtrics

        return read_qualtrics(grid, shown, keep_partial=keep_partial, keep_tests=keep_tests)
    if platform == "surveymonkey":
        from cxgap.load.exports.surveymonkey import read_surveymonkey

        return read_surveymonkey(grid, shown)
    from cxgap.load.exports._plain import read_plain

    return read_plain(grid, shown, platform)
