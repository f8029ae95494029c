"""SPSS ``.sav``/``.zsav`` and Stata ``.dta`` files, read with pyreadstat in a child process
(:mod:`._readstat`: a damaged file that crashes its C library is an error, not a crash).

Read with ``user_missing=True``, so that a user-missing value is never silently a blank: it stays
its number in the cells, and ``missing_codes`` (discrete values) or ``missing_ranges`` (SPSS
ranges ``lo THRU hi``) say it means no answer. A Stata extended missing value ``.a``...``.z``
is the text ``".a"`` in the cells and in ``missing_texts``; its label, if any, is in
``value_labels`` under ``".a"``. System-missing values are empty cells. Variable labels are the
texts; value labels are kept code -> label, and the codes stay codes (mapping them to a scale
is the codebook's job). String variables stay text, whatever they hold; date and time
variables are metadata. A Qualtrics SPSS export's ``Status`` and ``Finished`` leave out test,
preview and unfinished responses as in the CSV. ``row_numbers`` are case numbers (1 = the
first case).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cxgap.load._cells import Cells
from cxgap.load.exports._common import content_role, keep_rows, left_out_warning, no_responses
from cxgap.load.exports._detect import metadata_role
from cxgap.load.exports._model import Export, ExportColumn
from cxgap.load.exports._readstat import read_readstat

_DATE_FORMAT = re.compile(r"^(E?DATE|ADATE|JDATE|SDATE|DATETIME|YMDHMS|TIME|DTIME|%t)", re.I)


def read_spss(path: Path, display: str, *, keep_partial: bool, keep_tests: bool = False) -> Export:
    stata = path.suffix.lower() == ".dta"
    names, values, n_rows, meta = read_readstat(path, display, stata=stata)
    lowered = [name.casefold() for name in names]
    columns = [Cells.of(column) for column in values]
    kept, left_out = keep_rows(
        n_rows,
        columns[lowered.index("status")] if "status" in lowered else None,
        columns[lowered.index("finished")] if "finished" in lowered else None,
        keep_partial=keep_partial,
        keep_tests=keep_tests,
    )
    if not len(kept):
        raise no_responses(display, left_out)
    if len(kept) < n_rows:
        columns = [column.take(kept) for column in columns]
    metas = [_column(name, columns[j], meta, j) for j, name in enumerate(names)]
    ids = [m.name for m in metas if m.role == "id"]
    warnings = list(left_out_warning(display, left_out))
    if not ids:
        warnings.append(f"{display}: no respondent id variable; respondents are numbered by case")
    return Export(
        platform="stata" if stata else "spss",
        file=display,
        header=tuple(names),
        columns=tuple(columns),
        meta=tuple(metas),
        row_numbers=tuple((kept + 1).tolist()),
        header_rows=0,
        respondent_id=ids[0] if ids else None,
        left_out=left_out,
        warnings=tuple(warnings),
    )


def _column(name: str, cells: Cells, meta: Any, position: int) -> ExportColumn:
    # A damaged file's metadata can hold None where a text or a list belongs: read as nothing.
    text = (meta.column_names_to_labels or {}).get(name) or ""
    original = (meta.original_variable_types or {}).get(name) or ""
    kind = (meta.readstat_variable_types or {}).get(name) or ""
    tagged = tuple(
        f".{t}" for t in (getattr(meta, "missing_user_values", None) or {}).get(name) or []
    )
    ranges = (getattr(meta, "missing_ranges", None) or {}).get(name) or []
    codes = tuple(float(r["lo"]) for r in ranges if r["lo"] == r["hi"])
    spans = tuple((float(r["lo"]), float(r["hi"])) for r in ranges if r["lo"] != r["hi"])
    labels = _labels((meta.variable_value_labels or {}).get(name) or {})
    role = metadata_role(name, text)
    if role is None and _DATE_FORMAT.match(original):
        role = "metadata"
    if role is None:
        role = "answer" if kind != "string" and labels else content_role(cells, text)
    return ExportColumn(
        name=name,
        text=text,
        role=role,
        value_labels=labels,
        missing_codes=codes,
        missing_ranges=spans,
        missing_texts=tagged,
        source=original,
        position=position,
    )


def _labels(labels: Mapping[Any, str]) -> dict[float | str, str]:
    out: dict[float | str, str] = {}
    for code, label in labels.items():
        out[f".{code}" if isinstance(code, str) else float(code)] = str(label)
    return out
