"""The sample survey analysed from its platform exports (SPEC 5) gives the workbook's rows, and
a codebook drafted from the exports analyses them once touchpoint and category are filled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import SAMPLE, assert_close
from cxgap.cli import app

EXPORTS = SAMPLE.parent / "exports"
STAFF = EXPORTS / "staff_surveymonkey.xlsx"


def analyze(runner: CliRunner, *args: str) -> tuple[dict[str, Any], str]:
    result = runner.invoke(app, ["analyze", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data, result.stderr


@pytest.mark.parametrize("customers", ["customers_qualtrics.csv", "customers.sav"])
def test_the_sample_from_its_exports_gives_the_workbooks_rows(
    runner: CliRunner, customers: str
) -> None:
    workbook, _ = analyze(runner, str(SAMPLE))
    parts = ["--items", str(EXPORTS / "codebook.xlsx"), "--company", str(STAFF)]
    exported, stderr = analyze(runner, *parts, "--customers", str(EXPORTS / customers))
    assert len(exported["rows"]) == len(workbook["rows"]) == 24 + 6 + 3 + 18  # every level
    assert_close(exported["headline"], workbook["headline"], "$.headline", rel=1e-12)
    assert_close(exported["rows"], workbook["rows"], "$.rows", rel=1e-12)
    assert workbook["nps"], "the sample has a recommendation item"
    assert_close(exported["nps"], workbook["nps"], "$.nps", rel=1e-12)
    if customers.endswith(".csv"):  # Qualtrics: previews and unfinished responses left out
        assert exported["exclusions"] == workbook["exclusions"]
        assert exported["warnings"][0].endswith(
            "left out 5 responses: 2 survey preview, 3 unfinished (--keep-partial keeps the "
            "unfinished)"
        )
        assert "left out 5 responses" in " ".join(stderr.split())
    else:  # SPSS: its user-missing codes are the platform's no-answer codes: missing_code
        totals = {
            name: sum(e["count"] for e in data["exclusions"] if e["reason"] != "blank")
            for name, data in (("workbook", workbook), ("sav", exported))
        }
        assert totals["workbook"] == totals["sav"]
        reasons = {e["reason"] for e in exported["exclusions"] if e["sample"] == "customers"}
        assert reasons == {"blank", "missing_code"}


def test_a_drafted_codebook_analyses_once_touchpoint_and_category_are_filled(
    runner: CliRunner, tmp_path: Path
) -> None:
    customers = EXPORTS / "customers_qualtrics.csv"
    draft = tmp_path / "draft.xlsx"
    result = runner.invoke(app, ["codebook", str(STAFF), str(customers), "-o", str(draft)])
    assert result.exit_code == 0, result.stderr
    parts = ["--items", str(draft), "--company", str(STAFF), "--customers", str(customers)]
    unfilled = runner.invoke(app, ["analyze", *parts])
    assert unfilled.exit_code == 2
    assert "26 codebook rows are not filled in (the first 10): row 2 (Q1): touchpoint" in (
        unfilled.stderr
    )
    sample = openpyxl.load_workbook(SAMPLE, read_only=True)["items"]
    rows = list(sample.values)
    head = rows[0]
    by_text = {
        row[head.index("text")]: (row[head.index("touchpoint")], row[head.index("category")])
        for row in rows[1:]
    }
    book = openpyxl.load_workbook(draft)
    sheet = book.worksheets[0]
    names = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        text = row[names.index("text")].value
        row[names.index("touchpoint")].value, row[names.index("category")].value = by_text[text]
    book.save(draft)
    exported, _ = analyze(runner, *parts)
    workbook, _ = analyze(runner, str(SAMPLE))
    assert_close(exported["headline"], workbook["headline"], "$.headline", rel=1e-12)
    levels = [r for r in workbook["rows"] if r["group_by"] != ["item"] and not r["split"]]
    drafted = [r for r in exported["rows"] if r["group_by"] != ["item"] and not r["split"]]
    assert_close(drafted, levels, "$.rows", rel=1e-12)


def test_an_answer_that_is_no_label_is_named_by_file_row_and_column(
    runner: CliRunner, tmp_path: Path
) -> None:
    lines = (EXPORTS / "customers_qualtrics.csv").read_text(encoding="utf-8").splitlines(True)
    header = lines[0].rstrip("\r\n").split(",")
    at = header.index("Q16")
    row = 17  # the file's 17th line: a response (3 header rows come first)
    cells = lines[row - 1].rstrip("\r\n").split(",")
    cells[at] = "Sorta"
    lines[row - 1] = ",".join(cells) + "\r\n"
    bad = tmp_path / "customers_qualtrics.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    parts = ["--items", str(EXPORTS / "codebook.xlsx"), "--company", str(STAFF)]
    result = runner.invoke(app, ["analyze", *parts, "--customers", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert (
        "customers_qualtrics.csv, row 17, column 'Q16' = 'Sorta': not one of the labels of item "
        "q16 (Strongly disagree ... Strongly agree), nor a non-answer" in result.stderr
    )
