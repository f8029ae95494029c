"""Replay every failure the fuzzer has found (tests/fuzz_regressions/cases.py): each must now
be handled by both commands, under the criteria of ``make fuzz`` (``fuzz.check``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import assert_close
from fuzz.check import invoke, judge
from fuzz.run import Limits, run_forked, warm
from fuzz_regressions.cases import REGRESSIONS
from load_builders import CUSTOMERS, csv_folder, tables


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_a_found_failure_is_handled(name: str, tmp_path: Path) -> None:
    """Each command in a child forked from this process, as ``make fuzz`` runs it: a native
    crash fails the test, not the suite (its time limit only stops a hang)."""
    warm()
    regression = REGRESSIONS[name]
    path, *options = regression.build(tmp_path)
    commands = {
        "analyze": ["analyze", path, "--format", "json", *options],
        "validate": ["validate", path, *(o for o in options if o not in _ANALYZE_ONLY)],
        **{
            report: ["analyze", path, "--format", report, *options] for report in regression.reports
        },
    }
    for command, argv in commands.items():
        code, stdout, stderr = run_forked(argv, Limits(600, 2048), tmp_path)
        failure = judge(command, code, stdout, stderr)
        assert failure is None, f"{name} ({regression.found_by}): {command}: {failure}"


_ANALYZE_ONLY = {"--by", "--split", "touchpoint+category", "segment"}
"""The analyze options (and their values) the regressions pass, which validate does not take."""


@pytest.mark.parametrize("weight", [1e200, 1e-320, 2.0**600])
def test_extreme_weights_give_the_estimates_of_equal_weights(weight: float, tmp_path: Path) -> None:
    """Only the weights' ratios matter: all weights equal to ``weight`` is the unweighted
    survey (to rounding: the loader rescales the weights by a power of two)."""

    def rows(weights: float, folder: str) -> list[object]:
        customers = [CUSTOMERS[0], *((r[0], weights, *r[2:]) for r in CUSTOMERS[1:])]
        path = csv_folder(tmp_path / folder, tables(customers=customers))
        code, stdout, stderr = invoke(["analyze", str(path), "--format", "json"])
        assert code == 0 and stderr == "", stderr
        result: list[object] = json.loads(stdout)["rows"]
        return result

    assert_close(rows(weight, "extreme"), rows(1.0, "ones"), "$.rows", rel=1e-12)


def test_weights_spanning_more_than_1e150_are_refused(tmp_path: Path) -> None:
    customers = [CUSTOMERS[0], *((r[0], 1e-200 if i == 3 else r[1], *r[2:]) for i, r in
                                 enumerate(CUSTOMERS[1:]))]  # fmt: skip
    path = csv_folder(tmp_path / "drop", tables(customers=customers))
    code, stdout, stderr = invoke(["validate", str(path)])
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"cxgap: error: {path}/customers.csv: customers!B5: the weight is 1e-200, more than "
        "1e150 times below the largest (2 in B3) (weights count only relative to each other; "
        "fix the weight or remove the respondent)\n"
    )
