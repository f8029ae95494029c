"""``cxgap analyze``: the delivery gap per item, touchpoint and category, ranked."""

from __future__ import annotations

from typing import Annotated

import typer

from cxgap.commands import _common as c


def analyze(
    path: c.Path_,
    by: c.By = None,
    split: c.Split = None,
    top: c.Top = 1,
    confidence: c.Confidence = 0.95,
    alpha: c.Alpha = 0.05,
    min_base: c.MinBase = 30,
    no_weights: c.NoWeights = False,
    metric: c.Metric = "topbox",
    outcome: c.Outcome = None,
    rank_by: c.RankBy = "gap",
    missing: c.Missing = None,
    on_invalid: c.OnInvalid = "error",
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
    items_sheet: c.ItemsSheet = "items",
    company_sheet: c.CompanySheet = "company",
    customers_sheet: c.CustomersSheet = "customers",
    encoding: c.Encoding = "utf-8-sig",
    quiet: c.Quiet = False,
    debug: c.Debug = False,
) -> None:
    """Compare the company's self-assessment with its customers' survey, item by item."""
    with c.reporting(debug):
        from cxgap.gates import check_gates
        from cxgap.load import load_survey
        from cxgap.render.emit import emit
        from cxgap.stats import analyze as run_analysis

        options = c.load_options(
            items_sheet, company_sheet, customers_sheet, missing, on_invalid, encoding
        )
        settings = c.settings(
            top, confidence, alpha, min_base, no_weights, by, split, metric, outcome, rank_by
        )
        with c.loading(path, quiet):
            survey = load_survey(path, options)
        report = run_analysis(survey, settings)
        emit(report, fmt, output, limit, inputs=(path,), quiet=quiet)
        check_gates(report, max_gap=max_gap, min_customer_pct=min_customer_pct)
