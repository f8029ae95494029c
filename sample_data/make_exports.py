"""Write the sample survey as the survey platforms export it, into sample_data/exports/.

Reads sample_data/survey.xlsx (its numbers are not regenerated) and writes:

- ``customers_qualtrics.csv``: the customers as a Qualtrics "choice text" CSV export: three
  header rows (export tags ``Q1``...``Q24``, question texts, ``{"ImportId":"QID1"}``), answers as
  their agreement labels, Qualtrics' metadata columns, ``segment``, ``region``, ``wave`` and
  ``weight`` as embedded data; plus three unfinished responses (``Finished`` False) and two
  survey previews (``Status`` Survey Preview), which a reader must leave out.
- ``staff_surveymonkey.xlsx``: the staff as a SurveyMonkey XLSX export: two header rows, one
  matrix question per touchpoint (its statements in row 2), ``Respondent ID``, collector and
  date columns, ``role`` and ``department`` as single-answer questions.
- ``customers.sav``: the customers as an SPSS file: ``Q1``...``Q24`` coded 1-5 with value labels,
  "Don't know" coded 8 and "N/A" 9, both user-missing (as is -99 where the codebook says so).
- ``codebook.xlsx``: the codebook mapping them: ``company_column`` (the SurveyMonkey matrix
  columns), ``customer_column`` (``Q1``...), ``labels``, ``kind``, touchpoint and category filled.

Cells the workbook leaves blank stay blank; "Don't know", "N/A" and -99 stay as they are in the
CSV and the XLSX. Every file is the same, byte for byte, on every run.

Usage: python sample_data/make_exports.py [OUTPUT_DIR]   (default: sample_data/exports)
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from cxgap.render.codebook import workbook_bytes

HERE = Path(__file__).resolve().parent
LABELS = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
SATISFACTION = ("Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied",
                "Satisfied", "Very satisfied")  # fmt: skip
DONT_KNOW, NOT_APPLICABLE = 8, 9
NPS_DONT_KNOW, NPS_NOT_APPLICABLE = 98, 99
"""The 0-10 recommendation item's no-answer codes: 8 and 9 are answers on its scale."""
START = datetime(2026, 9, 1, 8, 0, 0)
META = [
    ("StartDate", "Start Date", "startDate"),
    ("EndDate", "End Date", "endDate"),
    ("Status", "Response Type", "status"),
    ("IPAddress", "IP Address", "ipAddress"),
    ("Progress", "Progress", "progress"),
    ("Duration (in seconds)", "Duration (in seconds)", "duration"),
    ("Finished", "Finished", "finished"),
    ("RecordedDate", "Recorded Date", "recordedDate"),
    ("ResponseId", "Response ID", "_recordId"),
    ("DistributionChannel", "Distribution Channel", "distributionChannel"),
    ("UserLanguage", "User Language", "userLanguage"),
]
EMBEDDED = ("segment", "region", "wave", "weight")
LEFT_OUT = {  # position in the file (before the customer of that index) -> (id, status, finished)
    0: ("R_preview1", "Survey Preview", True),
    10: ("R_partial1", "IP Address", False),
    500: ("R_partial2", "IP Address", False),
    1500: ("R_partial3", "IP Address", False),
    2000: ("R_preview2", "Survey Preview", True),
}


def read_survey(path: Path) -> dict[str, list[dict[str, object]]]:
    book = load_workbook(path, read_only=True)
    sheets = {}
    for name in ("items", "company", "customers"):
        rows = list(book[name].iter_rows(values_only=True))
        sheets[name] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    book.close()
    return sheets


def column_id(item: str) -> str:
    """``q07`` -> ``Q7``: the export tag the customers' questionnaire gives the item."""
    return f"Q{int(item[1:])}"


def labels_of(item: dict[str, object]) -> tuple[str, ...]:
    """The item's answer labels: agreement for the ratings, satisfaction for the overall
    judgement, none for the 0-10 recommendation (its answers are numbers)."""
    return {"nps": (), "outcome": SATISFACTION}.get(str(item.get("kind") or ""), LABELS)


def label(value: object, item: dict[str, object]) -> object:
    """A 1-5 score as its label; blanks, "Don't know", "N/A" and -99 as they are."""
    labels = labels_of(item)
    if labels and isinstance(value, int) and 1 <= value <= 5:
        return labels[value - 1]
    return "" if value is None else value


def qualtrics_csv(survey: dict[str, list[dict[str, object]]]) -> bytes:
    items = survey["items"]
    ids = [m[0] for m in META] + [column_id(str(i["item"])) for i in items] + list(EMBEDDED)
    texts = [m[1] for m in META] + [str(i["text"]) for i in items] + list(EMBEDDED)
    imports = [{"ImportId": m[2]} for m in META]
    imports += [{"ImportId": f"QID{int(str(i['item'])[1:])}"} for i in items]
    imports += [{"ImportId": name} for name in EMBEDDED]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([ids, texts, [json.dumps(x, separators=(",", ":")) for x in imports]])
    for n, person in enumerate(survey["customers"]):
        if n in LEFT_OUT:
            writer.writerow(_left_out_row(n, items, person))
        answers = [label(person[str(i["item"])], i) for i in items]
        embedded = [person[name] for name in EMBEDDED]
        writer.writerow(
            _meta(n, str(person["respondent_id"]), "IP Address", True) + answers + embedded
        )
    return out.getvalue().encode("utf-8")


def _left_out_row(
    n: int, items: list[dict[str, object]], person: dict[str, object]
) -> list[object]:
    response, status, finished = LEFT_OUT[n]
    answers = [
        label(1 + (n + k) % 5, item) if finished or k < 5 else "" for k, item in enumerate(items)
    ]
    return _meta(n, response, status, finished) + answers + [person[name] for name in EMBEDDED]


def _meta(n: int, response: str, status: str, finished: bool) -> list[object]:
    start = START + timedelta(seconds=137 * n)
    duration = 60 + (37 * n) % 400
    end = start + timedelta(seconds=duration)
    stamp = "%Y-%m-%d %H:%M:%S"
    channel = "preview" if status == "Survey Preview" else "anonymous"
    progress = 100 if finished else 40
    return [
        start.strftime(stamp), end.strftime(stamp), status, "", progress, duration,
        str(finished), end.strftime(stamp), response, channel, "EN",
    ]  # fmt: skip


def surveymonkey_rows(survey: dict[str, list[dict[str, object]]]) -> list[list[object]]:
    items = survey["items"]
    head = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address"]
    first: list[object] = [*head, "role", "department"]
    second: list[object] = ["", "", "", "", "", "Response", "Response"]
    shown = None
    for item in items:
        touchpoint = str(item["touchpoint"])
        if touchpoint == OVERALL:  # a question of its own, not a row of a matrix
            first.append(str(item["text"]))
            second.append("Response")
        else:
            first.append(matrix_question(touchpoint) if touchpoint != shown else "")
            second.append(str(item["text"]))
        shown = touchpoint
    rows = [first, second]
    for n, person in enumerate(survey["company"]):
        start = START + timedelta(minutes=31 * n)
        end = start + timedelta(seconds=300 + 11 * n)
        stamp = "%m/%d/%Y %I:%M:%S %p"
        meta = [person["respondent_id"], 412345678, start.strftime(stamp), end.strftime(stamp), ""]
        answers = [label(person[str(i["item"])], i) for i in items]
        rows.append([*meta, person["role"], person["department"], *answers])
    return rows


OVERALL = "overall"
"""The touchpoint of the overall judgement and the recommendation: questions of their own."""


def matrix_question(touchpoint: str) -> str:
    return f"Our service at the {touchpoint} touchpoint: how far do you agree with each statement?"


def company_column(item: dict[str, object]) -> str:
    if item["touchpoint"] == OVERALL:
        return str(item["text"])
    return f"{matrix_question(str(item['touchpoint']))} - {item['text']}"


def spss_file(survey: dict[str, list[dict[str, object]]], path: Path) -> None:
    import pandas as pd
    import pyreadstat

    items = survey["items"]
    frame = pd.DataFrame(
        {
            "respondent_id": [str(p["respondent_id"]) for p in survey["customers"]],
            **{name: [p[name] for p in survey["customers"]] for name in EMBEDDED},
            **{
                column_id(str(i["item"])): [
                    _no_answer_codes(i).get(p[str(i["item"])], p[str(i["item"])])  # type: ignore[call-overload]
                    for p in survey["customers"]
                ]
                for i in items
            },
        }
    )
    frame["weight"] = frame["weight"].astype(float)
    columns = [column_id(str(i["item"])) for i in items]
    value_labels = {
        column_id(str(i["item"])): {
            **{k + 1: text for k, text in enumerate(labels_of(i))},
            **{code: text for text, code in _no_answer_codes(i).items()},
        }
        for i in items
    }
    missing = {
        column_id(str(i["item"])): list(_no_answer_codes(i).values())
        + ([int(i["missing_codes"])] if i["missing_codes"] is not None else [])  # type: ignore[call-overload]
        for i in items
    }
    pyreadstat.write_sav(
        frame.astype(dict.fromkeys(columns, float)),
        str(path),
        column_labels={column_id(str(i["item"])): str(i["text"]) for i in items},
        variable_value_labels=value_labels,
        missing_ranges=missing,
    )
    _fix_sav_timestamp(path)


def _no_answer_codes(item: dict[str, object]) -> dict[str, int]:
    """The SPSS codes of "Don't know" and "N/A" for the item: off its scale."""
    if item.get("kind") == "nps":
        return {"Don't know": NPS_DONT_KNOW, "N/A": NPS_NOT_APPLICABLE}
    return {"Don't know": DONT_KNOW, "N/A": NOT_APPLICABLE}


def _fix_sav_timestamp(path: Path) -> None:
    """Overwrite the creation date and time in the .sav header (bytes 92-108) with fixed ones,
    so that the file is the same on every run."""
    data = bytearray(path.read_bytes())
    if data[:4] != b"$FL2":
        raise SystemExit(f"{path}: not an SPSS file header")
    data[92:109] = b"01 Sep 2600:00:00"
    path.write_bytes(bytes(data))


def codebook_rows(survey: dict[str, list[dict[str, object]]]) -> list[list[object]]:
    header: list[object] = [
        "item", "touchpoint", "category", "stage", "text", "company_column", "customer_column",
        "scale_min", "scale_max", "labels", "missing_codes", "kind",
    ]  # fmt: skip
    rows = [header]
    for item in survey["items"]:
        missing = item["missing_codes"]
        rows.append(
            [
                item["item"],
                item["touchpoint"],
                item["category"],
                item["stage"],
                item["text"],
                company_column(item),
                column_id(str(item["item"])),
                item["scale_min"],
                item["scale_max"],
                ";".join(labels_of(item)),
                "" if missing is None else missing,
                item.get("kind") or "score",
            ]
        )
    return rows


def main(out: Path) -> None:
    survey = read_survey(HERE / "survey.xlsx")
    out.mkdir(parents=True, exist_ok=True)
    (out / "customers_qualtrics.csv").write_bytes(qualtrics_csv(survey))
    sm = workbook_bytes({"Sheet": surveymonkey_rows(survey)}, styled=False)
    (out / "staff_surveymonkey.xlsx").write_bytes(sm)
    spss_file(survey, out / "customers.sav")
    (out / "codebook.xlsx").write_bytes(workbook_bytes({"items": codebook_rows(survey)}))
    print(f"wrote {out}: customers_qualtrics.csv, staff_surveymonkey.xlsx, customers.sav, "
          "codebook.xlsx")  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "exports")
