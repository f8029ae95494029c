"""A slice of ``make fuzz``, in this process: each case must be handled (``fuzz.check``).

The slice is cases 0-39 of seed 0, and 56, 63 and 69 for the ``--missing`` options the first
forty do not draw, on the sample cut to its first 60 customers (the mutations are the same
kinds as in ``make fuzz``; the shorter sample and the shorter slice keep the suite fast). It
holds every kind of case, every table mutation and every option: a test below checks that, so
that a change to the fuzzer's weights cannot leave a kind out unnoticed. ``make fuzz`` runs
the full sample, a thousand cases, each command in its own limited process.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from random import Random

import pytest

from fuzz import mutate, tables, xlsx
from fuzz.base import Base
from fuzz.check import invoke, judge
from fuzz.mutate import Case, make_case
from fuzz.tables import Tables

SEED = 0
CASES = [*range(40), 56, 63, 69]
CUSTOMERS = 60
Mutator = Callable[[Random, Tables], str]


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


@pytest.fixture(scope="module")
def drawn(base: Base) -> tuple[dict[int, Case], set[str]]:
    """The slice's cases, and the table mutations they draw."""
    mutations: set[str] = set()
    with pytest.MonkeyPatch.context() as patch:
        for name, (weight, mutator) in tables.MUTATORS.items():

            def told(
                rng: Random, rows: Tables, name: str = name, mutator: Mutator = mutator
            ) -> str:
                mutations.add(name)
                return mutator(rng, rows)

            patch.setitem(tables.MUTATORS, name, (weight, told))
        cases = {number: make_case(SEED, number, base) for number in CASES}
    return cases, mutations


def test_the_slice_holds_every_kind_table_mutation_and_option(
    drawn: tuple[dict[int, Case], set[str]],
) -> None:
    cases, mutations = drawn
    words = {word for case in cases.values() for word in case.input_options + case.analyze_options}
    options = {option[0] for _, option in mutate._INPUT_OPTIONS + mutate._ANALYZE_OPTIONS}
    missing = (
        {*xlsx.MUTATORS, *mutate.WRITERS} - {case.kind for case in cases.values()},
        set(tables.MUTATORS) - mutations,
        options - words,
    )
    assert missing == (set(), set(), set()), f"no case of the slice draws {missing}: add one"


def test_a_case_is_the_same_every_time(base: Base, drawn: tuple[dict[int, Case], set[str]]) -> None:
    """Byte for byte, at another time too (xlsxwriter stamps a workbook with its creation
    time unless told otherwise), for a case of every kind."""
    numbers: dict[str, int] = {}
    for number, case in drawn[0].items():
        numbers.setdefault(case.kind, number)
    first = {n: make_case(SEED, n, base) for n in numbers.values()}
    time.sleep(1.1)
    for n, case in first.items():
        again = make_case(SEED, n, base)
        assert (again.files, again.note) == (case.files, case.note), case.kind
    assert make_case(SEED, 8, base).files != make_case(SEED, 7, base).files
