"""Messages quote user data short and as written (issue 15.2): ``1e+308``, not 309 digits;
a long text cut at 60 characters with an ellipsis."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import SMALL_ITEMS, write_workbook
from cxgap.cli import app
from cxgap.errors import QUOTE_LIMIT, quote_value
from cxgap.load._classify import show_value


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        (4.0, "4"),
        (4, "4"),
        (np.float64(3.0), "3"),
        (np.int64(7), "7"),
        (5.000000000000001, "5.000000000000001"),  # out of scale: never shown as 5
        (0.1, "0.1"),
        (1e308, "1e+308"),
        (-1e20, "-1e+20"),
        (2.5e-12, "2.5e-12"),
        (123456789012345.0, "123456789012345"),
        (10**400, "1e+400"),
        (123456789012345678901234567890, "1.234567890123457e+29"),
        (decimal.Decimal("1.50"), "1.50"),
        ("abc", "'abc'"),
        ("two\nlines", "'two\\nlines'"),
        (True, "True"),
        (dt.date(2024, 1, 2), "2024-01-02"),
    ],
)
def test_quote_value(value: object, quoted: str) -> None:
    assert quote_value(value) == quoted
    assert show_value(value) == quoted  # the loader's messages go through it


def test_a_long_text_is_cut_with_an_ellipsis() -> None:
    text = "The adviser explained every option to me " * 10
    quoted = quote_value(text)
    assert quoted == repr(text[: QUOTE_LIMIT - 1] + "…")
    assert len(quoted) == QUOTE_LIMIT + 2  # the quotes
    assert quote_value("x" * QUOTE_LIMIT) == repr("x" * QUOTE_LIMIT)  # at the limit: whole


def test_error_lines_quote_huge_numbers_and_long_texts_short(
    runner: CliRunner, tmp_path: Path
) -> None:
    long_text = "I would rather not answer this question, thank you very much " * 8
    company = [("respondent_id", "q1", "q2", "q3")] + [(f"S{i}", 5, 4, 5) for i in range(5)]
    customers = [("respondent_id", "q1", "q2", "q3"), ("C1", 1e308, long_text, 3)] + [
        (f"C{i}", 4, 3, 2) for i in range(2, 6)
    ]
    path = write_workbook(
        tmp_path / "s.xlsx", {"items": SMALL_ITEMS, "company": company, "customers": customers}
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    message = result.stderr
    assert "customers!B2 = 1e+308: outside the 1-5 scale of item q1" in message
    assert f"customers!C2 = {quote_value(long_text)}: not a number" in message
    assert "0000000000" not in message and long_text not in message
    assert len(message) < 400, message


def test_a_huge_scale_is_quoted_short(runner: CliRunner, tmp_path: Path) -> None:
    items = [
        ("item", "touchpoint", "category", "scale_max"),
        ("q1", "store", "x", 1e308),
        ("q2", "web", "y", 5),
        ("q3", "app", "z", 5),
    ]
    rows = [("q1", "q2", "q3"), (-5, 5, 5), (4, 4, 4)]
    path = write_workbook(tmp_path / "s.xlsx", {"items": items, "company": rows, "customers": rows})
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "company!A2 = -5: outside the 1-1e+308 scale of item q1" in result.stderr
