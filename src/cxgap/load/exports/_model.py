"""The neutral object every platform reader returns: one :class:`Export` per file.

An export is a header and columns of raw cells (:class:`~cxgap.load._cells.Cells`), nothing
interpreted: a choice-text answer stays its label (``"Somewhat satisfied"``, spaces, curly
apostrophes and newlines as typed), a numeric answer stays its code, an SPSS user-missing value
stays its number, a Stata tagged missing value is the text ``".a"``. Beside each column,
:class:`ExportColumn` says what the platform says about it: its question text, its role, value
labels and the platform's own no-answer codes. Mapping labels to scale points and deciding what
a cell means is the loader's job, after reading, for every source alike.

Rows: only the kept responses are in ``columns``; ``row_numbers`` gives each one's row in the
file as a spreadsheet shows it (header rows counted; a CSV record with an embedded newline is
one row), and ``left_out`` counts the responses left out and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cxgap.load._cells import Cells
from cxgap.load._raw import RawTable

ROLES = ("answer", "metadata", "id", "weight", "free_text", "multi_choice")
"""``answer``: a question's answer (a rating, or an attribute such as a region); ``metadata``:
what the platform records about the response (dates, status, IP address, progress, duration,
recipient, location, display order, timing, browser, Text iQ); ``id``: the respondent id;
``weight``: a survey weight; ``free_text``: typed text; ``multi_choice``: one column of a
check-all-that-apply question, or its comma-joined answers."""

PLATFORMS = ("qualtrics", "surveymonkey", "spss", "stata", "google_forms", "plain")


@dataclass(frozen=True, kw_only=True)
class ExportColumn:
    """What the export says about one column."""

    name: str
    """The column's id, unique among answer columns (``Q3_2``, ``Respondent ID``, ...)."""
    text: str = ""
    """The question text (``""`` if none); SurveyMonkey: ``"question - sub-question"``."""
    role: str = "answer"
    value_labels: Mapping[float | str, str] = field(default_factory=dict)
    """Code -> label (SPSS/Stata value labels; a Stata tagged missing code is ``".a"``)."""
    missing_codes: tuple[float, ...] = ()
    """User-missing discrete values (SPSS), the platform's no-answer codes."""
    missing_ranges: tuple[tuple[float, float], ...] = ()
    """SPSS user-missing ranges, both ends included."""
    missing_texts: tuple[str, ...] = ()
    """Cell texts that are the platform's no-answer codes (Stata ``.a``...``.z``)."""
    source: str = ""
    """Where the platform keeps the column: the Qualtrics ImportId (``QID4121_1``), the SPSS
    format (``F8.2``), ``""`` if nothing."""
    position: int = 0
    """The column's 0-based position in the file (``D`` is 3), for messages."""


@dataclass(frozen=True, kw_only=True)
class Export:
    """One platform file, read: kept responses only, every cell raw."""

    platform: str
    file: str
    header: tuple[str, ...]
    """Column names, parallel to ``columns`` and ``meta``."""
    columns: tuple[Cells, ...]
    meta: tuple[ExportColumn, ...]
    row_numbers: tuple[int, ...]
    """Each kept row's row number in the file (1-based, header rows counted), for messages."""
    respondent_id: str | None
    """The id column's name, or None (rows are then numbered, with a warning)."""
    header_rows: int = 1
    """How many header rows the file has (Qualtrics 3, or 2 legacy; SurveyMonkey 2; SPSS 0)."""
    left_out: Mapping[str, int] = field(default_factory=dict)
    """Responses removed and why: ``{"unfinished": 4, "survey preview": 2, ...}``."""
    warnings: tuple[str, ...] = ()

    @property
    def n_rows(self) -> int:
        return len(self.row_numbers)

    def column(self, name: str) -> Cells:
        """The cells of the (first) column called ``name``."""
        return self.columns[self.header.index(name)]

    def info(self, name: str) -> ExportColumn:
        return self.meta[self.header.index(name)]

    def table(self) -> RawTable:
        """The export as a loader :class:`~cxgap.load._raw.RawTable`: its cells named as a
        spreadsheet shows them (``customers!S5``, as for a plain CSV: the file's column and row)."""
        return RawTable(
            file=self.file,
            sheet=Path(self.file).stem,
            header=self.header,
            columns=self.columns,
            header_row=self.header_rows,
            col_offset=tuple(m.position for m in self.meta),
            row_numbers=self.row_numbers,
            reader=self.platform,
        )

    def of_role(self, role: str) -> tuple[str, ...]:
        """Names of the columns whose role is ``role``, in file order."""
        return tuple(m.name for m in self.meta if m.role == role)
