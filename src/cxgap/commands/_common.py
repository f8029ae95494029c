"""The command line's options, declared once for every command that takes them; the input
options all at once with :func:`input_options`; ``reporting`` (from ``_edge``) around each
command. Their defaults and ranges are the model's and :mod:`cxgap.inputs`', never retyped here.
"""

from __future__ import annotations

import functools
import inspect
import sys
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from cxgap._visible import one_line
from cxgap.commands._edge import reporting as reporting  # the one place errors become exit codes
from cxgap.inputs import RANGES, ReadArgs

if TYPE_CHECKING:
    from cxgap.model import Progress

Path_ = Annotated[
    Path | None,
    typer.Argument(
        metavar="[PATH]",
        help="A survey workbook (.xlsx/.xlsm/.ods) or a folder of tables; or give its parts "
        "with --items, --company and --customers.",
        show_default=False,
    ),
]
ItemsFile = Annotated[
    Path | None,
    typer.Option(
        "--items",
        metavar="FILE",
        help="The codebook (.xlsx/.csv), when the survey comes as parts: with --company and "
        "--customers instead of PATH.",
    ),
]
CompanyFile = Annotated[
    str | None,  # a path, or a dataset URI / spark-table:NAME (cxgap._dataset)
    typer.Option(
        "--company",
        metavar="FILE",
        help="The staff sample: a Qualtrics, SurveyMonkey, SPSS or Stata export, or a table.",
    ),
]
CustomersFile = Annotated[
    str | None,  # a path, or a dataset URI / spark-table:NAME (cxgap._dataset)
    typer.Option(
        "--customers",
        metavar="FILE",
        help="The customer sample: a Qualtrics, SurveyMonkey, SPSS or Stata export, or a table; "
        "with --engine spark also parts as a URI (file://, hdfs://, s3a://) or spark-table:NAME.",
    ),
]
NonAnswers = Annotated[
    list[str] | None,
    typer.Option(
        "--non-answers",
        metavar="TEXTS",
        help="Texts meaning 'no answer' in every item, beyond n/a, don't know, ...; "
        "';'-separated, e.g. 'Unfamiliar (N/A);No basis for evaluation'.",
    ),
]
Weight = Annotated[
    str,
    typer.Option("--weight", metavar="COLUMN", help="The column holding respondents' weights."),
]
KeepPartial = Annotated[
    bool,
    typer.Option(
        "--keep-partial", help="Keep responses an export marks unfinished (left out otherwise)."
    ),
]


ItemsSheet = Annotated[
    str, typer.Option("--items-sheet", metavar="NAME", help="Name of the codebook sheet or file.")
]
CompanySheet = Annotated[
    str,
    typer.Option(
        "--company-sheet", metavar="NAME", help="Name of the staff self-assessment sheet or file."
    ),
]
CustomersSheet = Annotated[
    str,
    typer.Option(
        "--customers-sheet", metavar="NAME", help="Name of the customer survey sheet or file."
    ),
]
Encoding = Annotated[
    str,
    typer.Option("--encoding", metavar="NAME", help="Encoding of CSV files (UTF-8 by default)."),
]
Missing = Annotated[
    list[str] | None,
    typer.Option(
        "--missing",
        metavar="CODES",
        help="Numbers meaning 'no answer' for every item, e.g. -99;99.",
    ),
]
OnInvalid = Annotated[
    Literal["error", "exclude"],
    typer.Option(
        "--on-invalid",
        metavar="error|exclude",
        help="error: stop on an unreadable cell; exclude: count it.",
    ),
]
Engine = Annotated[
    Literal["local", "spark"],
    typer.Option(
        "--engine",
        metavar="local|spark",
        help="Where a sample given as parts is summed: here, or on Spark (cxgap[spark]).",
    ),
]
SparkMaster = Annotated[
    str | None,
    typer.Option(
        "--spark-master",
        metavar="URL",
        help="Spark master for --engine spark (default local[*]; SPARK_REMOTE: Spark Connect).",
    ),
]
MaxUnpackedMb = Annotated[
    float,
    typer.Option(
        "--max-unpacked-mb",
        metavar="MIB",
        min=RANGES["max_unpacked_mb"].low,
        max=RANGES["max_unpacked_mb"].high,
        envvar="CXGAP_MAX_UNPACKED_MB",
        help="Refuse a workbook (or Parquet file) that unpacks to more than this many MiB.",
    ),
]
MaxRatio = Annotated[
    float,
    typer.Option(
        "--max-ratio",
        metavar="RATIO",
        min=RANGES["max_ratio"].low,
        max=RANGES["max_ratio"].high,
        envvar="CXGAP_MAX_RATIO",
        help="Refuse a workbook part that unpacks to more than RATIO times its packed size.",
    ),
]
INPUT_OPTIONS: dict[str, object] = {
    "missing": Missing,
    "on_invalid": OnInvalid,
    "items_sheet": ItemsSheet,
    "company_sheet": CompanySheet,
    "customers_sheet": CustomersSheet,
    "encoding": Encoding,
    "max_unpacked_mb": MaxUnpackedMb,
    "max_ratio": MaxRatio,
    "non_answers": NonAnswers,
    "weight": Weight,
    "keep_partial": KeepPartial,
    "engine": Engine,
    "spark_master": SparkMaster,
}
"""Each field of :class:`~cxgap.inputs.ReadArgs` as its option on the command line."""


def input_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command every input option (as sqlite-utils' ``import_options`` does): where its
    signature has ``given: ReadArgs``, the command line has ``--missing`` ... ``--spark-master``
    (one per field of :class:`~cxgap.inputs.ReadArgs`, with its default), and the command is
    called with them gathered into ``given``."""
    hints = typing.get_type_hints(command, include_extras=True)
    shared = [
        inspect.Parameter(
            field.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=_cli_default(field.default),
            annotation=INPUT_OPTIONS[field.name],
        )
        for field in fields(ReadArgs)
    ]
    parameters: list[inspect.Parameter] = []
    for parameter in inspect.signature(command).parameters.values():
        if parameter.name == "given":
            parameters.extend(shared)
        else:
            kind = inspect.Parameter.KEYWORD_ONLY
            parameters.append(parameter.replace(kind=kind, annotation=hints[parameter.name]))
    if len(parameters) == len(inspect.signature(command).parameters):
        raise TypeError(f"{command.__name__} takes no given: ReadArgs")

    @functools.wraps(command)
    def with_inputs(**values: typing.Any) -> None:
        given = {f.name: values.pop(f.name) for f in fields(ReadArgs)}
        for name in ("missing", "non_answers"):  # typer gives None for a list not passed
            given[name] = tuple(given[name] or ())
        command(**values, given=ReadArgs(**given))

    del with_inputs.__wrapped__  # typer reads the signature below, not the command's
    with_inputs.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    with_inputs.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_inputs


def _cli_default(value: object) -> object:
    """A default as typer takes it: an empty list option is None."""
    return None if value == () else value


Debug = Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No warnings or progress on stderr.")]


@contextmanager
def loading(quiet: bool) -> Iterator[Progress | None]:
    """A progress bar on stderr while a survey loads (rows of the total, where the total is
    known): only on a terminal, never with --quiet. Yields what the loader reports to."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        TaskID,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import Progress as Bar

    columns = (
        TextColumn("{task.description}", markup=False),  # a file's name, as written
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rows]}"),
        TimeElapsedColumn(),
    )
    with Bar(*columns, console=Console(stderr=True), transient=True) as bar:
        shown: dict[str, TaskID] = {}

        def told(what: str, done: int, total: int | None) -> None:
            what = one_line(what)
            unit = "items" if what.startswith("classifying") else "rows"
            rows = f"{done:,} of {total:,} {unit}" if total else ""
            if what not in shown:  # a new stage: its own bar (a pulse where no total is known)
                for task in shown.values():
                    bar.remove_task(task)
                shown.clear()
                shown[what] = bar.add_task(what, total=total, rows=rows)
            bar.update(shown[what], completed=done, total=total, rows=rows)

        yield told


By = Annotated[
    list[str] | None,
    typer.Option(
        "--by",
        metavar="LEVEL",
        help="A level to report: a codebook column, or columns joined by + "
        "(touchpoint+category). Repeatable. Default: item, touchpoint, category, "
        "touchpoint+category.",
    ),
]
Split = Annotated[
    list[str] | None,
    typer.Option(
        "--split",
        metavar="ATTR",
        help="Split by a respondent column (role, segment, ...). Repeatable.",
    ),
]
Top = Annotated[
    int,
    typer.Option(
        "--top",
        metavar="K",
        min=RANGES["top"].low,
        help="Top-box size: the top K points of the scale count.",
    ),
]
Confidence = Annotated[
    float,
    typer.Option(
        "--confidence",
        metavar="LEVEL",
        min=RANGES["confidence"].low,
        max=RANGES["confidence"].high,
        help="Confidence level of intervals.",
    ),
]
Alpha = Annotated[
    float,
    typer.Option(
        "--alpha",
        metavar="Q",
        min=RANGES["alpha"].low,
        max=RANGES["alpha"].high,
        help="False discovery rate (BH q <).",
    ),
]
MinBase = Annotated[
    int,
    typer.Option(
        "--min-base",
        metavar="N",
        min=RANGES["min_base"].low,
        help="Flag rows with fewer respondents than this.",
    ),
]
NoWeights = Annotated[bool, typer.Option("--no-weights", help="Ignore the weight column.")]
Metric = Annotated[
    Literal["topbox", "mean"],
    typer.Option(
        "--metric",
        metavar="topbox|mean",
        help="topbox: the share of top-box answers; mean: the mean score rescaled to 0-100.",
    ),
]
Outcome = Annotated[
    str | None,
    typer.Option(
        "--outcome",
        metavar="ITEM",
        help="The overall item importance is measured against (default: the codebook's item "
        "of kind outcome).",
    ),
]
ConsistencyDim = Annotated[
    str | None,
    typer.Option(
        "--consistency",
        metavar="DIM",
        help="Test whether each group's customer share differs across the values of DIM: a "
        "codebook column (channel) or a customers' column (region, store).",
    ),
]
RankBy = Annotated[
    Literal["gap", "priority"],
    typer.Option(
        "--rank-by",
        metavar="gap|priority",
        help="Rank each table by gap, or by priority (gap x importance; needs an outcome).",
    ),
]
Format = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, json, csv or markdown; xlsx or html with -o. Default: from the -o "
        "file's extension, else table on a terminal and json off it.",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to this file (atomic); its extension gives the format.",
    ),
]
Limit = Annotated[
    int | None, typer.Option("--limit", metavar="N", min=1, help="Show at most N rows per table.")
]
