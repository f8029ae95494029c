"""``cxgap trend``: waves side by side, and whether each gap widened or narrowed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from cxgap.commands import _common as c


def trend(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="One input per wave, oldest first; or one input whose samples carry a wave "
            "column.",
        ),
    ],
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
    top: c.Top = 1,
    confidence: c.Confidence = 0.95,
    alpha: c.Alpha = 0.05,
    min_base: c.MinBase = 30,
    no_weights: c.NoWeights = False,
    metric: c.Metric = "topbox",
    outcome: c.Outcome = None,
    missing: c.Missing = None,
    on_invalid: c.OnInvalid = "error",
    fmt: c.Format = None,
    output: c.Output = None,
    limit: c.Limit = None,
    items_sheet: c.ItemsSheet = "items",
    company_sheet: c.CompanySheet = "company",
    customers_sheet: c.CustomersSheet = "customers",
    encoding: c.Encoding = "utf-8-sig",
    quiet: c.Quiet = False,
    debug: c.Debug = False,
) -> None:
    """Track the delivery gap across survey waves: each gap's change, interval and direction."""
    with c.reporting(debug):
        from cxgap.gates import check_trend_gates
        from cxgap.load import load_survey
        from cxgap.render.emit import emit
        from cxgap.stats import trend as run_trend

        options = c.load_options(
            items_sheet, company_sheet, customers_sheet, missing, on_invalid, encoding
        )
        settings = c.settings(
            top, confidence, alpha, min_base, no_weights, by, split, metric, outcome
        )
        with c.loading(", ".join(map(str, paths)), quiet):
            inputs = [(c.wave_label(path), load_survey(path, options)) for path in paths]
        report = run_trend(inputs, settings, baseline)
        emit(report, fmt, output, limit, inputs=tuple(paths), quiet=quiet)
        check_trend_gates(report, max_widening=max_widening)
