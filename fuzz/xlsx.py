"""Mutations of the sample workbook itself: its cells (in the sheet XML), its sheets and
workbook parts, and its bytes (in the zip and in the XML, re-zipped).

Each mutator takes a random generator and the sample's members, and returns the workbook's
bytes and a note saying what was changed, precisely enough to rebuild it by hand.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from fuzz.base import SHEET_MEMBER, Base, zip_members
from fuzz.values import with_date_style, xml_cell

Members = list[tuple[str, bytes]]
Mutation = tuple[bytes, str]

_ROW = re.compile(rb'<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.DOTALL)
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)
_DIMENSION = re.compile(rb'<dimension ref="A1:([A-Z]+)(\d+)"/>')
_WORKBOOK = "xl/workbook.xml"
_RELS = "xl/_rels/workbook.xml.rels"
_TYPES = "[Content_Types].xml"


def letters(index: int) -> str:
    """0 -> A, 26 -> AA."""
    text = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        text = chr(65 + rem) + text
    return text


def _index(column: bytes) -> int:
    value = 0
    for char in column.decode():
        value = value * 26 + ord(char) - 64
    return value - 1


def _size(sheet: bytes) -> tuple[int, int]:
    """Columns and rows of a sheet, from its dimension."""
    found = _DIMENSION.search(sheet)
    assert found is not None
    return _index(found.group(1)) + 1, int(found.group(2))


def set_cell(sheet: bytes, row: int, col: int, cell: bytes | None) -> bytes:
    """The sheet XML with cell (1-based row, 0-based col) replaced by ``cell`` (None: deleted);
    a row that does not exist is appended after the last."""
    rows = {int(m.group(1)): m for m in _ROW.finditer(sheet)}
    found = rows.get(row)
    if found is None:
        if cell is None:
            return sheet
        new_row = b'<row r="%d">%s</row>' % (row, cell)
        later = [m for r, m in rows.items() if r > row]
        at = later[0].start() if later else sheet.index(b"</sheetData>")
        return sheet[:at] + new_row + sheet[at:]
    body = found.group(2) or b""
    cells = [(_index(m.group(1)), m.group(0)) for m in _CELL.finditer(body)]
    kept = [(c, xml) for c, xml in cells if c != col]
    if cell is not None:
        kept.append((col, cell))
    kept.sort(key=lambda pair: pair[0])
    start = found.group(0)[: found.group(0).index(b">") + 1].replace(b"/>", b">")
    new_row = start + b"".join(xml for _, xml in kept) + b"</row>"
    return sheet[: found.start()] + new_row + sheet[found.end() :]


def _pick_cell(rng: random.Random, role: str, sheet: bytes) -> tuple[int, int]:
    width, height = _size(sheet)
    where = rng.random()
    if where < 0.15:
        return 1, rng.randrange(width + 1)  # a header
    if where < 0.2:
        return rng.randrange(height + 1, height + 4), rng.randrange(width)  # below the data
    if where < 0.25:
        return rng.randrange(2, height + 1), width + rng.randrange(3)  # right of the data
    first = {"items": 0, "company": 3, "customers": 5}[role] if rng.random() < 0.8 else 0
    return rng.randrange(2, height + 1), rng.randrange(first, width)


def cells(rng: random.Random, base: Base) -> Mutation:
    """One to three cells of one sheet replaced by hostile XML cells."""
    members = list(base.members)
    role = rng.choices(("items", "company", "customers"), weights=(2, 3, 5))[0]
    member = SHEET_MEMBER[role]
    sheet = base.member(member)
    shared = base.member("xl/sharedStrings.xml").count(b"<si>")
    notes = []
    date_styled = False
    for _ in range(rng.choice((1, 1, 2, 3))):
        row, col = _pick_cell(rng, role, sheet)
        ref = f"{letters(col)}{row}"
        xml, note = xml_cell(rng, ref, shared)
        date_styled = date_styled or "date-styled" in note
        sheet = set_cell(sheet, row, col, xml.encode("utf-8", "surrogatepass"))
        notes.append(f"{role}!{ref} = {note}")
    members = _replace(members, member, sheet)
    if date_styled:
        members = _replace(members, "xl/styles.xml", with_date_style(base.member("xl/styles.xml")))
    return zip_members(members), "; ".join(notes)


def headers(rng: random.Random, base: Base) -> Mutation:
    """A header cell removed, blanked, renamed or made a duplicate of another, in the XML."""
    role = rng.choice(("items", "company", "customers"))
    member = SHEET_MEMBER[role]
    sheet = base.member(member)
    width, _ = _size(sheet)
    col = rng.randrange(width)
    ref = f"{letters(col)}1"
    action = rng.choice(("remove", "blank", "rename", "duplicate", "case", "spaces"))
    header = re.search(rb'<c r="%s"[^>]*><v>(\d+)</v></c>' % ref.encode(), sheet)
    assert header is not None
    if action == "remove":
        cell = None
    elif action == "blank":
        cell = f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve"> </t></is></c>'
    elif action == "duplicate":
        other = rng.randrange(width)
        found = re.search(rb'<c r="%s1"[^>]*><v>(\d+)</v></c>' % letters(other).encode(), sheet)
        assert found is not None
        cell = f'<c r="{ref}" t="s"><v>{found.group(1).decode()}</v></c>'
        action = f"duplicate of column {letters(other)}"
    else:
        name = _shared(base, int(header.group(1)))
        new = {
            "rename": rng.choice(("x", "Item", "q99", "respondent_id", "weight", "wave", "?")),
            "case": name.upper(),
            "spaces": f"  {name} ",
        }[action]
        cell = f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{new}</t></is></c>'
        action = f"{action} to {new!r}"
    sheet = set_cell(sheet, 1, col, None if cell is None else cell.encode())
    return zip_members(_replace(list(base.members), member, sheet)), f"{role}!{ref}: {action}"


def _shared(base: Base, index: int) -> str:
    strings = re.findall(rb"<si><t[^>]*>(.*?)</t></si>", base.member("xl/sharedStrings.xml"))
    return strings[index].decode()


def sheets(rng: random.Random, base: Base) -> Mutation:
    """Sheets renamed, hidden, removed, reordered, duplicated or merged."""
    members = list(base.members)
    book = base.member(_WORKBOOK)
    role = rng.choice(("items", "company", "customers"))
    entry = re.search(rb'<sheet name="%s"[^>]*/>' % role.encode(), book)
    assert entry is not None
    action = rng.choice(("rename", "hide", "very_hide", "remove", "reorder", "duplicate", "merge"))
    note = action
    if action == "rename":
        new = rng.choice((role.upper(), f" {role} ", f"{role}s", role[:-1], "", "Sheet1", "\u00e9"))
        book = book.replace(b'name="%s"' % role.encode(), b'name="%s"' % new.encode(), 1)
        note = f"renamed to {new!r}"
    elif action in ("hide", "very_hide"):
        state = b"hidden" if action == "hide" else b"veryHidden"
        book = book.replace(entry.group(0), entry.group(0)[:-2] + b' state="%s"/>' % state)
    elif action == "remove":
        book = book.replace(entry.group(0), b"")
    elif action == "reorder":
        found = re.search(rb"<sheets>(.*?)</sheets>", book)
        assert found is not None
        parts = re.findall(rb"<sheet [^>]*/>", found.group(1))
        rng.shuffle(parts)
        book = book.replace(found.group(1), b"".join(parts))
        note = "reordered"
    elif action == "duplicate":
        name = rng.choice((role, role.upper(), f" {role}", "other"))
        source = SHEET_MEMBER[rng.choice(("items", "company", "customers"))]
        position = rng.choice(("before", "after"))
        members.append(("xl/worksheets/sheet4.xml", base.member(source)))
        rels = base.member(_RELS).replace(
            b"</Relationships>",
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/worksheet" Target="worksheets/sheet4.xml"/></Relationships>',
        )
        types = base.member(_TYPES).replace(
            b"</Types>",
            b'<Override PartName="/xl/worksheets/sheet4.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        members = _replace(_replace(members, _RELS, rels), _TYPES, types)
        extra = b'<sheet name="%s" sheetId="4" r:id="rId99"/>' % name.encode()
        at = entry.start() if position == "before" else entry.end()
        book = book[:at] + extra + book[at:]
        note = f"a copy of {source} named {name!r} {position} it"
    else:
        member = SHEET_MEMBER[role]
        sheet = base.member(member)
        width, height = _size(sheet)
        r1, c1 = rng.randrange(1, height + 1), rng.randrange(width)
        r2, c2 = r1 + rng.randrange(4), c1 + rng.randrange(4)
        ref = f"{letters(c1)}{r1}:{letters(c2)}{r2}"
        merge = b'<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % ref.encode()
        at = sheet.index(b"</sheetData>") + len(b"</sheetData>")
        members = _replace(members, member, sheet[:at] + merge + sheet[at:])
        note = f"merged {ref}"
    members = _replace(members, _WORKBOOK, book)
    return zip_members(members), f"sheet {role}: {note}"


def parts(rng: random.Random, base: Base) -> Mutation:
    """A workbook part removed, emptied or made a duplicate zip entry."""
    members = list(base.members)
    name = rng.choice([n for n, _ in members])
    action = rng.choice(("remove", "empty", "duplicate", "stored"))
    if action == "remove":
        members = [(n, d) for n, d in members if n != name]
    elif action == "empty":
        members = _replace(members, name, b"")
    elif action == "duplicate":
        members.append((name, base.member(name)))
    else:
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for member, data in members:  # a fixed date: the same bytes every time
                archive.writestr(zipfile.ZipInfo(member, (1980, 1, 31, 0, 0, 0)), data)
        return buffer.getvalue(), "every member stored, not deflated"
    return zip_members(members), f"{name}: {action}"


def zip_bytes(rng: random.Random, base: Base) -> Mutation:
    """Bytes of the workbook file flipped, or the file truncated."""
    data = bytearray(zip_members(base.members))
    if rng.random() < 0.4:
        size = rng.choice((0, 1, 4, 22, 100, rng.randrange(len(data)), len(data) - 1))
        return bytes(data[:size]), f"truncated to {size} of {len(data)} bytes"
    flips = []
    directory = len(data) - int.from_bytes(data[-6:-2], "little")  # from the end record
    for _ in range(rng.choice((1, 1, 2, 8))):
        where = rng.random()
        if where < 0.5:
            at = rng.randrange(len(data))
        elif where < 0.8:  # the central directory and the end record
            at = len(data) - rng.randrange(1, directory + 1)
        else:  # the end record alone
            at = len(data) - rng.randrange(1, 23)
        bit = 1 << rng.randrange(8)
        data[at] ^= bit
        flips.append(f"byte {at} ^= {bit:#04x}")
    return bytes(data), "flipped " + ", ".join(flips)


def xml_bytes(rng: random.Random, base: Base) -> Mutation:
    """A member's XML damaged (bytes flipped, cut, a span deleted or repeated), re-zipped."""
    xml_names = [n for n, _ in base.members if n.endswith((".xml", ".rels"))]
    weights = [6 if n in SHEET_MEMBER.values() else 1 for n in xml_names]
    name = rng.choices(xml_names, weights=weights)[0]
    data = bytearray(base.member(name))
    action = rng.choice(("flip", "cut", "delete", "repeat", "insert"))
    at = rng.randrange(len(data))
    span = rng.choice((1, 3, 20, 200))
    if action == "flip":
        for _ in range(rng.choice((1, 2, 5))):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        note = "bits flipped"
    elif action == "cut":
        data = data[:at]
        note = f"cut at byte {at}"
    elif action == "delete":
        del data[at : at + span]
        note = f"{span} bytes deleted at {at}"
    elif action == "repeat":
        data[at:at] = data[at : at + span]
        note = f"{span} bytes repeated at {at}"
    else:
        junk = rng.choice((b"<", b">", b"&", b"\x00", b"\xff\xfe", b"<x>", b"</row>", b'"'))
        data[at:at] = junk
        note = f"{junk!r} inserted at {at}"
    return zip_members(_replace(list(base.members), name, bytes(data))), f"{name}: {note}"


def _replace(members: Members, name: str, data: bytes) -> Members:
    return [(n, data if n == name else d) for n, d in members]


MUTATORS: dict[str, tuple[int, Callable[[random.Random, Base], Mutation]]] = {
    "xlsx-cells": (10, cells),
    "xlsx-headers": (3, headers),
    "xlsx-sheets": (3, sheets),
    "xlsx-parts": (1, parts),
    "xlsx-zip-bytes": (2, zip_bytes),
    "xlsx-xml-bytes": (3, xml_bytes),
}
"""Name -> (weight, mutator)."""
