"""``cxgap codebook`` drafts SPEC 10's pairs when an export asks a question twice, once for the
expectation and once for the experience, with a note to check; other drafts are unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from conftest import write_folder
from cxgap.cli import app
from cxgap.drafting import draft_pairs
from cxgap.load import load_survey

QUESTIONS = (
    "How important is it to you that your delivery arrives on the promised day?",
    "How satisfied are you that your delivery arrives on the promised day?",
    "What did you expect of the adviser in store?",
    "How satisfied are you with the adviser in store?",
    "Overall, how satisfied are you with Northway?",
)


def _export(path: Path, questions: tuple[str, ...]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent_id", *questions])
        for i in range(30):
            writer.writerow([f"C{i}", *((i + k * (i // 5)) % 5 + 1 for k in range(len(questions)))])
    return path


def _draft(tmp_path: Path, questions: tuple[str, ...]) -> list[list[object]]:
    export = _export(tmp_path / "customers.csv", questions)
    out = tmp_path / "codebook.xlsx"
    result = CliRunner().invoke(app, ["codebook", str(export), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return CalamineWorkbook.from_path(str(out)).get_sheet_by_name("items").to_python()


def test_both_versions_of_a_question_are_drafted_as_a_pair(tmp_path: Path) -> None:
    rows = _draft(tmp_path, QUESTIONS)
    header = rows[0]
    assert header[header.index("kind") + 1] == "pair"
    got = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    by_text = {row["text"]: row for row in got}
    expect, experience = by_text[QUESTIONS[0]], by_text[QUESTIONS[1]]
    assert (expect["kind"], expect["pair"]) == ("expectation", experience["item"])
    assert (experience["kind"], experience["pair"]) == ("score", expect["item"])
    assert "check the pair" in str(expect["note"]) and "check the pair" in str(experience["note"])
    assert by_text[QUESTIONS[2]]["pair"] == by_text[QUESTIONS[3]]["item"]
    assert by_text[QUESTIONS[4]]["pair"] == ""
    # Filled in, the draft reads as a codebook with two pairs.
    filled = [header] + [[*row[:1], "store", "all", *row[3:]] for row in rows[1:]]
    columns = [header.index(c) for c in ("item", "touchpoint", "category", "kind", "pair")]
    items = [tuple(row[c] for c in columns) for row in filled]
    ids = [row[0] for row in items[1:]]
    answers = [("respondent_id", *ids), *((f"R{i}", *(3 for _ in ids)) for i in range(3))]
    folder = write_folder(
        tmp_path / "s", {"items": items, "company": answers, "customers": answers}
    )
    assert len(load_survey(folder).codebook.pairs()) == 2


def test_a_draft_without_such_questions_is_unchanged(tmp_path: Path) -> None:
    rows = _draft(tmp_path, (QUESTIONS[1], QUESTIONS[3], QUESTIONS[4]))
    assert "pair" not in rows[0]
    drafted = [{"item": "a", "text": QUESTIONS[0], "kind": "nps", "note": ""}]
    assert draft_pairs(drafted, ("item", "text", "kind", "note")) == (
        drafted,
        ("item", "text", "kind", "note"),
    )
