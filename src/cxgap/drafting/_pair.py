"""Which column of the company's export answers which of the customers' (the same item).

The same column name pairs first. The rest pair by question text, after removing what survey
platforms add to it (:func:`core_texts`): HTML, piped text (``${q://QID3/ChoiceGroup/...}``),
numbering (``Q3.``, ``2)``), a prefix common to every question of one export (``Our staff:``),
and a Qualtrics or SurveyMonkey matrix stem (``How would you rate us on the following? -``).
Texts are scored with rapidfuzz's ``ratio`` (0-100, the normalised Indel similarity), the best
of each text whole and as its statement; the pairs are then chosen one-to-one to maximise the
total score (a linear assignment, :mod:`._assign`), pairs scoring below
:data:`MIN_SCORE` left apart. The note of a text pair gives its score, and says when another
column scored within :data:`CLOSE` points of it (ambiguous). What is left is one-sided.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cxgap.drafting._assign import assign
from cxgap.drafting._proposal import Proposal, trust
from cxgap.load.exports._ladders import norm

MIN_SCORE = 60.0
CLOSE = 5.0
_TAG = re.compile(r"<[^>]*>")
_PIPED = re.compile(r"\$\{[^}]*\}")
_NUMBERING = re.compile(r"^\s*(?:q\s*\d+[\w.]*|\d+(?:\.\d+)*|[a-z])\s*[.):\-]\s+", re.I)
_BOUNDARY = re.compile(r"(?:[:?.!]?\s+-\s+|[:?.!]\s+)")


@dataclass(frozen=True)
class Pair:
    company: Proposal | None
    customer: Proposal | None
    notes: tuple[str, ...] = ()


def pair_notes(company: Proposal | None, customer: Proposal | None, n: int) -> list[str]:
    if n == 1:
        return []
    if company is None:
        return ["only in the customers' export"]
    if customer is None:
        return ["only in the company's export"]
    if [norm(x) for x in company.labels] != [norm(x) for x in customer.labels]:
        whose = "customers'" if trust(customer) < trust(company) else "company's"
        return [f"the two exports label this item differently: labels are the {whose}"]
    return []


def pair(company: list[Proposal], customers: list[Proposal]) -> list[Pair]:
    """Company and customer columns of the same item: same name first, then similar texts."""
    by_name = {p.column: p for p in customers}
    matched: dict[int, Pair] = {}
    for i, p in enumerate(company):
        if p.column in by_name:
            matched[i] = Pair(p, by_name.pop(p.column))
    left = [i for i in range(len(company)) if i not in matched]
    rest = list(by_name.values())
    for i, j, notes in _by_text([company[i] for i in left], rest):
        matched[left[i]] = Pair(company[left[i]], rest[j], notes)
        by_name.pop(rest[j].column)
    pairs = [matched.get(i, Pair(p, None)) for i, p in enumerate(company)]
    pairs.extend(Pair(None, p) for p in customers if p.column in by_name)
    return pairs


def _by_text(
    company: list[Proposal], customers: list[Proposal]
) -> list[tuple[int, int, tuple[str, ...]]]:
    if not company or not customers:
        return []
    import numpy as np
    from rapidfuzz import fuzz, process

    a = [_variants(t) for t in core_texts([p.text or p.column for p in company])]
    b = [_variants(t) for t in core_texts([p.text or p.column for p in customers])]
    scores = np.zeros((len(a), len(b)))
    for x in range(3):  # each text whole, then as its statement
        for y in range(3):
            grid = process.cdist([v[x] for v in a], [v[y] for v in b], scorer=fuzz.ratio)
            scores = np.maximum(scores, grid)
    scores = np.round(scores, 1)
    found = []
    for i, j in assign(np.where(scores >= MIN_SCORE, scores, 0.0)):
        score = float(scores[i, j])
        if score < MIN_SCORE:
            continue
        notes = [f"paired by question text (score {score:g} of 100)"]
        rivals = [(float(scores[i, k]), customers[k].column) for k in range(len(b)) if k != j] + [
            (float(scores[k, j]), company[k].column) for k in range(len(a)) if k != i
        ]
        close = sorted((r for r in rivals if r[0] >= max(MIN_SCORE, score - CLOSE)), reverse=True)
        if close:
            shown = ", ".join(f"{name} ({s:g})" for s, name in close[:2])
            shown += f" and {len(close) - 2} more" if len(close) > 2 else ""
            notes.append(f"ambiguous: also close to {shown}; check the pair")
        found.append((i, j, tuple(notes)))
    return found


def core_texts(texts: Sequence[str]) -> list[str]:
    """The question texts of one export without what the platform adds (normalised)."""
    cleaned = [_NUMBERING.sub("", _PIPED.sub(" ", _TAG.sub(" ", norm(t)))).strip() for t in texts]
    cleaned = [" ".join(t.split()) for t in cleaned]
    prefix = _common_start(cleaned) if len(cleaned) > 1 else ""
    ends = [m.end() for m in _BOUNDARY.finditer(prefix)]
    if ends and all(len(t) > ends[-1] for t in cleaned):
        cleaned = [t[ends[-1] :] for t in cleaned]
    return cleaned


def _common_start(texts: Sequence[str]) -> str:
    """The characters every text starts with (the first and last in sort order suffice)."""
    low, high = min(texts), max(texts)
    end = next((k for k, (a, b) in enumerate(zip(low, high, strict=False)) if a != b), len(low))
    return low[:end]


def _variants(text: str) -> tuple[str, str, str]:
    """The text whole, and its statement: the part after a matrix stem's `` - `` (the first,
    or the last when the statement holds one too)."""
    return text, text.split(" - ", 1)[-1], text.rsplit(" - ", 1)[-1]
