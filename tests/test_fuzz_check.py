"""The fuzzer's pass criteria (fuzz.check) reject what they must: a slice of cases that all
pass proves nothing unless a failure would be caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fuzz.check import judge

GOLDEN = json.loads((Path(__file__).parent / "golden" / "analyze.json").read_text())
ERROR = "cxgap: error: survey.xlsx: customers!D17 = 'abc': not a number (fix the cell)\n"


@pytest.mark.parametrize(
    ("command", "code", "stdout", "stderr"),
    [
        ("analyze", 0, json.dumps(GOLDEN), ""),
        ("analyze", 0, json.dumps(GOLDEN), "warning: item q3 is only in the company sheet\n"),
        ("validate", 0, "survey.xlsx: OK\n", "cxgap: warning: 3 empty row(s) skipped\n"),
        ("analyze", 1, json.dumps(GOLDEN), "cxgap: gate failed: gap 72 pp above 10 pp\n"),
        ("validate", 2, "", ERROR),
    ],
)
def test_handled_outcomes_pass(command: str, code: int, stdout: str, stderr: str) -> None:
    assert judge(command, code, stdout, stderr) is None


def _incoherent() -> str:
    data = json.loads(json.dumps(GOLDEN))
    data["rows"][2]["customer_pct"] = 120.0
    return json.dumps(data)


@pytest.mark.parametrize(
    ("code", "stdout", "stderr", "why"),
    [
        (1, "", "Traceback (most recent call last):\n  ...\nKeyError: 'x'\n", "traceback"),
        (3, "", "cxgap: internal error: KeyError 'x'; please report it\n", "exit 3"),
        (0, '{"gap": NaN}', "", "not strict JSON"),
        (0, "[1, 2]", "", "not an object"),
        (0, "", "", "nothing on stdout"),
        (0, json.dumps(GOLDEN), "warning: a long warning\ncut in two\n", "not a warning"),
        (0, _incoherent(), "", "customer_pct 120.0"),
        (2, "", ERROR.replace(": not", ":\nnot"), "exactly one"),
        (2, "", "Usage: cxgap analyze [OPTIONS] PATH\nError: No such option\n", "exactly one"),
        (2, "{}", ERROR, "output on stdout"),
        (1, "", "", "not a failed gate"),
        (None, "", "", "timed out"),
        (-9, "", "", "signal 9"),
    ],
)
def test_unhandled_outcomes_fail(code: int | None, stdout: str, stderr: str, why: str) -> None:
    failure = judge("analyze", code, stdout, stderr)
    assert failure is not None and why in failure, failure
