"""``cxgap template``: an empty workbook in the input format, with an instructions sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cxgap.commands._common import reporting
from cxgap.errors import UsageError


def template(
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="The .xlsx file to write.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")] = False,
) -> None:
    """Write an empty survey workbook (items, company, customers, instructions) to fill in."""
    with reporting(debug):
        if output.suffix.lower() != ".xlsx":
            raise UsageError(
                f"-o {output}: the template is an .xlsx workbook", hint="name the file with .xlsx"
            )
        if output.exists() and not force:
            raise UsageError(f"-o {output} already exists", hint="pass --force to replace it")
        from cxgap.render.emit import write_atomic
        from cxgap.render.template import template_bytes

        write_atomic(output, template_bytes())
        typer.echo(
            f"wrote {output}: fill in items, company and customers, then run "
            f"cxgap validate {output}",
            err=True,
        )
