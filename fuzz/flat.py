"""Write (mutated) tables as a folder of CSV files or workbooks, or as one fresh workbook, with
the writer's own mutations: delimiters, encodings, quotes, ragged rows, BOMs and NUL bytes for
CSV; merged and hidden sheets by xlsxwriter (Parquet: :mod:`fuzz.parquet`).

Each writer returns ``(files, note, options)``: the folder's files (name -> bytes), what was
done, and input options the case must pass (``--encoding`` when the file is not UTF-8).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any

from fuzz.base import ROLES
from fuzz.tables import Tables

Files = dict[str, bytes]
Written = tuple[Files, str, tuple[str, ...]]

_ENCODINGS = (
    ("utf-8", True), ("utf-8-sig", True), ("utf-16", True), ("utf-16-le", False),
    ("utf-16-be", False), ("latin-1", True), ("latin-1", False), ("cp1252", True),
    ("cp1252", False), ("utf-32", False), ("utf-32", True), ("shift_jis", True),
)  # fmt: skip
"""(encoding, whether the case names it with --encoding)."""


def text(value: object) -> str:
    return "" if value is None else str(value)


def csv_folder(rng: random.Random, tables: Tables) -> Written:
    """The tables as CSV files, one of them written oddly."""
    files: Files = {}
    notes: list[str] = []
    options: tuple[str, ...] = ()
    odd = rng.choice(ROLES)
    encoding, named = "utf-8", False
    if rng.random() < 0.35:
        encoding, named = rng.choice(_ENCODINGS)
        notes.append(f"encoding {encoding}" + (" (named)" if named else " (not named)"))
        if named:
            options = ("--encoding", encoding)
    for role in ROLES:
        rows = [[text(v) for v in row] for row in tables[role]]
        delimiter, quoting, ending = ",", csv.QUOTE_MINIMAL, "\r\n"
        if role == odd:
            delimiter = rng.choice((",", ";", "\t", "|", ":", " "))
            quoting = rng.choice((csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC))
            ending = rng.choice(("\r\n", "\n", "\r"))
            if rng.random() < 0.3:
                for row in rng.sample(rows, min(len(rows), rng.randint(1, 5))):
                    if rng.random() < 0.5 and row:
                        del row[rng.randrange(len(row)) :]
                    else:
                        row.extend(["extra"] * rng.randint(1, 3))
                notes.append(f"{role}: ragged rows")
            notes.append(f"{role}: delimiter {delimiter!r}, quoting {quoting}, ending {ending!r}")
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=ending).writerows(
            rows
        )
        data = buffer.getvalue().encode(encoding, "replace")
        if role == odd and rng.random() < 0.5:
            data, what = _damage_text(rng, data)
            notes.append(f"{role}: {what}")
        files[f"{role}.csv"] = data
    return files, "; ".join(notes) or "plain CSV", options


def _damage_text(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    action = rng.choice(("nul", "bom", "quote", "cut", "flip", "empty", "header_only", "crlf"))
    if action == "nul":
        return data[:at] + b"\x00" * rng.choice((1, 3)) + data[at:], f"NUL at byte {at}"
    if action == "bom":
        bom = rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        where = rng.choice((0, at))
        return data[:where] + bom + data[where:], f"BOM {bom!r} at byte {where}"
    if action == "quote":
        return data[:at] + b'"' + data[at:], f"a stray quote at byte {at}"
    if action == "cut":
        return data[:at], f"cut at byte {at}"
    if action == "flip":
        flipped = bytearray(data)
        for _ in range(3):
            if flipped:
                flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        return bytes(flipped), "3 bits flipped"
    if action == "empty":
        return b"", "emptied"
    if action == "header_only":
        return data.split(b"\n", 1)[0], "header line only"
    return data.replace(b"\r\n", b"\r\r\n"), "CR CR LF line ends"


def is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    try:
        float(value)
    except OverflowError:
        return False
    return True


def workbook(rng: random.Random, tables: Tables) -> Written:
    """The tables as a fresh .xlsx by xlsxwriter: native dates and bools, merged ranges,
    hidden sheets, extra sheets, the sheets in another order."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True})
    book.set_properties({"created": dt.datetime(2026, 1, 1)})  # else now: not deterministic
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    notes: list[str] = []
    order = [role for role in ROLES if role in tables]
    if rng.random() < 0.3:
        rng.shuffle(order)
        book.add_worksheet("notes").write(0, 0, "not a table")
        notes.append(f"sheets {order} after a 'notes' sheet")
    for role in order:
        sheet = book.add_worksheet(role)
        for r, row in enumerate(tables[role]):
            for c, value in enumerate(row):
                _write(sheet, r, c, value, date_format)
        if rng.random() < 0.2:
            sheet.hide()
            notes.append(f"{role} hidden")
        if rng.random() < 0.3:
            r1 = rng.randrange(len(tables[role]))
            c1 = rng.randrange(len(tables[role][0]))
            r2, c2 = r1 + rng.randint(0, 2), c1 + rng.randint(1, 2)
            sheet.merge_range(r1, c1, r2, c2, tables[role][r1][c1] if rng.random() < 0.5 else "")
            notes.append(f"{role} merged rows {r1}-{r2}, columns {c1}-{c2} (0-based)")
    if rng.random() < 0.2:
        book.get_worksheet_by_name(rng.choice(order)).activate()
    book.close()
    return {"survey.xlsx": buffer.getvalue()}, "; ".join(notes) or "rewritten by xlsxwriter", ()


def _write(sheet: Any, r: int, c: int, value: object, date_format: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value)
    elif isinstance(value, dt.datetime | dt.date | dt.time):
        sheet.write_datetime(r, c, value, date_format)
    elif isinstance(value, dt.timedelta):
        sheet.write_number(r, c, value.total_seconds() / 86400)
    elif isinstance(value, int | float | Decimal) and is_number(value):
        sheet.write_number(r, c, float(value))  # type: ignore[arg-type]
    else:
        text = str(value)
        if text.startswith("="):
            sheet.write_formula(r, c, text)
        else:
            sheet.write_string(r, c, text[:32767])


def workbook_folder(rng: random.Random, tables: Tables) -> Written:
    """Each table as a one-sheet workbook of its own in the folder (sheet named as the table,
    or ``Sheet1``: a folder's workbook holding one table is read from its first sheet)."""
    files: Files = {}
    notes = []
    for role in ROLES:
        sheet_name = role if rng.random() < 0.5 else "Sheet1"
        data, _, _ = workbook(rng, {role: tables[role]})
        if sheet_name != role:
            data = _rename_first_sheet(data, role, sheet_name)
        files[f"{role}.xlsx"] = data["survey.xlsx"]
        notes.append(f"{role}.xlsx sheet {sheet_name!r}")
    return files, "; ".join(notes), ()


def _rename_first_sheet(files: Files, old: str, new: str) -> Files:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(files["survey.xlsx"])) as archive:
        members = [(i.filename, archive.read(i.filename)) for i in archive.infolist()]
    members = [
        (
            n,
            d.replace(f'name="{old}"'.encode(), f'name="{new}"'.encode())
            if n == "xl/workbook.xml"
            else d,
        )
        for n, d in members
    ]
    from fuzz.base import zip_members

    return {"survey.xlsx": zip_members(members)}


def folder_files(rng: random.Random, files: Files) -> tuple[Files, str]:
    """A folder's files with one oddity: a table missing, twice (another type), named with
    other case and spaces, or an unrelated file beside them."""
    names = sorted(files)
    name = rng.choice(names)
    stem, suffix = name.rsplit(".", 1)
    action = rng.choice(("missing", "twice", "case", "unrelated", "empty"))
    if action == "missing":
        del files[name]
    elif action == "twice":
        files[f"{stem}.{'csv' if suffix != 'csv' else 'parquet'}"] = files[name]
    elif action == "case":
        files[f" {stem.upper()} .{suffix.upper()}"] = files.pop(name)
    elif action == "unrelated":
        files["notes.txt"] = b"not a table"
        files[f"{stem}.json"] = b"{}"
    else:
        files[name] = b""
    return files, f"folder: {name} {action}"
