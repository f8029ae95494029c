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
        "score (blank), outcome (overall satisfaction: importance is measured against it), "
        "nps (a 0-10 likelihood to recommend; staff answer it as a prediction) or expectation "
        "(what customers expect on the item named in pair; see the example below).",
    ),
    (
        "items",
        "pair",
        "no",
        "SERVQUAL: the id of the item this one is paired with, on either row of the two or "
        "both. One of the two is the expectation (kind expectation), the other the experience; "
        "both share touchpoint and category, their scales may differ. cxgap then reports the "
        "service gap (experience - expectation, per customer) and the knowledge gap (what staff "
        "think customers expect - what they expect).",
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


PAIRED_EXAMPLE: tuple[tuple[str | int, ...], ...] = (
    ("item", "touchpoint", "category", "text", "scale_min", "scale_max", "kind", "pair"),
    ("q07e", "phone support", "service", "How important is it to you that you reach a person "
     "quickly?", 1, 7, "expectation", "q07"),
    ("q07", "phone support", "service", "I reached a person quickly.", 1, 5, "", "q07e"),
)  # fmt: skip
"""How to lay out a pair in ``items``; in company and customers each has its own column (staff
answer both about customers: what customers expect, and what they get)."""


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
    sheet.append([])
    sheet.append(["example: an expectation and its experience item (SPEC 10), in items"])
    sheet.cell(sheet.max_row, 1).font = bold
    for example in PAIRED_EXAMPLE:
        sheet.append(list(example))
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["D"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
