"""Qualtrics response exports (CSV, TSV or XLSX; choice text or numeric values).

Header rows, as Qualtrics writes them:

1. column ids (``ResponseId``, ``Q16``, ``Q3_2``; Qualtrics' own fields in English whatever the
   survey's language);
2. question texts (translated into the survey's language: ``Anfangsdatum``; a matrix row as
   ``question - statement``);
3. ``{"ImportId":"QID9"}`` (JSON; some exports write the Python dict ``{'ImportId': 'QID9'}``).

Legacy exports have two rows: ``V1, V2, ...`` over ``ResponseID, ResponseSet, ...`` for
Qualtrics' fields (named here from the second row), export tags over texts for the questions.

Responses whose ``Status`` (Response Type) is a survey test, preview or spam are left out and
counted; so are unfinished ones (``Finished`` False or 0) unless ``keep_partial``. Answer
columns whose ids repeat (the in-progress export's ``1``...``10`` per matrix) are named by
their ImportId (``QID4121_1``), else numbered; metadata columns are recognised by their ids,
ImportIds and texts (dates, status, IP address, progress, duration, recipient, location,
``_DO_``, ``TIMING_*``, browser meta info, Text iQ topics and sentiment).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence

from cxgap.load.exports._common import build, keep_rows
from cxgap.load.exports._detect import _import_row, is_legacy_v, metadata_role
from cxgap.load.exports._grid import Grid, header_cell
from cxgap.load.exports._model import Export, ExportColumn


def read_qualtrics(
    grid: Grid, display: str, *, keep_partial: bool, keep_tests: bool = False
) -> Export:
    rows = grid.head
    width = max(len(row) for row in rows)
    ids = _row(rows[0], width)
    texts = _row(rows[1], width) if len(rows) > 1 else [""] * width
    if len(rows) > 2 and _import_row(_row(rows[2], width)):
        imports = [_import_id(cell) for cell in _row(rows[2], width)]
        header_rows = 3
    else:
        imports = [""] * width
        header_rows = 2
        ids = [text if is_legacy_v(n) and text else n for n, text in zip(ids, texts, strict=True)]
    roles = [metadata_role(*column) for column in zip(ids, texts, imports, strict=True)]
    columns = grid.body(header_rows, width, [j for j, role in enumerate(roles) if role == "id"])
    keep = [j for j in range(width) if ids[j] or texts[j] or columns[j].filled().any()]
    positions = keep
    if len(keep) < width:
        ids, texts, imports = ([values[j] for j in keep] for values in (ids, texts, imports))
        columns = [columns[j] for j in keep]
    metas = [
        ExportColumn(
            name=name, text=text, role=_role(name, text, source), source=source, position=at
        )
        for name, text, source, at in zip(ids, texts, imports, positions, strict=True)
    ]
    lowered = [name.casefold() for name in ids]
    kept, left_out = keep_rows(
        len(columns[0]) if columns else 0,
        columns[lowered.index("status")] if "status" in lowered else None,
        columns[lowered.index("finished")] if "finished" in lowered else None,
        keep_partial=keep_partial,
        keep_tests=keep_tests,
    )
    return build(
        platform="qualtrics",
        display=display,
        metas=metas,
        columns=columns,
        first_row=header_rows + 1,
        kept=kept,
        left_out=left_out,
        alternates=imports,
    )


def _role(name: str, text: str, import_id: str) -> str:
    role = metadata_role(name, text, import_id)
    if role:
        return role
    if name.upper().endswith("_TEXT") or import_id.endswith("_TEXT"):
        return "free_text"
    return "?"


def _row(row: Sequence[object], width: int) -> list[str]:
    cells = [header_cell(value) for value in row]
    return cells + [""] * (width - len(cells))


def _import_id(cell: str) -> str:
    """``QID4039_DO`` from ``{"ImportId":"QID4039_DO","choiceId":"1"}`` (then ``..._DO_1``)."""
    if not cell:
        return ""
    parsed: object
    try:
        parsed = json.loads(cell)
    except ValueError:
        try:
            parsed = ast.literal_eval(cell)
        except (ValueError, SyntaxError):
            return ""
    if not isinstance(parsed, dict):
        return ""
    import_id = str(parsed.get("ImportId", ""))
    choice = parsed.get("choiceId")
    return f"{import_id}_{choice}" if choice is not None else import_id
