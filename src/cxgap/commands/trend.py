"""``cxgap trend``: waves side by side, and whether each gap widened or narrowed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

import typer

from cxgap.commands import _common as c
from cxgap.model import LoadOptions as L
from cxgap.model import Settings as S


def trend(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="One input per wave, oldest first; or one input whose samples carry a wave "
            "column. Or give the waves as parts: --items once, and --company and --customers "
            "once per wave, oldest first.",
            show_default=False,
        ),
    ] = None,
    items: c.ItemsFile = None,
    company: Annotated[
        list[Path] | None,
        typer.Option(
            "--company",
            metavar="FILE",
            help="A wave's staff export, or a folder or glob of its parts (repeat per wave, "
            "oldest first).",
        ),
    ] = None,
    customers: Annotated[
        list[Path] | None,
        typer.Option(
            "--customers",
            metavar="FILE",
            help="A wave's customer export, or a folder or glob of its parts (repeat per "
            "wave, in the order of --company).",
        ),
    ] = None,
    baseline: Annotated[
        Literal["previous", "first"],
        typer.Option(
            "--baseline",
            metavar="previous|first",
            help="Compare the last wave with the previous one or with the first.",
        ),
    ] = "previous",
    max_widening: Annotated[
        float | None,
        typer.Option(
            "--max-widening",
            metavar="PP",
            help="Gate: exit 1 if a significant widening exceeds PP points.",
        ),
    ] = None,
    by: c.By = None,
    split: c.Split = None,
    top: c.Top = S.top,
    confidence: c.Confidence = S.confidence,
    alpha: c.Alpha = S.alpha,
    min_base: c.MinBase = S.min_base,
    no_weights: c.NoWeights = False,
    metric: c.Metric = "topbox",
    outcome: c.Outcome = None,
    consistency: c.ConsistencyDim = None,
    missing: c.Missing = None,
    on_invalid: c.OnInvalid = L.on_invalid,
    fmt: c.Format = None,
    output: c.Output = None,
    limit: c.Limit = None,
    items_sheet: c.ItemsSheet = L.items_sheet,
    company_sheet: c.CompanySheet = L.company_sheet,
    customers_sheet: c.CustomersSheet = L.customers_sheet,
    encoding: c.Encoding = L.encoding,
    max_unpacked_mb: c.MaxUnpackedMb = L.max_unpacked_mb,
    max_ratio: c.MaxRatio = L.max_ratio,
    non_answers: c.NonAnswers = None,
    weight: c.Weight = L.weight,
    keep_partial: c.KeepPartial = L.keep_partial,
    quiet: c.Quiet = False,
    debug: c.Debug = False,
) -> None:
    """Track the delivery gap across survey waves: each gap's change, interval and direction."""
    with c.reporting(debug):
        from cxgap.gates import check_trend_gates
        from cxgap.load import load_survey
        from cxgap.render.emit import check_output, emit
        from cxgap.stats import trend as run_trend

        options = c.load_options(
            items_sheet=items_sheet,
            company_sheet=company_sheet,
            customers_sheet=customers_sheet,
            missing=missing,
            on_invalid=on_invalid,
            encoding=encoding,
            max_unpacked_mb=max_unpacked_mb,
            max_ratio=max_ratio,
            non_answers=non_answers,
            weight=weight,
            keep_partial=keep_partial,
            keep_columns=(*(split or ()), *((consistency,) if consistency else ())),
        )
        waves = c.wave_sources(paths, items, company, customers)
        settings = c.settings(
            top=top,
            confidence=confidence,
            alpha=alpha,
            min_base=min_base,
            no_weights=no_weights,
            by=by,
            split=split,
            metric=metric,
            outcome=outcome,
            consistency=consistency,
        )
        files = tuple(file for _, source in waves for file in c.input_files(source))
        check_output(fmt, output, inputs=files)  # before a long load, not after
        with c.loading(quiet) as progress:
            told = replace(options, progress=progress)
            inputs = [(label, load_survey(source, told)) for label, source in waves]
        report = run_trend(inputs, settings, baseline)
        emit(report, fmt, output, limit, inputs=files, quiet=quiet)
        check_trend_gates(report, max_widening=max_widening)
