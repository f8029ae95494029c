"""The typer app: the commands of ``cxgap``, each registered under its name, and ``--version``.

Each command lives in :mod:`cxgap.commands` (its options there, the input options from
:mod:`cxgap.inputs`); errors become one line and an exit code in :mod:`cxgap.commands._edge`
(usage errors through its :class:`~cxgap.commands._edge.OneLineGroup`, this app's group); the
renderer is chosen in :mod:`cxgap.render.emit`. Nothing heavy is imported here: ``cxgap
--version`` and ``--help`` stay fast, and each command imports pandas, scipy and the pipeline
only when it runs.
"""

from __future__ import annotations

import os
from typing import Annotated, NoReturn

import typer

from cxgap._version import __version__
from cxgap.commands import analyze, codebook, template, trend, validate
from cxgap.commands._edge import OneLineGroup
from cxgap.commands._ending import end, exit_code

app = typer.Typer(
    cls=OneLineGroup,  # a usage error is one line, exit 2, as every other error
    name="cxgap",
    help="Measure the delivery gap: how much better a company believes it serves its customers "
    "than its customers say it does.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("analyze")(analyze.analyze)
app.command("validate")(validate.validate)
app.command("trend")(trend.trend)
app.command("template")(template.template)
app.command("codebook")(codebook.codebook)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cxgap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Measure the delivery gap between a company's self-assessment and its customers' survey."""


def main() -> None:
    # One BLAS thread: cxgap's products are many and small, summed on threads of its own
    # (stats/_sums.py); OpenBLAS's own threads spin while they wait, and on a busy machine
    # made a plain analysis ten times slower. Set before numpy loads; a user's setting stays.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    app()


def run() -> NoReturn:
    """The ``cxgap`` script: :func:`main`, then the process ends with its exit code, its output
    flushed, and no native library's teardown after that (:mod:`cxgap.commands._ending`)."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exit_code(exc.code)
    end(code)
