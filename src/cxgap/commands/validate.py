"""``cxgap validate``: read and check the input, print what was read; analyse nothing."""

from __future__ import annotations

from dataclasses import replace

from cxgap.commands import _common as c
from cxgap.inputs import READ_DEFAULTS, ReadArgs, source


@c.input_options
def validate(
    path: c.Path_ = None,
    items: c.ItemsFile = None,
    company: c.CompanyFile = None,
    customers: c.CustomersFile = None,
    given: ReadArgs = READ_DEFAULTS,
    quiet: c.Quiet = False,
    debug: c.Debug = False,
) -> None:
    """Check a survey and count what was read: respondents, items, exclusions by reason."""
    with c.reporting(debug):
        from cxgap.load import load_survey
        from cxgap.render.emit import warn, write_stdout
        from cxgap.render.summary import summary

        options = given.load_options()
        survey_source = source(path, items, company, customers)
        with c.loading(quiet) as progress:
            survey = load_survey(survey_source, replace(options, progress=progress))
        write_stdout(summary(survey))
        warn(survey.warnings, quiet)
