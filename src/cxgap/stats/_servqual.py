"""The SERVQUAL gaps of SPEC section 10, on section 2's sums.

A pair is a perception item *P* (what customers experienced, or staff believe they experience)
and its expectation item *E*. Both are rescaled to 0-1 on their own scales as section 6's mean
metric does, ``(score - scale_min) / (scale_max - scale_min)``, so a 1-5 expectation pairs
with a 1-7 perception.

- **Service gap** (SERVQUAL gap 5), customers only, paired: customer *i* contributes, over the
  pairs of the group answered on both sides (*m_i* pairs), ``y_i = Σ (P - E)``; the estimate is
  ``Σ w_i y_i / Σ w_i m_i`` and its SE section 2's linearised one with the respondent as the
  cluster, ``SE² = n/(n-1) · Σ z_i²``, ``z_i = w_i (y_i - d m_i) / Σ w_i m_i``; interval
  ``d ± t(n-1) · SE``, p-value of ``d = 0`` from the same t. These are section 2's sums with
  ``d = P - E`` as each answered pair's points, so they merge across chunks as the rest do.
  R: ``svymean(~d, svydesign(ids = ~respondent_id, weights = ~weight, data = pairs))`` on one
  row per answered pair, ``confint(., df = degf(design))``. A pair answered on one side only
  counts once, as ``unpaired``, under its perception item in the customers' exclusions.
- **Knowledge gap** (SERVQUAL gap 1): section 6's mean metric on the expectation items (each
  in the groups of its perception), company minus customers, tested as section 2's gap
  (Welch-Satterthwaite). R: ``svymean(~y, ...)`` of the rescaled expectation answers in long
  form per sample, as ``tests/reference/servqual.R`` does.

Benjamini-Hochberg q-values of each gap across the rows of a family (a level within a split
part), as section 2's. ``tests/reference/servqual.R`` holds the R script and its numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

import numpy as np
from scipy import special

from cxgap._chunks import chunks
from cxgap.errors import UsageError
from cxgap.model import Exclusion, Sample, Settings, Survey
from cxgap.report import GapRow, ServqualGaps
from cxgap.stats._estimate import Share
from cxgap.stats._gaps import bh_qvalues, gap
from cxgap.stats._levels import Level
from cxgap.stats._means import mean_shares
from cxgap.stats._reduce import Split, part_codes
from cxgap.stats._sums import FloatArray, Sums, group_sums, ordered

Key = tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]
NO_PAIRS = ServqualGaps()


@dataclass(frozen=True, eq=False)
class Pairs:
    """The codebook's pairs: positions of perceptions and expectations, their rescaling, and
    each pair's groups (the perception's, at every level side by side)."""

    perception: tuple[int, ...]
    expectation: tuple[int, ...]
    lo_p: FloatArray
    span_p: FloatArray
    lo_e: FloatArray
    span_e: FloatArray
    membership: FloatArray

    @classmethod
    def of(cls, survey: Survey, membership: FloatArray) -> Pairs | None:
        pairs = survey.codebook.pairs()
        if not pairs:
            return None
        items = survey.codebook.items
        perception, expectation = (tuple(side) for side in zip(*pairs, strict=True))

        def scale(at: tuple[int, ...]) -> tuple[FloatArray, FloatArray]:
            lo = np.array([items[j].scale_min for j in at])
            return lo, np.array([items[j].scale_max for j in at]) - lo

        (lo_p, span_p), (lo_e, span_e) = scale(perception), scale(expectation)
        return cls(perception, expectation, lo_p, span_p, lo_e, span_e, membership[perception, :])


@dataclass(frozen=True, eq=False)
class PairSums:
    """One sample's sums per split (None: the whole sample): of each answered pair's ``P - E``
    (the service gap) and of the rescaled expectations (the knowledge gap); and per pair the
    respondents who answered one side only. They merge by addition."""

    service: tuple[Sums, ...]
    knowledge: tuple[Sums, ...]
    unpaired: FloatArray

    def __add__(self, other: PairSums) -> PairSums:
        return PairSums(
            tuple(a + b for a, b in zip(self.service, other.service, strict=True)),
            tuple(a + b for a, b in zip(self.knowledge, other.knowledge, strict=True)),
            self.unpaired + other.unpaired,
        )


def pair_sums(
    batch: Sample, pairs: Pairs, splits: Sequence[Split | None], weighted: bool
) -> PairSums:
    """One in-memory batch reduced to its :class:`PairSums`."""
    weights = batch.weights if weighted else np.ones(batch.size)
    p = batch.scores.select(pairs.perception).dense()
    e = batch.scores.select(pairs.expectation).dense()
    d = (p - pairs.lo_p) / pairs.span_p - (e - pairs.lo_e) / pairs.span_e
    unpaired = (np.isnan(p) != np.isnan(e)).sum(axis=0).astype(np.float64)
    k = len(pairs.perception)
    unit = (np.zeros(k), np.ones(k))
    service, knowledge = [], []
    for split in splits:
        codes, n_parts = part_codes(batch, split)
        args = (weights, pairs.membership, codes, n_parts)
        service.append(group_sums(d, np.ones(k), *args, unit))
        knowledge.append(group_sums(e, np.ones(k), *args, (pairs.lo_e, pairs.span_e)))
    return PairSums(tuple(service), tuple(knowledge), unpaired)


def sample_pass(
    sample: Sample, pairs: Pairs, splits: Sequence[Split | None], weighted: bool
) -> PairSums:
    """:func:`pair_sums` over the whole sample, chunk by chunk added in row order (as section
    2's pass adds them, so a sample read in parts gives the same sums as one read whole)."""
    if sample.stream is not None and sample.stream.map_batches is not None:
        raise UsageError(
            "--engine spark does not compute the SERVQUAL gaps of a codebook with pairs yet",
            hint="run with --engine local (parts are read in batches here too), or leave "
            "the pair column out of the codebook",
        )
    groups = pairs.membership.shape[1]
    parts = [1 if split is None else len(split[1]) for split in splits]
    total = PairSums(
        tuple(Sums.zeros(n, groups) for n in parts),
        tuple(Sums.zeros(n, groups) for n in parts),
        np.zeros(len(pairs.perception)),
    )
    for found in ordered(
        partial(pair_sums, pairs=pairs, splits=splits, weighted=weighted), chunks(sample.batches())
    ):
        total = total + found
    return total


def servqual(
    survey: Survey,
    settings: Settings,
    levels: Sequence[Level],
    membership: FloatArray,
    splits: Sequence[tuple[str, tuple[Split | None, Split | None]]],
) -> tuple[dict[Key, ServqualGaps], tuple[Exclusion, ...], list[str]] | None:
    """Every row's SERVQUAL gaps, keyed as :func:`key` keys a row, the ``unpaired``
    exclusions and a warning per pair the customers' sample holds one side of; None when the
    codebook has no pairs."""
    pairs = Pairs.of(survey, membership)
    if pairs is None:
        return None
    company_splits = _distinct([None, *(c for _, (c, _) in splits if c is not None)])
    customer_splits = _distinct([None, *(u for _, (_, u) in splits if u is not None)])
    company = sample_pass(survey.company, pairs, company_splits, settings.weighted)
    customers = sample_pass(survey.customers, pairs, customer_splits, settings.weighted)
    starts = np.cumsum([0, *(level.membership.shape[1] for level in levels)])
    out: dict[Key, ServqualGaps] = {}

    def family(k: int, split: dict[str, str], c_split: Split | None, u_split: Split | None,
               name: str | None) -> None:  # fmt: skip
        cut = slice(int(starts[k]), int(starts[k + 1]))
        has = pairs.membership[:, cut].sum(axis=0) > 0
        c_know = _pick(company.knowledge[company_splits.index(c_split)], c_split, name)
        u_at = customer_splits.index(u_split)
        u_know = _pick(customers.knowledge[u_at], u_split, name)
        u_serv = _pick(customers.service[u_at], u_split, name)
        found = family_gaps(
            _cols(u_serv, cut), _cols(c_know, cut), _cols(u_know, cut), has, settings.confidence
        )
        for label, gaps in zip(levels[k].labels, found, strict=True):
            out[key(levels[k].columns, label, split)] = gaps

    for k in range(len(levels)):
        family(k, {}, None, None, None)
    for attribute, (c_split, u_split) in splits:
        names = sorted({*(c_split[1] if c_split else []), *(u_split[1] if u_split else [])})
        for k in range(len(levels)):
            for name in names:
                family(k, {attribute: name}, c_split, u_split, name)
    items = survey.codebook.items
    present = survey.customers.present  # a pair whose column is missing is one-sided, not
    unpaired = tuple(  # unanswered: its cells are counted as the sample's missing items are
        Exclusion(sample="customers", item=items[j].id, reason="unpaired", count=round(count))
        for j, e, count in zip(pairs.perception, pairs.expectation, customers.unpaired, strict=True)
        if count > 0 and present[j] and present[e]
    )
    warnings = [
        f"pair {items[j].id}/{items[e].id}: {items[k].id} is not a column of the customers' "
        f"sample, so the pair has no service gap"
        for j, e in zip(pairs.perception, pairs.expectation, strict=True)
        for k in (j, e)
        if present[j] != present[e] and not present[k]
    ]
    return out, unpaired, warnings


def family_gaps(
    service: Sums, company: Sums, customers: Sums, has: FloatArray, confidence: float
) -> list[ServqualGaps]:
    """One family's gaps (groups without pairs: all null), with BH q-values of each gap."""
    rows = [
        _gaps(s, c, u, confidence) if with_pairs else NO_PAIRS
        for s, c, u, with_pairs in zip(
            mean_shares(service, confidence),
            mean_shares(company, confidence),
            mean_shares(customers, confidence),
            has,
            strict=True,
        )
    ]
    q_service = bh_qvalues([row.service_gap_p for row in rows])
    q_knowledge = bh_qvalues([row.knowledge_gap_p for row in rows])
    return [
        replace(row, service_gap_q=qs, knowledge_gap_q=qk)
        for row, qs, qk in zip(rows, q_service, q_knowledge, strict=True)
    ]


def _gaps(service: Share, company: Share, customers: Share, confidence: float) -> ServqualGaps:
    p_value = None
    if service.p is not None and service.se is not None and service.se > 0:
        p_value = float(2 * special.stdtr(service.n - 1, -abs(service.p) / service.se))
    k = gap(company, customers, confidence)
    return ServqualGaps(
        service_gap=_pp(service.p),
        service_gap_se=_pp(service.se),
        service_gap_ci=None if service.ci is None else (100 * service.ci[0], 100 * service.ci[1]),
        service_gap_p=p_value,
        n_paired=service.n,
        knowledge_gap_pp=_pp(k.gap),
        knowledge_gap_se_pp=_pp(k.se),
        knowledge_gap_ci_pp=None if k.ci is None else (100 * k.ci[0], 100 * k.ci[1]),
        knowledge_gap_p=k.p_value,
        customer_expectation=_pp(customers.p),
        company_expectation=_pp(company.p),
    )


def key(columns: tuple[str, ...], group: dict[str, str], split: dict[str, str]) -> Key:
    return tuple(columns), tuple(group.items()), tuple(split.items())


def with_servqual(rows: Sequence[GapRow], gaps: dict[Key, ServqualGaps]) -> list[GapRow]:
    """``rows`` with their SERVQUAL gaps (every row of a codebook with pairs has them)."""
    return [
        replace(
            row, servqual=gaps.get(key(row.group_by, dict(row.group), dict(row.split)), NO_PAIRS)
        )
        for row in rows
    ]


def _pp(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else 100 * value


def _cols(sums: Sums, cut: slice) -> Sums:
    return sums.columns(cut.start, cut.stop)


def _pick(sums: Sums, parts: Split | None, name: str | None) -> Sums:
    """A split part's sums (zeros where the sample has no such part); unsplit: the whole."""
    if parts is None or name is None:
        return sums
    if name not in parts[1]:
        return Sums.zeros(1, sums.n.shape[1])
    return sums.part(parts[1].index(name))


def _distinct(splits: list[Split | None]) -> list[Split | None]:
    out: list[Split | None] = []
    for split in splits:
        if split not in out:
            out.append(split)
    return out
