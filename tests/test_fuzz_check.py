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


REPORT = "| # | group | gap pp |\n|---:|---|---:|\n| 1 | store [touchpoint] | +12.0 |\n"
SAFE_TEXTS = [
    "Share = top box; * = significant at q < 0.05; ! = low base, n < 30.",
    "| 1 | &lt;script&gt;alert(1)&lt;/script&gt; [touchpoint] | +1.0 |",
    "| 1 | \\<script>alert(1)\\</script> | +1.0 |",
    "| 1 | \\[link\\](javascript:alert(3)) | +1.0 |",
    "| 1 | [link]\\(javascript:alert(3)) | +1.0 |",
    "| 1 | \\x1b[31mred\\x1b[0m | +1.0 |",
    "| 1 | \\u202eevil\\u202c and \u200f, a right-to-left mark (no override) | +1.0 |",
    "a tab\there and CRLF line ends\r\n",
]
ACTIVE_TEXTS = [
    ("| 1 | <script>alert(1)</script> | +1.0 |", "raw HTML tag"),
    ('| 1 | "><img src=x onerror=alert(2)> | +1.0 |', "raw HTML tag"),
    ("| 1 | <SCRIPT >x | +1.0 |", "raw HTML tag"),
    ("| 1 | [link](javascript:alert(3)) | +1.0 |", "live script link"),
    ("| 1 | ![x]( JavaScript:alert(4) ) | +1.0 |", "live script link"),
    ("| 1 | <javascript:alert(8)> | +1.0 |", "live script link"),
    ("[x]: javascript:alert(7)\n", "live script link"),
    ("| 1 | \x1b[31mred\x1b[0m | +1.0 |", "control character '\\x1b'"),
    ("| 1 | \x1b]0;pwned\x07 | +1.0 |", "control character '\\x1b'"),
    ("| 1 | \x9b31m | +1.0 |", "control character '\\x9b'"),
    ("| 1 | a\x08b | +1.0 |", "control character '\\x08'"),
    ("| 1 | a\rb | +1.0 |", "control character '\\r'"),
    ("| 1 | \u202eevil\u202c | +1.0 |", "control character '\\u202e'"),
    ("| 1 | \u2066x\u2069 | +1.0 |", "control character '\\u2066'"),
]


@pytest.mark.parametrize("text", SAFE_TEXTS)
def test_inert_reports_pass(text: str) -> None:
    for command in ("markdown", "table"):
        assert judge(command, 0, REPORT + text, "") is None


@pytest.mark.parametrize(("text", "why"), ACTIVE_TEXTS)
def test_reports_carrying_active_content_fail(text: str, why: str) -> None:
    failure = judge("markdown", 0, REPORT + text, "")
    assert failure is not None and why in failure, failure
    if "control" in why:  # a terminal acts on it; HTML is only text on a terminal
        failure = judge("table", 0, REPORT + text, "")
        assert failure is not None and why in failure, failure
    else:
        assert judge("table", 0, REPORT + text, "") is None


@pytest.mark.parametrize("command", ["analyze", "validate", "codebook", "markdown"])
def test_a_raw_control_character_on_stderr_fails(command: str) -> None:
    error = "cxgap: error: survey.xlsx: customers!D17 = '\x1b]0;pwned\x07': not a number\n"
    failure = judge(command, 2, "", error)
    assert failure is not None and "'\\x1b'" in failure and "stderr" in failure, failure
    assert judge(command, 2, "", error.replace("\x1b", "\\x1b").replace("\x07", "\\x07")) is None


def test_json_may_hold_what_its_encoder_escapes() -> None:
    """JSON is read by a program; json.dumps writes C0 controls as \\u escapes anyway."""
    data = json.loads(json.dumps(GOLDEN))
    data["rows"][0]["group"] = "<script>\x1b[31m"
    assert judge("analyze", 0, json.dumps(data, ensure_ascii=False), "") is None


@pytest.mark.parametrize(
    ("stderr", "why"),
    [
        ("wrote out.xlsx: 26 items; fill in touchpoint and category\n", None),
        ("warning: x.csv: 3 unfinished responses left out\nwrote out.xlsx: 2 items\n", None),
        ("", "without one 'wrote' line"),
        ("wrote a\nwrote b\n", "without one 'wrote' line"),
        ("drafted 26 rows, 26 paired\nx.csv: 15 columns left out\nwrote out.xlsx\n", None),
        ("drafted 26 rows\n", "without one 'wrote' line"),
    ],
)
def test_codebook_outcomes(stderr: str, why: str | None) -> None:
    failure = judge("codebook", 0, "", stderr)
    assert failure is None if why is None else (failure is not None and why in failure), failure
    assert judge("codebook", 0, "out", stderr) is not None
