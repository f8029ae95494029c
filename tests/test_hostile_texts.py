"""Texts from the input reach no output as live markup or terminal control (issue 19.6).

A survey is written by someone else: its question texts, group names (touchpoint, category,
stage), split values, wave names and file names may hold HTML, Markdown links and images,
Rich markup, spreadsheet formulas, ANSI escapes (``ESC[31m`` recolours, ``ESC]0;... BEL``
retitles a terminal), C1 controls and bidi overrides. Every renderer is run on a survey made
of them, in item texts, each grouping, split values and the path, for ``analyze`` and
``trend``; JSON keeps them exactly (and stays valid), every other output shows them inert.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_folder
from cxgap._visible import markdown_text, one_line, printable
from cxgap.cli import app

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img": '"><img src=x onerror=alert(2)>',
    "link": "[link](javascript:alert(3))",
    "image": "![i](javascript:alert(4))",
    "sgr": "\x1b[31mred\x1b[0m",
    "title": "\x1b]0;owned\x07",
    "c1": "c1\x9b31m and \u202ebidi",
    "formula": "=cmd|' /C calc'!A0",
    "rich": "[bold red]rich[/] [link=javascript:alert(5)]x[/link] :smile:",
    "newline": "two\r\nlines\rand\x0bmore",
}
"""The hostile texts (the fuzzer's values should carry them too)."""
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
H = HOSTILE


def scores(i: int) -> tuple[int, int, int]:
    return 1 + i % 5, 1 + (i * 3) % 5, 1 + (i * 7) % 5


def survey(root: Path, *, waves: bool = False) -> Path:
    """A folder survey whose every text is hostile, in a folder with a hostile name."""
    items = [
        ("item", "touchpoint", "category", "stage", "text"),
        ("q1", H["img"], H["link"], H["title"], H["script"]),
        ("q2", H["sgr"], H["formula"], H["image"], H["c1"]),
        ("q3", H["rich"], H["script"], H["newline"], f"{H['link']} {H['rich']}"),
    ]
    wave = [H["formula"], H["sgr"]]  # wave names (in trend, sorted as text)
    company = [("respondent_id", "role", "wave", "q1", "q2", "q3")] + [
        (f"S{i}", [H["script"], H["sgr"]][i % 2], wave[i // 20], 5, 4 + i % 2, 5) for i in range(40)
    ]
    customers = [("respondent_id", "region", "wave", "q1", "q2", "q3")] + [
        (f"C{i}", [H["title"], H["link"], H["formula"]][i % 3], wave[i // 45], *scores(i))
        for i in range(90)
    ]
    if not waves:
        company = [row[:2] + row[3:] for row in company]
        customers = [row[:2] + row[3:] for row in customers]
    folder = root / "drop \x1b]0;t\x07<b>[x](javascript:y)"
    return write_folder(folder, {"items": items, "company": company, "customers": customers})


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return survey(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def waves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return survey(tmp_path_factory.mktemp("hostile-waves"), waves=True)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100"}).invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def report(command: str, path: Path, fmt: str, tmp_path: Path) -> bytes:
    """The ``command``'s report on ``path`` in ``fmt`` (to a file for the file formats)."""
    options = ["--split", "role", "--split", "region"] if command == "analyze" else []
    options += ["--by", "item", "--by", "touchpoint", "--by", "category", "--by", "stage"]
    options += ["--consistency", "region", "--min-base", "5"]  # SPEC 9: the values are texts too
    if fmt in ("xlsx", "html", "pptx"):
        out = tmp_path / f"report.{fmt}"
        code, _, err = run(command, str(path), *options, "-o", str(out))
        assert code == 0, err
        return out.read_bytes()
    code, out_text, err = run(command, str(path), *options, "-f", fmt)
    assert code == 0, err
    assert not RAW_CONTROL.search(err), err
    return out_text.encode("utf-8")


COMMANDS = ("analyze", "trend")


@pytest.mark.parametrize("command", COMMANDS)
def test_json_keeps_every_text_exactly(
    command: str, folder: Path, waves: Path, tmp_path: Path
) -> None:
    data = json.loads(report(command, folder if command == "analyze" else waves, "json", tmp_path))
    labels = {v for row in data["rows"] for v in [*row["group"].values(), *row["split"].values()]}
    expected = {H["img"], H["link"], H["sgr"], H["formula"], H["rich"], H["script"], H["newline"]}
    assert expected <= labels
    if command == "analyze":
        assert {H["title"], H["image"]} <= labels
        assert data["input"]["path"].endswith("drop \x1b]0;t\x07<b>[x](javascript:y)")
    else:
        assert data["waves"] == sorted([H["formula"], H["sgr"]])


@pytest.mark.parametrize("command", COMMANDS)
def test_markdown_renders_no_html_link_or_image_of_the_input(
    command: str, folder: Path, waves: Path, tmp_path: Path
) -> None:
    from markdown_it import MarkdownIt

    text = report(command, folder if command == "analyze" else waves, "markdown", tmp_path)
    assert not RAW_CONTROL.search(text.decode())
    html = MarkdownIt("commonmark").enable("table").render(text.decode())
    assert not re.search(r"<(script|img|a|b)[\s>]", html) and "href=" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as written
    assert "[link](javascript:alert(3))" in html
    assert "\\x1b[31mred\\x1b[0m" in html
    rows = [line for line in text.decode().splitlines() if line.startswith("| ")]
    widths = {line.replace("\\|", "").count("|") for line in rows if "---" not in line}
    assert len(widths) <= 2  # every table row keeps its columns (the Fix first table aside)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_table_obeys_no_markup_and_emits_no_control(
    command: str, folder: Path, waves: Path, tmp_path: Path
) -> None:
    text = report(command, folder if command == "analyze" else waves, "table", tmp_path).decode()
    assert not RAW_CONTROL.search(text)
    flat = re.sub(r"\s+", " ", text)
    assert "\\x1b[31mred\\x1b[0m" in flat
    assert "[bold red]rich[/]" in flat and ":smile:" in flat


@pytest.mark.parametrize("command", COMMANDS)
def test_csv_escapes_controls_and_formulas(
    command: str, folder: Path, waves: Path, tmp_path: Path
) -> None:
    import csv
    import io

    text = report(command, folder if command == "analyze" else waves, "csv", tmp_path).decode()
    assert not RAW_CONTROL.search(text)
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert "'" + H["formula"] in cells
    if command == "trend":
        assert any(c.startswith("'=cmd|") and c.endswith(".gap_pp") for c in rows[0])


@pytest.mark.parametrize("command", COMMANDS)
def test_html_escapes_every_text(command: str, folder: Path, waves: Path, tmp_path: Path) -> None:
    page = report(command, folder if command == "analyze" else waves, "html", tmp_path).decode()
    assert not RAW_CONTROL.search(page)
    assert "<script" not in page and "<img" not in page and "javascript:alert(3)" in page
    assert 'href="javascript' not in page and "<b>[x]" not in page
    assert "&lt;b&gt;[x]" in page or command == "trend"  # the folder's name (analyze shows it)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("fmt", ["xlsx", "pptx"])
@pytest.mark.parametrize("command", COMMANDS)
def test_xlsx_and_pptx_are_written_with_every_text_inert(
    command: str, fmt: str, folder: Path, waves: Path, tmp_path: Path
) -> None:
    data = report(command, folder if command == "analyze" else waves, fmt, tmp_path)
    (tmp_path / f"r.{fmt}").write_bytes(data)
    with zipfile.ZipFile(tmp_path / f"r.{fmt}") as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    assert b"\\x1b[31mred" in xml and b"\x1b" not in xml
    if fmt == "pptx":  # the charts' embedded workbooks, which PowerPoint opens to edit the data
        with zipfile.ZipFile(tmp_path / "r.pptx") as archive:
            books = [n for n in archive.namelist() if n.endswith(".xlsx")]
            for name in books:
                (tmp_path / "embedded.xlsx").write_bytes(archive.read(name))
                with zipfile.ZipFile(tmp_path / "embedded.xlsx") as book:
                    sheets = [book.read(n) for n in book.namelist() if "worksheets/" in n]
                assert not [s for s in sheets if b"<f>" in s], name
        assert books
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(tmp_path / "r.xlsx")
        formulas = [
            c.coordinate
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for c in row
            if c.data_type == "f"
        ]
        assert not formulas


def test_messages_quoting_a_file_or_cell_emit_no_control(tmp_path: Path) -> None:
    bad = tmp_path / f"{H['sgr']}{H['title']}.xlsx"
    bad.write_text("not a workbook")
    code, _, err = run("analyze", str(bad))
    assert code == 2 and not RAW_CONTROL.search(err) and "\\x1b[31mred" in err
    items = [("item", "touchpoint", "category"), ("q1", "store", "x")]
    folder = write_folder(
        tmp_path / "cells",
        {
            "items": items,
            "company": [("q1",), (5,)],
            "customers": [("q1",), (H["sgr"],), (H["title"],)],
        },
    )
    code, _, err = run("validate", str(folder))
    assert code == 2 and not RAW_CONTROL.search(err) and "\\x1b[31mred" in err
    code, _, err = run("analyze", str(folder), "--by", H["title"])
    assert code == 2 and not RAW_CONTROL.search(err) and "\\x1b]0;owned\\x07" in err


def test_warnings_on_stderr_emit_no_control(capsys: pytest.CaptureFixture[str]) -> None:
    from cxgap.render.emit import warn

    warn((f"column {H['sgr']} {H['newline']}",), quiet=False)
    err = capsys.readouterr().err
    assert err == "warning: column \\x1b[31mred\\x1b[0m two lines and\\x0bmore\n"


def test_validate_summary_shows_names_escaped(folder: Path) -> None:
    code, out, err = run("validate", str(folder))
    assert code == 0, err
    assert not RAW_CONTROL.search(out) and "\\x1b[31mred" in out


@pytest.mark.parametrize("text", list(HOSTILE.values()))
def test_the_escapes_read_back_and_leave_plain_text_alone(text: str) -> None:
    for shown in (printable(text), one_line(text), markdown_text(text)):
        assert not RAW_CONTROL.search(shown)
    assert "\n" not in one_line(text) and "\r" not in printable(text)
    plain = "phone support · consumable (q14) sample_data/survey.xlsx 80%"
    assert printable(plain) == one_line(plain) == markdown_text(plain) == plain
