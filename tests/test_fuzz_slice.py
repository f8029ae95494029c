"""A slice of ``make fuzz``: each case must be handled (``fuzz.check``).

The slice is the cases of seed 0 that together draw every kind of case (workbook, tables,
export and far-cell cases), every mutation of the tables, of each export and of the codebook,
every option, both reports and the codebook draft, on the sample cut to its first 60
customers (the shorter sample and the shorter slice keep the suite fast): a test below checks
that, so that a change to the fuzzer's weights cannot leave a kind out unnoticed. Each command
runs in a child forked from this process (``fuzz.run.run_forked``), as ``make fuzz`` runs it,
so that a native crash fails its case, not the suite; its time limit only stops a hang.
``make fuzz`` runs the full sample, a thousand cases.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from random import Random

import pytest

from fuzz import exports, far, mutate, tables, xlsx
from fuzz.base import Base
from fuzz.check import judge
from fuzz.mutate import Case, make_case
from fuzz.run import Limits, run_forked, warm

SEED = 0
CASES = [8, 15, 16, 17, 18, 20, 23, 24, 25, 33, 37, 38, 42, 47, 52, 53, 76, 104, 162, 172, 186,
         212, 239, 304, 679, 754, 804, 1207, 1263, 1320]  # fmt: skip
"""Chosen greedily, case by case, to draw every kind, mutation and option (checked below)."""
FAST = {8, 17, 20, 25, 42, 186, 212, 304, 1263}
"""The cases ``make test`` runs: far values and styled far cells, the .ods repeats, a Qualtrics
CSV with its draft, .sav, .zsav and .dta, SurveyMonkey and the codebook columns; the rest of
the slice (the other export forms, the workbook, CSV and Parquet tables) runs in
``make test-slow``, and ``make fuzz`` runs a thousand cases."""
CUSTOMERS = 60
LIMITS = Limits(seconds=600, memory_mb=2048)
"""The memory of ``make fuzz``; the time limit stops a hang only (no speed is asserted)."""
Mutator = Callable[[Random, object], object]
TABLES = {
    "tables": tables.MUTATORS,
    "qualtrics": exports.QUALTRICS,
    "surveymonkey": exports.SURVEYMONKEY,
    "codebook": exports.CODEBOOK,
    "spss": exports.SPSS,
}
"""The mutators a case draws from inside its kind."""


@pytest.fixture(scope="module")
def base() -> Base:
    warm()  # once here, as a make fuzz worker does: else every child imports cxgap anew
    return Base.load(customers=CUSTOMERS)


@pytest.mark.parametrize(
    "number", [pytest.param(n, marks=() if n in FAST else pytest.mark.slow) for n in CASES]
)
def test_fuzz_case_is_handled(base: Base, number: int, tmp_path: Path) -> None:
    case = make_case(SEED, number, base)
    folder = case.write(tmp_path / "in")
    for command, argv in case.commands(folder).items():
        code, stdout, stderr = run_forked(argv, LIMITS, tmp_path)
        failure = judge(command, code, stdout, stderr)
        assert failure is None, (
            f"case {number} ({case.kind}: {case.note[:300]}) {command}: {failure}"
        )


@pytest.fixture(scope="module")
def drawn(base: Base) -> tuple[dict[int, Case], set[str]]:
    """The slice's cases, and the mutations they draw inside their kinds (``tables:cells``)."""
    mutations: set[str] = set()
    with pytest.MonkeyPatch.context() as patch:
        for label, table in TABLES.items():
            for name, (weight, mutator) in table.items():

                def told(
                    rng: Random, value: object, name: str = f"{label}:{name}",
                    mutator: Mutator = mutator,  # type: ignore[assignment]
                ) -> object:  # fmt: skip
                    mutations.add(name)
                    return mutator(rng, value)

                patch.setitem(table, name, (weight, told))  # type: ignore[arg-type]
        cases = {number: make_case(SEED, number, base) for number in CASES}
    return cases, mutations


def test_the_slice_holds_every_kind_mutation_and_option(
    drawn: tuple[dict[int, Case], set[str]],
) -> None:
    cases, mutations = drawn
    words = {word for case in cases.values() for word in case.input_options + case.analyze_options}
    options = {
        option[0]
        for _, option in mutate._INPUT_OPTIONS + mutate._ANALYZE_OPTIONS + mutate._EXPORT_OPTIONS
    }
    kinds = {
        *xlsx.MUTATORS,
        *mutate.WRITERS,
        *far.MUTATORS,
        *(f"export-{k}" for k in exports.KINDS),
    }
    every = {f"{label}:{name}" for label, table in TABLES.items() for name in table}
    commands = {"markdown", "table", "codebook"}
    drawn_commands = {c for case in cases.values() for c in case.commands(Path("x"))}
    missing = (
        kinds - {case.kind for case in cases.values()},
        every - mutations,
        options - words,
        commands - drawn_commands,
    )
    assert missing == (set(), set(), set(), set()), f"no case of the slice draws {missing}: add one"


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
    assert make_case(SEED, 9, base).files != make_case(SEED, 8, base).files
