"""Every run of the ``cxgap`` script ends in 0, 1 or 2, with its one line, also under load.

A run used to print its one-line error and then die in the interpreter's teardown (``terminate
called without an active exception``, SIGABRT: a native thread of Arrow's still joinable,
apache/arrow#34314); the script now ends itself once its output is flushed
(commands/_ending.py). Here the error path of every reader (workbook, CSV and Parquet tables,
parts, a Qualtrics export with only its header rows, SurveyMonkey, .sav, .dta) run as real
processes, several at once, and every exit code is counted; with more than one run each, a
whole analysis of the sample runs among them too.

``CXGAP_EXIT_RUNS`` (default 1) runs each path that many times; ``make stress`` runs hundreds
in all and prints the counts.
"""

from __future__ import annotations

import errno
import os
import sys
import tomllib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from subprocess import DEVNULL, run

import pytest

from conftest import SAMPLE
from cxgap.errors import os_error_hint
from load_builders import CUSTOMERS, ITEMS, csv_folder, tables, xlsx
from readstat_builders import KNOWN_CRASHES, damaged_file, good_files

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("CXGAP_EXIT_RUNS", "1"))
SCRIPT = [sys.executable, "-c", "from cxgap.cli import run; run()"]
"""What the installed ``cxgap`` script runs (pyproject.toml's entry, checked below)."""

BAD_CUSTOMERS = tables(customers=[*CUSTOMERS, ("C99", 1, "abc", 2, 3)])
QUALTRICS_HEADER = (
    "StartDate,EndDate,Status,Finished,ResponseId,Q1\n"
    "Start Date,End Date,Response Type,Finished,Response ID,How satisfied are you?\n"
    + ",".join(
        f'"{{""ImportId"":""{i}""}}"'
        for i in ("startDate", "endDate", "status", "finished", "_recordId", "QID1")
    )
    + "\n"
)
SURVEYMONKEY_HEADER = "Respondent ID,How satisfied are you?,\n,Response,Other\n"


def _parquet_folder(folder: Path) -> Path:
    """Items and company as CSV, customers as a Parquet file that is not one."""
    csv_folder(folder, {"items": ITEMS, "company": tables()["company"]})
    (folder / "customers.parquet").write_bytes(b"PAR1" + b"\0" * 64)
    return folder


def _parts(folder: Path) -> Path:
    """A CSV part, then a part holding a byte that is not UTF-8: the read stops inside the
    stream."""
    csv_folder(folder, {"items": ITEMS, "company": tables()["company"]})
    (folder / "parts").mkdir()
    head, *rows = CUSTOMERS
    lines = [",".join(map(str, head))] + [",".join(map(str, r)) for r in rows]
    (folder / "parts" / "part-1.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "parts" / "part-2.csv").write_bytes(f"{lines[0]}\nC77,1,".encode() + b"\xff\n")
    return folder


@pytest.fixture(scope="module")
def commands(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[str], int]]:
    """Each path: its arguments and the exit code it must end with."""
    root = tmp_path_factory.mktemp("exits")
    good = good_files(root / "readstat")
    qualtrics = root / "header_only.csv"
    qualtrics.write_text(QUALTRICS_HEADER, encoding="utf-8")
    monkey = root / "monkey.csv"
    monkey.write_text(SURVEYMONKEY_HEADER, encoding="utf-8")
    sav = damaged_file(good[".sav"], KNOWN_CRASHES[".sav"][0], root)
    dta = root / "cut.dta"
    dta.write_bytes(good[".dta"].read_bytes()[:700])
    parquet, parts = _parquet_folder(root / "pq"), _parts(root / "parts")
    codebook = ["-o", str(root / "never.xlsx")]
    return {
        "workbook": (["analyze", str(xlsx(root / "bad.xlsx", BAD_CUSTOMERS))], 2),
        "csv": (["analyze", str(csv_folder(root / "csv", BAD_CUSTOMERS))], 2),
        "parquet": (["analyze", str(parquet)], 2),
        "parts": (
            [
                "analyze",
                *("--items", str(parts / "items.csv"), "--company", str(parts / "company.csv")),
                *("--customers", str(parts / "parts")),
            ],
            2,
        ),
        "qualtrics": (["codebook", str(qualtrics), *codebook], 2),
        "surveymonkey": (["codebook", str(monkey), *codebook], 2),
        "sav": (["codebook", str(sav), *codebook], 2),
        "dta": (["codebook", str(dta), *codebook], 2),
        "analysis": (["analyze", str(SAMPLE), "--format", "json", "--quiet"], 0),
    }


def test_the_script_is_the_one_that_ends_itself() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        assert tomllib.load(handle)["project"]["scripts"]["cxgap"] == "cxgap.cli:run"


@pytest.mark.slow  # many processes at once: make test-slow (make stress runs more)
def test_every_reader_s_error_path_exits_0_1_or_2_under_load(
    commands: dict[str, tuple[list[str], int]],
) -> None:
    def one(name: str) -> tuple[str, int, str]:
        argv, _ = commands[name]
        done = run([*SCRIPT, *argv], stdin=DEVNULL, capture_output=True, cwd=ROOT)
        return name, done.returncode, done.stderr.decode("utf-8", "replace")

    names = [name for name in commands if RUNS > 1 or name != "analysis"]  # its cost: stress
    order = [name for _ in range(RUNS) for name in names]
    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        ended = list(pool.map(one, order))
    codes = Counter(code for _, code, _ in ended)
    if "CXGAP_EXIT_RUNS" in os.environ:  # make stress: say how the runs ended
        sys.__stdout__.write(f"\n{len(ended)} runs ({RUNS} of each of {len(names)}): ")
        sys.__stdout__.write(", ".join(f"exit {c}: {n}" for c, n in sorted(codes.items())) + "\n")
    assert set(codes) <= {0, 1, 2}, codes
    for name, code, stderr in ended:
        assert code == commands[name][1], (name, code, stderr)
        if code == 2:
            assert stderr.startswith("cxgap: error: ") and stderr.count("\n") == 1, stderr


def test_no_thread_of_a_run_outlives_it(
    commands: dict[str, tuple[list[str], int]], runner: object
) -> None:
    """Every thread a command starts (the archive scan, the import thread, the summing pools)
    is joined before the command returns, on its error path as on the whole analysis."""
    import threading

    from cxgap.cli import app

    before = set(threading.enumerate())
    for name, (argv, code) in commands.items():
        result = runner.invoke(app, argv)  # type: ignore[attr-defined]
        assert result.exit_code == code, (name, result.stderr)
        assert set(threading.enumerate()) <= before, name


END = """
import atexit, errno, io, sys, threading, time
from cxgap.commands._ending import end
log = sys.argv[1]
class Full(io.RawIOBase):  # a disk with no room left: every write fails
    def writable(self):
        return True
    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")
if sys.argv[3:] == ["full"]:
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(Full()))
def late():
    time.sleep(0.2)
    with open(log, "a") as handle:
        handle.write("thread joined\\n")
threading.Thread(target=late).start()
atexit.register(lambda: open(log, "a").write("exit handler\\n"))
sys.stdout.write("report, not yet flushed")
end(int(sys.argv[2]))
"""


def test_the_end_joins_threads_runs_exit_handlers_and_flushes(tmp_path: Path) -> None:
    log = tmp_path / "log"
    done = run([sys.executable, "-c", END, str(log), "1"], capture_output=True, stdin=DEVNULL)
    assert (done.returncode, done.stdout, done.stderr) == (1, b"report, not yet flushed", b"")
    assert log.read_text() == "thread joined\nexit handler\n"


def test_a_report_the_end_cannot_write_is_exit_2_with_its_line(tmp_path: Path) -> None:
    done = run(
        [sys.executable, "-c", END, str(tmp_path / "log"), "0", "full"],
        capture_output=True,
        stdin=DEVNULL,
    )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "cxgap: error: cannot write to standard output: No space left on device "
        f"({os_error_hint(OSError(errno.ENOSPC, 'No space left on device'))})\n"
    )
