"""The same export as each file type a platform writes (CSV, UTF-16 TSV, XLSX) reads the same."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from cxgap.load.exports import read_export
from cxgap.model import LoadOptions

ROOT = Path(__file__).resolve().parents[1]
QUALTRICS = ROOT / "sample_data" / "exports" / "customers_qualtrics.csv"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _quoted(path: Path, rows: list[list[str]]) -> Path:
    """The rows as a CSV with every cell quoted (as some exports write them)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(rows)
    return path


def _texts(values: list[object]) -> list[str]:
    """Cells as text, a workbook's whole numbers as the CSV writes them (100.0 as 100)."""
    shown = []
    for value in values:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        shown.append("" if value is None else str(value))
    return shown


def test_qualtrics_tsv_in_utf16_reads_as_the_csv(tmp_path: Path) -> None:
    rows = _rows(QUALTRICS)[:40]
    tsv = tmp_path / "customers.tsv"
    tsv.write_bytes("\r\n".join("\t".join(row) for row in rows).encode("utf-16"))
    csv_path = _quoted(tmp_path / "customers.csv", rows)
    a, b = read_export(tsv), read_export(csv_path)
    assert a.platform == b.platform == "qualtrics"
    assert a.header == b.header and a.row_numbers == b.row_numbers
    assert dict(a.left_out) == dict(b.left_out) == {"survey preview": 1, "unfinished": 1}
    for x, y in zip(a.columns, b.columns, strict=True):
        assert list(x) == list(y)


def test_qualtrics_xlsx_reads_as_the_csv(tmp_path: Path) -> None:
    rows = _rows(QUALTRICS)[:60]
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([float(c) if c.replace(".", "", 1).isdigit() else c for c in row])
    book.save(tmp_path / "customers.xlsx")
    book.close()
    _quoted(tmp_path / "customers.csv", rows)
    a = read_export(tmp_path / "customers.xlsx")
    b = read_export(tmp_path / "customers.csv")
    assert a.platform == "qualtrics" and a.header == b.header
    assert a.row_numbers == b.row_numbers == (5, *range(6, 15), *range(16, 61))
    assert dict(a.left_out) == {"survey preview": 1, "unfinished": 1}
    for x, y in zip(a.columns, b.columns, strict=True):
        assert _texts(list(x)) == list(y)


def test_surveymonkey_with_only_matrix_questions_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "sm.csv"
    path.write_text(
        "Respondent ID,Collector ID,How do you rate us?,\n"
        ",,Speed,Courtesy\n"
        "101,7,Very satisfied,Satisfied\n",
        encoding="utf-8",
    )
    export = read_export(path)
    assert export.platform == "surveymonkey" and export.respondent_id == "Respondent ID"
    assert export.header[2:] == ("How do you rate us? - Speed", "How do you rate us? - Courtesy")
    assert export.info("Collector ID").role == "metadata"


def test_a_small_pilot_of_distinct_labels_is_no_free_text(tmp_path: Path) -> None:
    labels = [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ]
    path = tmp_path / "pilot.csv"
    path.write_text(
        "respondent_id,q1,comment\n"
        + "".join(
            f"r{i},{label},This is my own long comment number {i} about it\n"
            for i, label in enumerate(labels)
        ),
        encoding="utf-8",
    )
    export = read_export(path)
    assert export.platform == "plain"
    assert export.info("q1").role == "answer"
    assert export.info("comment").role == "free_text"


def test_a_qualtrics_spss_export_leaves_out_tests_and_unfinished(tmp_path: Path) -> None:
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(
        {
            "ResponseId": ["R_1", "R_2", "R_3", "R_4"],
            "Status": [0.0, 1.0, 2.0, 0.0],
            "Finished": [1.0, 1.0, 1.0, 0.0],
            "Q1": [5.0, 4.0, 3.0, 2.0],
        }
    )
    pyreadstat.write_sav(
        frame,
        str(tmp_path / "q.sav"),
        variable_value_labels={"Status": {0: "IP Address", 1: "Survey Preview", 2: "Survey Test"}},
    )
    export = read_export(tmp_path / "q.sav")
    assert export.respondent_id == "ResponseId"
    assert list(export.column("ResponseId")) == ["R_1"] and export.row_numbers == (1,)
    assert dict(export.left_out) == {"survey preview": 1, "survey test": 1, "unfinished": 1}
    assert {export.info(n).role for n in ("Status", "Finished")} == {"metadata"}
    partial = read_export(tmp_path / "q.sav", LoadOptions(keep_partial=True))
    assert list(partial.column("ResponseId")) == ["R_1", "R_4"] and partial.row_numbers == (1, 4)
