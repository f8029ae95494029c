"""The item level reads in a default terminal (issue 15.3): every question whole, never cut to
14 characters, so that two questions that begin alike never print the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE, SMALL_ITEMS, small_survey
from cxgap.cli import app

WAVES = ["sample_data/waves/2026Q2.xlsx", "sample_data/waves/2026Q3.xlsx"]
ALIKE = [
    ("item", "touchpoint", "category", "text"),
    (
        "q1",
        "store",
        "consumable",
        "When I ask in the store, staff explain the warranty terms clearly",
    ),
    ("q2", "store", "luxury", "When I ask in the store, staff explain the delivery terms clearly"),
    ("q3", "after-sales", "durable", "Repairs are done when promised"),
]


def table(args: list[str], columns: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": str(columns)})
    result = runner.invoke(app, [*args, "-f", "table"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def item_section(output: str) -> str:
    return output.split("By item", 1)[1].split("\nBy ", 1)[0]


def squeezed(text: str) -> str:
    return " ".join(text.split())


def sample_texts() -> dict[str, str]:
    """The wording of the sample's rated items (its outcome and NPS items have no gap row)."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(SAMPLE)).get_sheet_by_name("items").to_python()
    header = rows[0]
    kind = header.index("kind") if "kind" in header else None
    return {
        row[0]: row[header.index("text")]
        for row in rows[1:]
        if kind is None or row[kind] in ("", "score")
    }


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize(
    "args",
    [
        ["analyze", str(SAMPLE), "--by", "item"],
        ["trend", *WAVES, "--by", "item"],
        ["analyze", str(SAMPLE), "--by", "item", "--split", "role"],
    ],
    ids=["analyze", "trend", "role"],
)
def test_every_question_shows_whole_within_the_width(
    args: list[str], columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = table(args, columns, monkeypatch)
    heading = "By item  ·  by role" if "--split" in args else "By item"  # role view's, or the one
    section = output.split(heading, 1)[1].split("\nBy ", 1)[0]
    assert "…" not in section
    for text in sample_texts().values():
        assert text in squeezed(section), text
    assert max(len(line.rstrip()) for line in output.splitlines()) <= columns


def test_the_question_stands_under_its_id(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = item_section(table(["analyze", str(SAMPLE)], 80, monkeypatch)).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  1  q14 "))
    assert (
        lines[first + 1]
        == "     Phone advisers give me expert, personal advice before I buy a luxury item"
    )
    assert lines[first + 2].startswith("  2  q23 ")
    assert lines[first + 3].startswith("     After I buy a luxury item")
    assert lines[first + 4].strip() == "with it"  # wrapped at 80, under the question


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_questions_that_begin_alike_never_print_the_same(
    columns: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_survey(tmp_path / "s.xlsx", items=ALIKE)
    section = squeezed(item_section(table(["analyze", str(path)], columns, monkeypatch)))
    for _, _, _, text in ALIKE[1:]:
        assert text in section


def test_short_questions_stay_on_their_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = small_survey(tmp_path / "s.xlsx")
    section = item_section(table(["analyze", str(path)], 120, monkeypatch))
    rows = [line for line in section.splitlines() if line[:4].strip().isdigit()]
    assert any("q2 Staff give personal attention" in row for row in rows)
    assert (
        len(rows) == 3 and len([line for line in section.splitlines() if line.strip()]) == 5
    )  # + header, rule


def test_no_group_label_is_cut_at_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """A combined label that does not fit wraps in its column: three rows no longer all read
    ``phone support …``."""
    output = table(["analyze", str(SAMPLE), "--by", "touchpoint+category"], 80, monkeypatch)
    lines = output.split("By touchpoint + category", 1)[1].splitlines()
    assert not any("…" in line for line in lines)
    for gap, label, rest in (
        ("+73.8*", "phone support ·", "luxury"),
        ("+68.2*", "phone support ·", "durable"),
    ):
        at = next(i for i, line in enumerate(lines) if gap in line)
        assert label in lines[at] and lines[at + 1].strip() == rest


def test_long_ids_keep_each_question_under_its_own_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An id too long for the column ends in an ellipsis; the gaps stay whole and each row's
    question still follows it (the question names the row)."""
    ids = {"q1": "shelves_are_full_in_the_store", "q2": "staff_give_personal_attention"}
    items = [[ids.get(str(cell), cell) for cell in row] for row in SMALL_ITEMS]
    path = small_survey(tmp_path / "s", items=items)
    for name in ("company", "customers"):
        table_file = path / f"{name}.csv"
        header, rest = table_file.read_text(encoding="utf-8").split("\n", 1)
        header = ",".join(ids.get(column, column) for column in header.split(","))
        table_file.write_text(f"{header}\n{rest}", encoding="utf-8")
    lines = item_section(table(["analyze", str(path)], 80, monkeypatch)).splitlines()
    rows = {line[:5]: i for i, line in enumerate(lines) if line[:5].strip().isdigit()}
    assert "shelves_are_fu…" in lines[rows["  1  "]] and "+50.4*" in lines[rows["  1  "]]
    assert lines[rows["  1  "] + 1] == "     Shelves are full"
    assert "+46.5*" in lines[rows["  2  "]]
    assert lines[rows["  2  "] + 1] == "     Staff give personal attention"
    assert lines[rows["  3  "] + 1] == "     Repairs are done when promised"
