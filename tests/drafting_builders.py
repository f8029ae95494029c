"""Exports written in code for the codebook-drafting tests: a Qualtrics CSV (choice text or
numeric values, three header rows), an SPSS ``.sav`` with value labels, a Qualtrics survey
definition (``.qsf``) and the equivalent three-table workbook, from one set of coded answers.

The ``.qsf`` follows the format of the survey definitions in the public repositories
ctesta01/QualtricsTools (``data/Sample Surveys/*/*.qsf``) and fflewddur/sp
(``libsp/data_test.go``): ``SurveyEntry``, then ``SurveyElements`` whose ``SQ`` elements carry a
question's ``Payload`` (``QuestionID``, ``DataExportTag``, ``QuestionType``, ``Selector``,
``Choices``/``ChoiceOrder``, ``Answers``/``AnswerOrder``, ``RecodeValues``).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Question:
    """One matrix question: its statements share the answer ladder ``labels`` (low to high)."""

    qid: str
    stem: str
    statements: tuple[str, ...]
    labels: tuple[str, ...]

    def columns(self) -> list[str]:
        return [f"{self.qid}_{k + 1}" for k in range(len(self.statements))]


def codes(questions: list[Question], n: int, seed: int) -> dict[str, list[int]]:
    """Coded answers 1..k per column, every point chosen at least once (the first k rows)."""
    rng = np.random.default_rng(seed)
    out: dict[str, list[int]] = {}
    for q in questions:
        k = len(q.labels)
        for column in q.columns():
            drawn = rng.integers(1, k + 1, size=n).tolist()
            drawn[:k] = rng.permutation(np.arange(1, k + 1)).tolist()
            out[column] = drawn
    return out


def ids(prefix: str, n: int) -> list[str]:
    return [f"R_{prefix}{i:04d}" for i in range(n)]


def qualtrics_csv(
    path: Path, questions: list[Question], coded: dict[str, list[int]], respondents: list[str],
    *, numeric: bool = False,
) -> Path:  # fmt: skip
    """A Qualtrics export (choice text, or numeric values) of the matrix questions."""
    head = ["StartDate", "Status", "Progress", "Finished", "ResponseId"]
    texts = ["Start Date", "Response Type", "Progress", "Finished", "Response ID"]
    imports = ["startDate", "status", "progress", "finished", "_recordId"]
    for q in questions:
        for column, statement in zip(q.columns(), q.statements, strict=True):
            head.append(column)
            texts.append(f"{q.stem} - {statement}")
            imports.append(column.replace("_", "_", 1))
    rows = [head, texts, [json.dumps({"ImportId": x}) for x in imports]]
    for i, rid in enumerate(respondents):
        row = ["2026-03-01 10:00:00", "IP Address", "100", "True", rid]
        for q in questions:
            for column in q.columns():
                code = coded[column][i]
                row.append(str(code) if numeric else q.labels[code - 1])
        rows.append(row)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def staff_sav(
    path: Path, questions: list[Question], coded: dict[str, list[int]], respondents: list[str],
    prefix: str = "Our staff: ",
) -> Path:  # fmt: skip
    """An SPSS file: one variable per statement (``S1``...), labelled ``prefix + statement``,
    value labels 1..k = the ladder."""
    import pandas as pd
    import pyreadstat

    frame = {"ResponseId": respondents}
    labels, values = {}, {}
    k = 0
    for q in questions:
        for column, statement in zip(q.columns(), q.statements, strict=True):
            k += 1
            frame[f"S{k}"] = [float(c) for c in coded[column]]
            labels[f"S{k}"] = prefix + statement
            values[f"S{k}"] = {float(j + 1): x for j, x in enumerate(q.labels)}
    pyreadstat.write_sav(
        pd.DataFrame(frame),
        str(path),
        column_labels={"ResponseId": "Response ID", **labels},
        variable_value_labels=values,
    )
    return path


def qsf(path: Path, questions: list[Question], *, best_first: bool = True) -> Path:
    """A survey definition of the matrix questions, scale points displayed best first (as
    many surveys show them) with recode values 1 = lowest; plus a "Not applicable" point
    coded -1."""
    elements: list[dict[str, object]] = [
        {"SurveyID": "SV_test", "Element": "BL", "PrimaryAttribute": "Survey Blocks",
         "Payload": [{"Type": "Default", "ID": "BL_1", "BlockElements": [
             {"Type": "Question", "QuestionID": q.qid} for q in questions]}]},
    ]  # fmt: skip
    for q in questions:
        k = len(q.labels)
        answers = {str(j + 1): {"Display": f"<span>{x}</span>"} for j, x in enumerate(q.labels)}
        answers[str(k + 1)] = {"Display": "Not applicable"}
        recodes = {str(j + 1): str(j + 1) for j in range(k)} | {str(k + 1): "-1"}
        order = list(range(k, 0, -1)) if best_first else list(range(1, k + 1))
        elements.append(
            {"SurveyID": "SV_test", "Element": "SQ", "PrimaryAttribute": q.qid,
             "SecondaryAttribute": q.stem, "Payload": {
                 "QuestionText": f"<p>{q.stem}</p>", "DataExportTag": q.qid.replace("QID", "Q"),
                 "QuestionType": "Matrix", "Selector": "Likert", "SubSelector": "SingleAnswer",
                 "Choices": {str(j + 1): {"Display": s} for j, s in enumerate(q.statements)},
                 "ChoiceOrder": [str(j + 1) for j in range(len(q.statements))],
                 "Answers": answers, "AnswerOrder": [*order, k + 1],
                 "RecodeValues": recodes, "ChoiceDataExportTags": False,
                 "QuestionID": q.qid}}
        )  # fmt: skip
    data = {"SurveyEntry": {"SurveyID": "SV_test", "SurveyName": "test"},
            "SurveyElements": elements}  # fmt: skip
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
