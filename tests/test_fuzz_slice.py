"""A hundred cases of ``make fuzz``, in this process: each must be handled (``fuzz.check``).

The slice is cases 0-99 of seed 0, drawn on the sample cut to its first 60 customers (the
mutations are the same kinds as in ``make fuzz``; the shorter sample keeps the suite fast).
``make fuzz`` runs the full sample, a thousand cases, each command in its own limited process.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fuzz.base import Base
from fuzz.check import invoke, judge
from fuzz.mutate import make_case

SEED = 0
CASES = range(100)
CUSTOMERS = 60


@pytest.fixture(scope="module")
def base() -> Base:
    return Base.load(customers=CUSTOMERS)


@pytest.mark.parametrize("number", CASES)
def test_fuzz_case_is_handled(base: Base, number: int, tmp_path: Path) -> None:
    case = make_case(SEED, number, base)
    target = case.write(tmp_path)
    for command, argv in case.commands(target).items():
        code, stdout, stderr = invoke(argv)
        failure = judge(command, code, stdout, stderr)
        assert failure is None, (
            f"case {number} ({case.kind}: {case.note[:300]}) {command}: {failure}"
        )


def test_a_case_is_the_same_every_time(base: Base) -> None:
    """Byte for byte, at another time too (xlsxwriter stamps a workbook with its creation
    time unless told otherwise), for a case of every kind."""
    numbers: dict[str, int] = {}
    for number in CASES:
        numbers.setdefault(make_case(SEED, number, base).kind, number)
    first = {n: make_case(SEED, n, base) for n in numbers.values()}
    time.sleep(1.1)
    for n, case in first.items():
        again = make_case(SEED, n, base)
        assert (again.files, again.note) == (case.files, case.note), case.kind
    assert make_case(SEED, 8, base).files != make_case(SEED, 7, base).files
