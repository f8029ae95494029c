"""When a fuzz case is handled: the pass criteria, shared by ``make fuzz`` and the test slice.

A command is handled when it

- exits 0 with output on stdout (for ``analyze --format json``: strict JSON, no NaN or
  Infinity) and nothing on stderr but warnings, each line a warning of its own;
- exits 1 with only ``cxgap: gate failed:`` lines on stderr (the fuzz cases pass no gate, so
  in practice an exit 1 is a crash, which today exits 1 with a traceback);
- exits 2 with exactly one stderr line, starting ``cxgap: error: ``, and nothing on stdout.

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


def judge(command: str, code: int | None, stdout: str, stderr: str) -> str | None:
    """None if the command's outcome is handled, else why not (``code`` None: timed out;
    negative: killed by that signal)."""
    if code is None:
        return "timed out"
    if code < 0:
        return f"killed by signal {-code} (the memory limit?)"
    if "Traceback (most recent call last)" in stderr:
        last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
        return f"exit {code} with a traceback: {last[:300]}"
    lines = _lines(stderr)
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
