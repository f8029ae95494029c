"""Consistency across the values of a dimension (SPEC 9): is a touchpoint as good in every
channel, store and region?

Per group *g* of a level and value *k* of DIM, the customers' share ``p_k = Σ w y_ik / Σ w m_ik``
is section 2's estimator on the group's answers with DIM = k (its SE, interval and *n* those
of the ``--by touchpoint+channel`` or ``--split region`` row). Values with fewer than
--min-base customers are reported but left out of the range and the test. Over the *K* values
kept, with *n* respondents among them and ``z_ik = w_i (y_ik - p_k m_ik) / Σ_j w_j m_jk``:

- covariance ``V_kl = n/(n-1) · Σ_i z_ik z_il`` (Taylor linearisation, respondent as the
  cluster, so one respondent answering in several channels is counted right);
- contrasts ``C p`` = ``p_k - p_1``; ``X² = (Cp)ᵀ (C V Cᵀ)⁻¹ (Cp)``; ``F = X²/(K-1)`` with
  p-value from F(K-1, n-K); Benjamini-Hochberg q-values across the groups of a level;
- range ``max p_k - min p_k`` and the values holding the extremes (the first in value order
  where two tie).

Reference implementation: R's ``survey`` package,
``regTermTest(svyglm(y ~ factor(DIM), design), ~factor(DIM), method = "Wald")`` with
``design = svydesign(ids = ~respondent_id, weights = ~weight, data = long)`` on the group's valid
answers of the values kept in long form (``chi2`` = ``Ftest · df``, ``df_den`` = ``ddf``), and
``svymean``/``svyciprop`` per value on that value's answers alone;
``tests/reference/consistency.R`` holds the script and its numbers
(``tests/test_reference_consistency.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import special

from cxgap.errors import UsageError
from cxgap.model import Codebook, Settings, Survey
from cxgap.report_consistency import Consistency, ConsistencyRow, ValueShare
from cxgap.stats._cross import CrossNeed, CrossSums, respondents_in
from cxgap.stats._estimate import EMPTY, Share, shares
from cxgap.stats._gaps import bh_qvalues
from cxgap.stats._means import mean_shares
from cxgap.stats._pass import Found
from cxgap.stats._reduce import BLANK_PART, Split, part_names
from cxgap.stats._sums import FloatArray, Sums


@dataclass(frozen=True)
class Group:
    """One group of a level: its column in the level's sums and its values of DIM; for a
    codebook DIM, its values' first column among the extra columns and its block (if 2+)."""

    columns: tuple[str, ...]
    label: dict[str, str]
    column: int
    values: tuple[str, ...]
    first: int = 0
    block: int | None = None


@dataclass(frozen=True, eq=False)
class Plan:
    """What ``--consistency DIM`` needs of the pass, and where its groups' sums are."""

    dimension: str
    on_items: bool
    groups: tuple[Group, ...]
    extra: FloatArray | None
    """A codebook DIM's value columns (items x columns), summed beside the levels."""
    cross: CrossNeed | None
    customers: Split | None
    company: Split | None


def plan(
    survey: Survey,
    settings: Settings,
    levels: Sequence[tuple[tuple[str, ...], tuple[dict[str, str], ...], FloatArray, int]],
) -> Plan | None:
    """The plan for ``settings.consistency`` over ``levels`` (columns, labels, membership and
    first column in the pass's sums, each); None without --consistency."""
    dim = settings.consistency
    if dim is None:
        return None
    codebook = survey.codebook
    in_codebook = dim == "item" or dim in codebook.groupings
    customers = part_names(survey.customers, dim)
    if in_codebook and customers is not None:
        raise UsageError(
            f"--consistency {dim}: both a codebook column and a customers' column",
            hint="rename one of the two columns",
        )
    if in_codebook:
        return _item_plan(codebook, dim, levels)
    if customers is None:
        known = sorted({"item", *codebook.groupings, *survey.customers.attributes})
        raise UsageError(
            f"--consistency {dim}: not a codebook column nor a customers' column",
            hint=f"choose from {', '.join(known)}",
        )
    company = part_names(survey.company, dim)
    groups = tuple(
        Group(columns, label, start + g, tuple(customers))
        for columns, labels, _, start in levels
        for g, label in enumerate(labels)
    )
    return Plan(
        dim,
        False,
        groups,
        None,
        None,
        (dim, customers),
        None if company is None else (dim, company),
    )


def _item_plan(
    codebook: Codebook,
    dim: str,
    levels: Sequence[tuple[tuple[str, ...], tuple[dict[str, str], ...], FloatArray, int]],
) -> Plan:
    value_of = [
        (item.id if dim == "item" else item.groups.get(dim, "")) or BLANK_PART
        for item in codebook.items
    ]
    groups: list[Group] = []
    extra: list[FloatArray] = []
    cross: list[FloatArray] = []
    sizes: list[int] = []
    for columns, labels, membership, start in levels:
        for g, label in enumerate(labels):
            member = membership[:, g]
            values = tuple(sorted({value_of[j] for j in np.flatnonzero(member)}))
            block = None
            cols = [member * np.array([v == k for v in value_of], dtype=float) for k in values]
            if len(values) > 1:
                block = len(sizes)
                sizes.append(len(values))
                cross += cols
            groups.append(Group(columns, label, start + g, values, len(extra), block))
            extra += cols
    n_items = len(codebook.items)
    extra_matrix = np.column_stack(extra) if extra else np.zeros((n_items, 0))
    need = CrossNeed(np.column_stack(cross), tuple(sizes)) if cross else None
    return Plan(dim, True, tuple(groups), extra_matrix, need, None, None)


def consistency(
    plan: Plan, company: Found, customers: Found, extra_start: int, settings: Settings
) -> Consistency:
    """Every group's :class:`ConsistencyRow`, q-values per level and ranks, from the passes."""
    rows = [_row(plan, group, company, customers, extra_start, settings) for group in plan.groups]
    by_level: dict[tuple[str, ...], list[ConsistencyRow]] = {}
    for row in rows:
        by_level.setdefault(row.group_by, []).append(row)
    return Consistency(
        plan.dimension,
        tuple(r for level in by_level.values() for r in _finish(level, settings.alpha)),
    )


@dataclass(frozen=True)
class Inputs:
    """One group's estimates per value and the sums its test needs (K values)."""

    customers: list[Share]
    company: list[Share]
    sa: FloatArray
    yy: FloatArray
    ym: FloatArray
    mm: FloatArray


def _row(
    plan: Plan, group: Group, company: Found, customers: Found, start: int, settings: Settings
) -> ConsistencyRow:
    got = _inputs(plan, group, company, customers, start, settings)
    kept = [k for k, s in enumerate(got.customers) if s.n >= settings.min_base]
    values = tuple(
        ValueShare(value=v, customers=u.estimate(), company=c.estimate(), excluded=k not in kept)
        for k, (v, u, c) in enumerate(zip(group.values, got.customers, got.company, strict=True))
    )
    excluded = tuple(v.value for v in values if v.excluded)
    none = ConsistencyRow(
        group_by=group.columns,
        group=group.label,
        values=values,
        range_pp=None,
        lowest=None,
        highest=None,
        excluded_values=excluded,
        chi2=None,
        df_num=None,
        df_den=None,
        f=None,
        p_value=None,
    )
    if len(kept) < 2:
        return none
    p = np.array([got.customers[k].p or 0.0 for k in kept])
    low, high = int(np.argmin(p)), int(np.argmax(p))
    n = _respondents(plan, group, customers, kept, got)
    yy, ym, mm = (m[np.ix_(kept, kept)] for m in (got.yy, got.ym, got.mm))
    test = wald(p, got.sa[kept], yy, ym, mm, n)
    return replace(
        none,
        range_pp=100 * float(p[high] - p[low]),
        lowest=group.values[kept[low]],
        highest=group.values[kept[high]],
        chi2=test.chi2,
        df_num=len(kept) - 1,
        df_den=n - len(kept),
        f=test.f,
        p_value=test.p_value,
    )


def _inputs(
    plan: Plan, group: Group, company: Found, customers: Found, start: int, settings: Settings
) -> Inputs:
    estimate = mean_shares if settings.metric == "mean" else shares
    conf = settings.confidence
    k = len(group.values)
    if plan.on_items:
        first = start + group.first
        u = customers.of(None)[0].columns(first, first + k)
        c = company.of(None)[0].columns(first, first + k)
        if group.block is not None and customers.cross is not None:
            cross: CrossSums = customers.cross
            b = group.block
            return Inputs(
                estimate(u, conf), estimate(c, conf), u.sa[0], cross.yy[b], cross.ym[b], cross.mm[b]
            )
        return Inputs(
            estimate(u, conf),
            estimate(c, conf),
            u.sa[0],
            *(np.diag(x) for x in (u.sbb[0], u.sab[0], u.saa[0])),
        )
    u = _across_parts(customers.of(plan.customers)[0], group.column)
    if plan.company is None:
        whole = estimate(company.of(None)[0].columns(group.column, group.column + 1), conf)[0]
        company_shares = [whole] * k
    else:
        parts = _across_parts(company.of(plan.company)[0], group.column)
        by_name = dict(zip(plan.company[1], estimate(parts, conf), strict=True))
        company_shares = [by_name.get(v, EMPTY) for v in group.values]
    diag = (np.diag(x) for x in (u.sbb[0], u.sab[0], u.saa[0]))
    return Inputs(estimate(u, conf), company_shares, u.sa[0], *diag)


def _across_parts(sums: Sums, column: int) -> Sums:
    """One group's sums in every part of a split, side by side as the groups of one part."""
    return Sums(*(getattr(sums, name)[:, column][None, :] for name in Sums.__dataclass_fields__))


def _respondents(plan: Plan, group: Group, customers: Found, kept: list[int], got: Inputs) -> int:
    """Customers who answered in a value kept: per pattern for a codebook DIM, else the sum of
    the values' own (a customer is in one value only)."""
    if plan.on_items and group.block is not None and customers.cross is not None:
        return respondents_in(customers.cross.patterns[group.block], kept, len(group.values))
    return sum(got.customers[k].n for k in kept)


@dataclass(frozen=True)
class Test:
    chi2: float | None
    f: float | None
    p_value: float | None


def wald(
    p: FloatArray, sa: FloatArray, yy: FloatArray, ym: FloatArray, mm: FloatArray, n: int
) -> Test:
    """SPEC 9's Wald test of ``p_1 = ... = p_K`` from the cross-product sums (:mod:`._cross`):
    ``Σ_i z_ik z_il = (yy_kl - p_l ym_kl - p_k ym_lk + p_k p_l mm_kl) / (A_k A_l)``,
    ``V = n/(n-1) Σ z zᵀ``, ``X² = (Cp)ᵀ (C V Cᵀ)⁻¹ Cp``, ``F = X²/(K-1)`` on (K-1, n-K) df.
    Null where n < 2 or ``C V Cᵀ`` is singular (R's ``solve`` fails there); the p-value null
    where n - K < 1."""
    k = len(p)
    if n < 2:
        return Test(None, None, None)
    zz = (yy - ym * p[None, :] - ym.T * p[:, None] + mm * np.outer(p, p)) / np.outer(sa, sa)
    v = n / (n - 1) * zz
    c = np.hstack([-np.ones((k - 1, 1)), np.eye(k - 1)])
    d = c @ p
    cvc = c @ v @ c.T
    if np.linalg.matrix_rank(cvc) < k - 1:
        return Test(None, None, None)
    chi2 = float(d @ np.linalg.solve(cvc, d))
    f = chi2 / (k - 1)
    if not math.isfinite(f) or n - k < 1:
        return Test(chi2 if math.isfinite(chi2) else None, None, None)
    return Test(chi2, f, float(special.fdtrc(k - 1, n - k, f)))


def _finish(rows: list[ConsistencyRow], alpha: float) -> list[ConsistencyRow]:
    """q-values across the level's groups, ``inconsistent`` = q < alpha, and ranks: the
    inconsistent first, each by range (largest first); rows without a range unranked, last."""
    q = bh_qvalues([row.p_value for row in rows])
    done = [
        replace(row, q_value=q_i, inconsistent=q_i is not None and q_i < alpha)
        for row, q_i in zip(rows, q, strict=True)
    ]
    ranged = sorted(
        (r for r in done if r.range_pp is not None),
        key=lambda r: (not r.inconsistent, -(r.range_pp or 0.0), tuple(r.group.values())),
    )
    rest = sorted((r for r in done if r.range_pp is None), key=lambda r: tuple(r.group.values()))
    return [replace(r, rank=k) for k, r in enumerate(ranged, 1)] + rest
