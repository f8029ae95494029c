"""Order a drafted column's labels from the most trusted evidence there is
(:data:`~._proposal.TRUST`).

:mod:`._draft` proposes each column with what its own export says (value labels, numbers in the
answers, known ladders, or the order first seen). This module overrides that with better
evidence: a Qualtrics survey definition (:func:`by_survey`), a numeric-values export of the same
responses (:func:`by_numbers`), and the other sample's column of the same item
(:func:`by_other_sample`). Evidence is used only when it covers every label the column holds.
Codes give an order but not its direction: where a known ladder reads the labels the other way
round (codes 1 = "Strongly agree"), they are turned, with a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from cxgap.drafting._pair import Pair
from cxgap.drafting._proposal import TRUST, Proposal, trust
from cxgap.drafting._qsf import Scale, Survey
from cxgap.drafting._twins import label_codes
from cxgap.load.exports._ladders import match, norm
from cxgap.load.exports._model import Export

_DIRECTION = "no known ladder says which end is best: check that the last label is (else reverse)"


def _spelled(proposal: Proposal, labels: Sequence[str]) -> tuple[str, ...]:
    """``labels`` as the column's own answers spell them where it has them."""
    own = {norm(x): x for x in (*proposal.labels, *proposal.non_answers)}
    return tuple(own.get(norm(x), x) for x in labels)


def _covers(labels: Sequence[str], proposal: Proposal, extra: Sequence[str] = ()) -> bool:
    known = {norm(x) for x in (*labels, *extra)}
    seen = [x for x in proposal.labels if norm(x) not in {norm(a) for a in _added(proposal)}]
    return bool(seen) and all(norm(x) in known for x in seen)


def _added(proposal: Proposal) -> tuple[str, ...]:
    """Labels a ladder put in although nobody answered them (as its note lists them)."""
    for note in proposal.notes:
        if note.startswith("never answered, put in the ladder: "):
            return tuple(note.split(": ", 1)[1].split(", "))
    return ()


def _relabel(proposal: Proposal, labels: Sequence[str], order: str, note: str) -> Proposal:
    labels, turned = _oriented(_spelled(proposal, labels))
    keep = {norm(x) for x in labels}
    non_answers = tuple(x for x in proposal.non_answers if norm(x) not in keep)
    notes = [n for n in proposal.notes if not n.startswith(("order unconfirmed", "never answ"))]
    notes.append(note)
    if turned:
        notes.append("the codes run from best to worst: labels turned so that the best is last")
    elif order != "other sample" and match(labels, max_others=0) is None:
        notes.append(_DIRECTION)
    return replace(
        proposal,
        labels=labels,
        non_answers=non_answers,
        scale_min=1,
        scale_max=len(labels),
        order=order,
        notes=tuple(notes),
    )


def _oriented(labels: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """The labels low to high: turned when a known ladder orders all of them the other way."""
    found = match(labels, max_others=0)
    if found is None:
        return labels, False
    rank = {norm(x): k for k, x in enumerate(found.labels)}
    ranks = [rank[norm(x)] for x in labels if norm(x) in rank]
    if len(ranks) == len(labels) and ranks == sorted(ranks, reverse=True):
        return tuple(reversed(labels)), True
    return labels, False


def by_survey(proposal: Proposal, survey: Survey) -> Proposal:
    """The survey definition's choices for the column's question, lowest code first."""
    scale = survey.scale(proposal.column, proposal.source)
    if scale is None or trust(proposal) <= 0:
        return proposal
    if not proposal.labels:
        return _coded_by_survey(proposal, scale, survey.file)
    if not _covers(scale.labels, proposal, scale.non_answers):
        return replace(
            proposal,
            notes=(
                *proposal.notes,
                f"{survey.file} lists other choices for this question: not used",
            ),
        )
    relabelled = _relabel(
        proposal,
        scale.labels,
        "survey definition",
        f"order from the recode values in {survey.file}",
    )
    non_answers = tuple(
        dict.fromkeys((*_spelled(proposal, scale.non_answers), *relabelled.non_answers))
    )
    return replace(relabelled, non_answers=non_answers)


def _coded_by_survey(proposal: Proposal, scale: Scale, file: str) -> Proposal:
    """A numeric-values column: the survey's recode values give its scale's ends and labels
    when they are consecutive integers holding every answer seen."""
    lo, hi = scale.codes[0], scale.codes[-1]
    consecutive = list(scale.codes) == [lo + k for k in range(len(scale.codes))]
    if proposal.order != "numbers" or not consecutive or len(scale.codes) < 2:
        return proposal
    if proposal.kind == "nps" or not lo <= proposal.scale_min <= proposal.scale_max <= hi:
        return proposal
    notes = [n for n in proposal.notes if "from the answers seen" not in n]
    notes.append(f"scale and labels from the recode values in {file}")
    if match(scale.labels, max_others=0) is None:
        notes.append(_DIRECTION)
    return replace(
        proposal,
        scale_min=lo,
        scale_max=hi,
        labels=scale.labels,
        missing_codes=tuple(sorted({*proposal.missing_codes, *scale.missing})),
        order="survey definition",
        notes=tuple(notes),
    )


def by_numbers(proposals: Sequence[Proposal], text: Export, numeric: Export) -> list[Proposal]:
    """Labels ordered by the codes the same respondents have in the numeric-values export
    (pooled over a matrix's columns); negative codes are the platform's no-answer choices."""
    by_question: dict[str, list[str]] = {}
    for p in proposals:
        by_question.setdefault(p.question or p.column, []).append(p.column)
    codes: dict[str, Mapping[str, float]] = {
        q: label_codes(text, numeric, columns) for q, columns in by_question.items()
    }
    return [_by_codes(p, codes[p.question or p.column], numeric.file) for p in proposals]


def _by_codes(proposal: Proposal, codes: Mapping[str, float], file: str) -> Proposal:
    if not proposal.labels or trust(proposal) <= TRUST.index("numeric export") or not codes:
        return proposal
    scale = sorted((c, label) for label, c in codes.items() if c >= 0)
    labels = [label for _, label in scale]
    if not _covers(labels, proposal):
        return proposal
    if (
        trust(proposal) == TRUST.index("ladder")
        and [norm(x) for x in proposal.labels if norm(x) in codes] == labels
    ):
        return replace(proposal, order="numeric export")  # confirmed, unseen points kept
    return _relabel(proposal, labels, "numeric export", f"order from the codes in {file}")


def by_other_sample(pair: Pair) -> Pair:
    """The side whose order is less trusted takes the other's labels when they hold all of its
    own: the staff's value labels order the customers' choice texts."""
    a, b = pair.company, pair.customer
    if a is None or b is None or trust(a) == trust(b) or not a.labels or not b.labels:
        return pair
    better, worse = (a, b) if trust(a) < trust(b) else (b, a)
    if not _covers(better.labels, worse, better.non_answers):
        return pair
    if [norm(x) for x in better.labels] == [norm(x) for x in worse.labels]:
        moved = replace(worse, order="other sample")
    else:
        moved = _relabel(
            worse, better.labels, "other sample", "order from the other sample's export"
        )
        moved = replace(moved, labels=better.labels)
    return replace(pair, company=moved, customer=b) if worse is a else replace(pair, customer=moved)
