"""``cxgap codebook``: draft the codebook of one or two survey-platform exports (SPEC 5)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxgap._visible import one_line, printable
from cxgap.commands._common import Debug, Encoding, MaxRatio, MaxUnpackedMb, Quiet, reporting
from cxgap.errors import InputError, UsageError, Where
from cxgap.model import LoadOptions as L

if TYPE_CHECKING:
    from cxgap.drafting import Survey
    from cxgap.load.exports import Export

    Sample = tuple[Export, Export | None]


def codebook(
    exports: Annotated[
        list[Path],
        typer.Argument(
            metavar="[SURVEY.qsf] EXPORT [EXPORT]",
            help="The company's export, then the customers' (or one export): Qualtrics, "
            "SurveyMonkey or Google Forms CSV/XLSX, SPSS .sav/.zsav, Stata .dta. A Qualtrics "
            "survey definition (.qsf) orders the answer labels; a numeric-values export of "
            "the same responses beside a choice-text one orders them by its codes.",
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="The .xlsx codebook to write.")
    ],
    encoding: Encoding = L.encoding,
    max_unpacked_mb: MaxUnpackedMb = L.max_unpacked_mb,
    max_ratio: MaxRatio = L.max_ratio,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Draft a codebook (items sheet) from exports: fill touchpoint and category, then analyse."""
    with reporting(debug):
        from cxgap.drafting import DRAFT_COLUMNS, draft, draft_pairs
        from cxgap.render.codebook import codebook_bytes, draft_summary
        from cxgap.render.emit import warn, write_atomic

        options = L(
            encoding=encoding,
            keep_partial=True,
            max_unpacked_mb=max_unpacked_mb,
            max_ratio=max_ratio,
        )
        definitions = [p for p in exports if p.suffix.lower() == ".qsf"]
        files = [p for p in exports if p.suffix.lower() != ".qsf"]
        _check_arguments(files, definitions, output, force)
        survey = _survey(definitions)
        read, samples = _samples(files, options)
        result = draft(
            [text for text, _ in samples], survey=survey, numeric=[n for _, n in samples]
        )
        # SPEC 10: a question asked for the expectation and the experience is drafted as a pair
        rows, columns = draft_pairs(result.rows, DRAFT_COLUMNS)
        if not rows:
            raise InputError(
                "no column looks like a rating (value labels, a known answer ladder, or "
                "integers on a short scale)",
                where=Where(", ".join(map(str, exports))),
                hint="write the codebook by hand: cxgap template -o codebook.xlsx",
            )
        write_atomic(output, codebook_bytes(rows, columns), tuple(exports))
        warn(tuple(w for e in read for w in e.warnings), quiet)
        names = [Path(text.file).name for text, _ in samples]
        typer.echo(printable(draft_summary(result, names)), err=True)
        typer.echo(
            one_line(_next_step(output, [Path(t.file) for t, _ in samples], len(rows))), err=True
        )


def _survey(definitions: list[Path]) -> Survey | None:
    from cxgap.drafting import read_qsf

    if definitions and not definitions[0].is_file():
        raise InputError("no such file", where=Where(str(definitions[0])), hint="check the path")
    return read_qsf(definitions[0], str(definitions[0])) if definitions else None


def _samples(files: list[Path], options: L) -> tuple[list[Export], list[Sample]]:
    """The exports read, and the samples they make: each with its numeric-values twin."""
    from cxgap.drafting import twins
    from cxgap.load.exports import read_export

    read = [read_export(p, options, keep_tests=True) for p in files]
    samples = twins(read)
    if len(samples) > 2:
        raise UsageError(
            f"{len(samples)} samples given",
            hint="pass one export, or two (company then customers), each optionally with its "
            "numeric-values export of the same responses beside it",
        )
    return read, samples


def _check_arguments(
    exports: list[Path], definitions: list[Path], output: Path, force: bool
) -> None:
    if len(definitions) > 1:
        raise UsageError(f"{len(definitions)} .qsf files given", hint="pass one survey definition")
    if not exports:
        raise UsageError("no export given", hint="pass the company's export, then the customers'")
    if len(exports) > 4:
        raise UsageError(
            f"{len(exports)} exports given",
            hint="pass one, or two: company then customers, each optionally with its "
            "numeric-values export beside it",
        )
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"-o {output}: the codebook is an .xlsx workbook", hint="use .xlsx")
    if output.exists() and not force and output.resolve() not in {p.resolve() for p in exports}:
        raise UsageError(f"-o {output} already exists", hint="pass --force to replace it")


def _next_step(output: Path, exports: list[Path], n_items: int) -> str:
    samples = (
        f"--company {exports[0]} --customers {exports[1]}"
        if len(exports) == 2
        else f"--company STAFF --customers {exports[0]}"
    )
    items = f"{n_items} item{'s' if n_items != 1 else ''}"
    return (
        f"wrote {output}: {items}; fill in touchpoint and category, check the notes, then run: "
        f"cxgap analyze --items {output} {samples}"
    )
