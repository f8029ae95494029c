"""SPSS and Stata files are read by pyreadstat in a child process (load/exports/_readstat.py):
a good file reads as pyreadstat reads it in-process; a child that crashes, is killed, runs out
of its memory cap or answers with anything but plain values is one error naming the file; and
damaged files (cut short, bytes flipped) end in an export or one such error, never a signal.

``CXGAP_DAMAGED_CASES`` (default 2) sets how many damaged cases of each of .sav, .zsav and .dta
are read; ``make stress`` reads hundreds and prints what became of them.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cxgap.cli import app
from cxgap.errors import InputError
from cxgap.load.exports import _readstat, read_export
from cxgap.model import LoadOptions
from readstat_builders import KNOWN_CRASHES, SUFFIXES, cases, damaged_file, good_files

DAMAGED_CASES = int(os.environ.get("CXGAP_DAMAGED_CASES", "2"))


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return good_files(tmp_path_factory.mktemp("readstat"))


def _in_process(value: object, string: bool) -> object:
    """What the reader made of a pyreadstat value when it ran in cxgap's own process."""
    if value is None or type(value).__name__ == "NaTType":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not string:
        return f".{value}"
    return value


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_the_child_reads_what_pyreadstat_reads_in_process(
    good: dict[str, Path], suffix: str
) -> None:
    import pyreadstat

    read = pyreadstat.read_dta if suffix == ".dta" else pyreadstat.read_sav
    frame, meta = read(str(good[suffix]), user_missing=True)
    names, columns, rows, child_meta = _readstat.read_readstat(
        good[suffix], "x", stata=suffix == ".dta"
    )
    assert names == list(frame.columns) and rows == len(frame) == 300
    kinds = meta.readstat_variable_types
    for name, column in zip(names, columns, strict=True):
        expected = [_in_process(v, kinds[name] == "string") for v in frame[name].tolist()]
        assert column == expected, name  # a pandas Timestamp equals its datetime
    assert isinstance(columns[names.index("answered")][0], dt.datetime)
    for attribute in _readstat_child_meta():
        assert getattr(child_meta, attribute) == (getattr(meta, attribute, None) or {})
    if suffix == ".sav":
        assert child_meta.missing_ranges["q1"] == [{"lo": 9.0, "hi": 9.0}]
        assert child_meta.variable_value_labels["q1"][5] == "Very good"


def _readstat_child_meta() -> tuple[str, ...]:
    from cxgap.load.exports._readstat_child import META

    return META


def _fake_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    script = tmp_path / "child.py"
    script.write_text(f"import os, pickle, signal, sys\n{body}\n", encoding="utf-8")
    monkeypatch.setattr(_readstat, "CHILD", script)
    path = tmp_path / "survey.sav"
    path.write_bytes(b"$FL2")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_export(path, display=path.name)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path.name}: ")
    return message


@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("os.kill(os.getpid(), signal.SIGSEGV)", "its reader (ReadStat) crashed on it (SIGSEGV)"),
        ("os.abort()", "its reader (ReadStat) crashed on it (SIGABRT)"),
        ("os.kill(os.getpid(), signal.SIGBUS)", "its reader (ReadStat) crashed on it (SIGBUS)"),
        ("os.kill(os.getpid(), signal.SIGKILL)", "its reader was stopped (SIGKILL)"),
        ("raise RuntimeError('inside')", "its reader failed on it (exit 1: RuntimeError: inside)"),
        ("sys.stdout.buffer.write(b'half a pickle')", "its reader gave no answer"),
    ],
)
def test_a_child_that_dies_is_one_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, said: str
) -> None:
    message = _refusal(_fake_child(tmp_path, monkeypatch, how))
    assert said in message
    assert message.endswith(")") and "save or export it again" in message


def test_an_answer_that_is_not_plain_values_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child that a crafted file took over could write any pickle: only values are built."""
    marker = tmp_path / "ran"
    body = (
        "class Call:\n"
        f"    def __reduce__(self): return (os.system, ('touch {marker}',))\n"
        "sys.stdout.buffer.write(pickle.dumps(('ok', Call())))"
    )
    assert "its reader gave no answer" in _refusal(_fake_child(tmp_path, monkeypatch, body))
    assert not marker.exists()


def test_a_read_over_the_memory_cap_is_refused(tmp_path: Path) -> None:
    big = good_files(tmp_path, rows=20_000)[".sav"]
    with pytest.raises(InputError) as info:
        _readstat.read_readstat(big, "big.sav", stata=False, memory_mb=1)
    assert str(info.value) == (
        "big.sav: reading it needs more than 1 MiB of memory (if the file is damaged, save or "
        "export it again; if it is a genuine survey this large, export it as CSV or Parquet "
        "parts and read those with a codebook)"
    )


def test_the_codebook_command_names_a_file_its_reader_crashed_on(
    good: dict[str, Path], tmp_path: Path, runner: object
) -> None:
    """A case that crashes ReadStat in-process (SIGSEGV): here one line and exit 2."""
    path = damaged_file(good[".zsav"], KNOWN_CRASHES[".zsav"][0], tmp_path)
    out = tmp_path / "codebook.xlsx"
    result = runner.invoke(app, ["codebook", str(path), "-o", str(out)])  # type: ignore[attr-defined]
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cxgap: error: {path}: ") and result.stderr.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_damaged_files_end_in_an_export_or_one_error(
    good: dict[str, Path], tmp_path: Path, suffix: str
) -> None:
    def read(case: int) -> str:
        path = damaged_file(good[suffix], case, tmp_path)
        try:
            read_export(path, LoadOptions(keep_partial=True), display=path.name, keep_tests=True)
        except InputError as exc:
            message = str(exc)
            assert "\n" not in message and message.startswith(f"{path.name}: "), message
            return message.split(": ", 1)[1].split(" (")[0][:40]
        return "read"

    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        outcomes = Counter(pool.map(read, cases(suffix, DAMAGED_CASES)))
    assert sum(outcomes.values()) == DAMAGED_CASES
    if "CXGAP_DAMAGED_CASES" in os.environ:  # make stress: say what became of them
        shown = ", ".join(f"{n} {what!r}" for what, n in outcomes.most_common())
        sys.__stdout__.write(f"\n{suffix}: {DAMAGED_CASES} damaged cases: {shown}\n")


def test_a_damaged_sav_whose_variable_lost_its_format_still_reads(
    good: dict[str, Path], tmp_path: Path
) -> None:
    """Case 99 of the .sav (found by make stress): pyreadstat gives None as the format of
    ``comment``, which was an internal error (exit 3) instead of a read."""
    export = read_export(damaged_file(good[".sav"], 99, tmp_path), LoadOptions(keep_partial=True))
    assert export.info("comment").source == "" and len(export.row_numbers) == 300
