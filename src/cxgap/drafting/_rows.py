"""A drafted codebook row from a company and a customer column of the same item (a pair).

The row takes its labels from the side whose order is better founded (:data:`._proposal.TRUST`)
and its id from the column's name when short and safe (``Q16``), else from a slug of its
question's words; its note gathers what the pairing and each side had to decide.
"""

from __future__ import annotations

import re

from cxgap.drafting._pair import Pair, pair_notes
from cxgap.drafting._proposal import Proposal, trust
from cxgap.load._cells import header_text
from cxgap.load.exports._ladders import norm

ROW_COLUMNS = (
    "item", "touchpoint", "category", "text", "column", "company_column", "customer_column",
    "scale_min", "scale_max", "labels", "non_answers", "missing_codes", "kind", "note",
)  # fmt: skip

_SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.]{0,23}")
_STOP = {"the", "a", "an", "of", "to", "you", "your", "do", "how", "is", "are", "in", "on",
         "and", "or", "for", "with", "what", "which", "i", "me", "my", "we", "our", "would",
         "when", "this", "that", "please", "feel", "following"}  # fmt: skip


def draft_row(pair: Pair, n_exports: int, used: set[str]) -> dict[str, object]:
    company, customer = pair.company, pair.customer
    both = [p for p in (company, customer) if p is not None]
    main = min(both, key=trust)
    named = next((p for p in both if _SAFE_ID.fullmatch(p.column)), both[0])
    one = n_exports == 1 or (
        company is not None and customer is not None and company.column == customer.column
    )
    codes = sorted({code for p in both for code in p.missing_codes})
    notes = [*pair_notes(company, customer, n_exports), *pair.notes]
    notes += [n for p in both for n in p.notes]
    row: dict[str, object] = dict.fromkeys(ROW_COLUMNS, "")
    row.update(
        item=_item_id(named, used),
        text=named.text or named.column,
        column=both[0].column if one else "",
        company_column="" if one or company is None else company.column,
        customer_column="" if one or customer is None else customer.column,
        scale_min=_number(min(p.scale_min for p in both)),
        scale_max=_number(max(p.scale_max for p in both)),
        labels=";".join(main.labels),
        non_answers=";".join(dict.fromkeys(t for p in both for t in p.non_answers)),
        missing_codes=";".join(header_text(code) for code in codes),
        kind=both[0].kind,
        note="; ".join(dict.fromkeys(notes)),
    )
    return row


def _item_id(proposal: Proposal, used: set[str]) -> str:
    """The column's id if short and safe (``Q16``), else a slug of its text's words."""
    name = proposal.column
    base = name if _SAFE_ID.fullmatch(name) else _slug(proposal.text or name)
    item, k = base, 2
    while item.casefold() in used:
        item, k = f"{base}_{k}", k + 1
    used.add(item.casefold())
    return item


def _slug(text: str) -> str:
    """The first words of a question and of its statement (after `` - `` or ``: ``)."""
    parts = re.split(r" - |: ", text, maxsplit=1)
    words = [_words(part) for part in parts]
    chosen = words[0][:3] + (words[1][:3] if len(words) > 1 else words[0][3:5])
    slug = ""
    for word in chosen:  # whole words, at most 40 characters
        if slug and len(slug) + 1 + len(word) > 40:
            break
        slug = f"{slug}_{word}" if slug else word[:40]
    return slug if slug and slug[0].isalpha() else f"item_{slug}"


def _words(text: str) -> list[str]:
    ascii_text = norm(text).encode("ascii", "ignore").decode()
    return [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in _STOP]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
