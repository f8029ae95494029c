"""``cxgap trend``: waves side by side, and whether each gap widened or narrowed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

import typer

from cxgap.commands import _common as c
from cxgap.inputs import READ_DEFAULTS, ReadArgs, input_files, kept_columns, wave_sources
from cxgap.inputs import settings as make_settings
from cxgap.model import Settings as S


@c.input_options
def trend(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="One input per wave, oldest first; or one input whose samples carry a wave "
            "column. Or give the waves as parts: --items once, and --company and --customers "
            "once per wave, oldest first (or once, their rows carrying a wave column).",
            show_default=False,
        ),
    ] = None,
    items: c.ItemsFile = None,
    company: Annotated[
        list[str] | None,
        typer.Option(
            "--company",
            metavar="FILE",
            help="A wave's staff export, or a folder or glob of its parts (repeat per wave, "
            "oldest first).",
        ),
    ] = None,
    customers: Annotated[
        list[str] | None,
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
    no_weights: c.NoWeights = not S.weighted,
    metric: c.Metric = S.metric,
    outcome: c.Outcome = S.outcome,
    consistency: c.ConsistencyDim = S.consistency,
    fmt: c.Format = None,
    output: c.Output = None,
    limit: c.Limit = None,
    given: ReadArgs = READ_DEFAULTS,
    quiet: c.Quiet = False,
    debug: c.Debug = False,
) -> None:
    """Track the delivery gap across survey waves: each gap's change, interval and direction.

    Rows rank by the change of their gap (there is no --rank-by: trend rows carry no
    importance)."""
    with c.reporting(debug):
        from cxgap.gates import check_trend_gates
        from cxgap.load import load_survey
        from cxgap.render.emit import check_output, emit
        from cxgap.stats import trend as run_trend

        options = given.load_options(keep_columns=kept_columns(split, consistency))
        waves = wave_sources(paths, items, company, customers)
        settings = make_settings(
            top=top,
            confidence=confidence,
            alpha=alpha,
            min_base=min_base,
            weighted=not no_weights,
            by=by,
            split=split,
            metric=metric,
            outcome=outcome,
            consistency=consistency,
        )
        files = tuple(file for _, source in waves for file in input_files(source))
        check_output(fmt, output, inputs=files)  # before a long load, not after
        with c.loading(quiet) as progress:
            told = replace(options, progress=progress)
            inputs = [(label, load_survey(source, told)) for label, source in waves]
        report = run_trend(inputs, settings, baseline)
        emit(report, fmt, output, limit, inputs=files, quiet=quiet)
        check_trend_gates(report, max_widening=max_widening)
