"""Authoring: draft the codebook of survey-platform exports (``cxgap codebook``, SPEC 5).

Drafting stands beside the pipeline, not in it: it reads exports with :mod:`cxgap.load.exports`
and load/ never imports it.

- :mod:`._draft` proposes a row per export column that reads as a rating (a
  :class:`~._proposal.Proposal`; :mod:`._seen` for a rating no known ladder orders);
- :mod:`._evidence` reorders a proposal's labels from better evidence: a Qualtrics survey
  definition (:mod:`._qsf`), a numeric-values export beside (:mod:`._twins`), the other sample;
- :mod:`._pair` pairs the company's columns with the customers' (a linear assignment,
  :mod:`._assign`), and :mod:`._rows` makes each pair a codebook row;
- :mod:`._servqual_pairs` proposes SPEC 10's expectation-experience pairs among the rows.
"""

from __future__ import annotations

from cxgap.drafting._draft import DRAFT_COLUMNS, Draft, draft, draft_codebook
from cxgap.drafting._qsf import Survey, read_qsf
from cxgap.drafting._servqual_pairs import draft_pairs
from cxgap.drafting._twins import twins

__all__ = [
    "DRAFT_COLUMNS",
    "Draft",
    "Survey",
    "draft",
    "draft_codebook",
    "draft_pairs",
    "read_qsf",
    "twins",
]
