"""``cxgap codebook``: draft the codebook of one or two survey-platform exports (SPEC 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cxgap._visible import one_line
from cxgap.commands._common import Debug, Encoding, MaxRatio, MaxUnpackedMb, Quiet, reporting
from cxgap.errors import InputError, UsageError, Where
from cxgap.model import LoadOptions as L


def codebook(
    exports: Annotated[
        list[Path],
        typer.Argument(
            metavar="EXPORT [EXPORT]",
            help="The company's export, then the customers' (or one export): Qualtrics, "
            "SurveyMonkey or Google Forms CSV/XLSX, SPSS .sav/.zsav, Stata .dta.",
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
        _check_arguments(exports, output, force)
        from cxgap.load.exports import read_export
        from cxgap.load.exports._draft import DRAFT_COLUMNS, draft_codebook
        from cxgap.render.codebook import codebook_bytes
        from cxgap.render.emit import warn, write_atomic

        options = L(
            encoding=encoding,
            keep_partial=True,
            max_unpacked_mb=max_unpacked_mb,
            max_ratio=max_ratio,
        )
        read = [read_export(p, options, keep_tests=True) for p in exports]
        rows = draft_codebook(read)
        if not rows:
            raise InputError(
                "no column looks like a rating (value labels, a known answer ladder, or "
                "integers on a short scale)",
                where=Where(", ".join(map(str, exports))),
                hint="write the codebook by hand: cxgap template -o codebook.xlsx",
            )
        write_atomic(output, codebook_bytes(rows, DRAFT_COLUMNS), tuple(exports))
        warn(tuple(w for e in read for w in e.warnings), quiet)
        typer.echo(one_line(_next_step(output, exports, len(rows))), err=True)


def _check_arguments(exports: list[Path], output: Path, force: bool) -> None:
    if len(exports) > 2:
        raise UsageError(
            f"{len(exports)} exports given", hint="pass one, or two: company then customers"
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
