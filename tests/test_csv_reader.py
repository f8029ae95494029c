"""The one CSV reader (cxgap.load._csv): pyarrow's parse equals the csv module's, from bytes, a
path or a stream, in any encoding the reader accepts, with the line and byte of a refusal
named; what pyarrow refuses is read by the csv module with the same cells."""

from __future__ import annotations

import csv
import io
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxgap.errors import InputError
from cxgap.load._csv import csv_batches

ROWS = [["respondent_id", "q1", "region"], ["007", "4", "Zürich"], ["008", "N/A", "Genève"]]


def _text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _read(source: Any, encoding: str = "utf-8", **kw: Any) -> list[dict[str, str]]:
    return [row for b in csv_batches(source, "x.csv", encoding, **kw) for row in b.to_pylist()]


class _OneWay(io.RawIOBase):
    """A binary stream that cannot seek (a socket, a pipe)."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_bytes_path_and_streams_read_the_same_rows(tmp_path: Path) -> None:
    data = _text(ROWS).encode()
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    expected = [dict(zip(ROWS[0], row, strict=True)) for row in ROWS[1:]]
    assert _read(data) == expected  # every cell as text: "007" stays "007"
    assert _read(path) == _read(io.BytesIO(data)) == _read(_OneWay(data)) == expected
    assert pickle.loads(pickle.dumps(csv_batches)) is csv_batches  # Spark ships it by name


@pytest.mark.parametrize(
    ("encoding", "codec", "delimiter"),
    [("utf-8", "utf-8-sig", ","), ("utf-8", "utf-16", "\t"), ("cp1252", "cp1252", ";")],
)
def test_every_encoding_and_delimiter_reads_the_same_cells(
    encoding: str, codec: str, delimiter: str
) -> None:
    data = _text(ROWS, delimiter).encode(codec)
    assert _read(data, encoding) == _read(_text(ROWS).encode())
    assert _read(data, encoding, exact=True) == _read(_text(ROWS).encode())


def test_a_byte_not_in_the_encoding_is_named_with_its_line() -> None:
    data = _text(ROWS).encode() + b"009,5,Z\xfcrich\n"
    with pytest.raises(InputError, match=r"line 4 holds byte b'\\xfc'.*--encoding"):
        _read(data, batch_rows=1)
    assert _read(data, "latin-1")[-1] == {"respondent_id": "009", "q1": "5", "region": "Zürich"}


def test_utf16_named_without_its_bom_reads_as_the_whole_file_decodes() -> None:
    """``--encoding utf-16`` on a file without a UTF-16 BOM: pyarrow's transcoder (Python's
    incremental decoder) raises a bare UnicodeError there, which ``bytes.decode`` does not:
    the csv module reads the file, or names what is not UTF-16 (make fuzz, seed 0, case 458:
    an internal error, exit 3, before)."""
    little = _text(ROWS).encode("utf-16-le")  # the byte order bytes.decode takes without a BOM
    assert _read(little, "utf-16") == _read(_text(ROWS).encode())
    with pytest.raises(InputError, match="not utf-16 text"):
        _read(b"\xef\xbb\xbf" + little, "utf-16")  # a UTF-8 BOM before UTF-16 text


def test_a_workbook_named_csv_is_refused() -> None:
    with pytest.raises(InputError, match=r"a workbook \(a zip archive\) named \.csv"):
        _read(b"PK\x03\x04" + b"\0" * 40)


def test_what_pyarrow_refuses_is_read_by_the_csv_module_after_the_rows_given() -> None:
    """A short row deep in the file: the rows before it were given as pyarrow read them, the
    rest by the csv module, padded, none twice."""
    rows = [["a", "b"], *[[str(i), "x"] for i in range(1000)], ["short"], ["1", "2"]]
    data = "\n".join(",".join(row) for row in rows).encode()
    read = _read(data, batch_rows=7)
    assert len(read) == 1002 and read[1000] == {"a": "short", "b": ""} and read[-1]["b"] == "2"


CELL = st.text(alphabet='ab ,;"\n\r\té€', max_size=6)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=8),
    st.booleans(),
    st.booleans(),
)
def test_pyarrow_and_the_csv_module_give_the_same_cells(
    rows: list[list[str]], header: bool, empty_lines: bool
) -> None:
    data = _text([["h1", "h2", "h3", "h4"], *rows]).encode()
    kw: dict[str, Any] = {"header": header, "empty_lines": empty_lines, "batch_rows": 3}
    if not header:
        kw["width"] = 4
    fast = [row for b in csv_batches(data, "x.csv", **kw) for row in b.to_pylist()]
    exact = [row for b in csv_batches(data, "x.csv", exact=True, **kw) for row in b.to_pylist()]
    assert fast == exact


def _json(source: Path, **options: Any) -> dict[str, Any]:
    from cxgap.load import load_survey
    from cxgap.model import LoadOptions, Settings
    from cxgap.render.json import envelope
    from cxgap.stats import analyze

    settings = Settings(levels=(("item",), ("touchpoint",)), splits=("region",))
    out = envelope(analyze(load_survey(source, LoadOptions(**options)), settings))
    out["input"] = {k: v for k, v in out["input"].items() if k not in ("path", "sha256")}
    return dict(json.loads(json.dumps(out)))


def test_cp1252_semicolon_parts_read_as_the_whole_file(tmp_path: Path) -> None:
    """SPEC 8: the same CSV, in cp1252 with ';', read whole and as parts read in batches, gives
    the same JSON (regions with accents, ids with leading zeros)."""
    from load_builders import COMPANY, ITEMS, csv_folder

    head = ["respondent_id", "region", "q1", "q2", "q3"]
    rows = [
        [f"00{i}", ("Zürich", "Genève", "Köln")[i % 3], str(1 + i % 5), str(2 + i % 4), "N/A"]
        for i in range(60)
    ]
    company = [[*r[:1], "Zürich", *r[2:]] for r in COMPANY]

    def write(path: Path, body: list[list[str]]) -> None:
        path.write_bytes(_text([head, *body], ";").encode("cp1252"))

    whole = csv_folder(tmp_path / "whole", {"items": ITEMS})
    (whole / "company.csv").write_bytes(_text(company, ";").encode("cp1252"))
    write(whole / "customers.csv", rows)
    parted = csv_folder(tmp_path / "parted", {"items": ITEMS})
    (parted / "company.csv").write_bytes((whole / "company.csv").read_bytes())
    (parted / "customers").mkdir()
    write(parted / "customers" / "part-1.csv", rows[:25])
    write(parted / "customers" / "part-2.csv", rows[25:])
    expected = _json(whole, encoding="cp1252")
    assert {r["split"]["region"] for r in expected["rows"] if r.get("split")} >= {"Zürich", "Köln"}
    assert _json(parted, encoding="cp1252", batch_rows=7) == expected
