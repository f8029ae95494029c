"""The shortcuts of an export's read (issue 20's bench target) give what the long way gave: the
header rows parsed from the text's beginning, the rows kept decided per distinct value, the
trailing blank rows trimmed, and only the first megabyte decoded up front (a byte not in the
encoding further on is still named first, before anything else found wrong)."""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from cxgap.errors import InputError
from cxgap.load._cells import Cells
from cxgap.load._csv import first_rows
from cxgap.load.exports import read_export
from cxgap.load.exports._common import _row_keys, keep_rows
from cxgap.load.exports._grid import Grid, read_grid
from cxgap.model import LoadOptions


def _whole(text: str, most: int) -> list[list[str]]:
    """The csv module over the whole text: what first_rows gave before it looked at a prefix."""
    reader = csv.reader(io.StringIO(text, newline=""))
    return [row for row in itertools.islice(reader, most * 4) if row][:most]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("cut", [65_530, 65_536, 65_540, 130_000])
def test_header_rows_across_the_first_look_read_as_the_whole_text(cut: int) -> None:
    """Rows longer than the first 64k characters, a quoted newline and a CRLF at the cut, and
    blank lines among the first rows: the same rows as the whole text's parse."""
    long = "x" * (cut - 10)
    rows = [
        ["ids", "a"],
        [long, "b\nc"],
        [],
        ["q", "x" * 70_000],
        *[["r", str(i)] for i in range(30)],
    ]
    text = _csv(rows)
    for most in (1, 3, 4, 9):
        assert first_rows(text, ",", "x.csv", most) == _whole(text, most)
    assert first_rows(text[:cut], ",", "x.csv", 4) == _whole(text[:cut], 4)


def test_a_bad_row_past_the_first_look_is_named_with_its_line_as_before() -> None:
    """A field over the csv module's limit (131,072 characters) on line 5, beyond the first
    64k characters: refused naming line 5 where the first rows reach it (the first 16 rows
    are read for four header rows), read as before where they do not (four rows for one)."""
    text = _csv([["a", "b"], ["c", "d"], ["e", "x" * 100_000], ["f", "g"], ["h", "y" * 140_000]])
    reader = csv.reader(io.StringIO(text, newline=""))
    with pytest.raises(csv.Error):
        list(reader)
    assert reader.line_num == 5
    with pytest.raises(InputError, match="row 5 cannot be read as CSV"):
        first_rows(text, ",", "x.csv", 4)
    assert first_rows(text, ",", "x.csv", 1) == _whole(text, 1) == [["a", "b"]]


def test_row_keys_read_every_row_as_its_label_casefolded() -> None:
    values: list[object] = [
        " Survey Test ", "survey test", 1.0, 2, None, "", "FALSE", True, float("nan"), "Spam",
        17.0, "  ", 0,
    ]  # fmt: skip
    cells = Cells.of(values)
    keys, inverse = _row_keys(cells)
    assert [keys[k] for k in inverse.tolist()] == [v.casefold() for v in cells.labels()]
    kept, left_out = keep_rows(
        len(cells), cells, Cells.of(["1", "0", "False", 0.0, "0", *["1"] * 8]), keep_partial=False
    )
    assert left_out == {"survey test": 3, "survey preview": 2, "spam": 1, "unfinished": 1}
    assert kept.tolist() == [5, 6, 7, 8, 11, 12]


def test_trailing_blank_rows_are_trimmed_and_a_filled_last_row_keeps_every_row() -> None:
    rows = [["a", "b"], ["1", ""], ["", "  "], ["", ""]]
    data = _csv(rows).encode()
    grid = Grid("x.csv", [rows[0]], data=data)
    assert [list(c) for c in grid.body(1, 2)] == [["1"], [""]]
    filled = Grid("x.csv", [rows[0]], data=data + b",7\r\n")
    assert [list(c) for c in filled.body(1, 2)] == [["1", "", "", ""], ["", "  ", "", "7"]]
    assert np.array_equal(filled.body(1, 2)[1].filled(), [False, False, False, True])


def _qualtrics(tmp_path: Path, header: list[list[str]], rows: int, tail: bytes) -> Path:
    """A Qualtrics-like export of ``rows`` responses (over 1 MB: more than the header rows are
    looked for in) with ``tail`` appended as its last line."""
    body = [[f"R_{i:012d}", "True", "Strongly agree" if i % 2 else "Agree"] for i in range(rows)]
    path = tmp_path / "export.csv"
    path.write_bytes(_csv([*header, *body]).encode() + tail)
    return path


QUALTRICS = [
    ["ResponseId", "Finished", "Q1"],
    ["Response ID", "Finished", "How do you like it?"],
    ['{"ImportId":"_recordId"}', '{"ImportId":"finished"}', '{"ImportId":"QID1"}'],
]


@pytest.mark.parametrize("header", [QUALTRICS, [QUALTRICS[0], QUALTRICS[2]]])
def test_a_byte_not_utf8_beyond_the_header_rows_is_named_first(
    tmp_path: Path, header: list[list[str]]
) -> None:
    """Only the first megabyte is decoded up front; a byte that is not UTF-8 further on is
    named with its line as before, also where the header rows are wrong too (the question-text
    row missing), which was found after the whole file had been decoded."""
    path = _qualtrics(tmp_path, header, 40_000, b"R_x,True,Z\xfcrich\r\n")
    assert path.stat().st_size > 1 << 20
    with pytest.raises(InputError, match=rf"line {40_000 + len(header) + 1} holds byte b'\\xfc'"):
        read_export(path)
    export = read_export(path, LoadOptions(encoding="latin-1")) if len(header) == 3 else None
    assert export is None or export.column("Q1")[-1] == "Zürich"


def test_a_large_export_reads_as_its_whole_text_read_by_the_csv_module(tmp_path: Path) -> None:
    path = _qualtrics(tmp_path, QUALTRICS, 40_000, b"R_y,False,Neutral\r\n")
    fast = read_grid(path, "x", LoadOptions())
    slow = replace(fast, exact=True)
    assert fast.head == [list(row) for row in QUALTRICS] + [["R_000000000000", "True", "Agree"]]
    for a, b in zip(fast.body(3, 3), slow.body(3, 3), strict=True):
        assert list(a) == list(b)
    export = read_export(path)
    assert export.n_rows == 40_000 and export.left_out == {"unfinished": 1}
