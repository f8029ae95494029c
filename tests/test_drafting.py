"""``cxgap codebook`` on exports nobody here has seen (issue 22): every ladder of the platforms'
scale libraries, in a Qualtrics choice-text CSV with the staff's ``.sav`` beside it and alone;
labels ordered by a ``.qsf``, a numeric-values export or the other sample; an order nothing
confirms refused by ``analyze``; question texts paired one-to-one across questionnaires."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import assert_close
from cxgap.cli import app
from cxgap.drafting import draft, read_qsf
from cxgap.drafting._assign import assign
from cxgap.drafting._pair import core_texts
from cxgap.load.exports import read_export
from cxgap.load.exports._ladders import match
from cxgap.load.exports._scales import FAMILIES, LIBRARY
from drafting_builders import Question, codes, ids, qsf, qualtrics_csv, staff_sav

N = 40
DIRECTION = "no known ladder says which end is best: check that the last label is (else reverse)"
LADDERS = [
    Question(f"QID{k + 1}", f"How do you rate {name}?", (f"{name} first", f"{name} second"), ladder)
    for k, (name, ladder) in enumerate(LIBRARY.items())
]
QUALITY = ("Very poor", "Poor", "Fair", "Good", "Excellent")
STATEMENTS = (
    "How would you rate our store for consumable goods?",
    "How would you rate our store for luxury goods?",
    "How would you rate our web shop for consumable goods?",
    "How would you rate our web shop for luxury goods?",
    "How would you rate our phone line for orders?",
    "How would you rate our phone line for complaints?",
    "How would you rate our delivery on time?",
    "How would you rate our returns desk?",
)
ISSUE = [Question("QID90", "How would you rate us on the following?", STATEMENTS, QUALITY)]
UNKNOWN = [Question("QID3", "How was it?", ("The welcome", "The food"),
                    ("Awful", "Meh", "Fine", "Great", "Superb"))]  # fmt: skip


def test_the_scale_library_holds_every_family_at_4_5_and_7_points() -> None:
    for family in FAMILIES:
        sizes = {len(v) for k, v in LIBRARY.items() if k.startswith(family)}
        assert {4, 5, 7} <= sizes, family
    for name, ladder in LIBRARY.items():  # each ladder is found as itself, in either order
        for seen in (ladder, tuple(reversed(ladder))):
            found = match(seen)
            assert found is not None and found.labels == ladder, name


def test_ladders_that_agree_where_they_overlap_order_their_union() -> None:
    found = match(["Good", "Excellent", "Very poor", "Fair", "Poor"])
    assert found is not None and found.labels == QUALITY and "+" in found.name
    assert match(["Red", "Green", "Blue"]) is None


def _draft(tmp_path: Path, questions: list[Question], *, sav: bool) -> list[dict[str, Any]]:
    coded = codes(questions, N, seed=7)
    customers = qualtrics_csv(tmp_path / "c.csv", questions, coded, ids("c", N))
    exports = [read_export(customers)]
    if sav:
        staff = staff_sav(tmp_path / "s.sav", questions, codes(questions, N, 8), ids("s", N))
        exports.insert(0, read_export(staff))
    return draft(exports).rows


@pytest.mark.parametrize("sav", [True, False], ids=["with-sav", "alone"])
def test_every_library_ladder_drafts_in_scale_order(tmp_path: Path, sav: bool) -> None:
    rows = _draft(tmp_path, LADDERS, sav=sav)
    assert len(rows) == 2 * len(LADDERS)
    for k, q in enumerate(LADDERS):
        for row in rows[2 * k : 2 * k + 2]:
            assert row["labels"] == ";".join(q.labels), q.qid
            assert (row["scale_min"], row["scale_max"]) == (1, len(q.labels))
            assert "order unconfirmed" not in row["note"]
            if sav:
                assert row["customer_column"].startswith(q.qid) and row["company_column"]
                assert "only in" not in row["note"]


def test_the_issue_reproduction_pairs_all_eight_items(tmp_path: Path) -> None:
    rows = _draft(tmp_path, ISSUE, sav=True)
    assert len(rows) == 8
    for k, row in enumerate(rows):
        assert (row["company_column"], row["customer_column"]) == (f"S{k + 1}", f"QID90_{k + 1}")
        assert row["labels"] == ";".join(QUALITY)
        assert "paired by question text (score 100 of 100)" in row["note"]
        assert "only in" not in row["note"] and "order unconfirmed" not in row["note"]


def test_the_customers_export_alone_merges_two_quality_ladders(tmp_path: Path) -> None:
    rows = _draft(tmp_path, ISSUE, sav=False)
    assert [r["labels"] for r in rows] == [";".join(QUALITY)] * 8
    assert "known ladders" in rows[0]["note"]


def _analyze(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["analyze", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _fill(path: Path, by_column: dict[str, tuple[str, str]]) -> list[list[Any]]:
    """Fill touchpoint and category of a drafted codebook (by its customers' column)."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    names = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        column = row[names.index("customer_column")].value or row[names.index("column")].value
        tp, cat = by_column[column]
        row[names.index("touchpoint")].value, row[names.index("category")].value = tp, cat
    book.save(path)
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("with_sav", [True, False], ids=["with-sav", "alone"])
def test_the_draft_analyses_as_the_equivalent_workbook(
    runner: CliRunner, tmp_path: Path, with_sav: bool
) -> None:
    questions = LADDERS + ISSUE
    coded = codes(questions, N, seed=1)
    staff_coded = codes(questions, N, seed=2)
    customers = qualtrics_csv(tmp_path / "c.csv", questions, coded, ids("c", N))
    staff = staff_sav(tmp_path / "s.sav", questions, staff_coded, ids("s", N))
    draft_path = tmp_path / "draft.xlsx"
    given = [str(staff), str(customers)] if with_sav else [str(customers)]
    result = runner.invoke(app, ["codebook", *given, "-o", str(draft_path)])
    assert result.exit_code == 0, result.stderr
    groups = {c: (q.qid, q.stem[:20]) for q in questions for c in q.columns()}
    table = _fill(draft_path, groups)
    head, body = table[0], table[1:]
    items = [["item", "touchpoint", "category", "scale_min", "scale_max"]]
    company: dict[str, list[Any]] = {"respondent_id": ids("s", N)}
    customer: dict[str, list[Any]] = {"respondent_id": ids("c", N)}
    staff_names = {c: f"S{k + 1}" for k, c in enumerate(c for q in questions for c in q.columns())}
    for row in body:
        cell = dict(zip(head, row, strict=True))
        column = cell["customer_column"] or cell["column"]
        items.append([cell["item"], *groups[column], cell["scale_min"], cell["scale_max"]])
        customer[cell["item"]] = coded[column]
        if with_sav:
            assert cell["company_column"] == staff_names[column]
            company[cell["item"]] = staff_coded[column]
    if not with_sav:  # one export: the staff answered the same columns in a plain table
        company.update({cell[0]: staff_coded[cell[5] or cell[4]] for cell in body})
    book = openpyxl.Workbook()
    book.active.title = "items"
    for row in items:
        book["items"].append(row)
    for name, frame in (("company", company), ("customers", customer)):
        sheet = book.create_sheet(name)
        sheet.append(list(frame))
        for values in zip(*frame.values(), strict=True):
            sheet.append(list(values))
    book.save(tmp_path / "workbook.xlsx")
    expected = _analyze(runner, str(tmp_path / "workbook.xlsx"))
    if not with_sav:
        plain = tmp_path / "staff.csv"
        names = {cell[0]: cell[5] or cell[4] for cell in body}
        lines = [",".join(["ResponseId", *(names[i] for i in names)])]
        lines += [
            ",".join([rid, *(str(staff_coded[names[i]][r]) for i in names)])
            for r, rid in enumerate(ids("s", N))
        ]
        plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
        staff = plain
    got = _analyze(
        runner, "--items", str(draft_path), "--company", str(staff), "--customers", str(customers)
    )
    assert len(got["rows"]) == len(expected["rows"]) > len(body)
    assert_close(got["rows"], expected["rows"], "$.rows", rel=1e-12)


def test_a_qsf_orders_labels_no_ladder_knows(tmp_path: Path) -> None:
    coded = codes(UNKNOWN, N, seed=3)
    customers = read_export(qualtrics_csv(tmp_path / "c.csv", UNKNOWN, coded, ids("c", N)))
    alone = draft([customers]).rows
    assert all(r["note"].startswith("order unconfirmed: [") for r in alone)
    survey = read_qsf(qsf(tmp_path / "s.qsf", UNKNOWN), "s.qsf")
    rows = draft([customers], survey=survey).rows
    assert [r["labels"] for r in rows] == ["Awful;Meh;Fine;Great;Superb"] * 2
    assert [r["non_answers"] for r in rows] == ["Not applicable"] * 2
    assert rows[0]["note"] == "order from the recode values in s.qsf; " + DIRECTION


def test_a_qsf_makes_a_one_statement_matrix_a_rating(tmp_path: Path) -> None:
    odd = [Question("QID4", "How did it feel?", ("The visit",), ("Cold", "Warm", "Hot"))]
    coded = codes(odd, N, seed=12)
    customers = read_export(qualtrics_csv(tmp_path / "c.csv", odd, coded, ids("c", N)))
    assert draft([customers]).rows == []  # three words no ladder knows, one column: no rating
    survey = read_qsf(qsf(tmp_path / "s.qsf", odd), "s.qsf")
    rows = draft([customers], survey=survey).rows
    assert [(r["column"], r["labels"]) for r in rows] == [("QID4_1", "Cold;Warm;Hot")]


def test_a_qsf_gives_a_numeric_exports_scale_and_labels(tmp_path: Path) -> None:
    coded = codes(UNKNOWN, N, seed=3)
    path = qualtrics_csv(tmp_path / "n.csv", UNKNOWN, coded, ids("c", N), numeric=True)
    survey = read_qsf(qsf(tmp_path / "s.qsf", UNKNOWN), "s.qsf")
    rows = draft([read_export(path)], survey=survey).rows
    assert [(r["scale_min"], r["scale_max"], r["labels"], r["missing_codes"]) for r in rows] == [
        (1, 5, "Awful;Meh;Fine;Great;Superb", "-1")
    ] * 2
    assert rows[0]["note"] == "scale and labels from the recode values in s.qsf; " + DIRECTION


def test_a_qsf_whose_codes_run_best_first_is_turned_by_a_known_ladder(tmp_path: Path) -> None:
    reversed_quality = [Question("QID90", ISSUE[0].stem, STATEMENTS[:2], QUALITY[::-1])]
    path = qsf(tmp_path / "s.qsf", reversed_quality)  # recode 1 = Excellent
    coded = codes(ISSUE, N, seed=4)
    customers = read_export(qualtrics_csv(tmp_path / "c.csv", ISSUE[:1], coded, ids("c", N)))
    rows = draft([customers], survey=read_qsf(path, "s.qsf")).rows
    assert rows[0]["labels"] == ";".join(QUALITY)
    assert "turned" in rows[0]["note"]


def test_a_numeric_values_export_beside_orders_the_labels(
    runner: CliRunner, tmp_path: Path
) -> None:
    coded = codes(UNKNOWN, N, seed=5)
    text = qualtrics_csv(tmp_path / "text.csv", UNKNOWN, coded, ids("c", N))
    numeric = qualtrics_csv(tmp_path / "num.csv", UNKNOWN, coded, ids("c", N), numeric=True)
    out = tmp_path / "d.xlsx"
    result = runner.invoke(app, ["codebook", str(numeric), str(text), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(out).worksheets[0]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)]
    assert [r["labels"] for r in rows] == ["Awful;Meh;Fine;Great;Superb"] * 2
    assert rows[0]["note"] == f"order from the codes in {numeric}; {DIRECTION}"
    assert "--customers " + str(text) in result.stderr


def test_the_staffs_value_labels_order_the_customers_answers(tmp_path: Path) -> None:
    coded = codes(UNKNOWN, N, seed=6)
    customers = read_export(qualtrics_csv(tmp_path / "c.csv", UNKNOWN, coded, ids("c", N)))
    staff = read_export(staff_sav(tmp_path / "s.sav", UNKNOWN, coded, ids("s", N)))
    rows = draft([staff, customers]).rows
    assert [r["labels"] for r in rows] == ["Awful;Meh;Fine;Great;Superb"] * 2
    assert all("order unconfirmed" not in r["note"] for r in rows)


def test_analyze_refuses_an_unconfirmed_order_until_it_is_checked(
    runner: CliRunner, tmp_path: Path
) -> None:
    coded = codes(UNKNOWN, N, seed=9)
    customers = qualtrics_csv(tmp_path / "c.csv", UNKNOWN, coded, ids("c", N))
    out = tmp_path / "d.xlsx"
    made = runner.invoke(app, ["codebook", str(customers), "-o", str(out)])
    assert made.exit_code == 0, made.stderr
    assert "drafted 2 rows, 2 needing a check (order unconfirmed)" in made.stderr
    assert "c.csv: 5 columns left out (5 metadata)" in made.stderr
    _fill(out, dict.fromkeys(UNKNOWN[0].columns(), ("store", "food")))
    args = ["analyze", "--items", str(out), "--company", str(customers)]
    args += ["--customers", str(customers)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert refused.stderr.startswith("cxgap: error: ")
    assert "2 codebook rows have an unconfirmed answer order: row 2 (QID3_1); row 3 (QID3_2)" in (
        " ".join(refused.stderr.split())
    )
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    head = [c.value for c in sheet[1]]
    drafted = sheet.cell(2, head.index("labels") + 1).value
    sheet.cell(2, head.index("labels") + 1).value = ";".join(drafted.split(";")[::-1])
    book.save(out)
    still = runner.invoke(app, args)
    assert still.exit_code == 2 and "1 codebook row has" in still.stderr
    assert "(QID3_2)" in still.stderr and "d.xlsx" in still.stderr
    sheet.cell(3, head.index("note") + 1).value = ""  # the analyst checked it: note cleared
    book.save(out)
    assert runner.invoke(app, args).exit_code == 0


def test_question_texts_lose_what_platforms_add() -> None:
    assert core_texts(["Our staff: Q1. How is ${e://Field/x} it?", "Our staff: 2) Why <b>so</b>?"])
    assert core_texts(["Our staff: How good?", "Our staff: How fast?"]) == [
        "how good?",
        "how fast?",
    ]
    stems = ["Rate us - How good?", "Rate us - How fast?"]
    assert core_texts(stems) == ["how good?", "how fast?"]
    assert core_texts(["Q3. How ${q://QID1/ChoiceGroup/SelectedChoices} went?"]) == ["how went?"]


def test_the_assignment_is_scipys_optimum() -> None:
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(0)
    for trial in range(200):
        n, m = rng.integers(1, 9, size=2)
        scores = np.round(rng.random((n, m)) * 100, 1)
        if trial % 3 == 0:
            scores = np.where(scores > 60, scores, 0.0)  # as _pair masks low scores
        rows, cols = linear_sum_assignment(scores, maximize=True)
        pairs = assign(scores)
        assert len(pairs) == min(n, m) == len({i for i, _ in pairs}) == len({j for _, j in pairs})
        assert sum(scores[i, j] for i, j in pairs) == pytest.approx(scores[rows, cols].sum())


def test_pairs_are_one_to_one_and_ambiguity_is_noted(tmp_path: Path) -> None:
    same = [Question("QID1", "Rate", ("Speed of service", "Speed of services"), QUALITY)]
    coded = codes(same, N, seed=10)
    customers = read_export(qualtrics_csv(tmp_path / "c.csv", same, coded, ids("c", N)))
    staff = read_export(staff_sav(tmp_path / "s.sav", same, coded, ids("s", N)))
    rows = draft([staff, customers]).rows
    assert [(r["company_column"], r["customer_column"]) for r in rows] == [
        ("S1", "QID1_1"),
        ("S2", "QID1_2"),
    ]
    assert all("ambiguous: also close to" in r["note"] for r in rows)


def test_the_command_reads_a_qsf_given_first_and_refuses_one_that_is_not(
    runner: CliRunner, tmp_path: Path
) -> None:
    coded = codes(UNKNOWN, N, seed=11)
    customers = qualtrics_csv(tmp_path / "c.csv", UNKNOWN, coded, ids("c", N))
    survey = qsf(tmp_path / "survey.qsf", UNKNOWN)
    out = tmp_path / "d.xlsx"
    result = runner.invoke(app, ["codebook", str(survey), str(customers), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("drafted 2 rows, 0 needing a check (order unconfirmed)\n")
    sheet = openpyxl.load_workbook(out).worksheets[0]
    head = [c.value for c in sheet[1]]
    assert [r[head.index("labels")] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Awful;Meh;Fine;Great;Superb"
    ] * 2
    broken = tmp_path / "broken.qsf"
    broken.write_text('{"SurveyEntry": {}}', encoding="utf-8")
    again = ["codebook", str(broken), str(customers), "-o", str(tmp_path / "e.xlsx")]
    refused = runner.invoke(app, again)
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"cxgap: error: {broken}: not a Qualtrics survey definition")
