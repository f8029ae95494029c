"""The sample survey that every fuzz case mutates, held in memory in the forms cases start from.

``Base.load()`` reads ``sample_data/survey.xlsx`` once: its zip members (for mutations of the
bytes and the XML) and its three sheets as Python values (for the CSV, Parquet and
xlsxwriter cases, read as ``tests/test_load_formats.py`` reads them). ``customers`` cuts the
customer sheet to its first rows, in both forms alike: the in-process slice of ``make test``
uses a short sample to stay fast; ``make fuzz`` uses the whole one.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "survey.xlsx"
ROLES = ("items", "company", "customers")
SHEET_MEMBER = {
    "items": "xl/worksheets/sheet1.xml",
    "company": "xl/worksheets/sheet2.xml",
    "customers": "xl/worksheets/sheet3.xml",
}

Rows = list[list[object]]


@dataclass(frozen=True)
class Base:
    """The sample: its zip members in order, and its sheets as rows (the first the header)."""

    members: tuple[tuple[str, bytes], ...]
    tables: dict[str, Rows]

    @classmethod
    def load(cls, customers: int | None = None) -> Base:
        from python_calamine import CalamineWorkbook

        with zipfile.ZipFile(SAMPLE) as archive:
            members = [(i.filename, archive.read(i.filename)) for i in archive.infolist()]
        workbook = CalamineWorkbook.from_path(str(SAMPLE))
        try:
            tables = {name: workbook.get_sheet_by_name(name).to_python() for name in ROLES}
        finally:
            workbook.close()
        if customers is not None:
            tables["customers"] = tables["customers"][: customers + 1]
            member = SHEET_MEMBER["customers"]
            members = [
                (name, _cut_rows(data, customers + 1) if name == member else data)
                for name, data in members
            ]
        return cls(tuple(members), tables)

    def member(self, name: str) -> bytes:
        return dict(self.members)[name]

    def rows(self) -> dict[str, Rows]:
        """A fresh copy of the three tables, to mutate."""
        return {name: [list(row) for row in rows] for name, rows in self.tables.items()}


def zip_members(members: list[tuple[str, bytes]] | tuple[tuple[str, bytes], ...]) -> bytes:
    """Members written as a workbook zip (deflated, as the sample is)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore", UserWarning)  # a duplicate member is a mutation
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 31, 0, 0, 0)), data, 8)
    return buffer.getvalue()


def _cut_rows(sheet: bytes, last_row: int) -> bytes:
    """A worksheet's XML keeping rows 1..last_row (its dimension follows)."""
    cut = re.search(rb'<row r="%d"' % (last_row + 1), sheet)
    if cut is None:
        return sheet
    end = sheet.index(b"</sheetData>")
    sheet = sheet[: cut.start()] + sheet[end:]
    return re.sub(
        rb'<dimension ref="A1:([A-Z]+)\d+"/>', rb'<dimension ref="A1:\g<1>%d"/>' % last_row, sheet
    )
