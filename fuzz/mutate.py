"""Fuzz cases: case N of seed S is always the same mutation of the sample, with the same options.

A case is drawn from a generator seeded by ``(seed, number)`` alone, so any case can be rebuilt
on its own (``python -m fuzz.run --only N``) and a regression test can keep it as a recipe.
About a third of the cases mutate the sample workbook itself (cells in its XML, headers,
sheets, parts, bytes); a third mutate its tables and write them as CSV, Parquet or a fresh
workbook; a fifth are the sample as survey-platform exports (:mod:`fuzz.exports`), and the
rest workbooks reaching far beyond their data (:mod:`fuzz.far`). Some cases also print the
report as Markdown or as the terminal table, which must carry nothing active from the input.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from fuzz import exports, far, flat, parquet, tables, xlsx
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
_EXPORT_OPTIONS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (0.05, ("--by", "touchpoint")),
    (0.03, ("--by", "category")),
    (0.05, ("--split", "segment")),
    (0.03, ("--split", "role")),
    (0.05, ("--top", "2")),
    (0.05, ("--no-weights",)),
    (0.03, ("--min-base", "0")),
    (0.05, ("--keep-partial",)),
    (0.03, ("--non-answers", "Sorta;Agree")),
)
"""The options of an export case's analyze: levels and splits its codebook and exports have."""
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
    """The PATH argument, relative to the case's folder: a workbook or a folder ("": parts)."""
    input_options: tuple[str, ...]
    analyze_options: tuple[str, ...]
    parts: tuple[tuple[str, str], ...] = ()
    """Without a target: (``--items``/``--company``/``--customers``, file) pairs."""
    report: str = ""
    """``markdown`` or ``table``: the case also prints that report (``analyze --format``)."""
    draft: bool = False
    """The case also drafts a codebook from its two exports (``cxgap codebook``)."""

    @property
    def name(self) -> str:
        return f"seed{self.seed}-case{self.number:04d}"

    def write(self, folder: Path) -> Path:
        """Write the input's files under ``folder`` (returned, for :meth:`commands`)."""
        for relative, data in self.files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return folder

    def commands(self, folder: Path) -> dict[str, list[str]]:
        """The case's command lines (without the program name), by :func:`fuzz.check.judge`'s
        command names, its files written under ``folder``."""
        source = (
            [str(folder / self.target)]
            if not self.parts
            else [word for option, name in self.parts for word in (option, str(folder / name))]
        )
        options = [*self.input_options, *self.analyze_options]
        commands = {
            "analyze": ["analyze", *source, "--format", "json", *options],
            "validate": ["validate", *source, *self.input_options],
        }
        if self.report:
            commands[self.report] = ["analyze", *source, "--format", self.report, *options]
        if self.draft:
            exported = [str(folder / name) for option, name in self.parts if option != "--items"]
            at = (
                self.input_options.index("--encoding") if "--encoding" in self.input_options else -1
            )
            encoding = self.input_options[at : at + 2] if at >= 0 else ()
            commands["codebook"] = ["codebook", *exported, "-o", str(folder / "drafted.xlsx"),
                                    "--force", *encoding]  # fmt: skip
        return commands


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


REPORT_CHANCE = 0.15
"""How often a case also prints a report for a reader (Markdown or the table)."""


def make_case(seed: int, number: int, base: Base) -> Case:
    """Case ``number`` of ``seed``: a deterministic mutation of ``base``."""
    rng = random.Random(f"cxgap-fuzz:{seed}:{number}")
    options: tuple[str, ...] = ()
    family = rng.random()
    if family < 0.2:
        return _export_case(rng, seed, number, base)
    if family < 0.3:
        kind = _weighted(rng, far.MUTATORS)  # type: ignore[arg-type]
        data, note = far.MUTATORS[kind][1](rng, base)
        target = "survey.ods" if kind.startswith("ods") else "survey.xlsx"
        files = {target: data}
    elif family < 0.65:
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
    hostile = "hostile" in note
    report = rng.choice(("markdown", "table")) if hostile or rng.random() < REPORT_CHANCE else ""
    return Case(seed, number, kind, note, files, target, input_options, analyze_options,
                report=report)  # fmt: skip


def _export_case(rng: random.Random, seed: int, number: int, base: Base) -> Case:
    kind, files, parts, (given, shown), note = exports.export_case(rng, base)
    input_options = given + _draw(rng, _INPUT_OPTIONS)
    analyze_options = shown + _draw(rng, _EXPORT_OPTIONS)
    hostile = bool(shown)
    report = rng.choice(("markdown", "table")) if hostile or rng.random() < REPORT_CHANCE else ""
    return Case(seed, number, f"export-{kind}", note, files, "", input_options, analyze_options,
                parts=tuple(parts.items()), report=report, draft=rng.random() < 0.2)  # fmt: skip
