"""How one export column reads as a rating (:class:`Proposal`), and how far what put its labels
in order is trusted (:data:`TRUST`).

The value every drafting step passes on: :mod:`._draft` proposes it, :mod:`._evidence` reorders
it from better evidence, :mod:`._pair` pairs a company's with a customer's, :mod:`._rows` makes
the pair a codebook row. Its own module below them all, so that none imports another back.
"""

from __future__ import annotations

from dataclasses import dataclass

TRUST = ("survey definition", "value labels", "numbers", "numeric export", "other sample",
         "ladder", "first seen")  # fmt: skip
"""What can order a column's labels, most trusted first: a Qualtrics survey definition, value
labels, numbers in the answers, a numeric-values export beside, the other sample's export of
the same item, known ladders, the order first seen (which ``analyze`` refuses until checked)."""


@dataclass(frozen=True)
class Proposal:
    """How one export column reads as a rating."""

    column: str
    text: str
    scale_min: float
    scale_max: float
    labels: tuple[str, ...] = ()
    non_answers: tuple[str, ...] = ()
    missing_codes: tuple[float, ...] = ()
    kind: str = "score"
    notes: tuple[str, ...] = ()
    order: str = "numbers"
    """What put ``labels`` in order (:data:`TRUST`, most trusted first)."""
    question: str = ""
    """The question the column belongs to (a Qualtrics QID, a matrix's stem)."""
    source: str = ""
    """The platform's id of the column (a Qualtrics ImportId: ``QID4_2``)."""


def trust(proposal: Proposal) -> int:
    """The rank of what ordered the proposal's labels in :data:`TRUST` (0: the most trusted)."""
    return TRUST.index(proposal.order)
