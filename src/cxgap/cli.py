"""The ``cxgap`` program: the typer app, its commands and ``--version``, and the script.

:data:`app` registers the five commands of :mod:`cxgap.commands` under their names. Each
command's function declares its own options; the input options that ``analyze``, ``trend`` and
``validate`` share are declared once, one per field of :class:`cxgap.inputs.ReadArgs`, in
:mod:`cxgap.commands._common`, whose ``input_options`` decorator gives them to each. The app's
group, :class:`~cxgap.commands._edge.OneLineGroup`, makes a usage error one line and exit 2;
inside a command, :func:`~cxgap.commands._edge.reporting` makes any other error one line and
its exit code, and :mod:`cxgap.render.emit` renders the report.

:func:`main` runs the app with one BLAS thread; :func:`run`, the ``cxgap`` script, then ends the
process with the exit code and nothing after it (:mod:`cxgap.commands._ending`).

This module loads typer and the commands' option declarations, not the pipeline: ``cxgap
--version`` and ``--help`` import neither numpy, pandas nor scipy, nor the notebook API (see
tests/test_meta.py and tests/test_imports.py); a command imports the pipeline when it runs.
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
