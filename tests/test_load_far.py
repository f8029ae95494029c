"""Sheets whose cells reach far beyond the table (a stray cell at ZZZZ1048576, a formatted
cell at row 1,048,576, a million repeated rows in an .ods): read sparsely, never by the dense
Rust readers (which abort or take gigabytes), with the rows of the same file without them."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxgap.cli import app
from cxgap.load._extent import FLOOR, Extent, ExtentCounter, OdsRepeats
from cxgap.load._sheets import first_sheet_rows, read_workbook
from cxgap.load._xlsx import Caps, check_archive
from cxgap.model import LoadOptions
from load_builders import ods, refused, rewrite_member, tables, xlsx

OPTIONS = LoadOptions()

SHEET3 = "xl/worksheets/sheet3.xml"
BLANK_TEXT = '<is><t xml:space="preserve">  </t></is>'


def far_xlsx(tmp_path: Path, *rows: str, header: str = "", name: str = "far.xlsx") -> Path:
    """The good workbook with rows appended to the customers sheet's XML (and cells to its
    header row); the ``<dimension>`` left as it was, claiming A1:E9."""

    def change(data: bytes) -> bytes:
        data = data.replace(b"</row>", header.encode() + b"</row>", 1)
        return data.replace(b"</sheetData>", "".join(rows).encode() + b"</sheetData>")

    good = xlsx(tmp_path / "good.xlsx")
    return rewrite_member(good, tmp_path / name, SHEET3, change)


def cell(ref: str, inner: str = "", kind: str = "inlineStr") -> str:
    return f'<c r="{ref}" t="{kind}">{inner}</c>' if inner else f'<c r="{ref}" s="0"/>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def report(runner: CliRunner, path: Path, *options: str) -> dict[str, object]:
    result = runner.invoke(app, ["analyze", str(path), "--format", "json", *options])
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return {key: data[key] for key in ("headline", "rows", "exclusions", "warnings")}


def customers_reader(path: Path) -> str:
    return read_workbook(path, {"customers": "customers"}, LoadOptions())["customers"].reader


FAR_BLANKS = {
    "blank text at ZZZZ1048576": row(1048576, cell("ZZZZ1048576", BLANK_TEXT)),
    "empty text at row 1048576, column 201": row(1048576, cell("GS1048576", "<is><t/></is>")),
    "styled empty cell at XFD1048576": row(1048576, cell("XFD1048576")),
    "styled empty cell without a reference, far along": row(
        1048576, '<c r="A1048576" s="0"/>' + '<c s="0"/>' * 3
    ),
}


@pytest.mark.parametrize("far_row", FAR_BLANKS.values(), ids=FAR_BLANKS.keys())
def test_a_far_empty_cell_is_nothing(runner: CliRunner, tmp_path: Path, far_row: str) -> None:
    plain = xlsx(tmp_path / "plain.xlsx")
    far = far_xlsx(tmp_path, far_row)
    assert customers_reader(far) == "sparse"
    assert customers_reader(plain) == "fastexcel"
    assert report(runner, far) == report(runner, plain)


def test_a_far_row_with_a_value_is_a_respondent_after_empty_rows(
    runner: CliRunner, tmp_path: Path
) -> None:
    values = [cell("A1048576", "<is><t>C99</t></is>")] + [
        cell(f"{letter}1048576", "<v>5</v>", "n") for letter in "BCDE"
    ]
    far = far_xlsx(tmp_path, row(1048576, *values))
    assert customers_reader(far) == "sparse"
    data = report(runner, far, "--no-weights")
    headline = data["headline"]
    assert isinstance(headline, dict) and headline["n_customers"] == 9
    assert _named(data["warnings"]) == [
        "far.xlsx!customers: 1048566 empty row(s) skipped "
        "(rows 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, ...)"
    ]


def test_a_far_value_without_a_header_is_named(runner: CliRunner, tmp_path: Path) -> None:
    far = far_xlsx(tmp_path, row(1048576, cell("GS1048576", "<v>5</v>", "n")))
    result = runner.invoke(app, ["analyze", str(far)])
    refused(result, "customers!GS1048576", "has a value but its column has no header")


def test_a_value_beyond_the_last_row_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    far = far_xlsx(tmp_path, row(4294967297, cell("A4294967297", "<v>1</v>", "n")))
    refused(runner.invoke(app, ["analyze", str(far)]), "A4294967297 lies beyond row 1,048,576")


def test_a_far_header_is_an_attribute_column(runner: CliRunner, tmp_path: Path) -> None:
    header = cell("ZZZ1", "<is><t>segment</t></is>")
    values = [
        cell("A1048576", "<is><t>C99</t></is>"),
        cell("B1048576", "<v>1</v>", "n"),
        cell("ZZZ1048576", "<is><t>x</t></is>"),
    ]
    far = far_xlsx(tmp_path, row(1048576, *values), header=header)
    table = read_workbook(far, {"customers": "customers"}, LoadOptions())["customers"]
    assert table.header[-1] == "segment" and table.col_offset[-1] == 18277
    assert table.reader == "sparse"
    result = runner.invoke(app, ["analyze", str(far), "--split", "segment", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    splits = {json.dumps(r["split"]) for r in json.loads(result.stdout)["rows"]}
    assert '{"segment": "x"}' in splits


def test_a_lying_dimension_changes_nothing(tmp_path: Path) -> None:
    good = xlsx(tmp_path / "good.xlsx")

    def claim(ref: bytes) -> Callable[[bytes], bytes]:
        return lambda data: data.replace(
            b'<dimension ref="A1:E9"/>', b'<dimension ref="%s"/>' % ref
        )

    huge = rewrite_member(good, tmp_path / "huge.xlsx", SHEET3, claim(b"A1:ZZZZ1048576"))
    assert not check_archive(huge, Caps(1024, 100))[SHEET3].far
    assert customers_reader(huge) == "fastexcel"
    tiny = far_xlsx(tmp_path, row(1048576, cell("GS1048576", "<is><t/></is>")))
    assert b'ref="A1:E9"' in zipfile.ZipFile(tiny).read(SHEET3)
    assert check_archive(tiny, Caps(1024, 100))[SHEET3].far


@pytest.mark.parametrize(
    "xml",
    [
        '<row r="1"><c r="A1"><v>1</v></c><c r="ZZZZ1"><v>1</v></c></row>',
        "<row r='1'><c r='A1'><v>1</v></c></row>",
        '<row r="1"><c t="n" r="A1"><v>1</v></c></row>',
        '<row><c r="A1"><v>1</v></c></row>',
        '<row r="99999999"><c r="A1"><v>1</v></c></row>',
        '<row r="1"><c r="a1"><v>1</v></c></row>',
    ],
    ids=["4 letters", "single quotes", "r not first", "row without r", "8 digits", "lowercase"],
)
def test_references_the_count_cannot_vouch_for_send_the_sheet_sparse(xml: str) -> None:
    counter = ExtentCounter()
    counter.feed(_sheet(xml), 0)
    assert counter.result().far


def test_the_count_is_the_same_wherever_a_chunk_ends() -> None:
    body = "".join(row(r, *(cell(f"{c}{r}", "<v>1</v>", "n") for c in "ABC")) for r in range(1, 9))
    data = _sheet(body + row(1048576, cell("GS1048576", "<v>1</v>", "n")))
    whole = ExtentCounter()
    whole.feed(data, 0)
    assert whole.result() == Extent(1048576, 201, 25)
    around = data.index(b"GS1048576")
    for cut in range(around - 40, around + 20):
        split = ExtentCounter()
        first = data[:cut]
        split.feed(first, 0)
        tail = first[-256:]
        split.feed(tail + data[cut:], len(tail))
        assert split.result() == whole.result(), cut


def test_the_rule_keeps_ordinary_sheets_on_the_fast_readers() -> None:
    assert not Extent(100_001, 32, 3_100_000).far  # the 100k x 30 benchmark sheet
    assert not Extent(1000, 1000, 100).far  # small: FLOOR
    assert Extent(FLOOR, 2, FLOOR // 2).far
    assert Extent(1048576, 201, 53_218).far


def test_an_export_sheet_with_a_far_empty_cell_reads_as_without(tmp_path: Path) -> None:
    plain = xlsx(tmp_path / "plain.xlsx", {"customers": tables()["customers"]})

    def far_cell(data: bytes) -> bytes:
        return data.replace(
            b"</sheetData>", row(1048576, cell("GS1048576", BLANK_TEXT)).encode() + b"</sheetData>"
        )

    far = rewrite_member(plain, tmp_path / "far.xlsx", "xl/worksheets/sheet1.xml", far_cell)
    assert first_sheet_rows(far, "far.xlsx", OPTIONS) == first_sheet_rows(
        plain, "plain.xlsx", OPTIONS
    )

    def far_value(data: bytes) -> bytes:
        return data.replace(
            b"</sheetData>",
            row(1048576, cell("GS1048576", "<v>1</v>", "n")).encode() + b"</sheetData>",
        )

    worse = rewrite_member(plain, tmp_path / "worse.xlsx", "xl/worksheets/sheet1.xml", far_value)
    with pytest.raises(Exception, match="GS1048576 lies far beyond"):
        first_sheet_rows(worse, "worse.xlsx", OPTIONS)


def test_a_folder_table_and_an_xlsm_with_a_far_cell(runner: CliRunner, tmp_path: Path) -> None:
    far = far_xlsx(tmp_path, row(1048576, cell("ZZZZ1048576", BLANK_TEXT)))
    folder = tmp_path / "drop"
    folder.mkdir()
    for name, rows in tables().items():
        if name != "customers":
            xlsx(folder / f"{name}.xlsx", {name: rows})
    single = {"customers": tables()["customers"]}
    rewrite_member(
        xlsx(tmp_path / "one.xlsx", single),
        folder / "customers.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(
            b"</sheetData>",
            row(1048576, cell("ZZZZ1048576", BLANK_TEXT)).encode() + b"</sheetData>",
        ),
    )
    macro = far.rename(tmp_path / "far.xlsm")
    assert customers_reader(macro) == "sparse"
    plain = report(runner, xlsx(tmp_path / "plain.xlsx"))
    assert report(runner, macro) == plain
    assert report(runner, folder) == plain


def ods_with(path: Path, *, middle: str = "", tail: str = "") -> Path:
    """The good tables as an .ods, with rows after the customers' second row and at its end."""
    plain = ods(path)
    with zipfile.ZipFile(plain) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    content = members["content.xml"].decode()
    start = content.index('table:name="customers"')
    end = content.index("</table:table>", start)
    second = content.index("</table:table-row>", content.index("</table:table-row>", start) + 1)
    second += len("</table:table-row>")
    content = content[:second] + middle + content[second:end] + tail + content[end:]
    members["content.xml"] = content.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            stored = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=stored)
    return path


EMPTY = "<table:table-cell/>"
BLANK = '<table:table-cell office:value-type="string"><text:p> </text:p></table:table-cell>'
MILLION_ROWS = '<table:table-row table:number-rows-repeated="1000000">{}</table:table-row>'


def test_an_ods_with_a_million_repeated_rows(runner: CliRunner, tmp_path: Path) -> None:
    plain = report(runner, ods(tmp_path / "plain.ods"))
    blank_end = ods_with(tmp_path / "end.ods", tail=MILLION_ROWS.format(BLANK))
    assert customers_reader(blank_end) == "sparse"
    assert report(runner, blank_end) == plain
    filler = '<table:table-cell table:number-columns-repeated="1024"/>'
    libreoffice = ods_with(tmp_path / "lo.ods", tail=MILLION_ROWS.format(filler))
    assert customers_reader(libreoffice) == "calamine"  # an empty end is harmless to calamine
    far_blank = ods_with(
        tmp_path / "far.ods",
        tail=MILLION_ROWS.format(filler) + f"<table:table-row>{filler}{BLANK}</table:table-row>",
    )
    assert customers_reader(far_blank) == "sparse"
    assert report(runner, far_blank) == plain
    middle = ods_with(tmp_path / "middle.ods", middle=MILLION_ROWS.format(EMPTY))
    data = report(runner, middle)
    assert data["rows"] == plain["rows"] and data["exclusions"] == plain["exclusions"]
    assert _named(data["warnings"]) == [
        "middle.ods!customers: 1000000 empty row(s) skipped (rows 3, 4, 5, 6, 7, 8, 9, 10, 11, "
        "12, ...)"
    ]


def test_an_ods_repeating_a_value_past_the_cap_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    five = (
        '<table:table-cell office:value-type="float" office:value="5" '
        'table:number-columns-repeated="11"><text:p>5</text:p></table:table-cell>'
    )
    bomb = ods_with(tmp_path / "bomb.ods", tail=MILLION_ROWS.format(five))
    refused(runner.invoke(app, ["analyze", str(bomb)]), "bomb.ods", "more than 8,000,000 cells")


def test_ods_repeats_count_the_cells_they_declare() -> None:
    def repeats(rows: int, cells: int, repeat: int) -> bytes:
        cell = (
            f'<table:table-cell office:value-type="float" office:value="5" '
            f'table:number-columns-repeated="{repeat}"><text:p>5</text:p></table:table-cell>'
        )
        row = f"<table:table-row>{cell}{'<table:table-cell/>' * cells}</table:table-row>"
        return f'<table:table table:name="s">{row * rows}</table:table>'.encode()

    straight_liners = OdsRepeats()  # 100 of 1,000 rows answer 5 to all 30 items
    straight_liners.feed(repeats(100, 0, 30) + repeats(900, 30, 1), 0)
    assert not straight_liners.result().far
    bomb = OdsRepeats()  # 200 rows of a cell repeated 99 times: 19,600 cells from 200
    bomb.feed(repeats(200, 0, 99), 0)
    assert bomb.result().far


def _named(warnings: object) -> list[str]:
    """Warnings with the folders of the file they name left out."""
    assert isinstance(warnings, list)
    return [warning.rsplit("/", 1)[-1] for warning in warnings]


def _sheet(rows: str) -> bytes:
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    ).encode()
