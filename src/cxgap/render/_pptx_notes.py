"""The deck's speaker notes: the method, each group's base sizes and interval, the
exclusions and the warnings."""

from __future__ import annotations

from collections.abc import Sequence

from cxgap.render._pptx_priority import importance_notes
from cxgap.render._text import (
    exclusion_summary,
    fmt_ci,
    fmt_gap,
    fmt_score,
    group_label,
    method_line,
    unit,
)
from cxgap.report import GapRow, Report, TrendReport, TrendRow


def method_notes(report: Report) -> str:
    s = report.settings
    return "\n".join(
        [
            "Method: " + method_line(report),
            (
                "Share: each sample's weighted share of top-box answers, all answers of a group "
                "pooled; standard errors Taylor-linearised with the respondent as the cluster "
                "(R survey::svymean); intervals logit on Student t (svyciprop)"
                if s.metric == "topbox"
                else "Score: each sample's weighted mean answer rescaled to 0-100 on its item's "
                "scale, all answers of a group pooled; standard errors Taylor-linearised with "
                "the respondent as the cluster (R survey::svymean); intervals mean ± t(n-1) SE"
            )
            + "; the gap's interval on Welch-Satterthwaite degrees of freedom; q-values "
            f"Benjamini-Hochberg per level; low base = n < {s.min_base}.",
            *([importance_notes(report)] if report.outcome is not None else []),
            *(
                [
                    "NPS: d = +100 (9-10), 0 (7-8), -100 (0-6); NPS = weighted mean of d "
                    "(R svymean(~d)), t(n-1) interval; the gap tested as the delivery gap."
                ]
                if report.nps
                else []
            ),
            f"Input: {report.path} (sha256 {report.sha256[:12]}...), "
            f"{report.respondents['company']:,} staff, "
            f"{report.respondents['customers']:,} customers.",
            exclusion_summary(report),
            *(f"{e.sample} {e.item}: {e.count:,} {e.reason}" for e in report.exclusions),
            *(f"Warning: {w}" for w in report.warnings),
        ]
    )


def row_notes(report: Report, rows: Sequence[GapRow]) -> str:
    metric = report.settings.metric
    return "\n".join(
        f"{group_label(report, r)}: company {fmt_score(r.company.pct, metric)} "
        f"(n = {r.company.n}), customers {fmt_score(r.customers.pct, metric)} "
        f"(n = {r.customers.n}), gap {fmt_gap(r.gap_pp)} {unit(metric)} {fmt_ci(r.gap_ci_pp)}, "
        f"q = {_q(r.q_value)}" + (", low base" if r.low_base else "")
        for r in rows
    )


def trend_notes(rows: Sequence[TrendRow], waves: Sequence[str]) -> str:
    return "\n".join(
        " · ".join(r.group.values())
        + ": "
        + "; ".join(
            f"{w} gap {fmt_gap(p.gap_pp)} (n = {p.n_company}/{p.n_customers})"
            for w, p in zip(waves, r.by_wave, strict=True)
        )
        + f"; change {fmt_gap(r.change_pp)} pp {fmt_ci(r.change_ci_pp)}, {r.direction}"
        for r in rows
    )


def trend_exclusions(report: TrendReport) -> list[str]:
    return [f"{w} {e.sample} {e.item}: {e.count:,} {e.reason}" for w, e in report.exclusions]


def _q(value: float | None) -> str:
    return "-" if value is None else f"{value:.2g}"
