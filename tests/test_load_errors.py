"""Malformed inputs, each built here, end with exit 2 and one line naming where and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxgap.cli import app
from load_builders import (
    COMPANY,
    CUSTOMERS,
    ITEMS,
    csv_folder,
    refused,
    tables,
    with_customers,
    xlsx,
    xlsx_shared,
)


def validate(runner: CliRunner, path: Path, *options: str) -> str:
    """Run ``cxgap validate`` on a bad input and return its one-line message."""
    result = runner.invoke(app, ["validate", str(path), *options])
    return refused(result, path.name)


# --- files that are not workbooks -----------------------------------------------------------


def test_empty_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"")
    assert "the file is empty" in validate(runner, path)


def test_text_file_named_xlsx(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "survey.xlsx"
    path.write_text("item,touchpoint,category\nq1,store,luxury\n", encoding="utf-8")
    assert "it is a text file (a CSV?), not a workbook" in validate(runner, path)


def test_text_file_named_xls(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "survey.xls"
    path.write_text("item\ttouchpoint\tcategory\n", encoding="utf-8")
    assert "it is a text file (a CSV?), not a workbook" in validate(runner, path)


def test_corrupt_zip(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    assert "the zip archive is damaged" in validate(runner, path)


def test_truncated_workbook(runner: CliRunner, tmp_path: Path) -> None:
    whole = xlsx(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "survey.xlsx"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    assert "the zip archive is damaged" in validate(runner, path)


def test_damaged_member(runner: CliRunner, tmp_path: Path) -> None:
    """The zip's directory is intact but a member's data is not: its CRC check fails."""
    data = bytearray(xlsx_shared(tmp_path / "whole.xlsx").read_bytes())
    at = data.index(b"xl/worksheets/sheet3.xml") + 40  # inside sheet3's compressed data
    data[at : at + 20] = bytes(20)
    path = tmp_path / "survey.xlsx"
    path.write_bytes(bytes(data))
    assert "not a readable workbook" in validate(runner, path)


def test_password_protected_workbook(runner: CliRunner, tmp_path: Path) -> None:
    """Excel saves a workbook with a password as an OLE2 container, not a zip."""
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert "password-protected" in validate(runner, path)


def test_unknown_extension(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "survey.txt"
    path.write_text("hello", encoding="utf-8")
    assert "'.txt' is not a workbook type cxgap reads" in validate(runner, path)


# --- sheets and columns ---------------------------------------------------------------------


def test_missing_sheet_names_the_option(runner: CliRunner, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "survey.xlsx", {"items": ITEMS, "company": COMPANY})
    message = validate(runner, path)
    assert "no sheet named 'customers' (sheets: items, company)" in message
    assert "--customers-sheet" in message


def test_renamed_sheet_not_found_names_its_option(runner: CliRunner, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "survey.xlsx")
    message = validate(runner, path, "--company-sheet", "staff")
    assert "no sheet named 'staff'" in message
    assert "--company-sheet" in message


def test_codebook_without_a_required_column(runner: CliRunner, tmp_path: Path) -> None:
    items = [(row[0], row[1]) for row in ITEMS]
    message = validate(runner, xlsx(tmp_path / "survey.xlsx", tables(items=items)))
    assert "items: the codebook has no 'category' column (columns: item, touchpoint)" in message


def test_blank_touchpoint_names_the_cell(runner: CliRunner, tmp_path: Path) -> None:
    items = [*ITEMS[:2], ("q2", None, "luxury", ""), ITEMS[3]]
    message = validate(runner, xlsx(tmp_path / "survey.xlsx", tables(items=items)))
    assert "items!B3: the item's 'touchpoint' is blank" in message


def test_duplicate_item(runner: CliRunner, tmp_path: Path) -> None:
    items = [*ITEMS, ("Q1", "web", "luxury", "")]
    message = validate(runner, xlsx(tmp_path / "survey.xlsx", tables(items=items)))
    assert "items!A5: item 'Q1' is listed twice (rows 2 and 5)" in message


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (("q1", "store", "x", 5, 5, None), "items!D2: scale_min 5 is not below scale_max 5"),
        (("q1", "store", "x", 1, 5, 7), "items!F2: top_box_min 7 is outside the 1-5 scale"),
        (("q1", "store", "x", "one", 5, None), "items!D2: 'one' is not a number"),
    ],
)
def test_impossible_scale(
    runner: CliRunner, tmp_path: Path, row: tuple[object, ...], expected: str
) -> None:
    items = [("item", "touchpoint", "category", "scale_min", "scale_max", "top_box_min"), row]
    sheets = tables(items=items, company=[("q1",), (5,)], customers=[("q1",), (4,)])
    assert expected in validate(runner, xlsx(tmp_path / "survey.xlsx", sheets))


def test_sample_without_any_item_column(runner: CliRunner, tmp_path: Path) -> None:
    customers = [("respondent_id", "Q 1", "Q 2"), ("C1", 4, 5)]
    message = validate(runner, xlsx(tmp_path / "survey.xlsx", tables(customers=customers)))
    assert "customers: no column is a codebook item (columns: respondent_id, Q 1, Q 2)" in message


def test_column_with_values_but_no_header(runner: CliRunner, tmp_path: Path) -> None:
    customers = [(*CUSTOMERS[0], None), (*CUSTOMERS[1], None), (*CUSTOMERS[2], 4)]
    message = validate(runner, xlsx(tmp_path / "survey.xlsx", tables(customers=customers)))
    assert "customers!F3: this cell has a value but its column has no header" in message


def test_duplicate_header(runner: CliRunner, tmp_path: Path) -> None:
    company = [("respondent_id", "q1", "Q1 "), ("S1", 5, 4)]
    message = validate(runner, xlsx(tmp_path / "survey.xlsx", tables(company=company)))
    assert "company: the header 'Q1' appears twice (columns B and C)" in message


def test_header_only_sheet(runner: CliRunner, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "survey.xlsx", tables(customers=CUSTOMERS[:1]))
    assert "customers: the sheet has a header but no respondents" in validate(runner, path)


def test_empty_sheet(runner: CliRunner, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "survey.xlsx", tables(company=[]))
    assert "company: the sheet is empty" in validate(runner, path)


# --- respondents ----------------------------------------------------------------------------


def test_duplicate_respondent_id_names_both_rows(runner: CliRunner, tmp_path: Path) -> None:
    customers = [*CUSTOMERS[:3], ("C0", 1, 4, 4, 4), *CUSTOMERS[3:]]
    message = validate(runner, xlsx(tmp_path / "survey.xlsx", tables(customers=customers)))
    assert "customers!A4: respondent_id 'C0' appears twice: rows 2 and 4 (A2 and A4)" in message


@pytest.mark.parametrize(
    ("weight", "shown"), [(-1, "-1"), (0, "0"), ("heavy", "'heavy'"), (None, "blank")]
)
def test_bad_weight_names_the_cell(
    runner: CliRunner, tmp_path: Path, weight: object, shown: str
) -> None:
    customers = [*CUSTOMERS[:3], ("C99", weight, 4, 4, 4)]
    message = validate(runner, xlsx(tmp_path / "survey.xlsx", tables(customers=customers)))
    assert f"customers!B4: the weight is {shown}, not a finite number above 0" in message


def test_invalid_score_cells_are_named_with_their_reason(runner: CliRunner, tmp_path: Path) -> None:
    sheets = with_customers((1, "abc", 2, 3), (1, 4, 9, 3), (1, 4, 2, "=1+2"))
    message = validate(runner, xlsx(tmp_path / "survey.xlsx", sheets))
    assert "3 cells cannot be read as answers: " in message
    assert "customers!C10 = 'abc': not a number" in message
    assert "customers!D11 = 9: outside the 1-5 scale of item q2" in message
    assert "customers!E12 = =1+2: a formula without a cached value" in message
    assert "--on-invalid exclude" in message


# --- folders and CSV ------------------------------------------------------------------------


def test_folder_without_items(runner: CliRunner, tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop", tables())
    (folder / "items.csv").unlink()
    message = validate(runner, folder)
    assert "the folder has no 'items' table" in message
    assert "--items-sheet" in message


def test_folder_with_two_customer_tables(runner: CliRunner, tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop", tables())
    xlsx(folder / "Customers.xlsx", {"customers": CUSTOMERS})
    message = validate(runner, folder)
    assert "the folder has 2 'customers' tables: Customers.xlsx, customers.csv" in message


def test_latin1_csv_is_refused_naming_encoding(runner: CliRunner, tmp_path: Path) -> None:
    items = [*ITEMS[:3], ("q3", "après-vente", "durable", "")]
    folder = csv_folder(tmp_path / "drop", tables(items=items), encoding="latin-1")
    result = runner.invoke(app, ["validate", str(folder)])
    message = refused(result, "items.csv: not UTF-8 text: line 4 holds byte b'\\xe8'")
    assert "--encoding latin-1" in message


def test_unknown_encoding(runner: CliRunner, tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop")
    result = runner.invoke(app, ["validate", str(folder), "--encoding", "klingon"])
    refused(result, "unknown encoding 'klingon'")


def test_workbook_named_csv(runner: CliRunner, tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop")
    xlsx(folder / "company.csv", {"company": COMPANY})
    result = runner.invoke(app, ["validate", str(folder)])
    refused(result, "company.csv: this is a workbook (a zip archive) named .csv")


def test_broken_parquet(runner: CliRunner, tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop")
    (folder / "customers.csv").unlink()
    (folder / "customers.parquet").write_bytes(b"PAR1 this is not really parquet PAR1")
    result = runner.invoke(app, ["validate", str(folder)])
    refused(result, "customers.parquet: not a readable Parquet file")


def test_empty_csv(runner: CliRunner, tmp_path: Path) -> None:
    folder = csv_folder(tmp_path / "drop")
    (folder / "company.csv").write_bytes(b"")
    result = runner.invoke(app, ["validate", str(folder)])
    refused(result, "company.csv: the file is empty")


def test_bad_option_value_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path), "--on-invalid", "ignore"])
    assert result.exit_code == 2
    assert "--on-invalid" in result.stderr
    assert "Traceback" not in result.output
