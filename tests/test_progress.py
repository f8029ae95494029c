"""Long loads tell how far they are: rows of the total where the total is known, on stderr, only
on a terminal, never with --quiet or in a pipe."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from cxgap.commands._common import loading
from cxgap.load import load_survey
from cxgap.model import LoadOptions
from load_builders import csv_folder, tables

Event = tuple[str, int, "int | None"]


def listened(path: Path, options: LoadOptions | None = None) -> list[Event]:
    events: list[Event] = []
    load_survey(path, replace(options or LoadOptions(), progress=lambda *e: events.append(e)))
    return events


def big_workbook(path: Path, rows: int) -> Path:
    """The tables, the customers ``rows`` long, as xlsxwriter writes them in constant memory
    (inline strings, rows in order). xlsxwriter writes the header; the rows' XML, in its very
    form, is written here: cell by cell through xlsxwriter it cost 1.5 s of CPU."""
    import re
    import shutil
    import zipfile

    import xlsxwriter

    first = path.with_suffix(".head.xlsx")
    book = xlsxwriter.Workbook(str(first), {"constant_memory": True})
    for name, content in tables().items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(
            [["respondent_id", "q1", "q2"]] if name == "customers" else content
        ):
            sheet.write_row(r, 0, row)
    book.close()
    customers = f"xl/worksheets/sheet{list(tables()).index('customers') + 1}.xml"
    text = '<c r="{}{}" t="inlineStr"><is><t>{}</t></is></c>'.format
    number = '<c r="{}{}"><v>{}</v></c>'.format
    data = "".join(
        f'<row r="{r + 1}">{text("A", r + 1, f"C{r}")}{number("B", r + 1, 1 + r % 5)}'
        + (text("C", r + 1, "N/A") if r % 7 else number("C", r + 1, 4))
        + "</row>"
        for r in range(1, rows + 1)
    )
    with zipfile.ZipFile(first) as head, zipfile.ZipFile(path, "w") as out:
        for info in head.infolist():
            with head.open(info) as member, out.open(info, "w") as copy:
                if info.filename != customers:
                    shutil.copyfileobj(member, copy)
                    continue
                sheet = member.read().decode("utf-8")
                sheet = re.sub(
                    r'<dimension ref="A1:C1"/>', f'<dimension ref="A1:C{rows + 1}"/>', sheet
                )
                copy.write(sheet.replace("</sheetData>", data + "</sheetData>").encode("utf-8"))
    first.unlink()
    return path


def test_a_large_workbook_tells_rows_read_of_its_dimension(
    tmp_path: Path,
) -> None:
    events = listened(big_workbook(tmp_path / "big.xlsx", 60_000))
    checking = [e for e in events if e[0] == "reading big.xlsx"]  # the scan beside fastexcel
    assert len(checking) > 3  # one per MiB of the sheet's XML
    assert {total for _, _, total in checking} == {60_000}
    done = [d for _, d, _ in checking]
    assert done == sorted(done) and 0 < done[0] < done[-1] <= 60_000
    classifying = [e for e in events if e[0] == "classifying customers"]
    assert classifying == [("classifying customers", 0, 2), ("classifying customers", 1, 2)]


def test_csv_and_parquet_tell_rows_read(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [("respondent_id", "q1", "q2")] + [(f"C{i}", 4, 5) for i in range(120_000)]
    folder = csv_folder(tmp_path / "drop", tables(customers=rows))
    events = listened(folder)
    csv_events = [e for e in events if e[0] == "reading customers.csv"]
    assert csv_events[0] == ("reading customers.csv", 50_000, 120_000)
    assert csv_events[-1] == ("reading customers.csv", 120_000, 120_000)
    (folder / "customers.csv").unlink()
    data = pa.table({"respondent_id": [f"C{i}" for i in range(25_000)], "q1": [4] * 25_000})
    pq.write_table(data, folder / "customers.parquet", row_group_size=10_000)
    parquet = [e for e in listened(folder) if e[0] == "reading customers.parquet"]
    assert parquet == [
        ("reading customers.parquet", 10_000, 25_000),
        ("reading customers.parquet", 20_000, 25_000),
        ("reading customers.parquet", 25_000, 25_000),
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_drawn_on_a_terminal_only_and_never_with_quiet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
    with loading(quiet=False) as told:
        assert told is not None
        told("checking survey.xlsx", 250_000, 500_000)
    drawn = terminal.getvalue()
    assert "checking survey.xlsx" in drawn and "250,000 of 500,000 rows" in drawn
    with loading(quiet=True) as told:
        assert told is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with loading(quiet=False) as told:
        assert told is None
