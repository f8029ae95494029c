"""Every item cell ends up a valid answer or a counted exclusion (SPEC 1.3), whatever the format."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cxgap.cli import app
from cxgap.errors import InputError
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Survey
from load_builders import (
    COMPANY,
    CUSTOMERS,
    ITEMS,
    Rows,
    csv_folder,
    ods,
    refused,
    rewrite_member,
    tables,
    with_customers,
    xlsx,
    xlsx_shared,
)

WRITERS = {"xlsx": xlsx, "xlsx-shared-strings": xlsx_shared, "csv": csv_folder, "ods": ods}
BASE = {"valid": 8}  # customers' q2 column of CUSTOMERS: eight valid answers


def counts(survey: Survey, sample: str = "customers", item: str = "q2") -> dict[str, int]:
    """Exclusions of one column by reason, plus its valid answers as ``valid``."""
    found = Counter(
        {e.reason: e.count for e in survey.exclusions if (e.sample, e.item) == (sample, item)}
    )
    data = survey.sample(sample)
    column = [i.id for i in survey.codebook.items].index(item)
    found["valid"] = int(np.count_nonzero(~np.isnan(data.scores.column(column))))
    return dict(found)


def build(tmp_path: Path, kind: str, sheets: dict[str, Rows]) -> Path:
    suffix = {"csv": "", "ods": ".ods"}.get(kind, ".xlsx")
    return WRITERS[kind](tmp_path / f"survey{suffix}", sheets)


@pytest.mark.parametrize("kind", WRITERS)
def test_non_substantive_words_in_any_case_are_never_blank(tmp_path: Path, kind: str) -> None:
    words = ["N/A", "NA", "n/a", " Don\u2019t know ", "DK", "-", "Refused", "not applicable"]
    words += ["PREFER NOT TO SAY", "dont know", "Don't Know"]
    sheets = with_customers(*[(1, 4, word, 3) for word in words], (1, 4, None, 3))
    survey = load_survey(build(tmp_path, kind, sheets))
    assert counts(survey) == {**BASE, "non_substantive": 11, "blank": 1}
    assert survey.cells_read == 6 * 3 + 20 * 3  # company 6 x 3 items, customers 20 x 3


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_missing_codes_and_non_substantive_mix(tmp_path: Path, kind: str) -> None:
    """q1's codebook codes are -99;99; --missing adds 0 for every item."""
    cells = [-99, 99, "-99", 0, "N/A", None, "dk", 4]
    sheets = with_customers(*[(1, cell, 2, 3) for cell in cells])
    survey = load_survey(build(tmp_path, kind, sheets), LoadOptions(missing=(0.0,)))
    expected = {"valid": 8 + 1, "missing_code": 4, "non_substantive": 2, "blank": 1}
    assert counts(survey, item="q1") == expected


def test_a_code_of_another_item_is_invalid(runner: CliRunner, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "survey.xlsx", with_customers((1, 4, -99, 3)))
    result = runner.invoke(app, ["validate", str(path)])
    refused(result, "customers!D10 = -99: outside the 1-5 scale of item q2")
    assert runner.invoke(app, ["validate", str(path), "--missing", "-99"]).exit_code == 0


def test_on_invalid_exclude_counts_invalid_cells(runner: CliRunner, tmp_path: Path) -> None:
    sheets = with_customers((1, 4, "abc", 3), (1, 4, 6, 3), (1, 4, True, 3), (1, 4, "=2*3", 3))
    path = xlsx(tmp_path / "survey.xlsx", sheets)
    survey = load_survey(path, LoadOptions(on_invalid="exclude"))
    assert counts(survey) == {**BASE, "invalid": 4}
    result = runner.invoke(app, ["validate", str(path), "--on-invalid", "exclude"])
    assert result.exit_code == 0, result.stderr
    assert "4 invalid" in result.stdout


def test_more_than_ten_invalid_cells_lists_ten_and_the_total(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheets = with_customers(*[(1, "x", "y", 3) for _ in range(11)], (1, 4, 2, 0))
    result = runner.invoke(app, ["validate", str(xlsx(tmp_path / "survey.xlsx", sheets))])
    message = refused(result, "23 cells cannot be read as answers (the first 10 of 23): ")
    assert message.count("customers!") == 10
    assert "customers!C10 = 'x': not a number; customers!D10 = 'y': not a number" in message
    assert "customers!E21" not in message  # the 23rd, in sheet order, is not listed


def test_formulas_without_cached_values_are_not_blanks(runner: CliRunner, tmp_path: Path) -> None:
    """openpyxl writes formulas with no cached value; calamine reads them as empty cells."""
    path = xlsx(tmp_path / "survey.xlsx", with_customers((1, 4, "=1+2", 3), (1, 4, None, 3)))
    result = runner.invoke(app, ["validate", str(path)])
    refused(result, "1 cell cannot be read as answers: customers!D10 = =1+2: a formula without")
    survey = load_survey(path, LoadOptions(on_invalid="exclude"))
    assert counts(survey) == {**BASE, "invalid": 1, "blank": 1}


def test_a_formula_alone_in_a_row_keeps_the_row(tmp_path: Path) -> None:
    """Rows holding only a formula are respondents, even past the last row calamine sees."""
    company = [("q1", "q2", "q3"), (5, 5, 5), (None, "=1+2", None), (4, 4, 4), (None, None, "=A2")]
    path = xlsx(tmp_path / "survey.xlsx", tables(company=company))
    survey = load_survey(path, LoadOptions(on_invalid="exclude"))
    assert survey.company.size == 4
    assert counts(survey, "company", "q2") == {"valid": 2, "invalid": 1, "blank": 1}
    assert counts(survey, "company", "q3") == {"valid": 2, "invalid": 1, "blank": 1}
    assert not any("empty row" in w for w in survey.warnings)
    with pytest.raises(InputError, match=r"company!B3 = =1\+2.*company!C5 = =A2"):
        load_survey(path)


def test_cached_formula_values_and_error_values(runner: CliRunner, tmp_path: Path) -> None:
    """A formula's cached number is read; a cached empty string is blank; an error is invalid."""
    import xlsxwriter

    path = tmp_path / "computed.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    for name, rows in tables().items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    customers = workbook.get_worksheet_by_name("customers")
    assert customers is not None
    customers.write_formula("D2", "=2+2", None, 4)
    customers.write_formula("D3", '=IF(TRUE,"","x")', None, "x")  # t="str", emptied below
    customers.write_formula("D4", "=1/0", None, "#DIV/0!")
    workbook.close()
    fixed = rewrite_member(
        path,
        tmp_path / "survey.xlsx",
        "xl/worksheets/sheet3.xml",
        lambda d: d.replace(b"<v>x</v>", b"<v></v>"),
    )
    result = runner.invoke(app, ["validate", str(fixed)])
    refused(result, "1 cell cannot be read as answers: customers!D4 = #DIV/0!: an error value")
    survey = load_survey(fixed, LoadOptions(on_invalid="exclude"))
    assert counts(survey) == {"valid": 6, "blank": 1, "invalid": 1}
    assert survey.customers.scores.column(1)[0] == 4


def test_bools_dates_and_numbers_as_text(runner: CliRunner, tmp_path: Path) -> None:
    import datetime

    sheets = with_customers((1, 4, True, 3), (1, 4, datetime.date(2026, 7, 1), 3), (1, 4, " 2 ", 3))
    result = runner.invoke(app, ["validate", str(xlsx(tmp_path / "survey.xlsx", sheets))])
    message = refused(result, "2 cells cannot be read as answers")
    assert "customers!D10 = True: a TRUE/FALSE value, not a score" in message
    assert "customers!D11 = 2026-07-01" in message and "a date or time, not a score" in message
    survey = load_survey(tmp_path / "survey.xlsx", LoadOptions(on_invalid="exclude"))
    assert counts(survey) == {"valid": 9, "invalid": 2}  # " 2 " (text) is a valid 2


def test_reverse_items_are_flipped(tmp_path: Path) -> None:
    items = [("item", "touchpoint", "category", "reverse"), ("q1", "store", "x", "Yes")]
    sheets = tables(items=items, company=[("q1",), (1,), (2,), (5,)], customers=[("q1",), (4,)])
    survey = load_survey(xlsx(tmp_path / "survey.xlsx", sheets))
    assert survey.company.scores.column(0).tolist() == [5.0, 4.0, 1.0]


def test_sheet_names_match_case_insensitively_ignoring_spaces(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheets = {" Items ": ITEMS, "COMPANY": COMPANY, "Customers  ": CUSTOMERS}
    path = xlsx(tmp_path / "survey.xlsx", sheets)
    result = runner.invoke(app, ["validate", str(path), "--company-sheet", " company"])
    assert result.exit_code == 0, result.stderr
    assert "8 respondents" in result.stdout


def test_sheet_options_name_other_sheets(runner: CliRunner, tmp_path: Path) -> None:
    sheets = {"Codebook": ITEMS, "Staff 2026": COMPANY, "Clients": CUSTOMERS, "notes": [("x",)]}
    path = xlsx(tmp_path / "survey.xlsx", sheets)
    options = ["--items-sheet", "codebook", "--company-sheet", "staff 2026"]
    options += ["--customers-sheet", "CLIENTS"]
    result = runner.invoke(app, ["validate", str(path), *options])
    assert result.exit_code == 0, result.stderr
    assert "6 respondents" in result.stdout and "8 respondents" in result.stdout


def test_sheet_options_name_files_in_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop", {"codebook": ITEMS, "staff": COMPANY})
    xlsx(folder / "Clients.xlsx", {"Sheet1": CUSTOMERS})  # its only sheet, whatever its name
    options = [
        "--items-sheet",
        "codebook",
        "--company-sheet",
        "staff",
        "--customers-sheet",
        "clients",
    ]
    result = runner.invoke(app, ["validate", str(folder), *options])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("encoding", "options"),
    [
        ("latin-1", ["--encoding", "latin-1"]),
        ("utf-16", []),
        ("utf-8-sig", []),
        ("cp1252", ["--encoding", "cp1252"]),
    ],
)
def test_csv_encodings_read_right(
    runner: CliRunner, tmp_path: Path, encoding: str, options: list[str]
) -> None:
    items = [*ITEMS[:3], ("q3", "après-vente", "durable", "")]
    folder = csv_folder(tmp_path / "drop", tables(items=items), encoding=encoding)
    result = runner.invoke(app, ["validate", str(folder), *options])
    assert result.exit_code == 0, result.stderr
    assert "après-vente" in result.stdout


def test_semicolon_csv(tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop")
    text = (folder / "customers.csv").read_text(encoding="utf-8")
    (folder / "customers.csv").write_text(text.replace(",", ";"), encoding="utf-8")
    assert load_survey(folder).customers.size == 8


def test_parquet_tables(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = csv_folder(tmp_path / "drop", tables(customers=[("q1",)]))
    (folder / "customers.csv").unlink()
    column = pa.array(["4", "N/A", None, "NA", "2"])
    pq.write_table(
        pa.table({"respondent_id": list("abcde"), "q2": column}), folder / "customers.parquet"
    )
    assert counts(load_survey(folder)) == {"valid": 2, "non_substantive": 2, "blank": 1}


def test_empty_rows_are_skipped_and_reported(tmp_path: Path) -> None:
    customers = [*CUSTOMERS[:3], (None, None, None, None, None), *CUSTOMERS[3:]]
    survey = load_survey(xlsx(tmp_path / "survey.xlsx", tables(customers=customers)))
    assert survey.customers.size == 8
    assert any("1 empty row(s) skipped (rows 4)" in w for w in survey.warnings)


def test_xlsm_workbook(tmp_path: Path) -> None:
    path = tmp_path / "survey.xlsm"
    path.write_bytes(xlsx(tmp_path / "survey.xlsx").read_bytes())
    assert load_survey(path).customers.size == 8


def test_ods_workbook(runner: CliRunner, tmp_path: Path) -> None:
    path = ods(tmp_path / "survey.ods", with_customers((1, 4, "abc", 3)))
    result = runner.invoke(app, ["validate", str(path)])
    refused(result, "customers!D10 = 'abc': not a number")
    with pytest.raises(InputError, match="not a number"):
        load_survey(path)


def test_ods_members_are_guarded_too(tmp_path: Path) -> None:
    """An .ods is a zip of XML as well: its content.xml gets the same DTD check."""
    good = ods(tmp_path / "good.ods")
    bad = rewrite_member(
        good, tmp_path / "bad.ods", "content.xml", lambda d: b"<!DOCTYPE x>" + d.split(b"?>", 1)[1]
    )
    with zipfile.ZipFile(bad) as archive:
        assert b"<!DOCTYPE" in archive.read("content.xml")
    with pytest.raises(InputError, match=r"content\.xml declares XML entities"):
        load_survey(bad)


ODS_ERROR = (
    '<table:table-cell table:formula="of:=1/0" office:value-type="string" '
    'office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p>'
    "</table:table-cell>"
)  # as LibreOffice 7 writes an error value
ODS_NO_VALUE = '<table:table-cell table:formula="of:=[.B2]+1"/>'
ODS_CACHED = (
    '<table:table-cell table:formula="of:=2+2" office:value-type="float" office:value="4">'
    "<text:p>4</text:p></table:table-cell>"
)


def test_ods_formulas_without_values_and_error_values_are_not_blanks(
    runner: CliRunner, tmp_path: Path
) -> None:
    """calamine reads both as empty in an .ods, as in an .xlsx; cxgap finds them in the XML."""
    good = ods(tmp_path / "good.ods", with_customers((1, 4, "ERR", 3), (2, "NOVAL", 4, "FINE")))

    def put_cells(data: bytes) -> bytes:
        data = data.replace(
            b"<office:document-content ",
            b'<office:document-content xmlns:calcext="urn:org:documentfoundation:names:'
            b'experimental:calc:xmlns:calcext:1.0" ',
        )
        for word, cell in (("ERR", ODS_ERROR), ("NOVAL", ODS_NO_VALUE), ("FINE", ODS_CACHED)):
            plain = f'<table:table-cell office:value-type="string"><text:p>{word}</text:p>'
            data = data.replace(f"{plain}</table:table-cell>".encode(), cell.encode())
        return data

    path = rewrite_member(good, tmp_path / "survey.ods", "content.xml", put_cells)
    result = runner.invoke(app, ["validate", str(path)])
    refused(
        result,
        "2 cells cannot be read as answers",
        "customers!D10 = #DIV/0!: an error value",
        "customers!C11 = =[.B2]+1: a formula without a cached value",
    )
    survey = load_survey(path, LoadOptions(on_invalid="exclude"))
    assert counts(survey, item="q2")["invalid"] == 1
    assert counts(survey, item="q1")["invalid"] == 1
    assert survey.customers.scores.column(2)[-1] == 4  # a formula with its value is its value
