"""SPEC 9's ``consistency`` block of the JSON (and its trend twin): field names are a public
API. Present only with ``--consistency``, so that without it the JSON is unchanged."""

from __future__ import annotations

import math
from typing import Any

from cxgap.report_consistency import Consistency, ConsistencyRow, ConsistencyTrend


def consistency_dict(found: Consistency) -> dict[str, Any]:
    return {"dimension": found.dimension, "rows": [row_dict(row) for row in found.rows]}


def row_dict(row: ConsistencyRow) -> dict[str, Any]:
    return {
        "group_by": list(row.group_by),
        "group": dict(row.group),
        "values": [
            {
                "value": v.value,
                "customer_pct": _num(v.customers.pct),
                "customer_se_pp": _num(v.customers.se_pp),
                "customer_ci_pp": _pair(v.customers.ci_pp),
                "n_customers": v.customers.n,
                "company_pct": _num(v.company.pct),
                "n_company": v.company.n,
            }
            for v in row.values
        ],
        "range_pp": _num(row.range_pp),
        "lowest": row.lowest,
        "highest": row.highest,
        "excluded_values": list(row.excluded_values),
        "chi2": _num(row.chi2),
        "df_num": row.df_num,
        "df_den": row.df_den,
        "f": _num(row.f),
        "p_value": _num(row.p_value),
        "q_value": _num(row.q_value),
        "inconsistent": row.inconsistent,
        "rank": row.rank,
    }


def trend_dict(found: ConsistencyTrend) -> dict[str, Any]:
    """Per group: the range per wave (with its test there) and the change of the range."""
    return {
        "dimension": found.dimension,
        "rows": [
            {
                "group_by": list(row.group_by),
                "group": dict(row.group),
                "by_wave": [
                    {
                        "wave": p.wave,
                        "range_pp": _num(p.range_pp),
                        "lowest": p.lowest,
                        "highest": p.highest,
                        "f": _num(p.f),
                        "p_value": _num(p.p_value),
                        "inconsistent": p.inconsistent,
                    }
                    for p in row.by_wave
                ],
                "change_pp": _num(row.change_pp),
            }
            for row in found.rows
        ],
    }


def _num(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _pair(pair: tuple[float, float] | None) -> list[float | None] | None:
    return None if pair is None else [_num(pair[0]), _num(pair[1])]
