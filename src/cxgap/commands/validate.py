"""``cxgap validate``: read and check the input, print what was read; analyse nothing."""

from __future__ import annotations

from cxgap.commands import _common as c


def validate(
    path: c.Path_,
    missing: c.Missing = None,
    on_invalid: c.OnInvalid = "error",
    items_sheet: c.ItemsSheet = "items",
    company_sheet: c.CompanySheet = "company",
    customers_sheet: c.CustomersSheet = "customers",
    encoding: c.Encoding = "utf-8-sig",
    quiet: c.Quiet = False,
    debug: c.Debug = False,
) -> None:
    """Check a survey and count what was read: respondents, items, exclusions by reason."""
    with c.reporting(debug):
        from cxgap.load import load_survey
        from cxgap.render.emit import warn, write_stdout
        from cxgap.render.summary import summary

        options = c.load_options(
            items_sheet, company_sheet, customers_sheet, missing, on_invalid, encoding
        )
        with c.loading(path, quiet):
            survey = load_survey(path, options)
        write_stdout(summary(survey))
        warn(survey.warnings, quiet)
