"""The one place cxgap depends on fastexcel's wording: its report of a text cell read as float.

If a fastexcel release changes that wording, every sheet would silently take the slow exact
path; these tests fail instead, naming what changed.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import ROOT
from cxgap.load._sheets import quoted_text

TEXTS = ["Don't know", "Don\u2019t know", 'say "yes"', "back\\slash", "two\nlines", "tab\there",
         "e\u0301", "\U0001f600", "{braces}", "'single'", "String(\"x\")"]  # fmt: skip


def test_fastexcel_is_pinned_to_the_versions_these_tests_cover() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pin = next(d for d in pyproject["project"]["dependencies"] if d.startswith("fastexcel"))
    low, high = re.fullmatch(r"fastexcel>=([\d.]+),<([\d.]+)", pin).groups()  # type: ignore[union-attr]
    installed = tuple(map(int, version("fastexcel").split(".")[:2]))
    assert tuple(map(int, low.split(".")[:2])) <= installed < tuple(map(int, high.split(".")[:2]))


def test_fastexcel_quotes_every_text_cell_as_cxgap_reads_it(tmp_path: Path) -> None:
    import fastexcel
    import openpyxl

    path = tmp_path / "texts.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for text in TEXTS:
        sheet.append([text, 4])
    book.save(path)
    loaded = fastexcel.read_excel(str(path)).load_sheet(
        0, header_row=None, skip_rows=0, dtypes="float"
    )
    _, report = loaded.to_arrow_with_errors()
    assert report is not None
    details = {error.position: error.detail for error in report.errors}
    assert sorted(details) == [(row, 0) for row in range(len(TEXTS))]
    for row, text in enumerate(TEXTS):
        assert quoted_text(details[row, 0]) == text, details[row, 0]


@pytest.mark.parametrize(
    "detail",
    [
        "Expected float but got 'Bool(true)'",
        "Expected float but got 'DateTime(45000.0)'",
        "Expected float but got 'String(\"bad \\q escape\")'",
        "expected float but got 'String(\"x\")'",
    ],
)
def test_other_reports_are_not_read_as_texts(detail: str) -> None:
    assert quoted_text(detail) is None
