"""A hundred cases of ``make fuzz``, in this process: each must be handled (``fuzz.check``).

The slice is cases 0-99 of seed 0, drawn on the sample cut to its first 60 customers (the
mutations are the same kinds as in ``make fuzz``; the shorter sample keeps the suite fast).
``make fuzz`` runs the full sample, a thousand cases, each command in its own limited process.
"""

from __future__ import annotations

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
    first, again = make_case(SEED, 7, base), make_case(SEED, 7, base)
    assert first.files == again.files and first.note == again.note
    assert make_case(SEED, 8, base).files != first.files
