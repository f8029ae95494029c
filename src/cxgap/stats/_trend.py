"""The change of each group's gap between waves (SPEC section 2.1).

``change = gap_last - gap_base`` (base: the previous wave, or the first with
``baseline="first"``); the four samples are independent, so
``SE_change = √(SE_gap,last² + SE_gap,base²)`` and Student t on the Welch-Satterthwaite df
over the four samples, ``df = (Σ SE_k²)² / Σ (SE_k⁴ / (n_k - 1))``. Benjamini-Hochberg
q-values per level (and split part); a significant change is ``widened`` (the gap grew) or
``narrowed``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from scipy import special

from cxgap.model import Settings, Survey
from cxgap.report import GapRow, Report, TrendReport, TrendRow, WavePoint
from cxgap.stats._analyze import analyze
from cxgap.stats._consistency_trend import over_waves
from cxgap.stats._estimate import t_quantile
from cxgap.stats._gaps import bh_qvalues
from cxgap.stats._servqual_trend import finish_service, service_trend
from cxgap.stats._waves import assemble_waves

Baseline = Literal["previous", "first"]
RowKey = tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]


def trend(
    inputs: Sequence[tuple[str, Survey]], settings: Settings, baseline: Baseline = "previous"
) -> TrendReport:
    """Estimate every group per wave (as ``analyze`` does) and the change of its gap."""
    waves, warnings = assemble_waves(inputs)
    reports = [(name, analyze(survey, settings)) for name, survey in waves]
    base = 0 if baseline == "first" else len(reports) - 2
    keyed = [{_key(row): row for row in (report.headline, *report.rows)} for _, report in reports]
    shared = [key for key in keyed[-1] if all(key in rows for rows in keyed)]
    names = [name for name, _ in reports]
    rows = [_trend_row([rows[key] for rows in keyed], names, base, settings) for key in shared]
    headline_key = _key(reports[-1][1].headline)
    headline = _finish(
        [r for r, k in zip(rows, shared, strict=True) if k == headline_key], settings
    )[0]
    families: dict[tuple[object, ...], list[TrendRow]] = {}
    for row, key in zip(rows, shared, strict=True):
        if key != headline_key:
            families.setdefault((key[0], key[2]), []).append(row)
    finished = [row for family in families.values() for row in _finish(family, settings)]
    last = reports[-1][1]
    nps = _nps_trend([report for _, report in reports], names, base, settings)
    return TrendReport(
        paths=tuple(survey.path for _, survey in inputs),
        sha256s=tuple(s.sha256 for _, s in inputs),
        waves=tuple(names),
        baseline=baseline,
        settings=settings,
        headline=headline,
        rows=tuple(finished),
        exclusions=tuple((name, e) for name, report in reports for e in report.exclusions),
        warnings=tuple(warnings) + tuple(dict.fromkeys(w for _, r in reports for w in r.warnings)),
        item_text=last.item_text,
        weighted=any(report.weighted for _, report in reports),
        nps=nps,
        consistency=over_waves(names, [report.consistency for _, report in reports], base),
    )


def _nps_trend(
    reports: list[Report], names: list[str], base: int, settings: Settings
) -> tuple[TrendRow, ...]:
    """Each NPS item of every wave: its NPS gap per wave and the change of that gap, tested as
    a gap's change (the ``*_pct`` of the wave points hold NPS)."""
    per_wave = [{nps.item: nps.row for nps in report.nps} for report in reports]
    rows = [
        _trend_row([wave[item] for wave in per_wave], names, base, settings)
        for item in per_wave[-1]
        if all(item in wave for wave in per_wave)
    ]
    return tuple(_finish(rows, settings))


def _key(row: GapRow) -> RowKey:
    return row.group_by, tuple(row.group.items()), tuple(row.split.items())


def _point(wave: str, row: GapRow) -> WavePoint:
    return WavePoint(
        wave=wave,
        company_pct=row.company.pct,
        customer_pct=row.customers.pct,
        gap_pp=row.gap_pp,
        gap_se_pp=row.gap_se_pp,
        n_company=row.company.n,
        n_customers=row.customers.n,
    )


def _trend_row(rows: list[GapRow], names: list[str], base: int, settings: Settings) -> TrendRow:
    last, first = rows[-1], rows[base]
    points = tuple(_point(name, row) for name, row in zip(names, rows, strict=True))
    change, se, ci, df, p_value = change_of(first, last, settings.confidence)
    return TrendRow(
        group_by=last.group_by,
        group=last.group,
        split=last.split,
        by_wave=points,
        change_pp=change,
        change_se_pp=se,
        change_ci_pp=ci,
        df=df,
        p_value=p_value,
        servqual=service_trend(rows, names, base, settings.confidence),
    )


def change_of(
    base: GapRow, last: GapRow, confidence: float
) -> tuple[float | None, float | None, tuple[float, float] | None, float | None, float | None]:
    """Change (pp), its SE, interval, Welch-Satterthwaite df over four samples and p-value."""
    if base.gap_pp is None or last.gap_pp is None:
        return None, None, None, None, None
    change = last.gap_pp - base.gap_pp
    sides = [(r.company.se_pp, r.company.n) for r in (base, last)]
    sides += [(r.customers.se_pp, r.customers.n) for r in (base, last)]
    if any(se is None or n < 2 for se, n in sides):
        return change, None, None, None, None
    variances = [(se or 0.0) ** 2 for se, _ in sides]
    total = sum(variances)
    if total == 0:
        return change, 0.0, None, None, None
    df = total**2 / sum(v * v / (n - 1) for v, (_, n) in zip(variances, sides, strict=True))
    se = math.sqrt(total)
    half = t_quantile(df, confidence) * se
    p_value = float(2 * special.stdtr(df, -abs(change) / se))
    return change, se, (change - half, change + half), df, p_value


def _finish(rows: list[TrendRow], settings: Settings) -> list[TrendRow]:
    q = bh_qvalues([row.p_value for row in rows])
    done = []
    for row, q_i in zip(rows, q, strict=True):
        significant = q_i is not None and q_i < settings.alpha
        direction: Literal["widened", "narrowed", "steady"] = "steady"
        if significant and row.change_pp is not None:
            direction = "widened" if row.change_pp > 0 else "narrowed"
        done.append(replace(row, q_value=q_i, significant=significant, direction=direction))
    done = finish_service(done, settings.alpha)  # SPEC 10: with pairs only
    ranked = sorted(
        (r for r in done if r.change_pp is not None),
        key=lambda r: (-(r.change_pp or 0.0), tuple(r.group.values())),
    )
    unranked = [r for r in done if r.change_pp is None]
    return [replace(r, rank=k) for k, r in enumerate(ranked, 1)] + unranked
