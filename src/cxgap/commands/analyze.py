"""``cxgap analyze``: the delivery gap per item, touchpoint and category, ranked."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from cxgap.commands import _common as c
from cxgap.model import LoadOptions as L
from cxgap.model import Settings as S


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
    no_weights: c.NoWeights = False,
    metric: c.Metric = "topbox",
    outcome: c.Outcome = None,
    rank_by: c.RankBy = "gap",
    consistency: c.ConsistencyDim = None,
    missing: c.Missing = None,
    on_invalid: c.OnInvalid = L.on_invalid,
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
    items_sheet: c.ItemsSheet = L.items_sheet,
    company_sheet: c.CompanySheet = L.company_sheet,
    customers_sheet: c.CustomersSheet = L.customers_sheet,
    encoding: c.Encoding = L.encoding,
    max_unpacked_mb: c.MaxUnpackedMb = L.max_unpacked_mb,
    max_ratio: c.MaxRatio = L.max_ratio,
    non_answers: c.NonAnswers = None,
    weight: c.Weight = L.weight,
    keep_partial: c.KeepPartial = L.keep_partial,
    engine: c.Engine = L.engine,
    spark_master: c.SparkMaster = None,
    quiet: c.Quiet = False,
    debug: c.Debug = False,
) -> None:
    """Compare the company's self-assessment with its customers' survey, item by item."""
    with c.reporting(debug):
        from cxgap.commands._beside import importing
        from cxgap.gates import check_gates
        from cxgap.load import load_survey
        from cxgap.render.emit import check_output, emit

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
            engine=engine,
            spark_master=spark_master,
        )
        survey_source = c.source(path, items, company, customers)
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
            rank_by=rank_by,
        )
        check_output(fmt, output, inputs=c.input_files(survey_source))  # before a long load
        with c.loading(quiet) as progress, importing("pyarrow.compute", "cxgap.stats"):
            survey = load_survey(survey_source, replace(options, progress=progress))
        from cxgap.stats import analyze as run_analysis

        report = run_analysis(survey, settings)
        emit(report, fmt, output, limit, inputs=c.input_files(survey_source), quiet=quiet)
        check_gates(report, max_gap=max_gap, min_customer_pct=min_customer_pct)
