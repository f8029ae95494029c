"""Assemble a :class:`~cxgap.model.Survey` from the three raw tables: parse, classify, refuse."""

from __future__ import annotations

from collections.abc import Mapping

from cxgap.errors import InputError, Where
from cxgap.load._cells import show_value
from cxgap.load._codebook import parse_codebook
from cxgap.load._samples import ParsedSample, parse_sample
from cxgap.load._tables import Table
from cxgap.model import Codebook, LoadOptions, Survey

SHOWN_INVALID = 10


def build_survey(
    display: str, digest: str, tables: Mapping[str, Table], options: LoadOptions
) -> Survey:
    """Parse the codebook and both samples; refuse invalid cells unless told to exclude them."""
    codebook = parse_codebook(tables["items"])
    company = parse_sample("company", tables["company"], codebook, options)
    customers = parse_sample("customers", tables["customers"], codebook, options)
    if options.on_invalid != "exclude":
        _refuse_invalid(display, (company, customers))
    return Survey(
        path=display,
        sha256=digest,
        codebook=codebook,
        company=company.sample,
        customers=customers.sample,
        exclusions=company.exclusions + customers.exclusions,
        warnings=tuple(_warnings(codebook, company, customers)),
        cells_read=company.cells + customers.cells,
    )


def _refuse_invalid(display: str, parsed: tuple[ParsedSample, ...]) -> None:
    """One error listing the first invalid cells (in sheet order) and how many there are."""
    total = sum(p.invalid_total for p in parsed)
    if not total:
        return
    cells = sorted((cell for p in parsed for cell in p.invalid), key=lambda c: (c.sample, c.order))
    shown = cells[:SHOWN_INVALID]
    listed = "; ".join(f"{c.where} = {show_value(c.value)}: {c.why}" for c in shown)
    more = f" (the first {len(shown)} of {total})" if total > len(shown) else ""
    raise InputError(
        f"{total} cell{'s' if total > 1 else ''} cannot be read as answers{more}: {listed}",
        where=Where(display),
        hint="fix the cells, add the codes to missing_codes or --missing, "
        "or pass --on-invalid exclude to count them as excluded",
    )


def _warnings(codebook: Codebook, company: ParsedSample, customers: ParsedSample) -> list[str]:
    warnings: list[str] = []
    for i, item in enumerate(codebook.items):
        in_company, in_customers = company.sample.present[i], customers.sample.present[i]
        if in_company != in_customers:
            has, lacks = ("company", "customers") if in_company else ("customers", "company")
            warnings.append(
                f"item {item.id} is only in the {has} sheet: shown one-sided, no gap "
                f"(add a {item.id} column to {lacks} to compare)"
            )
        elif not in_company:
            warnings.append(f"item {item.id} is in the codebook but in neither sample")
    for sample in (company, customers):
        if sample.empty_rows:
            rows = ", ".join(map(str, sample.empty_rows[:10]))
            warnings.append(
                f"{sample.sample.source}: {len(sample.empty_rows)} empty row(s) skipped "
                f"(rows {rows}{', ...' if len(sample.empty_rows) > 10 else ''})"
            )
    return warnings
