"""Load a survey (a workbook or a folder of tables) into validated samples, counting exclusions.

``load_survey`` is the only entry point: it reads the three tables (:mod:`._inputs`: guarded
workbooks, CSV, Parquet), parses the codebook, classifies every item cell (SPEC section 1.3,
:mod:`._cells`) and either refuses invalid cells with one message naming them or, with
``on_invalid="exclude"``, counts them as ``invalid``.

Zip-based inputs face caps against decompression bombs (``LoadOptions.max_unpacked_mb`` and
``max_ratio``, or the environment's ``CXGAP_MAX_UNPACKED_MB`` and ``CXGAP_MAX_RATIO``; see
:mod:`._archive`), and any XML part declaring entities is refused before a reader parses it.
"""

from __future__ import annotations

from pathlib import Path

from cxgap.load._inputs import read_tables
from cxgap.load._survey import build_survey
from cxgap.model import LoadOptions, Survey

__all__ = ["load_survey"]


def load_survey(path: str | Path, options: LoadOptions | None = None) -> Survey:
    """Read and validate ``path``; raise :class:`~cxgap.errors.CxgapError` on bad input."""
    options = options or LoadOptions()
    tables, digest = read_tables(Path(path), str(path), options)
    return build_survey(str(path), digest, tables, options)
