"""``cxgap validate``: read and check the input, print what was read; analyse nothing."""

from __future__ import annotations

from dataclasses import replace

from cxgap.commands import _common as c


def validate(
    path: c.Path_,
    missing: c.Missing = None,
    on_invalid: c.OnInvalid = "error",
    items_sheet: c.ItemsSheet = "items",
    company_sheet: c.CompanySheet = "company",
    customers_sheet: c.CustomersSheet = "customers",
    encoding: c.Encoding = "utf-8-sig",
    max_unpacked_mb: c.MaxUnpackedMb = 1024.0,
    max_ratio: c.MaxRatio = 100.0,
    quiet: c.Quiet = False,
    debug: c.Debug = False,
) -> None:
    """Check a survey and count what was read: respondents, items, exclusions by reason."""
    with c.reporting(debug):
        import sys

        from cxgap.load import load_survey
        from cxgap.render.emit import warn
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
        )
        with c.loading(path, quiet) as progress:
            survey = load_survey(path, replace(options, progress=progress))
        sys.stdout.write(summary(survey))
        warn(survey.warnings, quiet)
