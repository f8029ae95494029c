"""Options shared by several commands, defined once, and the one place errors become exit codes."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from cxgap.errors import CxgapError, GateFailed, UsageError

if TYPE_CHECKING:
    from cxgap.model import LoadOptions, Settings

Path_ = Annotated[
    Path,
    typer.Argument(
        metavar="PATH", help="A survey workbook (.xlsx/.xlsm/.ods) or a folder of tables."
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
Debug = Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No warnings or progress on stderr.")]


@contextmanager
def reporting(debug: bool) -> Iterator[None]:
    """Turn cxgap errors into one line on stderr and their exit code (2 input, 1 gate)."""
    try:
        yield
    except GateFailed as exc:
        for failure in exc.failures:
            typer.echo(f"cxgap: gate failed: {failure}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except CxgapError as exc:
        if debug:
            traceback.print_exc(file=sys.stderr)
        typer.echo(f"cxgap: error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None


@contextmanager
def loading(path: Path | str, quiet: bool) -> Iterator[None]:
    """A spinner on stderr while a survey loads: only on a terminal, never with --quiet."""
    if quiet or not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(f"Reading {path} ...", spinner="dots"):
        yield


def load_options(
    items_sheet: str,
    company_sheet: str,
    customers_sheet: str,
    missing: list[str] | None,
    on_invalid: Literal["error", "exclude"],
    encoding: str,
) -> LoadOptions:
    """The input options every command shares, as the loader takes them."""
    from cxgap.model import LoadOptions

    return LoadOptions(
        items_sheet, company_sheet, customers_sheet, parse_missing(missing), on_invalid, encoding
    )


def settings(
    top: int,
    confidence: float,
    alpha: float,
    min_base: int,
    no_weights: bool,
    by: list[str] | None,
    split: list[str] | None,
    metric: Literal["topbox", "mean"] = "topbox",
    outcome: str | None = None,
    rank_by: Literal["gap", "priority"] = "gap",
) -> Settings:
    """The estimation options of analyze and trend, as the stats stage takes them."""
    from cxgap.model import DEFAULT_LEVELS, Settings

    levels = parse_levels(by) or DEFAULT_LEVELS
    return Settings(
        top=top,
        confidence=confidence,
        alpha=alpha,
        min_base=min_base,
        weighted=not no_weights,
        levels=levels,
        splits=tuple(split or ()),
        metric=metric,
        outcome=outcome,
        rank_by=rank_by,
    )


def parse_missing(values: list[str] | None) -> tuple[float, ...]:
    from cxgap.model import parse_codes

    codes: list[float] = []
    for value in values or []:
        try:
            codes.extend(parse_codes(value))
        except ValueError as bad:
            raise UsageError(
                f"--missing {value}: '{bad}' is not a number",
                hint="list numbers separated by ';', e.g. --missing=-99;99",
            ) from None
    return tuple(codes)


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
        "--top", metavar="K", min=1, help="Top-box size: the top K points of the scale count."
    ),
]
Confidence = Annotated[
    float,
    typer.Option(
        "--confidence", metavar="LEVEL", min=0.5, max=0.9999, help="Confidence level of intervals."
    ),
]
Alpha = Annotated[
    float,
    typer.Option(
        "--alpha", metavar="Q", min=0.0001, max=0.5, help="False discovery rate (BH q <)."
    ),
]
MinBase = Annotated[
    int,
    typer.Option(
        "--min-base", metavar="N", min=0, help="Flag rows with fewer respondents than this."
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
        help="table, json, csv or markdown. Default: table on a terminal, else json "
        "(or from the -o file's extension).",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write the report to this file (atomic)."),
]
Limit = Annotated[
    int | None, typer.Option("--limit", metavar="N", min=1, help="Show at most N rows per table.")
]


def parse_levels(values: list[str] | None) -> tuple[tuple[str, ...], ...] | None:
    if not values:
        return None
    levels = []
    for value in values:
        columns = tuple(c.strip() for c in value.replace(",", "+").split("+") if c.strip())
        if not columns:
            raise UsageError(f"--by '{value}' names no column", hint="e.g. --by touchpoint")
        levels.append(columns)
    return tuple(levels)


def wave_label(path: Path) -> str:
    """The name of a wave without a wave column: its file name without extension, or folder."""
    return path.name if path.is_dir() else path.stem
