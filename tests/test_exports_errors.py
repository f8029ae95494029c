"""Malformed exports: each reader refuses with one message naming the file, the row and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxgap.cli import app
from cxgap.errors import InputError
from cxgap.load._cells import TEXT
from cxgap.load.exports import read_export
from cxgap.model import LoadOptions

IDS = "StartDate,EndDate,Status,Finished,ResponseId,Q1"
TEXTS = "Start Date,End Date,Response Type,Finished,Response ID,How satisfied are you?"
IMPORTS = ",".join(
    f'"{{""ImportId"":""{i}""}}"'
    for i in ("startDate", "endDate", "status", "finished", "_recordId", "QID1")
)
ROW = "2026-01-01,2026-01-01,IP Address,True,R_1,Very satisfied"


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def refused(path: Path, **options: object) -> str:
    with pytest.raises(InputError) as info:
        read_export(path, LoadOptions(**options), display=path.name)  # type: ignore[arg-type]
    return str(info.value)


def test_a_complete_qualtrics_export_reads(tmp_path: Path) -> None:
    export = read_export(write(tmp_path, "ok.csv", [IDS, TEXTS, IMPORTS, ROW]))
    assert export.platform == "qualtrics" and export.row_numbers == (4,)
    assert list(export.column("Q1")) == ["Very satisfied"]


def test_qualtrics_question_text_row_missing(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "q.csv", [IDS, IMPORTS, ROW]))
    assert message == (
        "q.csv: row 2 holds Qualtrics ImportIds, so the question-text row (the second of the "
        "three header rows) is missing (export the responses again from Qualtrics (CSV, with "
        "all three header rows))"
    )


def test_qualtrics_column_id_row_missing(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "q.csv", [TEXTS, IMPORTS, ROW]))
    assert message.startswith("q.csv: row 2 holds Qualtrics ImportIds, so the column-id row")


def test_qualtrics_import_ids_first(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "q.csv", [IMPORTS, ROW]))
    assert message.startswith("q.csv: row 1 holds Qualtrics ImportIds: the column-id and")


def test_qualtrics_header_rows_only(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "q.csv", [IDS, TEXTS, IMPORTS]))
    assert message == (
        "q.csv: the export holds no responses, only its header rows (export it again once "
        "responses are recorded)"
    )


def test_every_response_unfinished(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", [IDS, TEXTS, IMPORTS, ROW.replace("True", "False")])
    assert refused(path) == (
        "q.csv: every response was left out (1 unfinished) (pass --keep-partial to analyse "
        "unfinished responses)"
    )
    assert read_export(path, LoadOptions(keep_partial=True)).n_rows == 1


def test_empty_export(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert refused(path) == (
        "empty.csv: the export is empty: no header and no responses (export the responses "
        "again from the survey platform)"
    )
    blank = write(tmp_path, "blank.csv", ["", ",,", ""])
    assert "the export is empty" in refused(blank)


def test_surveymonkey_header_rows_only(tmp_path: Path) -> None:
    path = write(tmp_path, "sm.csv", ["Respondent ID,How satisfied?", ",Response"])
    assert "holds no responses" in refused(path)


def test_unreadable_csv(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("a,b\n1," + "x" * 200_000 + "\n", encoding="utf-8")
    assert refused(path) == (
        "huge.csv: row 2 cannot be read as CSV (field larger than field limit (131072)) "
        "(export it again from the survey platform as CSV)"
    )


def test_truncated_sav_and_dta(tmp_path: Path) -> None:
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(200)], "q1": [1.0, 5.0] * 100})
    pyreadstat.write_sav(
        frame, str(tmp_path / "whole.sav"), variable_value_labels={"q1": {1: "low", 5: "high"}}
    )
    data = (tmp_path / "whole.sav").read_bytes()
    (tmp_path / "cut.sav").write_bytes(data[: len(data) // 2])
    assert refused(tmp_path / "cut.sav").startswith("cut.sav: not a readable SPSS .sav/.zsav file")
    (tmp_path / "cut.dta").write_bytes(b"<stata_dta><header>")
    message = refused(tmp_path / "cut.dta")
    assert message.startswith("cut.dta: not a readable Stata .dta file")
    assert message.endswith("(the file may be truncated or damaged: save or export it again)")


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path / "x.json").startswith("x.json: '.json' is not an export type")
    assert refused(tmp_path / "gone.csv") == "gone.csv: no such file (check the path)"


def test_a_text_file_named_xlsx(tmp_path: Path) -> None:
    path = write(tmp_path, "fake.xlsx", [IDS, TEXTS])
    assert refused(path).startswith("fake.xlsx: ")


def test_a_sav_string_variable_stays_text(tmp_path: Path) -> None:
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame({"respondent_id": ["a", "b", "c"], "q1": ["4", "5", "four"]})
    pyreadstat.write_sav(frame, str(tmp_path / "s.sav"))
    export = read_export(tmp_path / "s.sav")
    assert export.respondent_id == "respondent_id"
    assert export.info("q1").role == "answer"
    assert export.column("q1").kinds.tolist() == [TEXT, TEXT, TEXT]
    assert list(export.column("q1")) == ["4", "5", "four"]


def test_codebook_command_refuses_with_one_line(tmp_path: Path, runner: object) -> None:
    path = write(tmp_path, "q.csv", [IDS, IMPORTS, ROW])
    result = runner.invoke(app, ["codebook", str(path), "-o", str(tmp_path / "c.xlsx")])  # type: ignore[attr-defined]
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"cxgap: error: {path}: row 2 holds Qualtrics ImportIds")
    assert not (tmp_path / "c.xlsx").exists()


def test_a_workbook_exports_formula_without_a_value_is_unreadable_not_blank(
    tmp_path: Path,
) -> None:
    """An export read from a workbook gets the sheet reader's unreadable cells too."""
    import openpyxl

    from cxgap.load._cells import Unreadable

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["respondent_id", "q1"], ["A", 4], ["B", "=2+2"]):
        sheet.append(row)
    path = tmp_path / "export.xlsx"
    book.save(path)
    cells = list(read_export(path).column("q1"))
    assert cells == [4.0, Unreadable("=2+2", "a formula without a cached value")]
