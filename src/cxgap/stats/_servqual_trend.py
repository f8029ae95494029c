"""The service gap across waves (SPEC 10 with SPEC 2.1): per wave, and its change.

``change = service_last - service_base`` (base: the previous wave, or the first with
``baseline="first"``). The waves' customers are independent samples, so
``SE_change = √(SE_last² + SE_base²)``, with Student t on the Welch-Satterthwaite df of the
two, ``df = (Σ SE_k²)² / Σ (SE_k⁴ / (n_k - 1))`` (n_k: each wave's paired customers), as
section 2.1 tests a delivery gap's change over its four samples. Benjamini-Hochberg q-values per
level; a significant change is ``improved`` (experience moved up against expectations) or
``worsened``, else ``steady``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from scipy import special

from cxgap.report import GapRow, ServiceTrend, ServiceWave, TrendRow
from cxgap.stats._estimate import t_quantile
from cxgap.stats._gaps import bh_qvalues


def service_trend(
    rows: Sequence[GapRow], names: Sequence[str], base: int, confidence: float
) -> ServiceTrend | None:
    """A group's service gap per wave and its change; None when no wave has pairs."""
    if all(row.servqual is None for row in rows):
        return None
    waves = tuple(
        ServiceWave(
            wave=name,
            service_gap=None if row.servqual is None else row.servqual.service_gap,
            service_gap_se=None if row.servqual is None else row.servqual.service_gap_se,
            n_paired=None if row.servqual is None else row.servqual.n_paired,
        )
        for name, row in zip(names, rows, strict=True)
    )
    first, last = waves[base], waves[-1]
    if first.service_gap is None or last.service_gap is None:
        return ServiceTrend(by_wave=waves)
    change = last.service_gap - first.service_gap
    sides = [(w.service_gap_se, w.n_paired or 0) for w in (first, last)]
    if any(se is None or n < 2 for se, n in sides):
        return ServiceTrend(by_wave=waves, change=change)
    variances = [(se or 0.0) ** 2 for se, _ in sides]
    total = sum(variances)
    if total == 0:
        return ServiceTrend(by_wave=waves, change=change, change_se=0.0)
    df = total**2 / sum(v * v / (n - 1) for v, (_, n) in zip(variances, sides, strict=True))
    se = math.sqrt(total)
    half = t_quantile(df, confidence) * se
    return ServiceTrend(
        by_wave=waves,
        change=change,
        change_se=se,
        change_ci=(change - half, change + half),
        df=df,
        p_value=float(2 * special.stdtr(df, -abs(change) / se)),
    )


def finish_service(rows: Sequence[TrendRow], alpha: float) -> list[TrendRow]:
    """One family's q-values of the service gap's change, and each change's direction."""
    q = bh_qvalues([None if r.servqual is None else r.servqual.p_value for r in rows])
    out = []
    for row, q_i in zip(rows, q, strict=True):
        if row.servqual is None:
            out.append(row)
            continue
        moved = q_i is not None and q_i < alpha and row.servqual.change is not None
        direction = "steady"
        if moved:
            direction = "improved" if (row.servqual.change or 0.0) > 0 else "worsened"
        out.append(replace(row, servqual=replace(row.servqual, q_value=q_i, direction=direction)))
    return out
