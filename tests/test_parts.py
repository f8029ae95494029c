"""A survey given as its three parts (``--items``, ``--company``, ``--customers``, SPEC 5) gives
the workbook's result; PATH and the parts are exclusive; trend takes a pair per wave."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import SAMPLE
from cxgap.cli import app
from test_load_formats import SHEETS, csv_copy, parquet_copy

WAVES = SAMPLE.parent / "waves"


def run(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def parts(
    folder: Path, company: str = "company.csv", customers: str = "customers.csv"
) -> list[str]:
    return ["--items", str(folder / "items.csv"), "--company", str(folder / company),
            "--customers", str(folder / customers)]  # fmt: skip


def test_the_sample_as_parts_gives_the_workbooks_rows(runner: CliRunner, tmp_path: Path) -> None:
    folder = csv_copy(tmp_path / "drop")
    parquet = parquet_copy(tmp_path / "pq")
    (folder / "customers.parquet").write_bytes((parquet / "customers.parquet").read_bytes())
    workbook = run(runner, "analyze", str(SAMPLE))
    for given in (parts(folder), parts(folder, customers="customers.parquet")):
        split = run(runner, "analyze", *given)
        assert split["rows"] == workbook["rows"] and split["headline"] == workbook["headline"]
        assert split["exclusions"] == workbook["exclusions"]
        assert split["input"]["path"] == " + ".join(given[1::2])
        assert len(split["input"]["sha256"]) == 64
    result = runner.invoke(app, ["validate", *parts(folder)])
    assert result.exit_code == 0 and "3,000 respondents" in result.stdout


def test_path_and_parts_are_exclusive_and_parts_come_in_threes(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = csv_copy(tmp_path / "drop")
    cases = {
        ("analyze", str(SAMPLE), "--items", str(folder / "items.csv")): "not both",
        ("analyze", "--items", str(folder / "items.csv")): "--company, --customers missing",
        ("analyze",): "no survey given",
        ("trend", "--items", str(folder / "items.csv"), "--company", "a.csv"): "1 --company",
    }
    for args, expected in cases.items():
        result = runner.invoke(app, list(args))
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("cxgap: error: ") and expected in result.stderr, args
    result = runner.invoke(app, ["analyze", *parts(folder, company="nope.csv")])
    assert result.exit_code == 2 and "nope.csv: no such file" in result.stderr
    assert "--company" in result.stderr


def test_trend_takes_a_company_and_customers_pair_per_wave(
    runner: CliRunner, tmp_path: Path
) -> None:
    from python_calamine import CalamineWorkbook

    folders = []
    for wave in ("2026Q2", "2026Q3"):
        folder = tmp_path / wave
        folder.mkdir()
        book = CalamineWorkbook.from_path(str(WAVES / f"{wave}.xlsx"))
        for name in SHEETS:
            rows = book.get_sheet_by_name(name).to_python()
            target = folder / (f"{name}.csv" if name == "items" else f"{name}-{wave}.csv")
            with target.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(rows)
        folders.append(folder)
    by_files = run(runner, "trend", str(WAVES / "2026Q2.xlsx"), str(WAVES / "2026Q3.xlsx"))
    by_parts = run(
        runner, "trend", "--items", str(folders[1] / "items.csv"),
        "--company", str(folders[0] / "company-2026Q2.csv"),
        "--customers", str(folders[0] / "customers-2026Q2.csv"),
        "--company", str(folders[1] / "company-2026Q3.csv"),
        "--customers", str(folders[1] / "customers-2026Q3.csv"),
    )  # fmt: skip
    assert by_parts["waves"] == by_files["waves"] == ["2026Q2", "2026Q3"]
    assert by_parts["rows"] == by_files["rows"]
