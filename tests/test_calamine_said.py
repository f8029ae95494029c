"""What calamine logs while it reads a workbook becomes one cxgap warning, never a stray line
on stderr (``make fuzz FUZZ_SEED=7``, case 158 ``far-dimension``: a ``<dimension>`` reaching
column ``ZZZ...`` made fastexcel's calamine log ``xlsx has more than maximum number of columns``,
which logging's last resort printed on stderr, also with ``--quiet``)."""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
from pathlib import Path
from subprocess import run

from cxgap.load import load_survey
from cxgap.load._calamine import calamine_said
from cxgap.model import Settings, Survey
from cxgap.render.json import envelope
from cxgap.stats import analyze
from load_builders import rewrite_member, xlsx

SCRIPT = [sys.executable, "-c", "from cxgap.cli import run; run()"]
FAR = "A1:" + "Z" * 40 + "1"
"""fuzz/far.py's unreadable dimension: column Z...Z (40 letters), far past XFD."""
SAID = "xlsx has more than maximum number of columns"


def _far_dimension(folder: Path, sheet: int = 3) -> Path:
    """The good workbook with one sheet's ``<dimension>`` reaching column Z...Z."""
    good = xlsx(folder / "good.xlsx")
    member = f"xl/worksheets/sheet{sheet}.xml"

    def far(data: bytes) -> bytes:
        changed, n = re.subn(
            rb'<dimension ref="[^"]*"/>', f'<dimension ref="{FAR}"/>'.encode(), data
        )
        assert n == 1
        return changed

    return rewrite_member(good, folder / "far.xlsx", member, far)


def test_a_far_dimension_is_told_as_a_warning_and_stderr_holds_only_cxgaps_lines(
    tmp_path: Path,
) -> None:
    path = _far_dimension(tmp_path)
    done = run([*SCRIPT, "analyze", str(path), "-f", "json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines and all(line.startswith("warning: ") for line in lines), done.stderr
    told = [line for line in lines if SAID in line]
    assert told == [
        f"warning: {path}: sheet 'customers': the workbook reader (calamine) says: "
        f"{SAID} (1030792149 > 16384)"
    ]
    assert told[0].removeprefix("warning: ") in json.loads(done.stdout)["warnings"]
    quiet = run([*SCRIPT, "analyze", str(path), "-q", "-f", "json"], capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert json.loads(quiet.stdout)["rows"] == json.loads(done.stdout)["rows"]


def test_the_numbers_are_those_of_the_workbook_without_the_far_dimension(tmp_path: Path) -> None:
    far = load_survey(_far_dimension(tmp_path, sheet=1))
    good = load_survey(tmp_path / "good.xlsx")
    assert _rows(far) == _rows(good) and far.codebook == good.codebook
    assert [w for w in far.warnings if SAID in w] == [
        f"{tmp_path / 'far.xlsx'}: sheet 'items': the workbook reader (calamine) says: "
        f"{SAID} (1030792149 > 16384)"
    ]
    assert not [w for w in good.warnings if "calamine" in w]


def _rows(survey: Survey) -> object:
    return envelope(analyze(survey, Settings()))["rows"]


def test_a_capture_keeps_records_of_any_thread_and_captures_run_one_at_a_time() -> None:
    """A record logged from another thread during a capture (Rust code may log from a thread
    of its own) is kept; a second thread's capture waits until the first one ends, so that
    neither keeps the other's records, and nothing is left attached."""
    logger = logging.getLogger("calamine.xlsx")
    first: list[str] = []
    with calamine_said(first):
        beside = threading.Thread(target=logger.warning, args=("from a reader thread",))
        beside.start()
        beside.join()
    assert first == ["from a reader thread"]

    kept: dict[str, list[str]] = {"a": [], "b": []}
    order: list[str] = []
    a_in, b_trying, release = threading.Event(), threading.Event(), threading.Event()

    def a() -> None:
        with calamine_said(kept["a"]):
            a_in.set()
            release.wait()
            logger.warning("a")
            order.append("a out")

    def b() -> None:
        a_in.wait()
        b_trying.set()
        with calamine_said(kept["b"]):
            order.append("b in")
            logger.warning("b")

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for thread in threads:
        thread.start()
    b_trying.wait()
    release.set()
    for thread in threads:
        thread.join()
    assert order == ["a out", "b in"]
    assert kept == {"a": ["a"], "b": ["b"]}
    assert not logger.handlers and not logging.getLogger("calamine").handlers
