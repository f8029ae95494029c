"""The JSON envelope of SPEC section 3.1: field names are a public API.

Strict JSON (null, never NaN or Infinity), keys in a fixed order, and byte-identical output
for the same input and options.
"""

from __future__ import annotations

import json
import math
from typing import Any

from cxgap._version import __version__
from cxgap.model import Settings
from cxgap.render._consistency_json import consistency_dict, trend_dict
from cxgap.report import (
    Estimate,
    GapRow,
    NpsRow,
    Report,
    ServiceTrend,
    ServqualGaps,
    TrendReport,
    TrendRow,
)

SCHEMA_VERSION = 1


def render(report: Report) -> str:
    return json.dumps(envelope(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def envelope(report: Report) -> dict[str, Any]:
    out = _envelope(report)
    if report.consistency is not None:  # SPEC 9: only with --consistency
        out = _before_exclusions(out, "consistency", consistency_dict(report.consistency))
    return out


def _before_exclusions(out: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    items = list(out.items())
    at = [k for k, _ in items].index("exclusions")
    return dict([*items[:at], (key, value), *items[at:]])


def _envelope(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "cxgap", "version": __version__},
        "input": {"path": report.path, "sha256": report.sha256},
        "settings": _settings(report.settings, report.weighted),
        "respondents": dict(report.respondents),
        "headline": row_dict(report.headline),
        "rows": [row_dict(row) for row in report.rows],
        "nps": [nps_dict(row) for row in report.nps],
        "spotlight": {
            "blind_spots": [row_key(row) for row in report.blind_spots],
            "hidden_strengths": [row_key(row) for row in report.hidden_strengths],
        },
        "fix_first": [row_key(row) for row in report.fix_first],
        "exclusions": [
            {"sample": e.sample, "item": e.item, "reason": e.reason, "count": e.count}
            for e in report.exclusions
        ],
        "warnings": list(report.warnings),
    }


def row_key(row: GapRow) -> dict[str, Any]:
    """A row named by what identifies it among ``rows``: its level, group and split."""
    return {"group_by": list(row.group_by), "group": dict(row.group), "split": dict(row.split)}


def _settings(s: Settings, weighted: bool) -> dict[str, Any]:
    return {
        "top_box": s.top,
        "confidence": s.confidence,
        "alpha": s.alpha,
        "min_base": s.min_base,
        "weighted": weighted,
        "levels": [list(level) for level in s.levels],
        "splits": list(s.splits),
        "metric": s.metric,
        "outcome": s.outcome,
        "rank_by": s.rank_by,
    }


def row_dict(row: GapRow) -> dict[str, Any]:
    return {
        "group_by": list(row.group_by),
        "group": dict(row.group),
        "split": dict(row.split),
        **_side(row.company, "company", "company"),
        **_side(row.customers, "customer", "customers"),
        "gap_pp": _num(row.gap_pp),
        "gap_se_pp": _num(row.gap_se_pp),
        "gap_ci_pp": _pair(row.gap_ci_pp),
        "gap_ci_method": row.gap_ci_method,
        "df": _num(row.df),
        "p_value": _num(row.p_value),
        "q_value": _num(row.q_value),
        "significant": row.significant,
        "low_base": row.low_base,
        "rank": row.rank,
        "importance": _num(row.importance),
        "importance_ci": _pair(row.importance_ci),
        "priority": _num(row.priority),
        "quadrant": row.quadrant,
        **({} if row.servqual is None else servqual_dict(row.servqual)),
    }


def servqual_dict(gaps: ServqualGaps) -> dict[str, Any]:
    """SPEC 10's row fields, present only when the codebook has pairs."""
    return {
        "service_gap": _num(gaps.service_gap),
        "service_gap_se": _num(gaps.service_gap_se),
        "service_gap_ci": _pair(gaps.service_gap_ci),
        "service_gap_p": _num(gaps.service_gap_p),
        "service_gap_q": _num(gaps.service_gap_q),
        "n_paired": gaps.n_paired,
        "knowledge_gap_pp": _num(gaps.knowledge_gap_pp),
        "knowledge_gap_se_pp": _num(gaps.knowledge_gap_se_pp),
        "knowledge_gap_ci_pp": _pair(gaps.knowledge_gap_ci_pp),
        "knowledge_gap_p": _num(gaps.knowledge_gap_p),
        "knowledge_gap_q": _num(gaps.knowledge_gap_q),
    }


def nps_dict(nps: NpsRow) -> dict[str, Any]:
    """SPEC 6's ``nps`` entry: NPS on -100..100, the gap in NPS points."""
    row = nps.row
    return {
        "item": nps.item,
        "company_nps": _num(row.company.pct),
        "company_se": _num(row.company.se_pp),
        "company_ci": _pair(row.company.ci_pp),
        "n_company": row.company.n,
        "customer_nps": _num(row.customers.pct),
        "customer_se": _num(row.customers.se_pp),
        "customer_ci": _pair(row.customers.ci_pp),
        "n_customers": row.customers.n,
        "gap": _num(row.gap_pp),
        "gap_se": _num(row.gap_se_pp),
        "gap_ci": _pair(row.gap_ci_pp),
        "df": _num(row.df),
        "p_value": _num(row.p_value),
        "q_value": _num(row.q_value),
        "significant": row.significant,
        "promoters_pct": _num(nps.promoters_pct),
        "detractors_pct": _num(nps.detractors_pct),
    }


def _side(est: Estimate, prefix: str, plural: str) -> dict[str, Any]:
    return {
        f"{prefix}_pct": _num(est.pct),
        f"{prefix}_se_pp": _num(est.se_pp),
        f"{prefix}_ci_pp": _pair(est.ci_pp),
        f"{prefix}_ci_method": est.ci_method,
        f"n_{plural}": est.n,
        f"n_eff_{plural}": _num(est.n_eff),
        f"responses_{plural}": est.responses,
    }


def _num(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _pair(pair: tuple[float, float] | None) -> list[float | None] | None:
    return None if pair is None else [_num(pair[0]), _num(pair[1])]


def render_trend(report: TrendReport) -> str:
    return json.dumps(trend_envelope(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def trend_envelope(report: TrendReport) -> dict[str, Any]:
    """The envelope of ``cxgap trend``: ``input`` lists one path and sha256 per input."""
    out = _trend_envelope(report)
    if report.consistency is not None:
        out = _before_exclusions(out, "consistency", trend_dict(report.consistency))
    return out


def _trend_envelope(report: TrendReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "cxgap", "version": __version__},
        "input": {"path": list(report.paths), "sha256": list(report.sha256s)},
        "settings": {**_settings(report.settings, report.weighted), "baseline": report.baseline},
        "waves": list(report.waves),
        "headline": trend_row_dict(report.headline),
        "rows": [trend_row_dict(row) for row in report.rows],
        "nps": [nps_trend_dict(row) for row in report.nps],
        "exclusions": [
            {"wave": wave, "sample": e.sample, "item": e.item, "reason": e.reason, "count": e.count}
            for wave, e in report.exclusions
        ],
        "warnings": list(report.warnings),
    }


def trend_row_dict(row: TrendRow) -> dict[str, Any]:
    return {
        "group_by": list(row.group_by),
        "group": dict(row.group),
        "split": dict(row.split),
        "by_wave": [
            {
                "wave": p.wave,
                "company_pct": _num(p.company_pct),
                "customer_pct": _num(p.customer_pct),
                "gap_pp": _num(p.gap_pp),
                "gap_se_pp": _num(p.gap_se_pp),
                "n_company": p.n_company,
                "n_customers": p.n_customers,
            }
            for p in row.by_wave
        ],
        "change_pp": _num(row.change_pp),
        "change_se_pp": _num(row.change_se_pp),
        "change_ci_pp": _pair(row.change_ci_pp),
        "df": _num(row.df),
        "p_value": _num(row.p_value),
        "q_value": _num(row.q_value),
        "significant": row.significant,
        "direction": row.direction,
        "rank": row.rank,
        **({} if row.servqual is None else service_trend_dict(row.servqual)),
    }


def service_trend_dict(trend: ServiceTrend) -> dict[str, Any]:
    """SPEC 10 in a trend row (with pairs only): the service gap per wave and its change."""
    return {
        "service_gap_by_wave": [
            {
                "wave": w.wave,
                "service_gap": _num(w.service_gap),
                "service_gap_se": _num(w.service_gap_se),
                "n_paired": w.n_paired,
            }
            for w in trend.by_wave
        ],
        "service_gap_change": _num(trend.change),
        "service_gap_change_se": _num(trend.change_se),
        "service_gap_change_ci": _pair(trend.change_ci),
        "service_gap_change_df": _num(trend.df),
        "service_gap_change_p": _num(trend.p_value),
        "service_gap_change_q": _num(trend.q_value),
        "service_gap_direction": trend.direction,
    }


def nps_trend_dict(row: TrendRow) -> dict[str, Any]:
    """An NPS item across waves: NPS per sample and the gap per wave, and the gap's change."""
    return {
        "item": row.group["item"],
        "by_wave": [
            {
                "wave": p.wave,
                "company_nps": _num(p.company_pct),
                "customer_nps": _num(p.customer_pct),
                "gap": _num(p.gap_pp),
                "gap_se": _num(p.gap_se_pp),
                "n_company": p.n_company,
                "n_customers": p.n_customers,
            }
            for p in row.by_wave
        ],
        "change": _num(row.change_pp),
        "change_se": _num(row.change_se_pp),
        "change_ci": _pair(row.change_ci_pp),
        "df": _num(row.df),
        "p_value": _num(row.p_value),
        "q_value": _num(row.q_value),
        "significant": row.significant,
        "direction": row.direction,
    }
