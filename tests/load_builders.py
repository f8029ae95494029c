"""Builders for the loader tests: every input, good or malformed, is made here from code.

Workbooks come from openpyxl (a formula such as ``"=1+2"`` is written without a cached value)
or xlsxwriter (shared strings, formulas with cached values); hostile ones are made by
rewriting one member of a good workbook's zip; an .ods is written by hand with zipfile.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from typer.testing import Result

from conftest import write_workbook

Rows = Sequence[Sequence[object]]

ITEMS: Rows = [
    ("item", "touchpoint", "category", "missing_codes"),
    ("q1", "store", "consumable", "-99;99"),
    ("q2", "web", "luxury", ""),
    ("q3", "after-sales", "durable", ""),
]
COMPANY: Rows = [("respondent_id", "role", "q1", "q2", "q3")] + [
    (f"S{i}", "frontline", 5, 4 + i % 2, 5) for i in range(6)
]
CUSTOMERS: Rows = [("respondent_id", "weight", "q1", "q2", "q3")] + [
    (f"C{i}", 1 + i % 2, 3 + i % 3, 2, 1 + i % 5) for i in range(8)
]

BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [\n'
    b'<!ENTITY lol0 "lol">\n'
    + b"".join(b'<!ENTITY lol%d "%s">\n' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10))
    + b"]>\n"
)
"""A DTD whose ``&lol9;`` expands to 10^9 "lol"s: 3 GB from a few hundred bytes."""


def tables(**changes: Rows) -> dict[str, Rows]:
    """The three good tables, with some replaced: ``tables(customers=[...])``."""
    return {"items": ITEMS, "company": COMPANY, "customers": CUSTOMERS} | changes


def with_customers(*rows: Sequence[object]) -> dict[str, Rows]:
    """The good tables with extra customer rows appended (ids C100, C101, ...)."""
    extra = [(f"C{100 + i}", *row) for i, row in enumerate(rows)]
    return tables(customers=[*CUSTOMERS, *extra])


def xlsx(path: Path, sheets: dict[str, Rows] | None = None) -> Path:
    """An .xlsx by openpyxl (inline strings; formulas get no cached value); None = empty."""
    return write_workbook(path, sheets or tables())


def xlsx_shared(path: Path, sheets: dict[str, Rows] | None = None) -> Path:
    """An .xlsx by xlsxwriter: strings in sharedStrings.xml, as Excel writes them."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    for name, rows in (sheets or tables()).items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    return path


def csv_folder(path: Path, sheets: dict[str, Rows] | None = None, encoding: str = "utf-8") -> Path:
    """A folder of items.csv, company.csv, customers.csv; None = empty cell."""
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in (sheets or tables()).items():
        with (path / f"{name}.csv").open("w", newline="", encoding=encoding) as handle:
            csv.writer(handle).writerows(["" if v is None else v for v in row] for row in rows)
    return path


def rewrite_member(
    source: Path, target: Path, member: str, change: Callable[[bytes], bytes]
) -> Path:
    """Copy a zip, passing one member's bytes through ``change``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == member else data)
    return target


def entity_bomb(data: bytes, text: bytes) -> bytes:
    """Put the billion-laughs DTD before an XML part and ``&lol9;`` in place of ``text``."""
    body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
    assert text in body
    return BILLION_LAUGHS + body.replace(text, b"&lol9;", 1)


def ods(path: Path, sheets: dict[str, Rows] | None = None) -> Path:
    """A minimal OpenDocument spreadsheet (mimetype, manifest, content.xml), by hand."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in (sheets or tables()).items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        f'office:version="1.2"><office:body><office:spreadsheet>{body}'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        mimetype = "application/vnd.oasis.opendocument.spreadsheet"
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def _ods_cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    text = escape(str(value))
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def refused(result: Result, *expected: str) -> str:
    """Assert a clean input error: exit 2, one ``cxgap: error:`` line naming ``expected``,
    nothing on stdout, no traceback. Returns the message."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    message = result.stderr
    assert message.startswith("cxgap: error: "), message
    assert message.count("\n") == 1, message
    for text in expected:
        assert text in message, f"{text!r} not in {message!r}"
    return message
