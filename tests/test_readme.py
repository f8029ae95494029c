"""The README's example outputs are real: each block marked ``<!-- output of: cxgap ... -->``
is what that command prints at 80 columns without colour (``| from TEXT``: from the line
starting with TEXT up to the first blank line after the tables, as pasted).

After an intended change, ``CXGAP_UPDATE_GOLDEN=1 make test`` rewrites the blocks.
"""

from __future__ import annotations

import os
import re
import shlex

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from cxgap.cli import app

README = ROOT / "README.md"
BLOCK = re.compile(r"<!-- output of: cxgap (?P<cmd>[^>]*?) -->\n```\n(?P<body>.*?)```", re.S)


def output_of(command: str, monkeypatch: pytest.MonkeyPatch) -> str:
    args, *starts = command.split(" | from ")
    monkeypatch.chdir(ROOT)
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80"})
    result = runner.invoke(
        app, [*shlex.split(args), *(["-f", "table"] if "validate" not in args else [])]
    )
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    if starts:
        lines = [line for start in starts for line in [*_chunk(lines, start), ""]]
    return "\n".join(lines).rstrip("\n") + "\n"


def _chunk(lines: list[str], start: str) -> list[str]:
    """From the line starting with ``start``: a table ("By ...", "SERVQUAL gaps ...") up to
    the blank line after its rows, anything else up to the end of its paragraph."""
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    body = first
    if start.startswith(("By ", "SERVQUAL gaps")):
        body = next(i for i in range(first, len(lines)) if "───" in lines[i])
    end = next((i for i in range(body, len(lines)) if not lines[i]), len(lines))
    return lines[first:end]


def test_readme_examples_are_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    text = README.read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(text))
    assert len(blocks) == 7
    updated = text
    for block in blocks:
        assert block["body"], f"README block 'cxgap {block['cmd']}' is empty: put a line in it"
        actual = output_of(block["cmd"], monkeypatch)
        if os.environ.get("CXGAP_UPDATE_GOLDEN") == "1":
            updated = updated.replace(block.group(0), block.group(0).replace(block["body"], actual))
        else:
            assert block["body"] == actual, f"README block 'cxgap {block['cmd']}' is stale"
    if updated != text:
        README.write_text(updated, encoding="utf-8")
