"""The empty input workbook that ``cxgap template`` writes, with an instructions sheet."""

from __future__ import annotations

import io

from cxgap.model import CODEBOOK_COLUMNS

ITEMS = CODEBOOK_COLUMNS
COMPANY = ("respondent_id", "role")
CUSTOMERS = ("respondent_id", "weight", "segment", "region", "wave")

INSTRUCTIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "items",
        "item",
        "yes",
        "The item's id, e.g. q01. It is the header of that item's column in company and customers.",
    ),
    (
        "items",
        "touchpoint",
        "yes",
        "Where the customer meets the company: store, web, app, "
        "phone support, delivery, after-sales, ...",
    ),
    (
        "items",
        "category",
        "yes",
        "Your grouping: a product category (consumable, durable, "
        "luxury) or a CX dimension (reliability, empathy, ...).",
    ),
    ("items", "text", "no", "The question's wording, shown in reports."),
    ("items", "stage", "no", "Journey stage: pre-purchase, purchase, post-purchase."),
    ("items", "scale_min / scale_max", "no", "The answer scale; default 1 and 5."),
    (
        "items",
        "top_box_min",
        "no",
        "Lowest score that counts as 'superior'; default: the top "
        "point of the scale (cxgap --top K: the top K points).",
    ),
    ("items", "reverse", "no", "yes if 1 is the best answer; scores are flipped first."),
    (
        "items",
        "missing_codes",
        "no",
        "Numbers meaning 'no answer' for this item, ';'-separated, e.g. -99;99.",
    ),
    (
        "items",
        "kind",
        "no",
        "score (blank), outcome (overall satisfaction: importance is measured against it) or "
        "nps (a 0-10 likelihood to recommend; staff answer it as a prediction).",
    ),
    ("items", "(any other column)", "no", "A further grouping, usable with cxgap --by."),
    ("company", "respondent_id", "no", "One row per staff member; ids must be unique."),
    ("company", "role", "no", "executive / manager / frontline: cxgap analyze --split role."),
    (
        "company",
        "<item ids>",
        "yes",
        "Add one column per item, headed by its id, holding the "
        "score. Blank, N/A, Don't know, refused, - are counted as no answer.",
    ),
    ("customers", "respondent_id", "no", "One row per customer; ids must be unique."),
    ("customers", "weight", "no", "Survey weight, a number above 0."),
    ("customers", "segment / region", "no", "Any respondent attribute: cxgap --split segment."),
    ("customers", "wave", "no", "The survey wave, e.g. 2026Q3, for cxgap trend."),
    ("customers", "<item ids>", "yes", "As in company: one column per item, the same ids."),
)


def template_bytes() -> bytes:
    """The template workbook as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    first = workbook.active
    workbook.remove(first)
    bold = Font(bold=True)
    for name, headers in (("items", ITEMS), ("company", COMPANY), ("customers", CUSTOMERS)):
        sheet = workbook.create_sheet(name)
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = bold
    sheet = workbook.create_sheet("instructions")
    sheet.append(["sheet", "column", "required", "what it holds"])
    for cell in sheet[1]:
        cell.font = bold
    for row in INSTRUCTIONS:
        sheet.append(list(row))
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["D"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
