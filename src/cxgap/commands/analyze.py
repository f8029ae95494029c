"""``cxgap analyze``: the delivery gap per item, touchpoint and category, ranked."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from cxgap.commands import _common as c
from cxgap.inputs import READ_DEFAULTS, ReadArgs, input_files, kept_columns, source
from cxgap.inputs import settings as make_settings
from cxgap.model import Settings as S


@c.input_options
def analyze(
    path: c.Path_ = None,
    items: c.ItemsFile = None,
    company: c.CompanyFile = None,
    customers: c.CustomersFile = None,
    by: c.By = None,
    split: c.Split = None,
    top: c.Top = S.top,
    confidence: c.Confidence = S.confidence,
    alpha: c.Alpha = S.alpha,
    min_base: c.MinBase = S.min_base,
    no_weights: c.NoWeights = not S.weighted,
    metric: c.Metric = S.metric,
    outcome: c.Outcome = S.outcome,
    rank_by: c.RankBy = S.rank_by,
    consistency: c.ConsistencyDim = S.consistency,
    fmt: c.Format = None,
    output: c.Output = None,
    limit: c.Limit = None,
    max_gap: Annotated[
        float | None,
        typer.Option(
            "--max-gap", metavar="PP", help="Gate: exit 1 if a significant gap exceeds PP points."
        ),
    ] = None,
    min_customer_pct: Annotated[
        float | None,
        typer.Option(
            "--min-customer-pct",
            metavar="PCT",
            help="Gate: exit 1 if customers' overall share < PCT.",
        ),
    ] = None,
    given: ReadArgs = READ_DEFAULTS,
    quiet: c.Quiet = False,
    debug: c.Debug = False,
) -> None:
    """Compare the company's self-assessment with its customers' survey, item by item."""
    with c.reporting(debug):
        from cxgap.commands._beside import importing
        from cxgap.gates import check_gates
        from cxgap.load import load_survey
        from cxgap.render.emit import check_output, emit

        options = given.load_options(keep_columns=kept_columns(split, consistency))
        survey_source = source(path, items, company, customers)
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
            rank_by=rank_by,
        )
        check_output(fmt, output, inputs=input_files(survey_source))  # before a long load
        with c.loading(quiet) as progress, importing("pyarrow.compute", "cxgap.stats"):
            survey = load_survey(survey_source, replace(options, progress=progress))
        from cxgap.stats import analyze as run_analysis

        report = run_analysis(survey, settings)
        emit(report, fmt, output, limit, inputs=input_files(survey_source), quiet=quiet)
        check_gates(report, max_gap=max_gap, min_customer_pct=min_customer_pct)
