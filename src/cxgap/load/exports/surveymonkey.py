"""SurveyMonkey response exports (CSV or XLSX, "expanded" layout): two header rows.

Row 1 holds the question, row 2 ``Response`` (a single-answer question), ``Open-Ended
Response`` (typed text), or one cell per matrix row or per choice, the question written only
over the first of them (the cells to its right are blank). Each column is named from both rows:
``question - sub-question`` (``Please state whether you view the following characters
favorably... - Han Solo``), or the question alone under ``Response``; a column blank in both
rows is ``column D``. ``Respondent ID`` (or ``RespondentID``) is the id; collector, dates, IP
and e-mail columns are metadata; a choice column of a check-all question (its only answer is
its own sub-header) is ``multi_choice``.
"""

from __future__ import annotations

from cxgap.load.exports._common import build_every_row
from cxgap.load.exports._detect import metadata_role
from cxgap.load.exports._grid import Grid, header_cell
from cxgap.load.exports._model import Export, ExportColumn

_SINGLE = {"response", ""}
_FREE = {"open-ended response", "other (please specify)"}


def read_surveymonkey(grid: Grid, display: str) -> Export:
    rows = grid.head
    width = max(len(row) for row in rows)
    questions = [header_cell(v) for v in rows[0]] + [""] * (width - len(rows[0]))
    subs = [header_cell(v) for v in rows[1]] + [""] * (width - len(rows[1]))
    metas: list[ExportColumn] = []
    current = ""
    for question, sub in zip(questions, subs, strict=True):
        if question:
            current = question
        elif not sub:
            current = ""
        asked = question or current
        single = sub.casefold() in _SINGLE or not asked
        name = (asked or sub) if single else f"{asked} - {sub}"
        role = metadata_role(name, asked) or ("free_text" if sub.casefold() in _FREE else "?")
        metas.append(ExportColumn(name=name, text=name, role=role, position=len(metas)))
    return build_every_row(grid, 2, "surveymonkey", display, metas, subs=subs)
