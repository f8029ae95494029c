"""``cxgap validate``: read and check the input, print what was read; analyse nothing."""

from __future__ import annotations

from dataclasses import replace

from cxgap.commands import _common as c
from cxgap.model import LoadOptions as L


def validate(
    path: c.Path_ = None,
    items: c.ItemsFile = None,
    company: c.CompanyFile = None,
    customers: c.CustomersFile = None,
    missing: c.Missing = None,
    on_invalid: c.OnInvalid = L.on_invalid,
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
    """Check a survey and count what was read: respondents, items, exclusions by reason."""
    with c.reporting(debug):
        from cxgap.load import load_survey
        from cxgap.render.emit import warn, write_stdout
        from cxgap.render.summary import summary

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
        )
        survey_source = c.source(path, items, company, customers)
        with c.loading(quiet) as progress:
            survey = load_survey(survey_source, replace(options, progress=progress))
        write_stdout(summary(survey))
        warn(survey.warnings, quiet)
