"""A bad cell is named where a person finds it: by sheet in the survey's workbook, and by file
and sheet in a folder of tables (``customers.xlsx, customers!D17``), where the message's own
place names only the folder."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import small_survey, write_workbook
from cxgap.cli import app

HINT = (
    "(fix the cells, add the codes to missing_codes or --missing, or pass --on-invalid exclude "
    "to count them as excluded)"
)


def _tables(folder: Path) -> dict[str, list[list[object]]]:
    """The small survey's tables, with customers!D17 (q2) = 'abc' and company!C5 (q1) = 'x'."""
    tables = {}
    for name in ("items", "company", "customers"):
        with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
            tables[name] = [list[object](row) for row in csv.reader(handle)]
    tables["customers"][16][3] = "abc"
    tables["company"][4][2] = "x"
    return tables


def _error(runner: CliRunner, path: Path) -> str:
    result = runner.invoke(app, ["analyze", str(path)])
    assert (result.exit_code, result.stdout) == (2, ""), result.stderr
    return result.stderr


def _written(folder: Path, tables: dict[str, list[list[object]]]) -> Path:
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def _cells(where: str, company: str, customers: str) -> str:
    return (
        f"cxgap: error: {where}: 2 cells cannot be read as answers: {company} = 'x': not a "
        f"number; {customers} = 'abc': not a number {HINT}\n"
    )


@pytest.mark.parametrize("sheet", ["{name}", "Sheet1"], ids=["sheet-named-after-file", "Sheet1"])
def test_a_folder_of_workbooks_names_the_file_and_sheet_of_a_bad_cell(
    runner: CliRunner, tmp_path: Path, sheet: str
) -> None:
    """Each table its own workbook: the cell is named by its file, then its sheet (the one
    named after the file, or whatever the workbook's only sheet is called)."""
    tables = _tables(small_survey(tmp_path / "csv"))
    drop = tmp_path / "drop"
    drop.mkdir()
    for name, rows in tables.items():
        write_workbook(drop / f"{name}.xlsx", {sheet.format(name=name): rows})
    company, customers = sheet.format(name="company"), sheet.format(name="customers")
    assert _error(runner, drop) == _cells(
        str(drop), f"company.xlsx, {company}!C5", f"customers.xlsx, {customers}!D17"
    )


def test_a_folder_of_csv_files_names_the_file_of_a_bad_cell(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = small_survey(tmp_path / "drop")
    _written(folder, _tables(folder))
    assert _error(runner, folder) == _cells(
        str(folder), "company.csv, company!C5", "customers.csv, customers!D17"
    )


def test_the_survey_workbook_names_the_sheet_alone(runner: CliRunner, tmp_path: Path) -> None:
    tables = _tables(small_survey(tmp_path / "csv"))
    workbook = write_workbook(tmp_path / "survey.xlsx", tables)
    assert _error(runner, workbook) == _cells(str(workbook), "company!C5", "customers!D17")
