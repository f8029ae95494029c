"""Measure cxgap on workbooks whose used range reaches far beyond the data (issue 19, part 1).

Builds, from ``sample_data/survey.xlsx``, the files that crashed the dense Rust readers:

- a cell holding an empty text at ``ZZZZ1048576`` in the customers sheet (calamine asked for
  15 TB and aborted);
- a stray cell holding an empty text at row 1,048,576, column 201 (``GS1048576``; 6 GB);
- the sample as an .ods, and the same with a million repeated rows holding a blank text at the
  end of the customers sheet, and with a million repeated empty rows after its second row;

then runs ``cxgap analyze FILE --format json`` on each in a fresh process and prints its exit
code, whether its rows equal the plain file's, its time and its peak RSS (``os.wait4``), and
what fastexcel alone does with the far sheet under a 2 GiB address-space limit.

    python bench/far_cells.py
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "sample_data" / "survey.xlsx"
CUSTOMERS = "xl/worksheets/sheet3.xml"
CXGAP = str(Path(sys.executable).with_name("cxgap"))
EMPTY_TEXT = '<is><t xml:space="preserve"></t></is>'
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type='
    '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
    'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)
FASTEXCEL = (
    "import fastexcel, sys\n"
    "r = fastexcel.read_excel(sys.argv[1])\n"
    "r.load_sheet('customers', header_row=None, dtypes='float').to_arrow()"
)


def far_xlsx(target: Path, ref: str) -> Path:
    """The sample with one cell holding an empty text at ``ref`` (row 1,048,576)."""
    far_row = f'<row r="1048576"><c r="{ref}" t="inlineStr">{EMPTY_TEXT}</c></row>'
    with zipfile.ZipFile(SAMPLE) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == CUSTOMERS:
                data = data.replace(b"</sheetData>", far_row.encode() + b"</sheetData>")
            new.writestr(info.filename, data)
    return target


def sample_ods(target: Path, *, tail: str = "", middle: str = "") -> Path:
    """The sample as an .ods (written by hand), with rows at the end of the customers sheet
    (``tail``) or after its second row (``middle``)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(SAMPLE))
    tables = []
    for name in book.sheet_names:
        rows = [_ods_row(row) for row in book.get_sheet_by_name(name).to_python()]
        if name == "customers":
            rows = [*rows[:2], middle, *rows[2:], tail]
        tables.append(f'<table:table table:name="{name}">{"".join(rows)}</table:table>')
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version='
        f'"1.2"><office:body><office:spreadsheet>{"".join(tables)}</office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        mimetype = "application/vnd.oasis.opendocument.spreadsheet"
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)
    return target


def _ods_row(values: list[object]) -> str:
    cells = []
    for value in values:
        if value == "" or value is None:
            cells.append("<table:table-cell/>")
        elif isinstance(value, int | float):
            cells.append(
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        else:
            cells.append(
                '<table:table-cell office:value-type="string">'
                f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
            )
    return f"<table:table-row>{''.join(cells)}</table:table-row>"


def run(*args: str, limit: int | None = None) -> tuple[int, float, float, bytes]:
    """Exit code (negative: the signal), seconds, peak RSS in MiB and stdout of a child."""

    def cap() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL, preexec_fn=cap)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        output = out.read()
    code = os.waitstatus_to_exitcode(status)
    return code, seconds, usage.ru_maxrss / 1024, output


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="cxgap-far-"))
    plain_ods = sample_ods(folder / "survey.ods")
    million = '<table:table-row table:number-rows-repeated="1000000">{}</table:table-row>'
    blank = '<table:table-cell office:value-type="string"><text:p> </text:p></table:table-cell>'
    cases = [
        ("sample .xlsx", SAMPLE, SAMPLE),
        ("cell at ZZZZ1048576", far_xlsx(folder / "zzzz.xlsx", "ZZZZ1048576"), SAMPLE),
        ("cell at row 1048576, col 201", far_xlsx(folder / "row.xlsx", "GS1048576"), SAMPLE),
        ("sample .ods", plain_ods, plain_ods),
        (
            ".ods, 1M repeated blank rows at the end",
            sample_ods(folder / "end.ods", tail=million.format(blank)),
            plain_ods,
        ),
        (
            ".ods, 1M repeated empty rows in the middle",
            sample_ods(folder / "middle.ods", middle=million.format("<table:table-cell/>")),
            plain_ods,
        ),
    ]
    print("| file | exit | same rows | seconds | peak RSS MiB |")
    print("|---|---|---|---|---|")
    baseline: dict[Path, dict[str, object]] = {}
    for name, path, plain in cases:
        code, seconds, peak, output = run(CXGAP, "analyze", str(path), "--format", "json")
        rows = json.loads(output)["rows"] if code == 0 else None
        baseline.setdefault(plain, {"rows": rows})
        same = rows is not None and rows == baseline[plain]["rows"]
        print(f"| {name} | {code} | {'yes' if same else 'NO'} | {seconds:.2f} | {peak:.0f} |")
    for name, path in (("ZZZZ1048576", cases[1][1]), ("row 1048576, col 201", cases[2][1])):
        code, seconds, peak, _ = run(sys.executable, "-c", FASTEXCEL, str(path), limit=2 << 30)
        print(f"fastexcel alone, cell at {name}, 2 GiB limit: exit {code} ({peak:.0f} MiB)")


if __name__ == "__main__":
    main()
