"""Options shared by several commands, defined once; ``reporting`` (from ``_edge``) around each."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from cxgap.commands._edge import reporting as reporting  # the one place errors become exit codes
from cxgap.errors import UsageError, quote_value

if TYPE_CHECKING:
    from cxgap.model import LoadOptions, Parts, Progress, Settings

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
    Path | None,
    typer.Option(
        "--company",
        metavar="FILE",
        help="The staff sample: a Qualtrics, SurveyMonkey, SPSS or Stata export, or a table.",
    ),
]
CustomersFile = Annotated[
    Path | None,
    typer.Option(
        "--customers",
        metavar="FILE",
        help="The customer sample: a Qualtrics, SurveyMonkey, SPSS or Stata export, or a table.",
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


def source(
    path: Path | None, items: Path | None, company: Path | None, customers: Path | None
) -> Path | Parts:
    """The survey to read: PATH, or its three parts (exclusive)."""
    from cxgap.model import Parts

    given = {"--items": items, "--company": company, "--customers": customers}
    named = [option for option, file in given.items() if file is not None]
    if path is not None and named:
        raise UsageError(
            f"give either PATH or {', '.join(named)}, not both",
            hint="PATH is a workbook or folder holding all three tables; --items, --company "
            "and --customers name the three parts instead",
        )
    if path is not None:
        return path
    if items is None or company is None or customers is None:
        missing = [option for option, file in given.items() if file is None]
        raise UsageError(
            "no survey given" if len(missing) == 3 else f"{', '.join(missing)} missing",
            hint="pass a workbook or folder, or all of --items, --company and --customers",
        )
    return Parts(items=items, company=company, customers=customers)


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
        min=1,
        max=1024**2,
        envvar="CXGAP_MAX_UNPACKED_MB",
        help="Refuse a workbook (or Parquet file) that unpacks to more than this many MiB.",
    ),
]
MaxRatio = Annotated[
    float,
    typer.Option(
        "--max-ratio",
        metavar="RATIO",
        min=2,
        max=1e6,
        envvar="CXGAP_MAX_RATIO",
        help="Refuse a workbook part that unpacks to more than RATIO times its packed size.",
    ),
]
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

    from cxgap._visible import one_line

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


def input_files(source: Path | Parts) -> tuple[Path, ...]:
    """The files a report must never be written over."""
    if isinstance(source, Path):
        return (source,)
    return (source.items, source.company, source.customers)


def load_options(
    *,
    items_sheet: str,
    company_sheet: str,
    customers_sheet: str,
    missing: list[str] | None,
    on_invalid: Literal["error", "exclude"],
    encoding: str,
    max_unpacked_mb: float,
    max_ratio: float,
    non_answers: list[str] | None = None,
    weight: str = "weight",
    keep_partial: bool = False,
    keep_columns: tuple[str, ...] = (),
    engine: Literal["local", "spark"] = "local",
    spark_master: str | None = None,
) -> LoadOptions:
    """The input options every command shares, as the loader takes them."""
    from cxgap.model import LoadOptions

    return LoadOptions(
        items_sheet=items_sheet,
        company_sheet=company_sheet,
        customers_sheet=customers_sheet,
        missing=parse_missing(missing),
        on_invalid=on_invalid,
        encoding=encoding,
        max_unpacked_mb=max_unpacked_mb,
        max_ratio=max_ratio,
        non_answers=tuple(
            word.strip() for text in non_answers or [] for word in text.split(";") if word.strip()
        ),
        weight=weight,
        keep_partial=keep_partial,
        keep_columns=keep_columns,
        engine=engine,
        spark_master=spark_master,
    )


def settings(
    *,
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
    consistency: str | None = None,
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
        consistency=consistency,
    )


def parse_missing(values: list[str] | None) -> tuple[float, ...]:
    from cxgap.model import parse_codes

    codes: list[float] = []
    for value in values or []:
        parsed = parse_codes(value)
        if parsed.bad is not None:
            raise UsageError(
                f"--missing {value}: {quote_value(parsed.bad)} is not a number",
                hint="list numbers separated by ';', e.g. --missing=-99;99",
            )
        codes.extend(parsed.numbers)
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


def wave_sources(
    paths: list[Path] | None,
    items: Path | None,
    company: list[Path] | None,
    customers: list[Path] | None,
) -> list[tuple[str, Path | Parts]]:
    """The waves of ``cxgap trend``, each named as it is when it has no wave column: PATHs, or
    one --items with a --company and a --customers per wave (named by the customers file)."""
    from cxgap.model import Parts

    if paths and (items or company or customers):
        raise UsageError(
            "give either PATHs or --items/--company/--customers, not both",
            hint="one workbook or folder per wave, or the parts of every wave",
        )
    if paths:
        return [(wave_label(path), path) for path in paths]
    if items is None or not company or not customers or len(company) != len(customers):
        raise UsageError(
            "no waves given"
            if not (items or company or customers)
            else f"{len(company or [])} --company and {len(customers or [])} --customers files, "
            f"{'and' if items else 'but no'} --items",
            hint="pass one input per wave, or --items once with a --company and a --customers "
            "file per wave, oldest first",
        )
    return [
        (wave_label(customer), Parts(items=items, company=staff, customers=customer))
        for staff, customer in zip(company, customers, strict=True)
    ]
