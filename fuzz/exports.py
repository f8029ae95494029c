"""Fuzz cases of the survey-platform route: a codebook, the staff's export and the customers'
export, passed as ``--items``, ``--company`` and ``--customers`` (and drafted by
``cxgap codebook``).

The seeds are the sample as ``sample_data/make_exports.py`` writes it (its functions, on the
sample's tables cut to :data:`CUSTOMERS` customers): the customers as a Qualtrics "choice
text" export, the staff as a SurveyMonkey export, the customers as SPSS/Stata, and the
codebook that maps them. Each case mutates one of them, as a platform or a consultant does:

- Qualtrics CSV/TSV/XLSX: header rows removed, duplicated, swapped; the ImportId row damaged;
  UTF-16 and BOMs; quoted line breaks in question texts; answers off the label ladder; only
  the header rows; odd Status/Finished values; hostile texts in embedded data;
- SurveyMonkey CSV/XLSX: merged header cells, the sub-question row missing or blank;
- SPSS ``.sav``/``.zsav`` and Stata ``.dta``: string variables where numbers are expected,
  value labels on non-integers, huge label sets, odd user-missing ranges; then, often, the
  file truncated or bytes flipped;
- the codebook's ``column``, ``company_column``, ``customer_column``, ``labels``,
  ``non_answers`` and ``kind`` (and hostile texts in its ``touchpoint``/``category``/``text``).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import random
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from fuzz.base import ROOT, Base, Rows
from fuzz.flat import Files
from fuzz.values import HOSTILE, TEXTS

CUSTOMERS = 300
"""Customers in the export seeds: enough for every item to have answers, few enough to keep a
case under a second."""

_MODULES: dict[str, ModuleType] = {}
_SURVEYS: dict[int, dict[str, list[dict[str, object]]]] = {}


def maker() -> ModuleType:
    """``sample_data/make_exports.py``, imported once."""
    if "make_exports" not in _MODULES:
        spec = importlib.util.spec_from_file_location(
            "make_exports", ROOT / "sample_data" / "make_exports.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _MODULES["make_exports"] = module
    return _MODULES["make_exports"]


def _plain(value: object) -> object:
    """A cell as openpyxl gives it (what make_exports expects): blanks None, whole numbers int."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def survey(base: Base) -> dict[str, list[dict[str, object]]]:
    """The sample's tables as make_exports reads them, the customers cut to CUSTOMERS."""
    if id(base) not in _SURVEYS:
        sheets = {}
        for name, rows in base.tables.items():
            body = rows[1 : CUSTOMERS + 1] if name == "customers" else rows[1:]
            sheets[name] = [
                dict(zip(rows[0], map(_plain, row), strict=True))
                for row in body  # type: ignore[arg-type]
            ]
        _SURVEYS[id(base)] = sheets
    return _SURVEYS[id(base)]


@dataclass
class Draft:
    """One export case being built: the three parts as rows, how each is written, and notes."""

    codebook: Rows
    company: Rows
    customers: Rows
    customers_format: str = "qualtrics-csv"
    company_format: str = "surveymonkey-xlsx"
    codebook_format: str = "xlsx"
    options: list[str] = field(default_factory=list)
    """Input options the files need (``--encoding``)."""
    shown: list[str] = field(default_factory=list)
    """Analyze options that show what a mutation changed (``--split``, ``--by``)."""
    notes: list[str] = field(default_factory=list)
    spss: dict[str, Any] = field(default_factory=dict)
    """For SPSS/Stata customers: the frame's columns, labels and user-missing values."""
    merged: str = ""
    """SurveyMonkey XLSX header merges: "" none; else the merged cell's value (first, blank)."""
    merged_rows: bool = False
    """Also the metadata headers merged over both header rows."""


def seed_draft(base: Base) -> Draft:
    make = maker()
    sample = survey(base)
    text = make.qualtrics_csv(sample).decode("utf-8")
    qualtrics: Rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    company: Rows = [list(row) for row in make.surveymonkey_rows(sample)]
    codebook: Rows = [list(row) for row in make.codebook_rows(sample)]
    return Draft(codebook, company, qualtrics)


# -- Qualtrics -------------------------------------------------------------------------------

_QUALTRICS_HEAD = 3
_OFF_LADDER = (
    "Sorta", "strongly agree", " Agree ", "Agree\n", "AGREE", "Agree (4)", "4 - Agree", "4", "7",
    "0", "-99", "Agree;Disagree", "Very satisfied", "Neither agree or disagree", "Strongly  agree",
    "Don't Know", "N/A", "Not applicable", "\u00a0Agree", "Agree\u200b", "",
)  # fmt: skip


def q_header_rows(rng: random.Random, d: Draft) -> None:
    """A header row removed, duplicated, or two swapped."""
    rows = d.customers
    action = rng.choice(("remove", "duplicate", "swap", "import_first", "blank"))
    k = rng.randrange(_QUALTRICS_HEAD)
    if action == "remove":
        del rows[k]
    elif action == "duplicate":
        rows.insert(k, list(rows[k]))
    elif action == "swap":
        j = rng.choice([i for i in range(_QUALTRICS_HEAD) if i != k])
        rows[k], rows[j] = rows[j], rows[k]
        action = f"swap with row {j + 1}"
    elif action == "import_first":
        rows.insert(0, rows.pop(2))
    else:
        rows[k] = [""] * len(rows[k])
    d.notes.append(f"Qualtrics header row {k + 1}: {action}")


_IMPORT_IDS = (
    '{"ImportId":"QID1"', "{}", "", '{"ImportId":5}', "null", "[1]", '{"ImportId":"QID1"}',
    '{"ImportId":"QID1_TEXT"}', "QID1", '{"importid":"QID7"}', '{"ImportId":null}',
    '{"ImportId":"' + "Q" * 5000 + '"}', '{"ImportId":"<script>"}', "{" * 2000, '"',
)  # fmt: skip


def q_import_ids(rng: random.Random, d: Draft) -> None:
    """The ImportId row damaged: broken JSON, duplicates, blanks, in one cell or all."""
    row = d.customers[2]
    value = rng.choice(_IMPORT_IDS)
    targets = range(len(row)) if rng.random() < 0.3 else [rng.randrange(len(row))]
    for j in targets:
        row[j] = value
    d.notes.append(f"ImportId row: {len(targets)} cell(s) = {value[:40]!r}")


def q_question_texts(rng: random.Random, d: Draft) -> None:
    """Question texts with quoted line breaks, quotes, hostile or very long texts."""
    row = d.customers[1]
    for _ in range(rng.randint(1, 4)):
        j = rng.randrange(len(row))
        change = rng.choice(("\n", "\r\n", '"', "\r", "lf_end", "hostile", "long"))
        if change == "hostile":
            row[j] = rng.choice(HOSTILE)
        elif change == "long":
            row[j] = "x" * 100_000
        elif change == "lf_end":
            row[j] = f"{row[j]}\n"
        else:
            at = rng.randrange(len(row[j]) + 1)
            row[j] = f"{row[j][:at]}{change}{row[j][at:]}"
        d.notes.append(f"question text {j}: {change!r}")


def q_labels(rng: random.Random, d: Draft) -> None:
    """Answers off the label ladder: in a few cells, or a whole column."""
    rows = d.customers
    head = _qualtrics_head(rows)
    width = len(rows[head]) if len(rows) > head else 0
    if width <= 11:
        d.notes.append("labels: no answers to change")
        return
    value = rng.choice((*_OFF_LADDER, rng.choice(TEXTS)))
    if rng.random() < 0.2:
        j = rng.randrange(11, width)
        for r in range(head, len(rows)):
            if j < len(rows[r]) and rows[r][j]:
                rows[r][j] = value
        d.notes.append(f"column {j}: every answer {value[:40]!r}")
        return
    for _ in range(rng.randint(1, 5)):
        r, j = rng.randrange(head, len(rows)), rng.randrange(11, width)
        _put(rows[r], j, value)
        d.notes.append(f"answer [{r}][{j}] = {value[:40]!r}")


def _put(row: list[object], j: int, value: object) -> bool:
    """Set cell ``j`` of ``row`` if the row reaches it (a ragged row may not)."""
    if j < len(row):
        row[j] = value
    return j < len(row)


def _qualtrics_head(rows: Rows) -> int:
    return next((i for i, row in enumerate(rows[:4]) if row and row[0].startswith("20")), 3)


def q_only_headers(rng: random.Random, d: Draft) -> None:
    """No responses: the header rows alone (two or three), or one response."""
    keep = rng.choice((1, 2, 3, 3, 4))
    del d.customers[keep:]
    d.notes.append(f"only the first {keep} row(s)")


def q_metadata(rng: random.Random, d: Draft) -> None:
    """Status, Finished, Progress and ResponseId given odd values."""
    rows = d.customers
    header = rows[0]
    name = rng.choice(("Status", "Finished", "Progress", "ResponseId"))
    if name not in header:
        d.notes.append(f"no {name} column")
        return
    j = header.index(name)
    value = rng.choice(
        {
            "Status": ("Survey Test", "Spam", "Imported", "", "1", "8", "IP Address ", "x" * 300),
            "Finished": ("true", "0", "", "FALSE", "yes", "2", "Finished"),
            "Progress": ("abc", "-1", "1e309", "", "100.0", "nan"),
            "ResponseId": ("", "R_1", " ", "\u00e9", "1e3"),
        }[name]
    )
    share = rng.choice((0.05, 0.5, 1.0))
    changed = 0
    for r in range(_qualtrics_head(rows), len(rows)):
        if rng.random() < share and _put(rows[r], j, value):
            changed += 1
    d.notes.append(f"{name} = {value[:40]!r} in {changed} response(s)")


def q_embedded(rng: random.Random, d: Draft) -> None:
    """An embedded-data attribute (segment, region) holding hostile texts, split by."""
    rows = d.customers
    name = rng.choice(("segment", "region"))
    j = rows[0].index(name) if name in rows[0] else -1
    if j < 0:
        d.notes.append(f"no {name} column")
        return
    values = rng.sample(HOSTILE, 3)
    for r in range(_qualtrics_head(rows), len(rows)):
        _put(rows[r], j, values[r % 3])
    d.shown += ["--split", name]
    d.notes.append(f"{name} values {values!r}, split by")


def q_ragged(rng: random.Random, d: Draft) -> None:
    """Response rows cut short or made longer than the header."""
    rows = d.customers
    head = _qualtrics_head(rows)
    for r in rng.sample(range(head, len(rows)), min(rng.randint(1, 5), len(rows) - head)):
        if rng.random() < 0.5:
            del rows[r][rng.randrange(len(rows[r])) :]
        else:
            rows[r].extend(["extra"] * rng.randint(1, 3))
    d.notes.append("ragged response rows")


QUALTRICS: dict[str, tuple[int, Callable[[random.Random, Draft], None]]] = {
    "header-rows": (3, q_header_rows),
    "import-ids": (2, q_import_ids),
    "question-texts": (2, q_question_texts),
    "labels": (3, q_labels),
    "only-headers": (1, q_only_headers),
    "metadata": (2, q_metadata),
    "embedded": (1, q_embedded),
    "ragged": (1, q_ragged),
}

# -- SurveyMonkey ----------------------------------------------------------------------------


def sm_merged(rng: random.Random, d: Draft) -> None:
    """The question row's cells merged over each matrix's columns (as SurveyMonkey's XLSX
    does), and perhaps the metadata headers merged over both header rows."""
    d.company_format = "surveymonkey-xlsx"
    d.merged = rng.choice(("first", "blank"))
    d.merged_rows = rng.random() < 0.5
    rows = " and metadata over both rows" if d.merged_rows else ""
    d.notes.append(f"SurveyMonkey XLSX: matrix questions merged ({d.merged} value){rows}")


def sm_no_subquestions(rng: random.Random, d: Draft) -> None:
    """The sub-question row missing, blank, or its statements blank or duplicated."""
    row = d.company[1]
    action = rng.choice(("delete", "blank", "statements_blank", "duplicate", "hostile"))
    if action == "delete":
        del d.company[1]
    elif action == "blank":
        d.company[1] = [""] * len(row)
    elif action == "statements_blank":
        for j in rng.sample(range(7, len(row)), 3):
            row[j] = ""
    elif action == "duplicate":
        j = rng.randrange(7, len(row) - 1)
        row[j + 1] = row[j]
    else:
        row[rng.randrange(7, len(row))] = rng.choice(HOSTILE)
    d.notes.append(f"SurveyMonkey sub-question row: {action}")


def sm_answers(rng: random.Random, d: Draft) -> None:
    """Staff answers off the ladder, or hostile attribute values (role) split by."""
    rows = d.company
    if rng.random() < 0.4 and len(rows) > 2:
        values = rng.sample(HOSTILE, 2)
        for r in range(2, len(rows)):
            rows[r][5] = values[r % 2]
        d.shown += ["--split", "role"]
        d.notes.append(f"SurveyMonkey role values {values!r}, split by")
        return
    for _ in range(rng.randint(1, 4)):
        r, j = rng.randrange(2, len(rows)), rng.randrange(7, len(rows[0]))
        rows[r][j] = rng.choice((*_OFF_LADDER, rng.choice(TEXTS)))
        d.notes.append(f"SurveyMonkey answer [{r}][{j}] = {rows[r][j]!r}"[:80])


def sm_no_responses(rng: random.Random, d: Draft) -> None:
    del d.company[rng.choice((1, 2, 3)) :]
    d.notes.append(f"SurveyMonkey export with {len(d.company)} row(s)")


SURVEYMONKEY: dict[str, tuple[int, Callable[[random.Random, Draft], None]]] = {
    "merged": (3, sm_merged),
    "sub-questions": (3, sm_no_subquestions),
    "answers": (2, sm_answers),
    "no-responses": (1, sm_no_responses),
}

# -- the codebook ----------------------------------------------------------------------------

_REFERENCES = (
    "", " ", "Q99", "StartDate", "Respondent ID", "role", "segment", "weight", "q7", " Q7 ",
    "Q1", "ResponseId", "\u00e9", "Q1;Q2", "x" * 300,
)  # fmt: skip
_LABELS = (
    "", ";", ";;", "Agree", "Disagree;Agree", "Strongly disagree;Disagree;Agree;Strongly agree",
    "a;b;c;d;e;f", "Agree;Agree;Agree;Agree;Agree", "1;2;3;4;5", "Don't know;Disagree;x;Agree;y",
    "strongly disagree;disagree;neither agree nor disagree;agree;strongly agree",
    "Strongly agree;Agree;Neither agree nor disagree;Disagree;Strongly disagree",
    ";".join(f"l{i}" for i in range(11)), ";".join(HOSTILE[:5]), "x" * 5000,
)  # fmt: skip
_NON_ANSWERS = ("", "Agree", "Don't know;N/A", ";", "N/A;N/A", "Strongly agree", "4", "-99",
                "<script>alert(1)</script>", "x" * 3000)  # fmt: skip
_KINDS = ("", "score", "outcome", "nps", "NPS", " score ", "Outcome", "xyz", "nps;score", "1")


def _codebook_column(rows: Rows, name: str) -> int:
    if name not in rows[0]:
        rows[0].append(name)
        for row in rows[1:]:
            row.append("")
    return rows[0].index(name)


def cb_columns(rng: random.Random, d: Draft) -> None:
    """``column``, ``company_column`` or ``customer_column`` pointing elsewhere: to nothing, a
    metadata or attribute column, another item's column, the same column twice."""
    rows = d.codebook
    name = rng.choice(("column", "company_column", "customer_column"))
    j = _codebook_column(rows, name)
    r = rng.randrange(1, len(rows))
    action = rng.choice(("value", "value", "other_item", "swap", "all_column"))
    if action == "value":
        rows[r][j] = rng.choice(_REFERENCES)
    elif action == "other_item":
        rows[r][j] = rows[rng.randrange(1, len(rows))][j]
    elif action == "swap":
        company = _codebook_column(rows, "company_column")
        customer = _codebook_column(rows, "customer_column")
        rows[r][company], rows[r][customer] = rows[r][customer], rows[r][company]
    else:  # column = the customers' tag in every row, beside or instead of the two
        customer = _codebook_column(rows, "customer_column")
        for row in rows[1:]:
            row[j] = row[customer]
        if rng.random() < 0.5:
            for row in rows:
                del row[customer]
    d.notes.append(
        f"codebook {name} row {r}: {action} -> {rows[r][j] if j < len(rows[r]) else ''!r}"[:120]
    )


def cb_labels(rng: random.Random, d: Draft) -> None:
    """``labels`` too few, too many, repeated, reversed, lower-case, holding a non-answer."""
    rows = d.codebook
    j = _codebook_column(rows, "labels")
    value = rng.choice(_LABELS)
    targets = range(1, len(rows)) if rng.random() < 0.3 else [rng.randrange(1, len(rows))]
    for r in targets:
        rows[r][j] = value
    d.notes.append(f"codebook labels = {value[:60]!r} in {len(targets)} row(s)")


def cb_non_answers(rng: random.Random, d: Draft) -> None:
    rows = d.codebook
    j = _codebook_column(rows, "non_answers")
    value = rng.choice(_NON_ANSWERS)
    targets = range(1, len(rows)) if rng.random() < 0.5 else [rng.randrange(1, len(rows))]
    for r in targets:
        rows[r][j] = value
    d.notes.append(f"codebook non_answers = {value[:40]!r} in {len(targets)} row(s)")


def cb_kind(rng: random.Random, d: Draft) -> None:
    rows = d.codebook
    j = _codebook_column(rows, "kind")
    value = rng.choice(_KINDS)
    targets = range(1, len(rows)) if rng.random() < 0.2 else [rng.randrange(1, len(rows))]
    for r in targets:
        rows[r][j] = value
    d.notes.append(f"codebook kind = {value!r} in {len(targets)} row(s)")


def cb_texts(rng: random.Random, d: Draft) -> None:
    """Hostile texts where a report shows them: touchpoint, category, text."""
    rows = d.codebook
    name = rng.choice(("touchpoint", "category", "text"))
    j = rows[0].index(name)
    value = rng.choice(HOSTILE)
    targets = (
        [r for r in range(1, len(rows)) if rows[r][1] == rows[1][1]]
        if name != "text"
        else (rng.sample(range(1, len(rows)), 3))
    )
    for r in targets:
        rows[r][j] = value
    if name != "text":
        d.shown += ["--by", name]
    d.notes.append(f"codebook {name} = {value!r} in {len(targets)} row(s)")


CODEBOOK: dict[str, tuple[int, Callable[[random.Random, Draft], None]]] = {
    "columns": (3, cb_columns),
    "labels": (3, cb_labels),
    "non-answers": (2, cb_non_answers),
    "kind": (2, cb_kind),
    "texts": (2, cb_texts),
}

# -- SPSS and Stata --------------------------------------------------------------------------


def spss_seed(base: Base) -> dict[str, Any]:
    """The customers as SPSS variables: what make_exports writes, as pyreadstat arguments."""
    make = maker()
    sample = survey(base)
    items = sample["items"]
    names = [make.column_id(str(i["item"])) for i in items]
    columns: dict[str, list[object]] = {
        "respondent_id": [str(p["respondent_id"]) for p in sample["customers"]],
        **{name: [p[name] for p in sample["customers"]] for name in make.EMBEDDED},
    }
    for item, name in zip(items, names, strict=True):
        codes = make._no_answer_codes(item)
        columns[name] = [
            codes.get(p[str(item["item"])], p[str(item["item"])]) for p in sample["customers"]
        ]
        columns[name] = [None if v is None else float(v) for v in columns[name]]  # type: ignore[arg-type]
    columns["weight"] = [float(v) for v in columns["weight"]]  # type: ignore[arg-type]
    labels = {
        name: {
            **{k + 1: text for k, text in enumerate(make.labels_of(i))},
            **{code: text for text, code in make._no_answer_codes(i).items()},
        }
        for name, i in zip(names, items, strict=True)
    }
    missing = {
        name: [*make._no_answer_codes(i).values()]
        + ([int(i["missing_codes"])] if i["missing_codes"] is not None else [])  # type: ignore[call-overload]
        for name, i in zip(names, items, strict=True)
    }
    return {
        "columns": columns,
        "items": names,
        "column_labels": {n: str(i["text"]) for n, i in zip(names, items, strict=True)},
        "variable_value_labels": labels,
        "missing_ranges": missing,
    }


def s_strings(rng: random.Random, d: Draft) -> None:
    """An item variable written as a string variable: its codes as text, or labels, or junk."""
    name = rng.choice(d.spss["items"])
    column = d.spss["columns"][name]
    how = rng.choice(("codes", "labels", "junk", "hostile"))
    labels = d.spss["variable_value_labels"].get(name, {})
    for k, value in enumerate(column):
        if value is None:
            column[k] = ""
        elif how == "codes":
            column[k] = f"{value:g}"
        elif how == "labels":
            column[k] = str(labels.get(int(value), value))
        elif how == "junk":
            column[k] = rng.choice(("abc", "5", "", "N/A", " 4 ", "1e3"))
        else:
            column[k] = rng.choice(HOSTILE)
    d.spss["variable_value_labels"].pop(name, None)
    d.spss["missing_ranges"].pop(name, None)
    d.notes.append(f"{name} a string variable ({how})")


def s_fractional(rng: random.Random, d: Draft) -> None:
    """Value labels on non-integer codes (SPSS only: Stata labels integers), and answers there."""
    name = rng.choice(d.spss["items"])
    choices = [(1.5, 2.5), (0.1, 4.9), (1e-300, 5.000001), (-0.5,), (1e308,)]
    if (
        d.customers_format == "stata-dta"
    ):  # Stata keeps doubles from 8.99e307 for its missing values
        choices[-1] = (1e15 + 0.5,)
    codes = rng.choice(choices)
    labels = d.spss["variable_value_labels"].setdefault(name, {})
    for code in codes:
        labels[code] = f"label {code}"
    column = d.spss["columns"][name]
    for k in rng.sample(range(len(column)), 5):
        column[k] = rng.choice(codes)
    d.notes.append(f"{name}: labels on {codes}")


def s_huge_labels(rng: random.Random, d: Draft) -> None:
    """Thousands of value labels on one variable, or on every item."""
    size = rng.choice((300, 3000, 20000))
    names = [rng.choice(d.spss["items"])] if size > 3000 or rng.random() < 0.7 else d.spss["items"]
    for name in names:
        labels = d.spss["variable_value_labels"].setdefault(name, {})
        labels.update({k: f"label number {k}" for k in range(10, 10 + size)})
    d.notes.append(f"{size} value labels on {len(names)} variable(s)")


def s_missing(rng: random.Random, d: Draft) -> None:
    """User-missing values covering the scale, as a range, or many of them (SPSS)."""
    name = rng.choice(d.spss["items"])
    value = rng.choice(([{"lo": 1, "hi": 5}], [{"lo": -1e308, "hi": 1e308}], [1, 2, 3],
                        [{"lo": 8, "hi": 9}, 5], [-99]))  # fmt: skip
    d.spss["missing_ranges"][name] = value
    d.notes.append(f"{name}: user-missing {value}")


def s_texts(rng: random.Random, d: Draft) -> None:
    """Hostile variable labels and value labels (where texts come from)."""
    name = rng.choice(d.spss["items"])
    if rng.random() < 0.5:
        d.spss["column_labels"][name] = rng.choice(HOSTILE)
    else:
        labels = d.spss["variable_value_labels"].setdefault(name, {})
        labels[rng.choice((1, 3, 5))] = rng.choice(HOSTILE)
    d.notes.append(f"{name}: a hostile label")


SPSS: dict[str, tuple[int, Callable[[random.Random, Draft], None]]] = {
    "strings": (3, s_strings),
    "fractional": (2, s_fractional),
    "huge-labels": (2, s_huge_labels),
    "missing": (2, s_missing),
    "texts": (1, s_texts),
}


def write_spss(d: Draft, suffix: str) -> bytes:
    """The customers as .sav, .zsav (compressed) or .dta, through pyreadstat (Stata: no
    user-missing values, integer labels only)."""
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(d.spss["columns"])
    labels = d.spss["variable_value_labels"]
    with tempfile.TemporaryDirectory(prefix="cxgap-fuzz-spss-") as folder:
        path = Path(folder) / f"customers{suffix}"
        if suffix == ".dta":
            whole = {
                name: {int(k): v for k, v in codes.items() if float(k).is_integer()}
                for name, codes in labels.items()
                if name in frame and frame[name].dtype != object
            }
            pyreadstat.write_dta(
                frame, str(path), column_labels=d.spss["column_labels"],
                variable_value_labels=whole,
            )  # fmt: skip
        else:
            pyreadstat.write_sav(
                frame, str(path), compress=suffix == ".zsav",
                column_labels=d.spss["column_labels"],
                variable_value_labels={n: c for n, c in labels.items() if frame[n].dtype != object},
                missing_ranges={
                    n: m for n, m in d.spss["missing_ranges"].items() if frame[n].dtype != object
                },
            )  # fmt: skip
        data = path.read_bytes()
    if suffix == ".dta":  # no time of writing: the same bytes every time
        return re.sub(
            rb"<timestamp>\x11[^<]{17}<", b"<timestamp>\x1101 Sep 2026 00:00<", data, count=1
        )
    return data[:92] + b"01 Sep 2600:00:00" + data[109:]


def damage_binary(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """Cut, or a few bytes flipped, anywhere, in the header, or near the end."""
    if rng.random() < 0.35:
        at = rng.choice((0, 4, 64, 176, rng.randrange(len(data)), len(data) - 1))
        return data[:at], f"truncated to {at} of {len(data)} bytes"
    flipped = bytearray(data)
    spots = []
    for _ in range(rng.choice((1, 1, 2, 4, 16))):
        where = rng.random()
        if where < 0.4:
            at = rng.randrange(min(len(data), 2048))  # the header and variable records
        elif where < 0.8:
            at = rng.randrange(len(data))
        else:
            at = len(data) - rng.randrange(1, min(len(data), 512) + 1)
        flipped[at] ^= rng.choice((1 << rng.randrange(8), 0xFF))
        spots.append(at)
    return bytes(flipped), f"bytes flipped at {spots}"


# -- writing ---------------------------------------------------------------------------------

_ENCODINGS = (
    ("utf-8", False), ("utf-8-sig", False), ("utf-16", False), ("utf-16-le", True),
    ("utf-16-be", False), ("cp1252", True), ("cp1252", False),
)  # fmt: skip
"""(encoding, whether the case names it with --encoding)."""


def _text(rows: Rows, delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


def write_text(rng: random.Random, d: Draft, rows: Rows, delimiter: str) -> tuple[bytes, str]:
    """Rows as CSV/TSV bytes in an encoding (TSV as Qualtrics writes it: UTF-16 with a BOM)."""
    text = _text(rows, delimiter)
    if delimiter == "\t" and rng.random() < 0.6:
        encoding, named = "utf-16", False
    elif rng.random() < 0.35:
        encoding, named = rng.choice(_ENCODINGS)
    else:
        encoding, named = "utf-8", False
    data = text.encode(encoding, "replace")
    note = f"{encoding}" + (" (named)" if named else "")
    if named:
        d.options += ["--encoding", encoding]
    if rng.random() < 0.1:
        bom = rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf" * 2))
        at = rng.choice((0, len(data) // 2))
        data = data[:at] + bom + data[at:]
        note += f", BOM {bom!r} at {at}"
    return data, note


Merge = tuple[int, int, int, int, object]
"""A merged range: first row, first column, last row, last column (0-based), its value."""


def write_xlsx(rows: Rows, merges: Sequence[Merge] = ()) -> bytes:
    """Rows as the first sheet (``Sheet``) of an .xlsx by xlsxwriter, with merged ranges."""
    import datetime as dt

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties({"created": dt.datetime(2026, 1, 1)})
    sheet = book.add_worksheet("Sheet")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value)[:32767])
    for r1, c1, r2, c2, value in merges:
        sheet.merge_range(r1, c1, r2, c2, "" if value is None else str(value))
    book.close()
    return buffer.getvalue()


def _surveymonkey_merges(d: Draft) -> list[Merge]:
    """Merged ranges as SurveyMonkey's XLSX has them: each matrix question over its columns."""
    first = d.company[0]
    merges: list[Merge] = []
    j = 7
    while j < len(first):
        end = j
        while end + 1 < len(first) and first[end + 1] == "":
            end += 1
        if end > j:
            merges.append((0, j, 0, end, first[j] if d.merged == "first" else ""))
        j = end + 1
    if d.merged_rows and len(d.company) > 1:
        merges += [(0, c, 1, c, first[c]) for c in range(5)]
    return merges


def write_draft(rng: random.Random, d: Draft) -> dict[str, bytes]:
    """The three parts as files (codebook, staff export, customers' export)."""
    files: dict[str, bytes] = {}
    if d.codebook_format == "csv":
        files["codebook.csv"] = _text(d.codebook, ",").encode("utf-8")
    else:
        files["codebook.xlsx"] = write_xlsx(d.codebook)
    if d.company_format == "surveymonkey-csv":
        data, note = write_text(rng, d, d.company, ",")
        files["staff.csv"] = data
        d.notes.append(f"staff CSV {note}")
    else:
        merges = _surveymonkey_merges(d) if d.merged else []
        if merges:
            merged_cells = {(r, c) for r1, c1, r2, c2, _ in merges for r in range(r1, r2 + 1)
                            for c in range(c1, c2 + 1)}  # fmt: skip
            rows = [[None if (r, c) in merged_cells else v for c, v in enumerate(row)]
                    for r, row in enumerate(d.company)]  # fmt: skip
        else:
            rows = d.company
        files["staff.xlsx"] = write_xlsx(rows, merges)
    kind = d.customers_format
    if kind == "qualtrics-csv":
        data, note = write_text(rng, d, d.customers, ",")
        files["customers.csv"] = data
        d.notes.append(f"customers CSV {note}")
    elif kind == "qualtrics-tsv":
        data, note = write_text(rng, d, d.customers, "\t")
        files["customers.tsv"] = data
        d.notes.append(f"customers TSV {note}")
    elif kind == "qualtrics-xlsx":
        files["customers.xlsx"] = write_xlsx(d.customers)
    else:
        suffix = {"spss-sav": ".sav", "spss-zsav": ".zsav", "stata-dta": ".dta"}[kind]
        data = write_spss(d, suffix)
        if rng.random() < 0.6:
            data, note = damage_binary(rng, data)
            d.notes.append(f"customers{suffix} {note}")
        files[f"customers{suffix}"] = data
    return files


KINDS: dict[str, int] = {
    "qualtrics-csv": 5,
    "qualtrics-tsv": 2,
    "qualtrics-xlsx": 2,
    "surveymonkey": 3,
    "spss-sav": 3,
    "spss-zsav": 2,
    "stata-dta": 2,
    "codebook": 3,
}
"""Kinds of export case -> weight."""


def _apply(
    rng: random.Random,
    d: Draft,
    table: dict[str, tuple[int, Callable[[random.Random, Draft], None]]],
) -> None:
    names = list(table)
    name = rng.choices(names, weights=[table[n][0] for n in names])[0]
    table[name][1](rng, d)


def export_case(
    rng: random.Random, base: Base
) -> tuple[str, Files, dict[str, str], tuple[tuple[str, ...], tuple[str, ...]], str]:
    """One export case: its kind, files, the parts (option -> file), the input options and
    analyze options it needs, and a note."""
    kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
    d = seed_draft(base)
    if kind.startswith("qualtrics"):
        d.customers_format = kind
        for _ in range(rng.choice((1, 1, 2))):
            _apply(rng, d, QUALTRICS)
    elif kind == "surveymonkey":
        d.company_format = "surveymonkey-csv" if rng.random() < 0.3 else "surveymonkey-xlsx"
        _apply(rng, d, SURVEYMONKEY)
        if not d.merged and d.company_format.endswith("xlsx") and rng.random() < 0.3:
            sm_merged(rng, d)
    elif kind in ("spss-sav", "spss-zsav", "stata-dta"):
        d.customers_format = kind
        d.spss.update(spss_seed(base))
        if rng.random() < 0.7:
            _apply(rng, d, SPSS)
    else:
        for _ in range(rng.choice((1, 1, 2, 3))):
            _apply(rng, d, CODEBOOK)
        d.codebook_format = "csv" if rng.random() < 0.3 else "xlsx"
    if kind != "codebook" and rng.random() < 0.2:
        _apply(rng, d, CODEBOOK)
    files = write_draft(rng, d)
    names = sorted(files)
    parts = {
        "--items": next(n for n in names if n.startswith("codebook")),
        "--company": next(n for n in names if n.startswith("staff")),
        "--customers": next(n for n in names if n.startswith("customers")),
    }
    return (
        kind,
        files,
        parts,
        (tuple(d.options), tuple(d.shown)),
        "; ".join(d.notes) or "as exported",
    )
