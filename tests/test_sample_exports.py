"""The sample exports read back to exactly the sample workbook's respondents and answers."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import load_workbook

from cxgap.load.exports import Export, read_export
from cxgap.model import LoadOptions

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "sample_data" / "exports"
FILES = ("customers_qualtrics.csv", "staff_surveymonkey.xlsx", "customers.sav", "codebook.xlsx")


def _maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_exports", ROOT / "sample_data" / "make_exports.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sheet(name: str) -> list[dict[str, object]]:
    book = load_workbook(ROOT / "sample_data" / "survey.xlsx", read_only=True)
    rows = list(book[name].values)
    book.close()
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _codebook() -> list[dict[str, object]]:
    book = load_workbook(EXPORTS / "codebook.xlsx", read_only=True)
    rows = list(book["items"].values)
    book.close()
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _scored(value: object, labels: list[str], codes: dict[float, str]) -> object:
    """An export cell as the workbook holds it: a label as its scale point (the codebook's
    labels), an SPSS user-missing code as the text it stands for, blank as None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        key = value.strip().casefold()
        folded = [label.casefold() for label in labels]
        if key in folded:
            return folded.index(key) + 1
        return int(value) if value.lstrip("-").isdigit() else value
    number = float(value)  # type: ignore[arg-type]
    if number in codes:
        return codes[number]
    return int(number) if number.is_integer() else number


def _check(export: Export, sheet: str, side: str, attributes: tuple[str, ...]) -> None:
    people = _sheet(sheet)
    codebook = _codebook()
    ids = [str(v) for v in export.column(export.respondent_id or "")]
    assert ids == [str(p["respondent_id"]) for p in people]
    for name in attributes:
        got = list(export.column(name))
        want = [p[name] for p in people]
        if name == "weight":
            assert [float(v) for v in got] == [float(w) for w in want]  # type: ignore[arg-type]
        else:
            assert got == want, name
    for item in codebook:
        labels = str(item["labels"]).split(";")
        name = str(item[side])
        meta = export.info(name)
        codes = {
            code: meta.value_labels[code]
            for code in meta.missing_codes
            if code in meta.value_labels
        }
        got = [_scored(v, labels, codes) for v in export.column(name)]  # type: ignore[arg-type]
        assert got == [p[str(item["item"])] for p in people], item["item"]


def test_qualtrics_customers_read_back_to_the_workbook() -> None:
    export = read_export(EXPORTS / "customers_qualtrics.csv")
    assert export.platform == "qualtrics"
    assert dict(export.left_out) == {"survey preview": 2, "unfinished": 3}
    assert export.of_role("weight") == ("weight",)
    _check(export, "customers", "customer_column", ("segment", "region", "wave", "weight"))


def test_spss_customers_read_back_to_the_workbook() -> None:
    export = read_export(EXPORTS / "customers.sav")
    assert export.platform == "spss" and export.respondent_id == "respondent_id"
    assert export.info("Q13").missing_codes == (8.0, 9.0, -99.0)
    assert export.info("Q1").value_labels[8.0] == "Don't know"
    _check(export, "customers", "customer_column", ("segment", "region", "wave", "weight"))


def test_surveymonkey_staff_read_back_to_the_workbook() -> None:
    export = read_export(EXPORTS / "staff_surveymonkey.xlsx")
    assert export.platform == "surveymonkey" and export.respondent_id == "Respondent ID"
    assert export.row_numbers[0] == 3 and export.n_rows == 60
    _check(export, "company", "company_column", ("role", "department"))


def test_codebook_maps_every_item_of_the_workbook() -> None:
    items = _sheet("items")
    codebook = _codebook()
    assert [c["item"] for c in codebook] == [i["item"] for i in items]
    for mine, theirs in zip(codebook, items, strict=True):
        for key in ("touchpoint", "category", "stage", "text", "scale_min", "scale_max"):
            assert mine[key] == theirs[key]
        assert mine["missing_codes"] == theirs["missing_codes"]
        assert mine["kind"] == (theirs["kind"] or "score")
    assert codebook[6]["customer_column"] == "Q7"
    assert codebook[0]["company_column"] == (
        "Our service at the store touchpoint: how far do you agree with each statement? - "
        "Staff give me personal attention when I choose a luxury item"
    )


def test_the_sample_exports_are_the_same_bytes_on_every_run(tmp_path: Path) -> None:
    maker = _maker()
    maker.main(tmp_path / "one")
    maker.main(tmp_path / "two")
    for name in FILES:
        first = (tmp_path / "one" / name).read_bytes()
        assert first == (tmp_path / "two" / name).read_bytes(), name
        assert first == (EXPORTS / name).read_bytes(), f"{name}: run make sample and commit it"


@pytest.mark.parametrize(
    "name", ["customers_qualtrics.csv", "staff_surveymonkey.xlsx", "customers.sav"]
)
def test_the_draft_of_each_sample_export_finds_its_26_items(name: str) -> None:
    from cxgap.drafting import draft_codebook

    rows = draft_codebook(
        [read_export(EXPORTS / name, LoadOptions(keep_partial=True), keep_tests=True)]
    )
    assert len(rows) == 26  # 24 ratings, the overall judgement, the recommendation
    *rated, overall, recommend = rows
    assert (overall["kind"], overall["labels"]) == ("outcome", ";".join(_maker().SATISFACTION))
    assert (recommend["kind"], recommend["scale_min"], recommend["scale_max"]) == ("nps", 0, 10)
    texts = [str(i["text"]) for i in _sheet("items")]
    assert [r["text"] for r in rows] == texts or all(
        str(r["text"]).endswith(t) for r, t in zip(rows, texts, strict=True)
    )
    rows = rated
    labels = ";".join(
        ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
    )
    assert {(r["scale_min"], r["scale_max"], r["labels"], r["kind"]) for r in rows} == {
        (1, 5, labels, "score")
    }
    assert all(math.isfinite(float(r["scale_max"])) for r in rows)  # type: ignore[arg-type]
