"""``cxgap codebook``: the draft of every real export holding rating items, and the command."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cxgap.cli import app
from cxgap.drafting import DRAFT_COLUMNS, draft_codebook
from cxgap.load.exports import read_export
from cxgap.model import LoadOptions
from exports_fixtures import real

SATISFACTION = (
    "Extremely dissatisfied;Somewhat dissatisfied;Neither satisfied nor dissatisfied;"
    "Somewhat satisfied;Extremely satisfied"
)
COMFORT = (
    "Not at all comfortable;Not so comfortable;Somewhat comfortably;Very comfortable;"
    "Extremely comfortable"
)
FAVOURABLY = (
    "Very unfavorably;Somewhat unfavorably;Neither favorably nor unfavorably (neutral);"
    "Somewhat favorably;Very favorably"
)
NEGATIVE = "negative codes read as no-answer codes (the platform's N/A options)"


def draft(relative: str, encoding: str = "utf-8-sig") -> list[dict[str, object]]:
    options = LoadOptions(keep_partial=True, encoding=encoding)
    export = read_export(real(relative), options, keep_tests=True)
    return draft_codebook([export])


def brief(row: dict[str, object]) -> tuple[object, ...]:
    keys = ("item", "column", "scale_min", "scale_max", "labels", "non_answers", "missing_codes")
    return (*(row[k] for k in keys), row["kind"])


def shapes(rows: list[dict[str, object]]) -> Counter[tuple[object, ...]]:
    keys = ("scale_min", "scale_max", "labels", "non_answers", "missing_codes", "kind")
    return Counter(tuple(row[k] for k in keys) for row in rows)


@pytest.mark.parametrize("wave", ["2020", "2024"])
def test_qualtrics_satisfaction_in_choice_text(wave: str) -> None:
    rows = draft(f"qualtrics/beskar_armor_choice_text_{wave}.csv")
    assert [brief(r) for r in rows] == [("Q16", "Q16", 1, 5, SATISFACTION, "", "", "outcome")]
    assert rows[0]["text"] == "Overall, how satisfied are you with your beskar armor?"
    assert rows[0]["touchpoint"] == rows[0]["category"] == ""


def test_qualtrics_amount_ladder() -> None:
    amount = "Not at all;A little;A moderate amount;A lot;A great deal"
    rows = draft("qualtrics/cats_salami_choice_text.csv")
    assert [brief(r) for r in rows] == [("Q3.2", "Q3.2", 1, 5, amount, "", "", "score")]


def test_in_progress_matrices_get_their_whole_ladder_and_non_answers() -> None:
    rows = draft("qualtrics/in_progress_2206062_choice_text.csv")
    assert len(rows) == 109 + 74  # 74: a frequency matrix no known ladder orders, to check
    unconfirmed = [r for r in rows if str(r["note"]).startswith("order unconfirmed: [")]
    assert len(unconfirmed) == 74 and unconfirmed[0]["text"] == "How often do you... - Use Facebook"
    by_item = {r["item"]: r for r in rows}
    favour = "Very unfavorable;Somewhat unfavorable;Somewhat favorable;Very favorable"
    assert brief(by_item["QID4123_1"])[2:] == (
        1, 4, favour, "Never heard of;Heard of, no opinion", "", "score"
    )  # fmt: skip
    familiar = "Not at all familiar;Not very familiar;Somewhat familiar;Very familiar"
    # QID4124_2 never got "Not at all familiar": its matrix's other rows did
    assert by_item["QID4124_2"]["labels"] == familiar and by_item["QID4124_2"]["scale_max"] == 4
    trust = by_item["QID4125_1"]
    assert trust["labels"] == "Not at all;Not very much;Some;A lot"
    assert trust["non_answers"] == "Don\u2019t know / no opinion"
    assert by_item["JJ10"]["note"] == "never answered, put in the ladder: Somewhat understandable"
    numbered = by_item["field_1_rate_bringing_health_humanity"]
    assert numbered["column"] == "1_QID4137_1"
    assert numbered["labels"] == "1 \u2013 Not at all;2;3 \u2013 Somewhat;4;5 \u2013 Completely"
    assert shapes(rows)[(1, 4, familiar, "", "", "score")] == 10


def test_numeric_exports_recode_values_and_no_basis_codes() -> None:
    rows = draft("qualtrics/qtools_single_answer_matrix_numeric_insights.csv")
    assert shapes(rows) == {(10, 13, "", "", "", "score"): 9, (1, 4, "", "", "", "score"): 6}
    assert rows[3]["item"] == "Q4_1" and rows[3]["note"] == (
        "scale 10-13 from the answers seen; check its ends"
    )
    legacy = draft("qualtrics/qtools_single_answer_matrix_numeric_legacy.csv")
    assert shapes(legacy) == shapes(rows)
    assert [r["column"] for r in legacy][9:12] == [
        "question_one (2)", "question_two (2)", "question_three (2)"
    ]  # fmt: skip
    basis = draft("qualtrics/qtools_no_basis_for_evaluation_insights.csv")
    assert [(r["item"], r["missing_codes"]) for r in basis] == [
        ("Q1", "-1"), ("Q3_1", "-1"), ("Q3_2", "-1"), ("Q3_3", "-1"), ("Q3_4", "-1"),
        ("Q4_1", "-2;-1"), ("Q4_2", "-2;-1"), ("Q4_3", "-2;-1"), ("Q4_4", "-2;-1"),
    ]  # fmt: skip
    assert all(r["scale_min"] == 1 and r["scale_max"] == 3 for r in basis)
    assert all(str(r["note"]).startswith(NEGATIVE) for r in basis)


def test_surveymonkey_matrices_and_their_non_answers() -> None:
    stars = draft("surveymonkey/StarWars.csv", encoding="cp1252")
    assert shapes(stars) == {(1, 5, FAVOURABLY, "Unfamiliar (N/A)", "", "score"): 14}
    assert stars[0]["item"] == "state_whether_view_han_solo"
    assert str(stars[0]["column"]).endswith(" - Han Solo")
    religion = draft("surveymonkey/religion-survey-results.csv")
    assert shapes(religion) == {
        (1, 5, COMFORT, "I don't do this", "", "score"): 20,
        (1, 5, COMFORT, "", "", "score"): 10,
        (1, 3, "Weekly or more;Less than weekly;Never", "", "", "score"): 1,  # order to check
    }
    ids = [r["item"] for r in religion]
    assert ids[0] == "attend_religious_services"
    ids = ids[1:]
    assert (ids[0], ids[10], ids[20]) == (
        "comfortable_pray_public_visible",  # "How comfortable do you feel when you: Pray in..."
        "comfortable_think_someone_pray_public",  # "...someone outside your religion would..."
        "comfortable_be_seeing_pray_public",
    )
    assert len(set(ids)) == 30 and max(map(len, ids)) <= 40
    masculinity = draft("surveymonkey/masculinity-raw-responses.csv")
    often = [r for r in masculinity if str(r["item"]).startswith("q0007_")]
    assert len(often) == 11 and all(
        str(r["note"]).startswith("order unconfirmed: [") and r["non_answers"] == "No answer"
        for r in often
    )  # "Never, but open to it" beside "Rarely": no known ladder, an order to check
    assert brief(masculinity[-1]) == (
        "q0018", "q0018", 1, 5, "Never;Rarely;Sometimes;Often;Always", "No answer", "", "score"
    )  # fmt: skip
    assert [brief(r) for r in masculinity[:2]] == [
        ("q0001", "q0001", 1, 4,
         "Not at all masculine;Not very masculine;Somewhat masculine;Very masculine",
         "No answer", "", "score"),
        ("q0002", "q0002", 1, 4,
         "Not at all important;Not too important;Somewhat important;Very important",
         "No answer", "", "score"),
    ]  # fmt: skip


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_google_forms_ratings_and_recommendation_as_nps(suffix: str) -> None:
    rows = draft(f"google-forms/r_community_survey_2019_en.{suffix}")
    assert [(r["scale_min"], r["scale_max"], r["kind"]) for r in rows] == [
        (1, 5, "score"), (1, 5, "score"), (0, 10, "nps"), (1, 7, "score"), (1, 5, "score"),
        (0, 10, "nps"),
    ]  # fmt: skip
    assert rows[3]["labels"] == "Never;Rarely;Occasionally;Sometimes;Frequently;Usually;Always"
    assert rows[2]["item"] == "likely_recommend_r_colleague_friend"
    assert rows[2]["note"] == "no 0 seen: check that the question's scale was 0-10"


def test_spss_value_labels_out_of_order_are_put_in_order_of_meaning() -> None:
    rows = draft("spss/pyreadstat_ordered_category.sav")
    assert [brief(r) for r in rows] == [("Col1", "Col1", 1, 3, "low;medium;high", "", "", "score")]
    assert rows[0]["note"] == (
        "codes are not in scale order (1 high, 2 low, 3 medium): labels put in order of meaning"
    )


@pytest.mark.parametrize(
    "relative",
    ["spss/pyreadstat_sample.sav", "spss/pyreadstat_sample.zsav", "stata/pyreadstat_sample.dta"],
)
def test_labelled_ordinal_is_the_only_rating(relative: str) -> None:
    rows = draft(relative)
    assert [brief(r) for r in rows] == [
        ("myord", "myord", 1, 3, "low;medium;high", "", "", "score")
    ]
    assert rows[0]["text"] == "ordinal"


def test_user_missing_and_tagged_missing_in_the_draft() -> None:
    missing = draft("spss/pyreadstat_sample_missing.sav")
    assert [brief(r) for r in missing] == [
        ("myord", "myord", 1, 3, "low;medium;high", "", "-3;-2;-1", "score")
    ]
    tagged = draft("stata/haven_tagged-na-double.dta")
    assert [brief(r) for r in tagged] == [("x", "x", 1, 5, "", "", "", "score")]
    assert str(tagged[0]["note"]).startswith("Stata missing values .a, .h, .z count as missing")


@pytest.mark.parametrize(
    "relative",
    [
        "qualtrics/qualtrics_sample_de.csv",
        "qualtrics/qualtrics_sample_legacy.csv",
        "qualtrics/test_survey_custom_columns.csv",
        "spss/haven_labelled-num.sav",
        "spss/haven_labelled-num-na.sav",
        "spss/pyreadstat_missing_test.sav",
        "stata/pyreadstat_missing_test.dta",
        "surveymonkey/steak-risk-survey.csv",
    ],
)
def test_exports_without_ratings_draft_nothing(relative: str) -> None:
    assert draft(relative) == []


def test_the_command_refuses_an_export_without_ratings(tmp_path: Path, runner: CliRunner) -> None:
    source = real("surveymonkey/steak-risk-survey.csv")
    result = runner.invoke(app, ["codebook", str(source), "-o", str(tmp_path / "c.xlsx")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"cxgap: error: {source}: no column looks like a rating (value labels, a known answer "
        "ladder, or integers on a short scale) (write the codebook by hand: cxgap template -o "
        "codebook.xlsx)\n"
    )


def test_the_command_writes_the_draft_the_same_every_time(
    tmp_path: Path, runner: CliRunner
) -> None:
    source = real("qualtrics/in_progress_2206062_choice_text.csv")
    first, second = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    for target in (first, second):
        result = runner.invoke(app, ["codebook", str(source), "-o", str(target), "-q"])
        assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "drafted 183 rows, 74 needing a check (order unconfirmed)\n"
        "in_progress_2206062_choice_text.csv: 1112 columns left out (701 metadata, 347 constant, "
        "30 not a rating, 27 check-all-that-apply, 7 free text)\n"
        f"wrote {second}: 183 items; fill in touchpoint and category, check the notes, then "
        f"run: cxgap analyze --items {second} --company STAFF --customers {source}\n"
    )
    assert first.read_bytes() == second.read_bytes()
    book = load_workbook(first, read_only=True)
    rows = list(book["items"].values)
    book.close()
    assert rows[0] == DRAFT_COLUMNS
    assert rows[1][:2] == ("QID4121_1", None) and rows[1][7:9] == (1, 3)


def test_the_command_pairs_company_and_customer_exports(tmp_path: Path, runner: CliRunner) -> None:
    exports = Path(__file__).resolve().parents[1] / "sample_data" / "exports"
    target = tmp_path / "codebook.xlsx"
    args = ["codebook", str(exports / "staff_surveymonkey.xlsx"), str(exports / "customers.sav")]
    result = runner.invoke(app, [*args, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    book = load_workbook(target, read_only=True)
    rows = [dict(zip(DRAFT_COLUMNS, row, strict=True)) for row in list(book["items"].values)[1:]]
    book.close()
    assert [r["item"] for r in rows] == [f"Q{n}" for n in range(1, 27)]
    assert rows[0]["company_column"] == (
        "Our service at the store touchpoint: how far do you agree with each statement? - "
        "Staff give me personal attention when I choose a luxury item"
    )
    assert [r["customer_column"] for r in rows] == [f"Q{n}" for n in range(1, 27)]
    assert rows[25]["company_column"] == rows[25]["text"]  # a question of its own, no matrix
    assert {r["missing_codes"] for r in rows[:25]} == {"8;9", "-99;8;9"}
    assert rows[25]["missing_codes"] == "98;99"  # the 0-10 item's own no-answer codes
    assert rows[12]["missing_codes"] == "-99;8;9"  # Q13 declares -99 user-missing too


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["a.csv", "b.csv", "c.csv", "d.csv", "e.csv"],
            "cxgap: error: 5 exports given (pass one, or two: company then customers, each "
            "optionally with its numeric-values export beside it)\n",
        ),
        (
            ["a.csv", "-o", "out.csv"],
            "cxgap: error: -o out.csv: the codebook is an .xlsx workbook (use .xlsx)\n",
        ),
    ],
)
def test_the_command_usage_errors(args: list[str], message: str, runner: CliRunner) -> None:
    if "-o" not in args:
        args = [*args, "-o", "out.xlsx"]
    result = runner.invoke(app, ["codebook", *args])
    assert result.exit_code == 2 and result.stderr == message


def test_the_command_never_writes_over_an_input_or_an_existing_file(
    tmp_path: Path, runner: CliRunner
) -> None:
    export = tmp_path / "export.xlsx"
    export.write_bytes(real("google-forms/r_community_survey_2019_en.xlsx").read_bytes())
    result = runner.invoke(app, ["codebook", str(export), "-o", str(export)])
    assert result.exit_code == 2 and "would overwrite the input" in result.stderr
    existing = tmp_path / "codebook.xlsx"
    existing.write_bytes(b"keep me")
    result = runner.invoke(app, ["codebook", str(export), "-o", str(existing)])
    assert result.exit_code == 2 and "already exists (pass --force to replace it)" in result.stderr
    assert existing.read_bytes() == b"keep me"
    result = runner.invoke(app, ["codebook", str(export), "-o", str(existing), "--force"])
    assert result.exit_code == 0 and existing.read_bytes()[:2] == b"PK"


def test_labels_match_as_people_type_them() -> None:
    from cxgap.load.exports._ladders import match, norm

    found = match(["strongly AGREE ", "Disagree\n", "Agree", "Don\u2019t know"])
    assert found is not None and found.name == "agreement"
    assert found.labels == (
        "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "strongly AGREE"
    )  # fmt: skip
    assert found.others == ("Don\u2019t know",)
    assert norm("Don\u2019t  know /\nno opinion ") == "don't know / no opinion"
    assert match(["Yes", "No", "Maybe"]) is None
    assert match(["Red", "Green", "Blue", "Very red"]) is None
