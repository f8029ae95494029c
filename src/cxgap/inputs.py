"""What a survey is read from and how, declared once for the CLI and the notebook API alike.

The commands (``cxgap analyze``, ``trend``, ``validate``) and :func:`cxgap.analyze` /
:func:`cxgap.trend` both build their :class:`~cxgap.model.LoadOptions` and
:class:`~cxgap.model.Settings` here. :class:`ReadArgs` declares the input options (their
defaults are the model's), :data:`RANGES` the bounds of the numeric options, which the CLI hands
to typer and the API checks itself. Nothing here imports typer, click or the commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Literal

from cxgap._dataset import Dataset, sample_input
from cxgap.errors import UsageError, quote_value
from cxgap.model import DEFAULT_LEVELS, LoadOptions, Parts, Settings, parse_codes

L = LoadOptions
S = Settings


@dataclass(frozen=True)
class Range:
    """The bounds of a numeric option, both inclusive; None where open."""

    low: float | None = None
    high: float | None = None

    def allows(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def text(self) -> str:
        if self.high is None:
            return f"{_number(self.low)} or more"
        if self.low is None:
            return f"{_number(self.high)} or less"
        return f"between {_number(self.low)} and {_number(self.high)}"


def _number(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None and value == int(value) else f"{value:g}"


RANGES: dict[str, Range] = {
    "top": Range(1),
    "confidence": Range(0.5, 0.9999),
    "alpha": Range(0.0001, 0.5),
    "min_base": Range(0),
    "max_unpacked_mb": Range(1, 1024**2),
    "max_ratio": Range(2, 1e6),
}
"""The allowed values of the numeric options, by option (keyword) name."""


def check_ranges(**values: float) -> None:
    """Refuse a value outside its :data:`RANGES` entry, as typer does on the command line."""
    for name, value in values.items():
        allowed = RANGES[name]
        if not allowed.allows(value):
            raise UsageError(f"{name}={value} is out of range", hint=f"use {allowed.text()}")


@dataclass(frozen=True, kw_only=True)
class ReadArgs:
    """The input options as given, before they are parsed: every command that reads a survey
    takes all of them (``--missing`` ... ``--spark-master``), and so do :func:`cxgap.analyze`
    and :func:`cxgap.trend`, as keywords of the same names."""

    missing: tuple[str, ...] = ()
    """Texts of numbers meaning "no answer", each ``;``-separated (``"-99;99"``)."""
    on_invalid: Literal["error", "exclude"] = L.on_invalid
    items_sheet: str = L.items_sheet
    company_sheet: str = L.company_sheet
    customers_sheet: str = L.customers_sheet
    encoding: str = L.encoding
    max_unpacked_mb: float = L.max_unpacked_mb
    max_ratio: float = L.max_ratio
    non_answers: tuple[str, ...] = ()
    """Texts meaning "no answer", each ``;``-separated."""
    weight: str = L.weight
    keep_partial: bool = L.keep_partial
    engine: Literal["local", "spark"] = L.engine
    spark_master: str | None = L.spark_master

    def load_options(self, keep_columns: tuple[str, ...] = ()) -> LoadOptions:
        """The options as the loader takes them; ``keep_columns`` are the export columns the
        analysis needs beyond the items (those ``--split`` and ``--consistency`` name)."""
        check_ranges(max_unpacked_mb=self.max_unpacked_mb, max_ratio=self.max_ratio)
        return LoadOptions(
            items_sheet=self.items_sheet,
            company_sheet=self.company_sheet,
            customers_sheet=self.customers_sheet,
            missing=parse_missing(self.missing),
            on_invalid=self.on_invalid,
            encoding=self.encoding,
            max_unpacked_mb=self.max_unpacked_mb,
            max_ratio=self.max_ratio,
            non_answers=tuple(
                word.strip()
                for text in self.non_answers
                for word in text.split(";")
                if word.strip()
            ),
            weight=self.weight,
            keep_partial=self.keep_partial,
            keep_columns=keep_columns,
            engine=self.engine,
            spark_master=self.spark_master,
        )


READ_DEFAULTS = ReadArgs()
"""Every input option at its default: where a command's signature takes them all."""
INPUT_OPTIONS: tuple[str, ...] = tuple(f.name for f in fields(ReadArgs))
"""The names of the input options, in the order ``--help`` lists them."""


def settings(
    *,
    top: int = S.top,
    confidence: float = S.confidence,
    alpha: float = S.alpha,
    min_base: int = S.min_base,
    weighted: bool = S.weighted,
    by: list[str] | None = None,
    split: list[str] | None = None,
    metric: Literal["topbox", "mean"] = S.metric,
    outcome: str | None = S.outcome,
    rank_by: Literal["gap", "priority"] = S.rank_by,
    consistency: str | None = S.consistency,
) -> Settings:
    """The estimation options of analyze and trend, as the stats stage takes them."""
    check_ranges(top=top, confidence=confidence, alpha=alpha, min_base=min_base)
    return Settings(
        top=top,
        confidence=confidence,
        alpha=alpha,
        min_base=min_base,
        weighted=weighted,
        levels=parse_levels(by) or DEFAULT_LEVELS,
        splits=tuple(split or ()),
        metric=metric,
        outcome=outcome,
        rank_by=rank_by,
        consistency=consistency,
    )


def kept_columns(split: list[str] | None, consistency: str | None) -> tuple[str, ...]:
    """The respondent columns an analysis reads beyond the items: its splits and its
    consistency dimension."""
    return (*(split or ()), *((consistency,) if consistency else ()))


def source(
    path: Path | None,
    items: Path | None,
    company: str | Path | None,
    customers: str | Path | None,
) -> Path | Parts:
    """The survey to read: PATH, or its three parts (exclusive); a sample may be given as a
    dataset URI or ``spark-table:NAME`` (:func:`cxgap._dataset.sample_input`)."""
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
    return Parts(items=items, company=sample_input(company), customers=sample_input(customers))


def input_files(source: Path | Parts) -> tuple[Path, ...]:
    """The files a report must never be written over."""
    if isinstance(source, Path):
        return (source,)
    files = []
    for file in (source.items, source.company, source.customers):
        local = file if isinstance(file, Path) else file.local_path()  # a file:// URI's path
        if local is not None:
            files.append(local)
    return tuple(files)


def parse_missing(values: tuple[str, ...] | list[str] | None) -> tuple[float, ...]:
    codes: list[float] = []
    for value in values or ():
        parsed = parse_codes(value)
        if parsed.bad is not None:
            raise UsageError(
                f"--missing {value}: {quote_value(parsed.bad)} is not a number",
                hint="list numbers separated by ';', e.g. --missing=-99;99",
            )
        codes.extend(parsed.numbers)
    return tuple(codes)


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


def wave_label(path: Path | Dataset) -> str:
    """The name of a wave without a wave column: its file name without extension, or folder
    (a dataset's last path segment, or table)."""
    if isinstance(path, Dataset):
        return path.name
    return path.name if path.is_dir() else path.stem


def wave_sources(
    paths: list[Path] | None,
    items: Path | None,
    company: Sequence[str | Path] | None,
    customers: Sequence[str | Path] | None,
) -> list[tuple[str, Path | Parts]]:
    """The waves of ``cxgap trend``, each named as it is when it has no wave column: PATHs, or
    one --items with a --company and a --customers per wave (named by the customers file)."""
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
    waves = [
        Parts(items=items, company=sample_input(staff), customers=sample_input(customer))
        for staff, customer in zip(company, customers, strict=True)
    ]
    return [(wave_label(wave.customers), wave) for wave in waves]
