"""A CSV's delimiter, chosen by its header row alike by every CSV reader (a table read whole, a
part read in batches, an export given with --customers): ``|`` is read as ``,`` ``;`` and tab
are, and a file separated by spaces or colons is refused naming the file, not read as one
column that no codebook item matches."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import small_survey
from cxgap.cli import app
from cxgap.errors import InputError
from cxgap.load._delimiter import csv_delimiter

REFUSAL = (
    "the header row is one column, {header}, that looks separated by {name} (save it as CSV "
    "separated by commas, semicolons, tabs or '|')"
)


@pytest.mark.parametrize(
    ("start", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b|c\r\n1|2|3\r\n", "|"),
        ("a|b;c|d\n", "|"),  # the one the header holds most
        ("a,b;c\n", ","),  # a tie: the earlier of , ; tab |
        ("q1\n4\n", ","),  # one column
        ("overall satisfaction\n4\n5\n", ","),  # one column whose name holds a space
        ("Q1: how satisfied\n4\n", ","),
        ('"overall satisfaction"\n"very good"\n', ","),  # quoted: one name, one value
    ],
)
def test_the_delimiter_is_the_one_the_header_holds_most(start: str, delimiter: str) -> None:
    assert csv_delimiter(start, "x.csv") == delimiter


@pytest.mark.parametrize(
    ("start", "name"),
    [
        ("respondent_id weight q1 q2\nC1 1.5 4 5\n", "spaces"),
        ("item touchpoint category text\n\nq1 store consumable Shelves are full\n", "spaces"),
        ("respondent_id:q1:q2\nC1:4:5\n", "colons"),
        ("respondent_id q1 q2\n", "spaces"),  # a header and no data
    ],
)
def test_a_header_separated_otherwise_is_refused(start: str, name: str) -> None:
    header = repr(start.split("\n")[0])
    with pytest.raises(InputError) as caught:
        csv_delimiter(start, "drop/customers.csv")
    assert str(caught.value) == "drop/customers.csv: " + REFUSAL.format(header=header, name=name)


def _rewrite(path: Path, delimiter: str) -> Path:
    """The CSV at ``path`` written again with ``delimiter`` (text with it inside quoted)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", newline="", encoding="utf-8") as handle:
        if delimiter == " ":
            handle.writelines(" ".join(row) + "\n" for row in rows)  # as a naive export does
        else:
            csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def _split_customers(folder: Path, delimiter: str) -> Path:
    """``customers.csv`` as a subfolder of two parts (read in batches), written with
    ``delimiter``."""
    whole = folder / "customers.csv"
    with whole.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    whole.unlink()
    parts = folder / "customers"
    parts.mkdir()
    for k, chunk in enumerate((rows[:15], rows[15:])):
        with (parts / f"p{k}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter=delimiter).writerows([header, *chunk])
    return parts


def _rows(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["analyze", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["rows"]


@pytest.fixture
def commas(tmp_path: Path) -> Path:
    return small_survey(tmp_path / "commas")


def test_a_folder_of_pipe_separated_tables_reads_as_commas_do(
    runner: CliRunner, commas: Path, tmp_path: Path
) -> None:
    pipes = small_survey(tmp_path / "pipes")
    for name in ("items", "company", "customers"):
        _rewrite(pipes / f"{name}.csv", "|")
    assert "|" in (pipes / "customers.csv").read_text()
    assert _rows(runner, str(pipes)) == _rows(runner, str(commas))


def test_pipe_separated_parts_read_in_batches_as_the_whole_file(
    runner: CliRunner, commas: Path, tmp_path: Path
) -> None:
    streamed = small_survey(tmp_path / "streamed")
    _split_customers(streamed, "|")
    assert _rows(runner, str(streamed)) == _rows(runner, str(commas))


def test_a_pipe_separated_export_given_as_a_part_reads_as_commas_do(
    runner: CliRunner, commas: Path, tmp_path: Path
) -> None:
    staff = _rewrite(small_survey(tmp_path / "pipes") / "company.csv", "|")
    parts = ["--items", str(commas / "items.csv"), "--customers", str(commas / "customers.csv")]
    assert _rows(runner, *parts, "--company", str(staff)) == _rows(runner, str(commas))


def _refused(runner: CliRunner, file: Path, *args: str) -> None:
    result = runner.invoke(app, ["analyze", *args])
    header = repr(file.read_text(encoding="utf-8").split("\n")[0])
    assert (result.exit_code, result.stdout) == (2, ""), result.stderr
    assert (
        result.stderr == f"cxgap: error: {file}: {REFUSAL.format(header=header, name='spaces')}\n"
    )


def test_a_space_separated_table_is_refused_naming_it(runner: CliRunner, tmp_path: Path) -> None:
    folder = small_survey(tmp_path / "spaces")
    customers = _rewrite(folder / "customers.csv", " ")
    _refused(runner, customers, str(folder))


def test_a_space_separated_part_is_refused_naming_it(runner: CliRunner, tmp_path: Path) -> None:
    folder = small_survey(tmp_path / "spaces")
    parts = _split_customers(folder, ",")
    _refused(runner, _rewrite(parts / "p1.csv", " "), str(folder))


def test_a_space_separated_export_is_refused_naming_it(runner: CliRunner, tmp_path: Path) -> None:
    folder = small_survey(tmp_path / "spaces")
    staff = _rewrite(folder / "company.csv", " ")
    items, customers = str(folder / "items.csv"), str(folder / "customers.csv")
    _refused(runner, staff, "--items", items, "--company", str(staff), "--customers", customers)
