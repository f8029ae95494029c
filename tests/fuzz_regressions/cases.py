"""Every failure ``make fuzz`` has found, as the smallest input that shows it.

Each entry names the fuzz case that found it (``seed S case N``, rebuilt by
``python -m fuzz.run --seed S --only N``), what went wrong, and a builder of a tiny input that
shows the same failure without the fuzzer (so that a change to the mutations cannot lose it).
A builder writes its input under the folder it is given and returns the arguments that come
after the command name: the PATH, then options. ``reports`` names the reports (``markdown``,
``table``) that must also come out inert, beside ``analyze --format json`` and ``validate``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from load_builders import COMPANY, CUSTOMERS, ITEMS, csv_folder, ods, rewrite_member, tables, xlsx


@dataclass(frozen=True)
class Regression:
    found_by: str
    failure: str
    build: Callable[[Path], list[str]]
    reports: tuple[str, ...] = ()


def _line_break_in_codebook(folder: Path) -> list[str]:
    items = [ITEMS[0], ("q1", "store", "consumable", "a\r\nb"), *ITEMS[2:]]
    return [str(csv_folder(folder / "drop", tables(items=items)))]


def _damaged_parquet(folder: Path) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    drop = csv_folder(folder / "drop")
    (drop / "company.csv").unlink()
    buffer = io.BytesIO()
    pq.write_table(pa.table({"respondent_id": ["S1"], "q1": [5.0]}), buffer)
    data = bytearray(buffer.getvalue())
    data[-9] ^= 1  # in the footer: "Couldn't deserialize thrift: No more data to read.\n"
    (drop / "company.parquet").write_bytes(bytes(data))
    return [str(drop)]


def _huge_weights(folder: Path) -> list[str]:
    customers = [CUSTOMERS[0], *((row[0], 1e200, *row[2:]) for row in CUSTOMERS[1:])]
    return [str(csv_folder(folder / "drop", tables(customers=customers)))]


def _tiny_weights(folder: Path) -> list[str]:
    customers = [CUSTOMERS[0], *((row[0], 1e-320, *row[2:]) for row in CUSTOMERS[1:])]
    return [str(csv_folder(folder / "drop", tables(customers=customers)))]


def _one_weight_of_1e308(folder: Path) -> list[str]:
    """Rescaled to the largest, the other weights' squares underflow: refused."""
    customers = [CUSTOMERS[0], (CUSTOMERS[1][0], 1e308, *CUSTOMERS[1][2:]), *CUSTOMERS[2:]]
    return [str(csv_folder(folder / "drop", tables(customers=customers)))]


def _central_directory_offset(folder: Path) -> list[str]:
    """One bit of the end record's offset of the central directory: zipfile still lists the
    members, each at a negative offset, and seeking there raised OSError (EINVAL)."""
    data = bytearray(xlsx(folder / "good.xlsx").read_bytes())
    assert data[-22:-18] == b"PK\x05\x06"  # the end record, no comment
    data[-4] ^= 0x01  # offset of the central directory += 65,536
    path = folder / "survey.xlsx"
    path.write_bytes(bytes(data))
    return [str(path)]


def _parquet_text_not_utf8(folder: Path) -> list[str]:
    """A text column whose bytes are not UTF-8 (uncompressed, plain: no checksum catches it);
    pyarrow reads it unchecked and decoding it raised UnicodeDecodeError."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    drop = csv_folder(folder / "drop")
    (drop / "company.csv").unlink()
    columns = list(zip(*COMPANY[1:], strict=True))
    table = pa.table({name: list(values) for name, values in zip(COMPANY[0], columns, strict=True)})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="none", use_dictionary=False)
    data = buffer.getvalue()
    assert b"frontline" in data
    (drop / "company.parquet").write_bytes(data.replace(b"frontline", b"\xaerontline"))
    return [str(drop)]


def _one_sided_item(folder: Path) -> list[str]:
    customers = [row[:4] for row in CUSTOMERS]  # q3 only in company: a 95-character warning
    return [str(csv_folder(folder / "drop", tables(customers=customers)))]


def _line_break_in_item_id(folder: Path) -> list[str]:
    items = [*ITEMS, ("q\n4", "store", "luxury", "")]  # in neither sample: a warning
    return [str(csv_folder(folder / "drop", tables(items=items)))]


def _utf16_codebook_read_as_utf8(folder: Path) -> list[str]:
    """UTF-16 without a BOM, not named: read as UTF-8, every other byte a NUL."""
    return [str(csv_folder(folder / "drop", encoding="utf-16-be"))]


def _nul_in_item_text(folder: Path) -> list[str]:
    items = [(*ITEMS[0], "text"), *((*row, f"wording of {row[0]}") for row in ITEMS[1:])]
    items[2] = (*items[2][:-1], "q\x00\x00\x00uestions online")
    return [str(csv_folder(folder / "drop", tables(items=items)))]


def _hostile_category(folder: Path) -> list[str]:
    items = [ITEMS[0], ITEMS[1], ("q2", "web", "<iframe src=//evil.invalid>", ""), ITEMS[3]]
    return [str(csv_folder(folder / "drop", tables(items=items))), "--by", "touchpoint+category"]


def _terminal_sequences_in_a_split(folder: Path) -> list[str]:
    hostile = ("[link](javascript:alert(3))", "\x1b[2J\x1b[H", "\x1b]0;pwned\x07")
    customers = [(*CUSTOMERS[0], "segment"), *((*row, hostile[i % 3]) for i, row in
                                               enumerate(CUSTOMERS[1:]))]  # fmt: skip
    return [str(csv_folder(folder / "drop", tables(customers=customers))), "--split", "segment"]


def _far_value(folder: Path) -> list[str]:
    """A value at row 1,048,576, column 201 (GS) of the customers sheet."""
    good = xlsx(folder / "good.xlsx")
    with zipfile.ZipFile(good) as archive:
        book = archive.read("xl/workbook.xml").decode()
    member = f"xl/worksheets/sheet{book.count('<sheet ')}.xml"  # customers: the last sheet

    def far(sheet: bytes) -> bytes:
        return sheet.replace(b"</sheetData>", b'<row r="1048576"><c r="GS1048576"><v>5</v></c>'
                             b"</row></sheetData>")  # fmt: skip

    return [str(rewrite_member(good, folder / "survey.xlsx", member, far))]


def _ods_million_empty_rows(folder: Path) -> list[str]:
    """A million repeated empty rows between the customers' header and their answers, 45
    columns wide (as dense cells, 45 million: more than the memory allowed)."""
    extra = [f"a{k}" for k in range(40)]
    customers = [(*CUSTOMERS[0], *extra), *((*row, *extra) for row in CUSTOMERS[1:])]
    path = ods(folder / "survey.ods", tables(customers=customers))
    empty = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="1024"/>'
        "</table:table-row>"
    )

    def repeat(content: bytes) -> bytes:
        sheet = content.index(b'table:name="customers"')
        at = content.index(b"</table:table-row>", sheet) + len(b"</table:table-row>")
        return content[:at] + empty.encode() + content[at:]

    return [str(rewrite_member(path, folder / "repeated.ods", "content.xml", repeat))]


REGRESSIONS: dict[str, Regression] = {
    "line break in a codebook cell": Regression(
        "seed 0 case 114",
        "exit 2 with the message on two lines: a missing_codes cell 'a\\r\\nb' quoted as is",
        _line_break_in_codebook,
    ),
    "damaged parquet footer": Regression(
        "seed 0 case 65",
        "exit 2 with the message on two lines: pyarrow's error text ends in a line break",
        _damaged_parquet,
    ),
    "weights of 1e200": Regression(
        "seed 0 case 320",
        "exit 0 with numpy RuntimeWarnings on stderr: the squared weights overflow to inf",
        _huge_weights,
    ),
    "weights of 1e-320": Regression(
        "seed 0 case 320 (its mirror image)",
        "the squared weights underflow to 0: Kish's n divides 0 by 0",
        _tiny_weights,
    ),
    "one weight of 1e308 among weights of 1 or 2": Regression(
        "seed 0 case 181",
        "exit 0 with numpy RuntimeWarnings: scaled to the largest, the others' squares are 0",
        _one_weight_of_1e308,
    ),
    "central directory offset out of the file": Regression(
        "seed 1 case 446",
        "a traceback (exit 1): OSError [Errno 22] from seeking to a negative local header",
        _central_directory_offset,
    ),
    "parquet text that is not UTF-8": Regression(
        "seed 1 case 667",
        "a traceback (exit 1): UnicodeDecodeError from a bit flipped in a text column's data",
        _parquet_text_not_utf8,
    ),
    "a long warning": Regression(
        "a look at stderr while writing the fuzzer's pass criteria",
        "exit 0 with one warning on two stderr lines: rich wraps it at 80 columns off a terminal",
        _one_sided_item,
    ),
    "line break in an item id": Regression(
        "the same look",
        "exit 0 with one warning on two stderr lines: the item id 'q\\n4' shown as it is",
        _line_break_in_item_id,
    ),
    "a codebook in UTF-16 read as UTF-8": Regression(
        "seed 0 cases 177 and 187 (branch safety: messages escape control characters)",
        "exit 2 with NUL bytes on stderr: the header names quoted raw in the message",
        _utf16_codebook_read_as_utf8,
    ),
    "NUL bytes in an item text": Regression(
        "seed 0 case 36 (branch safety)",
        "the Markdown report carried the item text's NUL bytes raw",
        _nul_in_item_text,
        reports=("markdown", "table"),
    ),
    "an <iframe> as a category": Regression(
        "seed 0 case 126 (branch safety)",
        "the Markdown report carried '<iframe src=//evil.invalid>' as live HTML",
        _hostile_category,
        reports=("markdown",),
    ),
    "ANSI and OSC sequences in split values": Regression(
        "seed 0 case 20 (branch safety)",
        "the table report wrote ESC[2J (clear the screen) and ESC]0; (retitle) to the terminal",
        _terminal_sequences_in_a_split,
        reports=("markdown", "table"),
    ),
    "a value at GS1048576": Regression(
        "seed 0 cases 157, 182, 196, 203 (branch farcells: far cells read sparsely)",
        "killed by SIGABRT: the Rust reader allocated the dense grid up to row 1,048,576",
        _far_value,
    ),
    "a million repeated empty rows in an .ods": Regression(
        "seed 0 cases 9, 83 (branch farcells)",
        "timed out, or killed by SIGABRT: the repeated rows were expanded",
        _ods_million_empty_rows,
    ),
}
