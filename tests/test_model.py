"""The data model refuses what it cannot mean, instead of guessing."""

from __future__ import annotations

import pytest

from conftest import SAMPLE
from cxgap.load import load_survey
from cxgap.model import Codes, parse_codes


def test_a_misspelt_sample_name_is_refused_not_answered_with_the_customers() -> None:
    survey = load_survey(SAMPLE)
    assert survey.sample("company") is survey.company
    assert survey.sample("customers") is survey.customers
    with pytest.raises(KeyError, match="compnay"):
        survey.sample("compnay")  # type: ignore[arg-type]


def test_missing_codes_name_the_part_that_is_no_number() -> None:
    assert parse_codes("-99; 99,") == Codes((-99.0, 99.0))
    assert parse_codes("-99;abc;7") == Codes((-99.0,), "abc")
    assert parse_codes("") == Codes(())
