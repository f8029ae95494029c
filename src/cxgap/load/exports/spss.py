"""SPSS ``.sav``/``.zsav`` and Stata ``.dta`` files, read with pyreadstat.

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

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cxgap.errors import InputError, Where
from cxgap.load._cells import Cells
from cxgap.load.exports._common import content_role, keep_rows, left_out_warning, no_responses
from cxgap.load.exports._detect import metadata_role
from cxgap.load.exports._model import Export, ExportColumn

_DATE_FORMAT = re.compile(r"^(E?DATE|ADATE|JDATE|SDATE|DATETIME|YMDHMS|TIME|DTIME|%t)", re.I)


def read_spss(path: Path, display: str, *, keep_partial: bool, keep_tests: bool = False) -> Export:
    import pyreadstat

    stata = path.suffix.lower() == ".dta"
    reader = pyreadstat.read_dta if stata else pyreadstat.read_sav
    try:
        frame, meta = reader(str(path), user_missing=True)
    except Exception as exc:  # pyreadstat raises ReadstatError, PyreadstatError, OSError
        kind = "Stata .dta" if stata else "SPSS .sav/.zsav"
        raise InputError(
            f"not a readable {kind} file ({type(exc).__name__}: {str(exc)[:120]})",
            where=Where(display),
            hint="the file may be truncated or damaged: save or export it again",
        ) from exc
    names = [str(name) for name in frame.columns]
    types = meta.readstat_variable_types or {}
    values = [_python_values(frame[name].tolist(), types.get(name) == "string") for name in names]
    lowered = [name.casefold() for name in names]
    columns = [Cells.of(column) for column in values]
    kept, left_out = keep_rows(
        len(frame),
        columns[lowered.index("status")] if "status" in lowered else None,
        columns[lowered.index("finished")] if "finished" in lowered else None,
        keep_partial=keep_partial,
        keep_tests=keep_tests,
    )
    if not len(kept):
        raise no_responses(display, left_out)
    if len(kept) < len(frame):
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


def _python_values(column: list[Any], string: bool) -> list[object]:
    """System-missing (NaN, NaT) as None; in a numeric variable, a Stata tagged missing value
    (pyreadstat gives ``'a'``) as the text ``'.a'``."""
    out: list[object] = []
    for value in column:
        if _system_missing(value):
            out.append(None)
        elif isinstance(value, str) and not string:
            out.append(f".{value}")
        else:
            out.append(value)
    return out


def _system_missing(value: object) -> bool:
    if value is None or type(value).__name__ == "NaTType":
        return True
    return isinstance(value, float) and math.isnan(value)


def _column(name: str, cells: Cells, meta: Any, position: int) -> ExportColumn:
    text = (meta.column_names_to_labels or {}).get(name) or ""
    original = (meta.original_variable_types or {}).get(name, "")
    kind = (meta.readstat_variable_types or {}).get(name, "")
    tagged = tuple(
        f".{t}" for t in (getattr(meta, "missing_user_values", None) or {}).get(name, [])
    )
    ranges = (getattr(meta, "missing_ranges", None) or {}).get(name, [])
    codes = tuple(float(r["lo"]) for r in ranges if r["lo"] == r["hi"])
    spans = tuple((float(r["lo"]), float(r["hi"])) for r in ranges if r["lo"] != r["hi"])
    labels = _labels((meta.variable_value_labels or {}).get(name, {}))
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
