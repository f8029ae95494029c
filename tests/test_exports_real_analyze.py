"""Every real export in ../shared/exports is read the way a consultant would: drafted with
``cxgap codebook``, its touchpoint and category filled, then analysed with ``--items``,
``--company`` and ``--customers`` (the export on both sides: the gap is 0); or refused, at
the draft or at the analysis, with one message saying what to do."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from cxgap.cli import app
from exports_fixtures import real

pytestmark = pytest.mark.slow  # every real export through analyze: make test-slow

ANALYSED = {  # export -> (its customers' n and top-box share at the headline)
    # issue 22 drafts more ratings: the R survey's 7-point tidyverse frequency item, the
    # masculinity poll's frequency items, the religion survey's attendance (order to check)
    "google-forms/r_community_survey_2019_en.csv": (1802, 30.25886447683272),
    "google-forms/r_community_survey_2019_en.xlsx": (1802, 30.25886447683272),
    "qualtrics/beskar_armor_choice_text_2020.csv": (8, 12.5),
    "qualtrics/beskar_armor_choice_text_2024.csv": (23, 30.434782608695656),
    "qualtrics/cats_salami_choice_text.csv": (12, 58.333333333333336),
    "spss/pyreadstat_ordered_category.sav": (4, 0.0),
    "spss/pyreadstat_sample.sav": (5, 20.0),
    "spss/pyreadstat_sample.zsav": (5, 20.0),
    "spss/pyreadstat_sample_missing.sav": (5, 20.0),
    "stata/haven_tagged-na-double.dta": (5, 20.0),
    "stata/pyreadstat_sample.dta": (5, 20.0),
    "surveymonkey/StarWars.csv": (829, 48.3843776341669),
    "surveymonkey/masculinity-raw-responses.csv": (1614, 13.862790831195609),
    "surveymonkey/religion-survey-results.csv": (1039, 23.81934216985763),
}
REFUSED_AT_ANALYSIS = {
    "qualtrics/in_progress_2206062_choice_text.csv": "every response was left out (60 unfinished)",
    "qualtrics/qtools_no_basis_for_evaluation_insights.csv": "left out (15 survey test)",
    "qualtrics/qtools_single_answer_matrix_numeric_insights.csv": "left out (5 survey test)",
    "qualtrics/qtools_single_answer_matrix_numeric_legacy.csv": "left out (5 survey test)",
}
NO_RATINGS = [
    "qualtrics/qualtrics_sample_de.csv",
    "qualtrics/qualtrics_sample_legacy.csv",
    "qualtrics/test_survey_custom_columns.csv",
    "spss/haven_labelled-num-na.sav",
    "spss/haven_labelled-num.sav",
    "spss/pyreadstat_missing_test.sav",
    "stata/pyreadstat_missing_test.dta",
    "surveymonkey/steak-risk-survey.csv",
]


def encoding(relative: str) -> list[str]:
    return ["--encoding", "cp1252"] if relative.endswith("StarWars.csv") else []


def filled_draft(runner: CliRunner, export: Path, tmp_path: Path, relative: str) -> Path:
    draft = tmp_path / "draft.xlsx"
    result = runner.invoke(app, ["codebook", str(export), "-o", str(draft), *encoding(relative)])
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(draft)
    sheet = book.worksheets[0]
    names = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):  # every drafted item rated (no outcome, no NPS)
        row[names.index("touchpoint")].value, row[names.index("category")].value = "t", "c"
        row[names.index("kind")].value = "score"
        if "order unconfirmed" in str(row[names.index("note")].value):
            row[names.index("note")].value = ""  # the consultant checked the order first seen
    book.save(draft)
    return draft


def analyse(runner: CliRunner, draft: Path, export: Path, *more: str) -> object:
    args = ["analyze", "--items", str(draft), "--company", str(export)]
    return runner.invoke(app, [*args, "--customers", str(export), "-f", "json", "-q", *more])


def test_every_real_export_is_in_one_list() -> None:
    listed = {*ANALYSED, *REFUSED_AT_ANALYSIS, *NO_RATINGS}
    folder = real("README.md").parent
    found = {str(p.relative_to(folder)) for p in folder.glob("*/*") if p.suffix != ".md"}
    assert found == listed


@pytest.mark.parametrize("relative", sorted(ANALYSED))
def test_a_real_export_analyses_from_its_draft(
    runner: CliRunner, tmp_path: Path, relative: str
) -> None:
    export = real(relative)
    result = analyse(runner, filled_draft(runner, export, tmp_path, relative), export,
                     *encoding(relative))  # fmt: skip
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    headline = json.loads(result.stdout)["headline"]  # type: ignore[attr-defined]
    assert (headline["n_customers"], headline["customer_pct"]) == ANALYSED[relative]
    assert headline["gap_pp"] == 0


@pytest.mark.parametrize("relative", sorted(REFUSED_AT_ANALYSIS))
def test_an_export_of_tests_or_unfinished_responses_is_refused_saying_so(
    runner: CliRunner, tmp_path: Path, relative: str
) -> None:
    export = real(relative)
    result = analyse(runner, filled_draft(runner, export, tmp_path, relative), export)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    message = result.stderr  # type: ignore[attr-defined]
    assert message.startswith("cxgap: error: ") and message.count("\n") == 1
    assert REFUSED_AT_ANALYSIS[relative] in message


def test_unfinished_responses_are_analysed_with_keep_partial(
    runner: CliRunner, tmp_path: Path
) -> None:
    relative = "qualtrics/in_progress_2206062_choice_text.csv"
    export = real(relative)
    draft = filled_draft(runner, export, tmp_path, relative)
    result = analyse(runner, draft, export, "--keep-partial")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert json.loads(result.stdout)["headline"]["n_customers"] > 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("relative", NO_RATINGS)
def test_an_export_without_ratings_is_refused_at_the_draft(
    runner: CliRunner, tmp_path: Path, relative: str
) -> None:
    result = runner.invoke(app, ["codebook", str(real(relative)), "-o", str(tmp_path / "d.xlsx")])
    assert result.exit_code == 2
    assert "no column looks like a rating" in result.stderr
