"""Workbooks whose used range reaches far beyond the data, as real ones do (someone pressed
Ctrl+End, or formatted whole columns): the sample workbook with a far cell, and the sample as
an ``.ods`` whose rows and columns are repeated.

- ``far-value``: a cell holding a value at ``ZZZZ1048576`` (past Excel's last column), at row
  1,048,576 (column 201 or ``XFD``), or at ``XFD1``;
- ``far-styled``: styled empty cells there, a styled empty last row, whole columns formatted;
- ``far-dimension``: a ``<dimension>`` reaching ``XFD1048576`` or beyond, or unreadable;
- ``ods-repeated``: the sample as OpenDocument, with a million repeated empty rows (after the
  data, or between the header and it), thousands of repeated empty columns, a repeated
  value cell or a repeated data row, or a value after a million empty rows.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

from fuzz.base import ROLES, SHEET_MEMBER, Base, Rows, zip_members
from fuzz.xlsx import Mutation, _replace, letters, set_cell

LAST_ROW = 1_048_576
_FAR_REFS = ("ZZZZ1048576", "GS1048576", "XFD1048576", "XFD1", "A1048576", "ZZZZ1")


def _sheet(rng: random.Random) -> str:
    return rng.choices(ROLES, weights=(1, 2, 4))[0]


def _split(ref: str) -> tuple[int, int]:
    """``GS1048576`` -> (1048576, 200): 1-based row, 0-based column."""
    found = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert found is not None
    column = 0
    for char in found.group(1):
        column = column * 26 + ord(char) - 64
    return int(found.group(2)), column - 1


def far_value(rng: random.Random, base: Base) -> Mutation:
    """A value in a far cell of one sheet (its dimension left as it was, or widened)."""
    role = _sheet(rng)
    member = SHEET_MEMBER[role]
    sheet = base.member(member)
    ref = rng.choice(_FAR_REFS)
    value = rng.choice(
        ('<v>5</v>', '<v>0</v>', ' t="inlineStr"><is><t>stray</t></is', ' t="s"><v>0</v',
         ' t="inlineStr"><is><t>&lt;script&gt;alert(1)&lt;/script&gt;</t></is')
    )  # fmt: skip
    cell = f'<c r="{ref}"{value}></c>' if value.startswith(" ") else f'<c r="{ref}">{value}</c>'
    row, col = _split(ref)
    sheet = set_cell(sheet, row, col, cell.encode())
    if rng.random() < 0.5:
        sheet = re.sub(
            rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:%s"/>' % ref.encode(), sheet
        )
    members = _replace(list(base.members), member, sheet)
    return zip_members(members), f"{role}!{ref} = {value!r}"


def far_styled(rng: random.Random, base: Base) -> Mutation:
    """Styled empty far cells, a styled empty last row, or whole columns formatted."""
    role = _sheet(rng)
    member = SHEET_MEMBER[role]
    sheet = base.member(member)
    action = rng.choice(("cell", "cells", "row", "columns"))
    if action == "cell":
        ref = rng.choice(_FAR_REFS)
        row, col = _split(ref)
        sheet = set_cell(sheet, row, col, f'<c r="{ref}" s="1"/>'.encode())
        note = f"a styled empty cell at {ref}"
    elif action == "cells":
        row = rng.choice((LAST_ROW, 3005, 70000))
        cells = b"".join(
            b'<c r="%s%d" s="1"/>' % (letters(c).encode(), row) for c in range(0, 16384, 97)
        )
        end = sheet.index(b"</sheetData>")
        sheet = sheet[:end] + b'<row r="%d">%s</row>' % (row, cells) + sheet[end:]
        note = f"169 styled empty cells across row {row}"
    elif action == "row":
        end = sheet.index(b"</sheetData>")
        sheet = (
            sheet[:end] + b'<row r="%d" s="1" customFormat="1" ht="15"/>' % LAST_ROW + sheet[end:]
        )
        note = "a styled empty row 1048576"
    else:
        sheet = re.sub(
            rb"<cols>.*?</cols>",
            b'<cols><col min="1" max="16384" width="11" style="1" customWidth="1"/></cols>',
            sheet,
        )
        note = "every column formatted"
    if rng.random() < 0.5:
        sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', sheet)
        note += ", dimension A1:XFD1048576"
    return zip_members(_replace(list(base.members), member, sheet)), f"{role}: {note}"


_DIMENSIONS = ("A1:XFD1048576", "A1:ZZZZ99999999", "XFD1048576", "A1:A1", "", "A0:B0",
               "A1:XFD1048576 B2:C3", "1:1048576", "A1:AE-5", "A1:" + "Z" * 40 + "1")  # fmt: skip


def far_dimension(rng: random.Random, base: Base) -> Mutation:
    """The sheet's ``<dimension>`` far too large, too small or unreadable."""
    role = _sheet(rng)
    member = SHEET_MEMBER[role]
    ref = rng.choice(_DIMENSIONS)
    sheet = re.sub(
        rb'<dimension ref="[^"]*"/>',
        b"<dimension ref=%s/>" % quoteattr(ref).encode(),
        base.member(member),
    )
    return zip_members(_replace(list(base.members), member, sheet)), f"{role}: dimension {ref!r}"


# -- OpenDocument ----------------------------------------------------------------------------

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_cell(value: object, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None or value == "":
        return f"<table:table-cell{times}/>"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f'<table:table-cell{times} office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value!r}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell{times} office:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def ods_row(cells: list[str], repeat: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{times}>{''.join(cells)}</table:table-row>"


def ods_bytes(sheets: dict[str, list[str]]) -> bytes:
    """An .ods of sheets given as their row elements (the mimetype first, stored)."""
    body = "".join(
        f"<table:table table:name={quoteattr(name)}>{''.join(rows)}</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}>'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        stamp = (1980, 1, 31, 0, 0, 0)
        archive.writestr(
            zipfile.ZipInfo("mimetype", stamp), "application/vnd.oasis.opendocument.spreadsheet"
        )
        for name, data in (("content.xml", content), ("META-INF/manifest.xml", _MANIFEST)):
            archive.writestr(zipfile.ZipInfo(name, stamp), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ods_repeated(rng: random.Random, base: Base) -> Mutation:
    """The sample as .ods, one sheet's rows or columns repeated."""
    tables: dict[str, Rows] = base.rows()
    sheets = {
        role: [ods_row([ods_cell(v) for v in row]) for row in rows] for role, rows in tables.items()
    }
    role = _sheet(rng)
    rows = sheets[role]
    width = len(tables[role][0])
    action = rng.choice(("empty_rows_end", "empty_rows_between", "empty_columns", "value_columns",
                         "data_row", "far_value", "styled_tail"))  # fmt: skip
    empty = ods_row([ods_cell(None, 1024)], LAST_ROW - len(rows))
    if action == "empty_rows_end":
        rows.append(empty)
    elif action == "empty_rows_between":
        rows.insert(1, ods_row([ods_cell(None, width)], 1_000_000))
    elif action == "empty_columns":
        sheets[role] = [
            row.replace("</table:table-row>", f"{ods_cell(None, 16000)}</table:table-row>")
            for row in rows
        ]
    elif action == "value_columns":
        r = rng.randrange(len(rows))
        repeat = rng.choice((3, 1000, 16000))
        rows[r] = rows[r].replace("</table:table-row>", f"{ods_cell(5, repeat)}</table:table-row>")
        action += f" (row {r + 1}, {repeat} times)"
    elif action == "data_row":
        r = rng.randrange(1, len(rows))
        rows[r] = rows[r].replace(
            "<table:table-row>",
            f'<table:table-row table:number-rows-repeated="{rng.choice((2, 1000))}">',
        )
        action += f" (row {r + 1})"
    elif action == "far_value":
        rows += [empty, ods_row([ods_cell(None, rng.choice((1, 200, 16000))), ods_cell(5)])]
    else:
        rows.append(ods_row([ods_cell(None, 16384)], LAST_ROW - len(rows)))
        rows[-1] = rows[-1].replace("<table:table-row ", '<table:table-row table:style-name="ro1" ')
    return ods_bytes(sheets), f"{role}: {action}"


MUTATORS = {
    "far-value": (3, far_value),
    "far-styled": (3, far_styled),
    "far-dimension": (2, far_dimension),
    "ods-repeated": (4, ods_repeated),
}
"""Name -> (weight, mutator): the .ods mutator's bytes are an .ods, the others' an .xlsx."""
