"""Hostile workbooks: entity bombs and zip bombs end with exit 2, fast and in bounded memory."""

from __future__ import annotations

import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE
from cxgap.cli import app
from cxgap.errors import InputError, UsageError
from cxgap.load import load_survey
from cxgap.load._sheetxml import sheet_members, unreadable_cells
from cxgap.model import LoadOptions
from load_builders import (
    csv_folder,
    entity_bomb,
    refused,
    rewrite_member,
    tables,
    xlsx,
    xlsx_shared,
)

SHEET3 = "xl/worksheets/sheet3.xml"


@pytest.fixture
def sheet_bomb(tmp_path: Path) -> Path:
    """Billion laughs inside the customers sheet's XML (openpyxl writes inline strings)."""
    good = xlsx(tmp_path / "good.xlsx")
    return rewrite_member(good, tmp_path / "bomb.xlsx", SHEET3, lambda d: entity_bomb(d, b"q1"))


@pytest.fixture
def strings_bomb(tmp_path: Path) -> Path:
    """Billion laughs inside sharedStrings.xml of an xlsxwriter workbook."""
    good = xlsx_shared(tmp_path / "good.xlsx")
    member = "xl/sharedStrings.xml"
    return rewrite_member(good, tmp_path / "bomb.xlsx", member, lambda d: entity_bomb(d, b"store"))


@pytest.fixture
def utf16_bomb(tmp_path: Path) -> Path:
    """Billion laughs in a sheet encoded as UTF-16, where a byte search for "<!" finds nothing."""

    def to_utf16(data: bytes) -> bytes:
        text = entity_bomb(data, b"q1").decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
        return b"\xff\xfe" + text.encode("utf-16-le")

    good = xlsx(tmp_path / "good.xlsx")
    return rewrite_member(good, tmp_path / "bomb.xlsx", SHEET3, to_utf16)


@pytest.mark.parametrize(
    ("bomb", "member"),
    [
        ("sheet_bomb", SHEET3),
        ("strings_bomb", "xl/sharedStrings.xml"),
        ("utf16_bomb", SHEET3),
    ],
)
def test_entity_bomb_is_refused_in_seconds(
    runner: CliRunner, request: pytest.FixtureRequest, bomb: str, member: str
) -> None:
    path: Path = request.getfixturevalue(bomb)
    start = time.perf_counter()
    result = runner.invoke(app, ["analyze", str(path)])
    assert time.perf_counter() - start < 5
    refused(result, f"bomb.xlsx: refusing to open: {member} declares XML entities")


def test_entity_bomb_takes_little_memory(sheet_bomb: Path) -> None:
    """In a process of its own, so that its peak resident memory can be measured: the child's
    own VmHWM (ru_maxrss would also count the test process's memory, shared before exec)."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print([l for l in open('/proc/self/status')"
        " if l.startswith('VmHWM')][0].split()[1], file=sys.stderr))\n"
        "from cxgap.cli import main; main()"
    )
    command = [sys.executable, "-c", code, "validate"]
    done = subprocess.run(
        [*command, str(sheet_bomb)], capture_output=True, text=True, timeout=60, check=False
    )
    peak_mib = int(done.stderr.splitlines()[-1]) / 1024
    assert done.returncode == 2, done.stderr
    assert "declares XML entities" in done.stderr and "Traceback" not in done.stderr
    assert peak_mib < 300, f"peak {peak_mib:.0f} MiB"


def test_calamine_itself_does_not_expand_entities(sheet_bomb: Path) -> None:
    """The second line of defence: behind our DTD check, the reader refuses the entity."""
    from python_calamine import CalamineError, CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(sheet_bomb))
    with pytest.raises(CalamineError, match="entity"):
        workbook.get_sheet_by_name("customers").to_python()


def test_fastexcel_does_not_expand_entities_either(sheet_bomb: Path) -> None:
    """The scan for a DTD runs while fastexcel reads: fastexcel must refuse the entity too."""
    import fastexcel

    with pytest.raises(fastexcel.CalamineError, match="entity"):
        fastexcel.read_excel(str(sheet_bomb)).load_sheet("customers", header_row=None)


def test_the_formula_scan_parses_with_defusedxml(tmp_path: Path) -> None:
    """The third line: the sheet XML parser (defusedxml, forbid_dtd) refuses a DTD."""
    good = xlsx(tmp_path / "good.xlsx", tables(customers=[("q1",), ("=1+2",)]))
    bomb = rewrite_member(good, tmp_path / "bomb.xlsx", SHEET3, lambda d: entity_bomb(d, b"q1"))
    with zipfile.ZipFile(bomb) as archive:
        assert sheet_members(archive, "bomb.xlsx")["customers"] == SHEET3
        with pytest.raises(InputError, match="DTDForbidden"):
            unreadable_cells(archive, SHEET3, "bomb.xlsx")
    workbook_bomb = rewrite_member(
        good, tmp_path / "book.xlsx", "xl/workbook.xml", lambda d: entity_bomb(d, b"items")
    )
    with zipfile.ZipFile(workbook_bomb) as archive, pytest.raises(InputError, match="DTD"):
        sheet_members(archive, "book.xlsx")


def test_the_loader_never_parses_with_openpyxl() -> None:
    """openpyxl only writes (templates, reports); the loader reads with calamine + defusedxml."""
    code = (
        "import sys; from cxgap.load import load_survey; "
        f"load_survey({str(SAMPLE)!r}); assert 'openpyxl' not in sys.modules, 'openpyxl loaded'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def zip_bomb(tmp_path: Path, mib: int) -> Path:
    """A good workbook whose customers sheet is padded with ``mib`` MiB of spaces (~1000x)."""
    good = xlsx(tmp_path / "good.xlsx")
    target = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename != SHEET3:
                new.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<sheetData>")
            with new.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(head + b"<sheetData>")
                for _ in range(mib):
                    stream.write(b" " * 1024**2)
                stream.write(tail)
    return target


def test_zip_bomb_is_refused_for_its_ratio(runner: CliRunner, tmp_path: Path) -> None:
    path = zip_bomb(tmp_path, 24)
    assert path.stat().st_size < 100_000
    start = time.perf_counter()
    result = runner.invoke(app, ["analyze", str(path)])
    assert time.perf_counter() - start < 5
    message = refused(result, f"refusing to open: {SHEET3} unpacks to 24 MiB")
    assert "times its packed size (cap 100)" in message and "--max-ratio <ratio>" in message
    assert runner.invoke(app, ["validate", str(path), "--max-ratio", "5000"]).exit_code == 0
    assert (
        runner.invoke(app, ["validate", str(path)], env={"CXGAP_MAX_RATIO": "5000"}).exit_code == 0
    )


def test_a_bomb_spread_over_many_small_members_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    """40 members of 1 MiB each stay under the per-member floor; the whole archive does not."""
    path = xlsx(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for k in range(40):
            archive.writestr(f"xl/padding{k}.xml", b" " * 1024**2)
    refused(runner.invoke(app, ["validate", str(path)]), "refusing to open: it unpacks to 40")


def test_total_size_cap_from_the_option_or_the_environment(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(SAMPLE), "--max-unpacked-mb", "1"])
    refused(result, "it unpacks to 1.", "MiB, above the cap of 1 MiB", "--max-unpacked-mb <MiB>")
    result = runner.invoke(app, ["validate", str(SAMPLE)], env={"CXGAP_MAX_UNPACKED_MB": "1"})
    refused(result, "it unpacks to 1.", "MiB, above the cap of 1 MiB")
    result = runner.invoke(app, ["validate", str(SAMPLE)], env={"CXGAP_MAX_UNPACKED_MB": "2.5"})
    assert result.exit_code == 0


def test_the_loader_takes_its_caps_from_load_options_never_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CXGAP_MAX_UNPACKED_MB", "1")
    monkeypatch.setenv("CXGAP_MAX_RATIO", "2")
    load_survey(SAMPLE)
    load_survey(SAMPLE, LoadOptions(max_unpacked_mb=10))
    with pytest.raises(
        InputError, match=r"sheet3.xml unpacks to [\d.]+ MiB, \d+ times .* \(cap 5\)"
    ):
        load_survey(SAMPLE, LoadOptions(max_unpacked_mb=10, max_ratio=5))


@pytest.mark.parametrize("value", ["lots", "0", "-3", "inf"])
def test_a_bad_cap_is_a_usage_error(runner: CliRunner, value: str) -> None:
    result = runner.invoke(app, ["validate", str(SAMPLE)], env={"CXGAP_MAX_RATIO": value})
    assert result.exit_code == 2 and "--max-ratio" in result.stderr
    result = runner.invoke(app, ["validate", str(SAMPLE), "--max-unpacked-mb", value])
    assert result.exit_code == 2 and "--max-unpacked-mb" in result.stderr
    with pytest.raises(UsageError, match="max_ratio must be a finite number above 0"):
        LoadOptions(max_ratio=float(value) if value != "lots" else -1.0)


def test_parquet_faces_the_size_cap(runner: CliRunner, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = csv_folder(tmp_path / "drop")
    (folder / "customers.csv").unlink()
    data = pa.table({"respondent_id": [f"C{i}" for i in range(150_000)], "q1": [4] * 150_000})
    pq.write_table(data, folder / "customers.parquet")
    result = runner.invoke(app, ["validate", str(folder)], env={"CXGAP_MAX_UNPACKED_MB": "1"})
    refused(result, "customers.parquet: refusing to read: its data unpack to")


def test_a_member_larger_than_declared_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    """A zip header that under-states a member's size (with a CRC matching the prefix, so
    Python's zipfile reads it as valid) cannot make a reader unpack more than declared: cxgap's
    guard unpacks it first, because fastexcel's reader would read on past the declared size."""
    good = xlsx(tmp_path / "good.xlsx", tables(customers=[("q1",), *[(4,)] * 20_000]))
    with zipfile.ZipFile(good) as archive:
        real = archive.read(SHEET3)
    data = bytearray(good.read_bytes())
    declared = 2000
    crc = zlib.crc32(real[:declared])
    name = SHEET3.encode()
    for signature, crc_at, name_at in ((b"PK\x03\x04", 14, 30), (b"PK\x01\x02", 16, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                struct.pack_into("<I", data, at + crc_at, crc)
                struct.pack_into("<I", data, at + crc_at + 8, declared)
            at = data.find(signature, at + 4)
    path = tmp_path / "liar.xlsx"
    path.write_bytes(bytes(data))
    refused(
        runner.invoke(app, ["validate", str(path)]),
        "liar.xlsx",
        "sheet3.xml unpacks to more than its declared 2,000 bytes",  # cxgap's guard, not a reader
    )
