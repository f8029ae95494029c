"""The sample workbook and the same tables as a folder of CSV (or Parquet) give the same result."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE
from cxgap.cli import app

SHEETS = ("items", "company", "customers")


def sheet_values() -> dict[str, list[list[object]]]:
    """The sample's three sheets as python-calamine reads them: blanks "", text kept as text."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(SAMPLE))
    try:
        return {name: workbook.get_sheet_by_name(name).to_python() for name in SHEETS}
    finally:
        workbook.close()


def csv_copy(folder: Path) -> Path:
    folder.mkdir()
    for name, rows in sheet_values().items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def parquet_copy(folder: Path) -> Path:
    """Every column as text (Parquet columns have one type; "N/A" shares them with numbers)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir()
    for name, rows in sheet_values().items():
        header, body = rows[0], rows[1:]
        columns = {
            str(h): [None if row[j] == "" else str(row[j]) for row in body]
            for j, h in enumerate(header)
        }
        pq.write_table(pa.table(columns), folder / f"{name}.parquet")
    return folder


def analyze(runner: CliRunner, path: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    data.pop("input")
    return data


@pytest.mark.parametrize("copy", [csv_copy, parquet_copy])
def test_a_folder_of_tables_gives_the_workbooks_result(
    runner: CliRunner, tmp_path: Path, copy: Any
) -> None:
    workbook = analyze(runner, SAMPLE)
    folder = analyze(runner, copy(tmp_path / "drop"))
    assert folder["rows"] == workbook["rows"]
    assert folder == workbook
    assert {e["reason"] for e in workbook["exclusions"]} == {
        "blank",
        "non_substantive",
        "missing_code",
    }
