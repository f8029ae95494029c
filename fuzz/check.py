"""When a fuzz case is handled: the pass criteria, shared by ``make fuzz`` and the test slice.

A command is handled when it

- exits 0 with output on stdout (for ``analyze --format json``: strict JSON, no NaN or
  Infinity, and every row coherent: see :func:`invariants`) and nothing on stderr but
  warnings, each line a warning of its own;
- exits 1 with only ``cxgap: gate failed:`` lines on stderr (the fuzz cases pass no gate, so
  in practice an exit 1 is a crash, which today exits 1 with a traceback);
- exits 2 with exactly one stderr line, starting ``cxgap: error: ``, and nothing on stdout.

``codebook`` exits 0 with nothing on stdout and, on stderr, one ``wrote FILE`` line (after
what it drafted, and warnings). A report a reader looks at (``analyze --format markdown`` or
``table``) carries no active content from the input (:func:`active_content`): no raw HTML
tag, no live ``javascript:`` link; and nothing cxgap prints, on stdout or stderr (JSON
aside: a program reads it, and its encoder escapes what a terminal would act on), holds a
raw terminal control character (:func:`control_character`).

Anything else fails: a traceback, exit 3 (an internal error), another code, a signal (a memory
kill), a timeout, output that is not strict JSON.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

WARNING_PREFIXES = ("warning: ", "cxgap: warning: ")
"""How a warning line starts on stderr (today ``warning:``); one warning is one line."""


def _reject(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def _lines(text: str) -> list[str]:
    """The lines a terminal or a CI log shows: split at CR and LF only (not at U+2028 and the
    other separators ``str.splitlines`` knows)."""
    return re.split(r"\r\n|\r|\n", text.removesuffix("\n")) if text else []


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")
"""C0 and C1 control characters but tab and line ends (ESC starts ANSI colour and OSC
window-title sequences, U+009B is a one-byte CSI); a CR not ending a line rewrites it; the
bidi overrides and isolates ("Trojan Source": text shown in another order than it is)."""
_RAW_TAG = re.compile(r"(?<!\\)</?[a-z][a-z0-9-]*(?=[\s/>])", re.IGNORECASE)
"""An HTML tag Markdown would pass through as HTML (``\\<`` is a literal ``<``)."""
_LIVE_LINK = re.compile(
    r"(?<!\\)\]\s*\(\s*<?\s*(?:javascript|vbscript|data):"  # [text](javascript:...)
    r"|(?<!\\)<\s*(?:javascript|vbscript|data):"  # <javascript:...>, an autolink
    r"|^\s{0,3}(?<!\\)\[[^\]\n]*\]:\s*<?(?:javascript|vbscript|data):",  # [x]: javascript:...
    re.IGNORECASE | re.MULTILINE,
)


def control_character(text: str) -> str | None:
    """Where ``text`` holds a raw control character a terminal would act on, if it does."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    context = text[max(0, found.start() - 40) : found.end() + 40]
    return f"a raw control character {found.group(0)!r} in {context!r}"


def active_content(text: str, markdown: bool) -> str | None:
    """Why a report ``text`` is not inert, if it is not: a raw control character; in Markdown
    also a raw HTML tag (``<script``, ``<img onerror=...>``) or a live ``javascript:`` link."""
    if markdown:
        for pattern, what in ((_RAW_TAG, "a raw HTML tag"), (_LIVE_LINK, "a live script link")):
            found = pattern.search(text)
            if found is not None:
                context = text[max(0, found.start() - 40) : found.end() + 40]
                return f"{what} {found.group(0)!r} in {context!r}"
    return control_character(text)


_TOLERANCE = 1e-9


def _in(value: Any, low: float, high: float) -> bool:
    return value is None or (low - _TOLERANCE <= value <= high + _TOLERANCE)


def _row_problem(row: dict[str, Any], alpha: float) -> str | None:
    """What no row of a report may hold, whatever the input: a share outside 0-100 or its
    interval, a gap that is not the difference of the shares, p or q outside 0-1, q below p,
    ``significant`` that disagrees with q."""
    for side in ("company", "customer"):
        pct, ci, se = row[f"{side}_pct"], row[f"{side}_ci_pp"], row[f"{side}_se_pp"]
        if not _in(pct, 0, 100) or not _in(se, 0, math.inf):
            return f"{side}_pct {pct} or its SE {se} out of range"
        if pct is not None and ci is not None and not (_in(ci[0], 0, pct) and _in(ci[1], pct, 100)):
            return f"{side}_pct {pct} outside its interval {ci}"
    company, customer, gap = row["company_pct"], row["customer_pct"], row["gap_pp"]
    if None not in (company, customer, gap) and abs(gap - (company - customer)) > 1e-6:
        return f"gap_pp {gap} is not {company} - {customer}"
    if gap is not None and row["gap_ci_pp"] is not None:
        low, high = row["gap_ci_pp"]
        if not (low - 1e-6 <= gap <= high + 1e-6):
            return f"gap_pp {gap} outside its interval {row['gap_ci_pp']}"
    p, q = row["p_value"], row["q_value"]
    if not _in(p, 0, 1) or not _in(q, 0, 1) or (None not in (p, q) and q < p - 1e-12):
        return f"p {p} / q {q} out of range"
    if q is not None and row["significant"] != (q < alpha):
        return f"significant is {row['significant']} with q {q} and alpha {alpha}"
    return None


def invariants(data: dict[str, Any]) -> str | None:
    """None if every row of an analyze report is coherent (:func:`_row_problem`)."""
    alpha = data["settings"]["alpha"]
    for where, row in [("headline", data["headline"])] + [
        (f"rows[{i}]", row) for i, row in enumerate(data["rows"])
    ]:
        if row is None:
            continue
        problem = _row_problem(row, alpha)
        if problem is not None:
            return f"exit 0 but {where} ({row.get('group')}, {row.get('split')}): {problem}"
    return None


REPORTS = ("markdown", "table")
"""The commands that print a report for a reader: ``analyze --format markdown|table``."""


def judge(command: str, code: int | None, stdout: str, stderr: str) -> str | None:
    """None if the command's outcome is handled, else why not (``code`` None: timed out;
    negative: killed by that signal). ``command``: ``analyze`` (with ``--format json``),
    ``validate``, ``codebook``, or one of :data:`REPORTS`."""
    failure = _outcome(command, code, stdout, stderr)
    if failure is None:
        raw = control_character(stderr)
        if raw is not None:
            return f"exit {code} with {raw} on stderr"
    if failure is None and code == 0 and command in REPORTS:
        active = active_content(stdout, command == "markdown")
        if active is not None:
            return f"exit 0 with active content in the {command} report: {active}"
    return failure


def _outcome(command: str, code: int | None, stdout: str, stderr: str) -> str | None:
    if code is None:
        return "timed out"
    if code < 0:
        return f"killed by signal {-code} (the memory limit?)"
    if "Traceback (most recent call last)" in stderr:
        last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
        return f"exit {code} with a traceback: {last[:300]}"
    lines = _lines(stderr)
    if code == 0 and command == "codebook":
        if sum(line.startswith("wrote ") for line in lines) != 1:
            return f"codebook: exit 0 without one 'wrote' line: {stderr[-300:]!r}"
        return f"codebook: exit 0 with output on stdout: {stdout[:100]!r}" if stdout else None
    if code == 0:
        stray = [line for line in lines if not line.startswith(WARNING_PREFIXES)]
        if stray:
            return f"exit 0 with a stderr line that is not a warning: {stray[0][:300]!r}"
        if not stdout.strip():
            return "exit 0 with nothing on stdout"
        if command == "analyze":
            try:
                data = json.loads(stdout, parse_constant=_reject)
            except ValueError as exc:
                return f"exit 0 but stdout is not strict JSON: {exc}"
            if not isinstance(data, dict) or not _finite(data):
                return "exit 0 but the JSON is not an object of finite numbers"
            return invariants(data)
        return None
    if code == 1:
        if lines and all(line.startswith("cxgap: gate failed: ") for line in lines):
            return None
        return f"exit 1 that is not a failed gate: {stderr.strip()[:300]!r}"
    if code == 2:
        if len(lines) != 1 or not lines[0].startswith("cxgap: error: "):
            return f"exit 2 without exactly one 'cxgap: error:' line: {stderr[:300]!r}"
        if stdout:
            return f"exit 2 with output on stdout: {stdout[:100]!r}"
        return None
    return f"exit {code}: {stderr.strip()[:300]!r}"


def invoke(argv: list[str]) -> tuple[int, str, str]:
    """Run a command in this process through typer's CliRunner, as the test slice does: its
    exit code, stdout and stderr, with an uncaught exception's traceback added to stderr (as
    the interpreter would print it)."""
    import traceback

    from typer.testing import CliRunner

    from cxgap.cli import app

    result = CliRunner(env={"NO_COLOR": "1"}).invoke(app, argv)
    stderr = result.stderr
    if result.exc_info is not None and not isinstance(result.exc_info[1], SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return result.exit_code, result.stdout, stderr
