"""Which column of the company's export answers which of the customers' (the same item).

The same column name pairs first; then the most similar question texts (difflib's ratio of the
normalised texts, whole or their matrix statements, at least 0.6), best pairs first, each column
used once. What is left is
one-sided: a rating only the company, or only the customers, were asked.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from cxgap.load.exports._ladders import norm

if TYPE_CHECKING:
    from cxgap.load.exports._draft import Proposal

MIN_SIMILARITY = 0.6


def pair_notes(company: Proposal | None, customer: Proposal | None, n: int) -> list[str]:
    if n == 1:
        return []
    if company is None:
        return ["only in the customers' export"]
    if customer is None:
        return ["only in the company's export"]
    if [norm(x) for x in company.labels] != [norm(x) for x in customer.labels]:
        return ["the two exports label this item differently: labels are the company's"]
    return []


def pair(
    company: list[Proposal], customers: list[Proposal]
) -> list[tuple[Proposal | None, Proposal | None]]:
    """Company and customer columns of the same item: same name first, then similar texts."""
    by_name = {p.column: p for p in customers}
    matched: dict[int, Proposal] = {}
    for i, p in enumerate(company):
        if p.column in by_name:
            matched[i] = by_name.pop(p.column)
    scores = sorted(
        (-_similarity(a, b), i, b.column)
        for i, a in enumerate(company)
        if i not in matched
        for b in by_name.values()
    )
    for negative, i, name in scores:
        if -negative < MIN_SIMILARITY:
            break
        if i not in matched and name in by_name:
            matched[i] = by_name.pop(name)
    pairs: list[tuple[Proposal | None, Proposal | None]] = [
        (p, matched.get(i)) for i, p in enumerate(company)
    ]
    pairs.extend((None, p) for p in customers if p.column in by_name)
    return pairs


def _similarity(a: Proposal, b: Proposal) -> float:
    """The best ratio between the two texts, each whole or as its matrix statement (the part
    after SurveyMonkey's or Qualtrics' `` - ``): a statement matches a single question."""
    return max(
        difflib.SequenceMatcher(None, x, y).ratio() for x in _variants(a) for y in _variants(b)
    )


def _variants(proposal: Proposal) -> set[str]:
    text = norm(proposal.text or proposal.column)
    return {text, text.rsplit(" - ", 1)[-1]}
