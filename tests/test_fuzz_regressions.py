"""Replay every failure the fuzzer has found (tests/fuzz_regressions/cases.py): each must now
be handled by both commands, under the criteria of ``make fuzz`` (``fuzz.check``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fuzz.check import invoke, judge
from fuzz_regressions.cases import REGRESSIONS


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_a_found_failure_is_handled(name: str, tmp_path: Path) -> None:
    regression = REGRESSIONS[name]
    path, *options = regression.build(tmp_path)
    for command in ("analyze", "validate"):
        argv = [command, path, *(["--format", "json"] if command == "analyze" else []), *options]
        code, stdout, stderr = invoke(argv)
        failure = judge(command, code, stdout, stderr)
        assert failure is None, f"{name} ({regression.found_by}): {command}: {failure}"
