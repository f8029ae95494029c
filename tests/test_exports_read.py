"""The platform readers on the real exports in ../shared/exports: what each file must give."""

from __future__ import annotations

from collections import Counter

import pytest

from cxgap.load._cells import NUMBER, TEXT
from cxgap.load.exports import read_export
from cxgap.model import LoadOptions
from exports_fixtures import column_values, read_real, real


def roles(export: object) -> Counter[str]:
    return Counter(m.role for m in export.meta)  # type: ignore[attr-defined]


def test_qualtrics_choice_text_leaves_out_tests_previews_and_unfinished() -> None:
    export = read_real("qualtrics/beskar_armor_choice_text_2024.csv")
    assert export.platform == "qualtrics"
    assert dict(export.left_out) == {"survey test": 15, "survey preview": 2, "unfinished": 4}
    assert export.n_rows == 44 - 21 == 23
    assert export.respondent_id == "ResponseId"
    assert export.row_numbers[:3] == (5, 6, 7)  # 3 header rows; file row 4 is a survey test
    assert export.row_numbers[-1] == 46
    assert column_values(export, "ResponseId")[0] == "R_1ozQ0AYNCrc2hXQ"
    q16 = Counter(column_values(export, "Q16"))
    assert q16 == {
        "Neither satisfied nor dissatisfied": 7,
        "Extremely satisfied": 7,
        "Somewhat satisfied": 3,
        "Somewhat dissatisfied": 3,
        "Extremely dissatisfied": 3,
    }
    assert export.info("Q16").text == "Overall, how satisfied are you with your beskar armor?"
    assert export.info("Q16").source == "QID16"
    # labels stay raw: the trailing space and blank lines Qualtrics wrote are kept
    assert "No, the problem was not resolved \n\n" in column_values(export, "Q18")
    assert export.warnings == (
        "qualtrics/beskar_armor_choice_text_2024.csv: left out 21 responses: 2 survey preview, "
        "15 survey test, 4 unfinished (--keep-partial keeps the unfinished)",
    )


def test_keep_partial_keeps_unfinished_but_never_tests() -> None:
    export = read_real("qualtrics/beskar_armor_choice_text_2024.csv", keep_partial=True)
    assert dict(export.left_out) == {"survey test": 15, "survey preview": 2}
    assert export.n_rows == 27
    everything = read_real(
        "qualtrics/beskar_armor_choice_text_2024.csv", keep_partial=True, keep_tests=True
    )
    assert everything.n_rows == 44 and not everything.left_out


def test_qualtrics_metadata_is_recognised() -> None:
    export = read_real("qualtrics/beskar_armor_choice_text_2024.csv")
    metadata = set(export.of_role("metadata"))
    assert {
        "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
        "Finished", "RecordedDate", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
        "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel",
        "UserLanguage", "SolutionRevision",
    } == metadata  # fmt: skip
    assert export.of_role("answer") == ("Q63", "Q16", "Q17", "Q18")
    assert export.of_role("free_text") == ("Q19", "Q22")


def test_text_iq_columns_are_metadata() -> None:
    export = read_real("qualtrics/cats_salami_choice_text.csv")
    assert dict(export.left_out) == {"survey preview": 1, "unfinished": 2}
    assert export.of_role("answer") == ("Q3.2", "Q4.1")
    assert sum(name.startswith("Q3.8 - ") for name in export.of_role("metadata")) == 7


def test_in_progress_export_duplicate_ids_take_their_import_ids() -> None:
    with pytest.raises(Exception, match=r"every response was left out \(60 unfinished\)"):
        read_real("qualtrics/in_progress_2206062_choice_text.csv")
    export = read_real("qualtrics/in_progress_2206062_choice_text.csv", keep_partial=True)
    assert export.n_rows == 60 and len(export.header) == 1295
    assert len(set(export.header)) == 1295  # every name unique, metadata included
    assert export.header[59:62] == ("QID4121_1", "QID4121_2", "QID4121_3")
    assert export.info("QID4125_1").text.startswith("How much do you trust the following")
    assert "Don\u2019t know / no opinion" in column_values(export, "QID4125_1")  # curly, raw
    assert export.warnings[0].startswith(
        "qualtrics/in_progress_2206062_choice_text.csv: 89 answer columns share an id with "
        "another and were renamed: 1 -> QID4121_1, 2 -> QID4121_2"
    )
    meta = set(export.of_role("metadata"))
    assert {"demAgeTeen_DO_1", "TIMING_1_First Click", "Q20_Browser", "Q20_Resolution"} <= meta
    assert roles(export) == {
        "answer": 669, "metadata": 572, "multi_choice": 27, "free_text": 26, "id": 1
    }  # fmt: skip


def test_german_second_row_and_python_dict_import_ids() -> None:
    german = read_real("qualtrics/qualtrics_sample_de.csv")
    assert german.header[:3] == ("StartDate", "EndDate", "Status")
    assert german.info("StartDate").text == "Anfangsdatum"
    assert german.of_role("answer") == ("Q1",) and german.of_role("free_text") == ("Q2",)
    assert column_values(german, "Q1") == ["2"]
    numeric = read_real(
        "qualtrics/qtools_single_answer_matrix_numeric_insights.csv", keep_tests=True
    )
    assert numeric.info("Q2_1").source == "QID2-1"  # from {'ImportId': 'QID2-1'}
    assert column_values(numeric, "Q4_1") == ["12", "12", "12", "10", "11"]  # recode values


def test_numeric_status_codes_mark_survey_tests() -> None:
    with pytest.raises(Exception, match=r"every response was left out \(5 survey test\)"):
        read_real("qualtrics/qtools_single_answer_matrix_numeric_insights.csv")


def test_legacy_two_row_header_with_bom_and_duplicate_tags() -> None:
    legacy = read_real("qualtrics/qualtrics_sample_legacy.csv")
    assert legacy.platform == "qualtrics"
    assert legacy.header[:3] == ("ResponseID", "ResponseSet", "Name")  # V1, V2, V3 renamed
    assert legacy.respondent_id == "ResponseID" and legacy.row_numbers == (3,)
    assert "" not in legacy.header  # the trailing comma's empty column is gone
    tags = read_real("qualtrics/qtools_single_answer_matrix_numeric_legacy.csv", keep_tests=True)
    assert tags.header[16:19] == ("question_one", "question_two", "question_three")
    assert tags.header[19:22] == ("question_one (2)", "question_two (2)", "question_three (2)")
    assert column_values(tags, "question_one (2)") == ["10", "10", "13", "13", "12"]


def test_surveymonkey_matrix_columns_are_named_from_both_rows() -> None:
    export = read_real("surveymonkey/StarWars.csv", encoding="cp1252")
    assert export.platform == "surveymonkey" and export.respondent_id == "RespondentID"
    assert export.n_rows == 1186 and export.row_numbers[0] == 3
    han = export.header[15]
    assert han.startswith("Please state whether you view the following characters favorably")
    assert han.endswith(" - Han Solo") and export.header[28].endswith(" - Yoda")
    assert Counter(column_values(export, han))["Unfamiliar (N/A)"] == 15
    seen = export.header[3:9]
    assert all(export.info(name).role == "multi_choice" for name in seen)
    assert export.header[0] == "RespondentID"
    assert "Expanded Universe?\u0152\u00e6" in export.header[31]  # the stray bytes, as cp1252


def test_starwars_is_not_utf8_and_the_message_says_what_to_do() -> None:
    with pytest.raises(Exception, match=r"line 1 holds byte b'\\x8c'.*--encoding") as info:
        read_export(real("surveymonkey/StarWars.csv"), display="StarWars.csv")
    assert str(info.value).startswith("StarWars.csv: not UTF-8 text")


def test_surveymonkey_blank_headers_do_not_stop_the_read() -> None:
    religion = read_real("surveymonkey/religion-survey-results.csv")
    assert religion.n_rows == 1039 and religion.respondent_id is None
    assert religion.header[1] == "What is your present religion, if any? - None of these"
    assert religion.info(religion.header[1]).role == "free_text"
    assert religion.warnings == (
        "surveymonkey/religion-survey-results.csv: no respondent id column; respondents are "
        "numbered by row",
    )
    steak = read_real("surveymonkey/steak-risk-survey.csv")
    assert steak.respondent_id == "RespondentID" and steak.n_rows == 550


def test_published_surveymonkey_table_has_weight_and_multi_choice() -> None:
    export = read_real("surveymonkey/masculinity-raw-responses.csv")
    assert export.platform == "plain"
    assert export.header[0] == "column A"  # the header-less row-number column
    assert export.info("column A").role == "metadata"
    assert export.of_role("weight") == ("weight",)
    assert export.info("q0004_0001").role == "multi_choice"  # choice text or "Not selected"
    assert export.info("q0001").role == "answer"
    assert column_values(export, "weight")[0] == "1.714025972"


@pytest.mark.parametrize(
    "name", ["r_community_survey_2019_en.csv", "r_community_survey_2019_en.xlsx"]
)
def test_google_forms_has_no_id_and_joined_check_all_answers(name: str) -> None:
    export = read_real(f"google-forms/{name}")
    assert export.platform == "google_forms"
    assert export.respondent_id is None and export.n_rows == 1838
    assert export.header[0] == "Timestamp" and export.info("Timestamp").role == "metadata"
    assert export.warnings[-1].endswith("no respondent id column; respondents are numbered by row")
    apps = export.header[16]
    assert apps.startswith("What applications do you use R for most? (check all")
    assert export.info(apps).role == "multi_choice"
    recommend = export.header[18]
    assert export.info(recommend).role == "answer"
    values = Counter(str(v).removesuffix(".0") for v in column_values(export, recommend))
    assert values["10"] == 1107 and "0" not in values


def test_spss_keeps_user_missing_values_and_ranges() -> None:
    export = read_real("spss/pyreadstat_sample_missing.sav")
    assert export.platform == "spss" and export.respondent_id is None
    myord = export.info("myord")
    assert myord.text == "ordinal"
    assert dict(myord.value_labels) == {-1.0: "missing", 1.0: "low", 2.0: "medium", 3.0: "high"}
    assert myord.missing_codes == (-1.0, -2.0, -3.0)
    mynum = export.info("mynum")
    assert mynum.missing_codes == (-1.0,) and mynum.missing_ranges == ((2000.0, 3000.0),)
    cells = export.column("myord")
    assert cells.kinds.tolist().count(NUMBER) >= 6  # user-missing codes are numbers, not blanks
    assert -1.0 in column_values(export, "mynum")
    assert {export.info(n).role for n in ("mydate", "dtime", "mytime")} == {"metadata"}
    assert export.column("mychar").kinds.tolist() == [TEXT] * export.n_rows  # strings stay text


@pytest.mark.parametrize("name", ["pyreadstat_sample.sav", "pyreadstat_sample.zsav"])
def test_sav_and_zsav_read_the_same(name: str) -> None:
    export = read_real(f"spss/{name}")
    assert column_values(export, "myord") == [1.0, 2.0, 3.0, 1.0, 1.0]
    assert dict(export.info("mylabl").value_labels) == {1.0: "Male", 2.0: "Female"}


def test_codes_out_of_label_order_stay_codes() -> None:
    export = read_real("spss/pyreadstat_ordered_category.sav")
    assert column_values(export, "Col1") == [1.0, 2.0, 3.0, 2.0]
    assert dict(export.info("Col1").value_labels) == {1.0: "high", 2.0: "low", 3.0: "medium"}


def test_labelled_discrete_missing_and_haven_missing_nine() -> None:
    labelled = read_real("spss/pyreadstat_missing_test.sav")
    assert labelled.info("var1").missing_codes == (1.0,)
    assert labelled.info("var1").value_labels == {1.0: "missing"}
    haven = read_real("spss/haven_labelled-num-na.sav")
    assert column_values(haven, "VAR00002") == [1.0, 9.0]
    assert haven.info("VAR00002").missing_codes == (9.0,)


def test_stata_tagged_missing_values_are_texts_and_missing() -> None:
    export = read_real("stata/haven_tagged-na-double.dta")
    assert export.platform == "stata"
    x = export.info("x")
    assert x.missing_texts == (".a", ".h", ".z")
    assert x.value_labels == {".a": "apple", ".z": ".zebra"}
    assert column_values(export, "x") == [1.0, 2.0, 3.0, 4.0, 5.0, ".a", ".h", ".z"]
    sample = read_real("stata/pyreadstat_sample.dta")
    assert dict(sample.info("myord").value_labels) == {1.0: "low", 2.0: "medium", 3.0: "high"}
    tests = read_real("stata/pyreadstat_missing_test.dta")
    assert column_values(tests, "var1") == [".a"] and column_values(tests, "var7") == [None]


@pytest.mark.parametrize(
    ("relative", "skip"),
    [
        ("qualtrics/in_progress_2206062_choice_text.csv", 3),  # newlines inside quoted cells
        ("qualtrics/qtools_single_answer_matrix_numeric_legacy.csv", 2),  # BOM, trailing comma
        ("qualtrics/beskar_armor_choice_text_2024.csv", 3),
        ("surveymonkey/religion-survey-results.csv", 2),
        ("google-forms/r_community_survey_2019_en.csv", 1),
    ],
)
def test_pyarrow_and_the_csv_module_read_the_same_cells(relative: str, skip: int) -> None:
    from dataclasses import replace

    from cxgap.load.exports._grid import read_grid

    fast = read_grid(real(relative), relative, LoadOptions())
    assert fast.data is not None
    slow = replace(fast, exact=True)  # the csv module's path
    width = max(len(row) for row in fast.head)
    for a, b in zip(fast.body(skip, width), slow.body(skip, width), strict=True):
        assert list(a) == list(b)
        assert a.kinds.tolist() == b.kinds.tolist()


def test_an_export_names_its_cells_as_a_spreadsheet_shows_them() -> None:
    export = read_real("qualtrics/beskar_armor_choice_text_2024.csv")
    table = export.table()
    q16 = export.header.index("Q16")
    assert table.cell(0, q16) == "S5"  # column S of the file, row 5 (row 4 was a survey test)
    assert table.cell(table.n_rows - 1, q16) == "S46"
    assert table.header_row == export.header_rows == 3
    assert str(table.where(0, q16)) == (
        "qualtrics/beskar_armor_choice_text_2024.csv: beskar_armor_choice_text_2024!S5"
    )
    legacy = read_real("qualtrics/qualtrics_sample_legacy.csv").table()
    assert legacy.cell(0, legacy.header.index("Q1")) == "K3"
    masculinity = read_real("surveymonkey/masculinity-raw-responses.csv").table()
    assert masculinity.cell(0, masculinity.header.index("weight")) == "CT2"
    sav = read_real("spss/pyreadstat_sample.sav").table()
    assert sav.cell(2, sav.header.index("myord")) == "F3"  # case 3 of variable 6
