"""The codebook columns of SPEC 5 on every source alike: an item's column under another name
(or a different one per sample), answer labels mapped to scale points, platform non-answers,
the item's kind, and a draft whose touchpoints and categories are still blank."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cxgap.cli import app
from cxgap.errors import InputError
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Survey
from load_builders import Rows, csv_folder, refused, tables, xlsx

SATISFACTION = "Very dissatisfied;Dissatisfied;Neutral;Satisfied;Very satisfied"
ITEMS: Rows = [
    ("item", "touchpoint", "category", "column", "company_column", "labels", "non_answers"),
    ("q1", "store", "consumable", "", "", SATISFACTION, "I don't do this"),
    ("q2", "web", "luxury", "How easy was our website to use?", "Our website is easy to use",
     "", ""),
]  # fmt: skip
COMPANY: Rows = [
    ("respondent_id", "q1", "Our website is easy to use"),
    ("S1", "Very satisfied", 5),
    ("S2", "  very SATISFIED ", 4),
]
CUSTOMERS: Rows = [
    ("respondent_id", "q1", "How   easy was our website to use?"),
    ("C1", "Dissatisfied", 2),
    ("C2", "Neutral", 3),
    ("C3", "I don\u2019t do this", 1),  # a curly apostrophe, as people type it
    ("C4", "Very\ndissatisfied", 5),  # a label with a line break in it, as Qualtrics keeps it
    ("C5", "Don't know", "N/A"),
    ("C6", 4, ""),  # a number on the scale is still a score
]


def survey(tmp_path: Path, **changes: Rows) -> Survey:
    sheets = tables(items=ITEMS, company=COMPANY, customers=CUSTOMERS) | changes
    return load_survey(xlsx(tmp_path / "survey.xlsx", sheets), LoadOptions(on_invalid="exclude"))


def counts(found: Survey, sample: str, item: str) -> dict[str, int]:
    return {e.reason: e.count for e in found.exclusions if (e.sample, e.item) == (sample, item)}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_labels_are_scale_points_and_columns_are_found_by_their_codebook_name(
    tmp_path: Path, kind: str
) -> None:
    sheets = tables(items=ITEMS, company=COMPANY, customers=CUSTOMERS)
    path = xlsx(tmp_path / "s.xlsx", sheets) if kind == "xlsx" else csv_folder(tmp_path, sheets)
    found = load_survey(path)
    np.testing.assert_array_equal(found.company.scores, [[5, 5], [5, 4]])
    np.testing.assert_array_equal(found.customers.scores.column(0), [2, 3, np.nan, 1, np.nan, 4])
    np.testing.assert_array_equal(found.customers.scores.column(1), [2, 3, 1, 5, np.nan, np.nan])
    assert counts(found, "customers", "q1") == {"non_substantive": 2}
    assert counts(found, "customers", "q2") == {"non_substantive": 1, "blank": 1}


def test_a_text_that_is_no_label_names_the_labels(runner: CliRunner, tmp_path: Path) -> None:
    customers = [*CUSTOMERS, ("C7", "Sorta satisfied", 3)]
    path = xlsx(tmp_path / "s.xlsx", tables(items=ITEMS, company=COMPANY, customers=customers))
    refused(
        runner.invoke(app, ["validate", str(path)]),
        "customers!B8 = 'Sorta satisfied': not one of the labels of item q1 "
        "(Very dissatisfied ... Very satisfied), nor a non-answer",
    )
    found = survey(tmp_path, customers=customers)
    assert counts(found, "customers", "q1")["invalid"] == 1


def test_the_non_answers_option_adds_words_for_every_item(tmp_path: Path) -> None:
    customers = [*CUSTOMERS, ("C7", "Unfamiliar (N/A)", "Unfamiliar (N/A)")]
    sheets = tables(items=ITEMS, company=COMPANY, customers=customers)
    path = xlsx(tmp_path / "s.xlsx", sheets)
    with pytest.raises(InputError, match="2 cells cannot be read"):
        load_survey(path)
    found = load_survey(path, LoadOptions(non_answers=("unfamiliar (n/a)",)))
    assert counts(found, "customers", "q1") == {"non_substantive": 3}


def test_labels_set_the_scale_and_must_fit_it(runner: CliRunner, tmp_path: Path) -> None:
    three = [("item", "touchpoint", "category", "labels"), ("q1", "s", "c", "Low;Medium;High")]
    found = survey(tmp_path, items=three, company=[("q1",), ("High",)], customers=[("q1",), (2,)])
    assert (found.codebook.items[0].scale_min, found.codebook.items[0].scale_max) == (1, 3)
    bad = [("item", "touchpoint", "category", "labels", "scale_max"), ("q1", "s", "c", "a;b", 5)]
    path = xlsx(tmp_path / "bad.xlsx", tables(items=bad))
    refused(
        runner.invoke(app, ["validate", str(path)]),
        "items!D2: 2 labels for the 1-5 scale, which has 5 points",
    )


def test_kind_is_score_outcome_or_nps(runner: CliRunner, tmp_path: Path) -> None:
    kinds = [("item", "touchpoint", "category", "kind"), ("q1", "s", "c", "NPS"),
             ("q2", "s", "c", ""), ("q3", "s", "c", "outcome")]  # fmt: skip
    found = load_survey(xlsx(tmp_path / "k.xlsx", tables(items=kinds)))
    assert [item.kind for item in found.codebook.items] == ["nps", "score", "outcome"]
    bad = [("item", "touchpoint", "category", "kind"), ("q1", "s", "c", "driver")]
    path = xlsx(tmp_path / "bad.xlsx", tables(items=bad))
    refused(runner.invoke(app, ["validate", str(path)]), "items!D2: kind is 'driver'")


def test_an_unfilled_draft_lists_every_row_to_fill(runner: CliRunner, tmp_path: Path) -> None:
    draft = [("item", "touchpoint", "category", "note"), ("q1", "", "", "from Q16"),
             ("q2", "web", "", ""), ("q3", "store", "durable", "")]  # fmt: skip
    path = xlsx(tmp_path / "draft.xlsx", tables(items=draft))
    refused(
        runner.invoke(app, ["validate", str(path)]),
        "2 codebook rows are not filled in: row 2 (q1): touchpoint, category; row 3 (q2): category",
        "fill in touchpoint and category for every item",
    )


def test_a_message_listing_columns_stays_readable(runner: CliRunner, tmp_path: Path) -> None:
    header = tuple(f"Q{i} - How satisfied are you with the way we handled {i}?" for i in range(52))
    path = xlsx(tmp_path / "s.xlsx", tables(customers=[header, tuple(range(52))]))
    message = refused(runner.invoke(app, ["validate", str(path)]), "no column is a codebook item")
    assert len(message) < 900 and "(40 more)" in message
