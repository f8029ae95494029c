"""Fuzz cases: case N of seed S is always the same mutation of the sample, with the same options.

A case is drawn from a generator seeded by ``(seed, number)`` alone, so any case can be rebuilt
on its own (``python -m fuzz.run --only N``) and a regression test can keep it as a recipe.
About half the cases mutate the sample workbook itself (cells in its XML, headers, sheets,
parts, bytes); the rest mutate its tables and write them as CSV, Parquet or a fresh workbook.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from fuzz import flat, parquet, tables, xlsx
from fuzz.base import Base

_ANALYZE_OPTIONS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (0.05, ("--by", "stage")),
    (0.03, ("--by", "touchpoint+category+stage")),
    (0.03, ("--by", "text")),
    (0.05, ("--split", "role")),
    (0.04, ("--split", "region")),
    (0.02, ("--split", "wave")),
    (0.02, ("--split", "department")),
    (0.02, ("--split", "segment")),
    (0.04, ("--top", "2")),
    (0.02, ("--top", "9")),
    (0.05, ("--no-weights",)),
    (0.03, ("--min-base", "0")),
    (0.02, ("--confidence", "0.9999")),
)
_INPUT_OPTIONS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (0.4, ("--on-invalid", "exclude")),
    (0.05, ("--missing=-99;99",)),
    (0.02, ("--missing=abc",)),
    (0.02, ("--missing=nan",)),
)


@dataclass(frozen=True)
class Case:
    """One input and the options it runs with."""

    seed: int
    number: int
    kind: str
    note: str
    files: dict[str, bytes]
    """The input's files, by path relative to the case's folder."""
    target: str
    """The PATH argument, relative to the case's folder: a workbook or a folder."""
    input_options: tuple[str, ...]
    analyze_options: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"seed{self.seed}-case{self.number:04d}"

    def write(self, folder: Path) -> Path:
        """Write the input's files under ``folder``; return the PATH to pass to cxgap."""
        for relative, data in self.files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return folder / self.target

    def commands(self, target: Path) -> dict[str, list[str]]:
        """The two command lines of the case (without the program name)."""
        return {
            "analyze": ["analyze", str(target), "--format", "json", *self.input_options,
                        *self.analyze_options],
            "validate": ["validate", str(target), *self.input_options],
        }  # fmt: skip


WRITERS = {
    "csv": (4, flat.csv_folder),
    "parquet": (4, parquet.parquet_folder),
    "xlsxwriter": (2, flat.workbook),
    "xlsx-folder": (1, flat.workbook_folder),
}
"""Name -> (weight, writer)."""


def _weighted(rng: random.Random, table: dict[str, tuple[int, object]]) -> str:
    names = list(table)
    return rng.choices(names, weights=[table[n][0] for n in names])[0]


def _draw(rng: random.Random, table: tuple[tuple[float, tuple[str, ...]], ...]) -> tuple[str, ...]:
    """Each option of ``table`` with its probability, in the table's order."""
    return tuple(word for chance, option in table if rng.random() < chance for word in option)


def make_case(seed: int, number: int, base: Base) -> Case:
    """Case ``number`` of ``seed``: a deterministic mutation of ``base``."""
    rng = random.Random(f"cxgap-fuzz:{seed}:{number}")
    options: tuple[str, ...] = ()
    if rng.random() < 0.5:
        kind = _weighted(rng, xlsx.MUTATORS)  # type: ignore[arg-type]
        data, note = xlsx.MUTATORS[kind][1](rng, base)
        files, target = {"survey.xlsx": data}, "survey.xlsx"
    else:
        mutated = base.rows()
        notes = []
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            change = _weighted(rng, tables.MUTATORS)  # type: ignore[arg-type]
            notes.append(tables.MUTATORS[change][1](rng, mutated))
        writer = _weighted(rng, WRITERS)  # type: ignore[arg-type]
        files, written, options = WRITERS[writer][1](rng, mutated)
        notes.append(written)
        kind = f"{writer}"
        note = "; ".join(notes)
        if writer == "xlsxwriter":
            target = "survey.xlsx"
        else:
            if rng.random() < 0.1:
                files, odd = flat.folder_files(rng, files)
                note += f"; {odd}"
            files = {f"drop/{name}": data for name, data in files.items()}
            target = "drop"
    input_options = options + _draw(rng, _INPUT_OPTIONS)
    analyze_options = _draw(rng, _ANALYZE_OPTIONS)
    return Case(seed, number, kind, note, files, target, input_options, analyze_options)
