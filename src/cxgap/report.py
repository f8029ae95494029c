"""What the statistics found: the rows of ``cxgap analyze`` and ``cxgap trend`` and the reports
holding them. Every renderer draws a :class:`Report` or :class:`TrendReport` and computes
nothing (STYLE: compute once, render many)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from cxgap.model import Exclusion, Quadrant, Settings
from cxgap.report_consistency import Consistency, ConsistencyTrend
from cxgap.report_estimate import Estimate as Estimate  # re-exported: cxgap.report.Estimate


@dataclass(frozen=True, kw_only=True)
class ServqualGaps:
    """SPEC 10's gaps of one group, in points of the 0-100 mean scale: the service gap
    (customers' experience - their expectation, paired) and the knowledge gap (staff's belief
    about customers' expectations - customers' expectations). All null in a group without
    pairs. The fields but the last two are the JSON's; those two, the mean expectation of
    each sample (0-100), are for the reports to show."""

    service_gap: float | None = None
    service_gap_se: float | None = None
    service_gap_ci: tuple[float, float] | None = None
    service_gap_p: float | None = None
    service_gap_q: float | None = None
    n_paired: int | None = None
    knowledge_gap_pp: float | None = None
    knowledge_gap_se_pp: float | None = None
    knowledge_gap_ci_pp: tuple[float, float] | None = None
    knowledge_gap_p: float | None = None
    knowledge_gap_q: float | None = None
    customer_expectation: float | None = None
    company_expectation: float | None = None


@dataclass(frozen=True, kw_only=True)
class GapRow:
    """One group's comparison: company share minus customer share, in percentage points."""

    group_by: tuple[str, ...]
    group: Mapping[str, str]
    split: Mapping[str, str]
    company: Estimate
    customers: Estimate
    gap_pp: float | None
    gap_se_pp: float | None
    gap_ci_pp: tuple[float, float] | None
    gap_ci_method: str | None
    df: float | None
    p_value: float | None
    q_value: float | None = None
    significant: bool = False
    low_base: bool = False
    rank: int | None = None
    importance: float | None = None
    """Pearson r of the group's customer score with the outcome (SPEC 6); null without one."""
    importance_ci: tuple[float, float] | None = None
    priority: float | None = None
    quadrant: Quadrant | None = None
    importance_median: float | None = None
    """The median importance of the row's family (its level within its split part): where
    ``fix_first`` begins, and where a priority matrix's axes cross (SPEC 6). Stats sets it with
    the quadrants; null without an outcome, or where no row of the family has an importance."""
    servqual: ServqualGaps | None = None
    """SPEC 10's gaps, set on every row when the codebook has pairs; None without pairs."""


@dataclass(frozen=True, kw_only=True)
class NpsRow:
    """One NPS item: the staff's predicted and the customers' actual NPS (-100..100), their gap
    (the ``*_pct`` and ``gap_*`` fields of ``row``), and the customers' promoters and detractors."""

    item: str
    row: GapRow
    promoters_pct: float | None
    detractors_pct: float | None


@dataclass(frozen=True, eq=False)
class Report:
    """What ``cxgap analyze`` found; every renderer draws this and computes nothing."""

    path: str
    sha256: str
    settings: Settings
    headline: GapRow
    rows: tuple[GapRow, ...]
    exclusions: tuple[Exclusion, ...]
    warnings: tuple[str, ...]
    item_text: Mapping[str, str]
    respondents: Mapping[str, int]
    weighted: bool
    split_sides: Mapping[str, str] = field(default_factory=dict)
    """Each ``--split`` attribute's sample: ``company``, ``customers`` or ``both``."""
    nps: tuple[NpsRow, ...] = ()
    outcome: str | None = None
    """The item importance is measured against, if any."""
    consistency: Consistency | None = None
    """``--consistency DIM``'s rows (SPEC 9); None without it."""
    blind_spots: tuple[GapRow, ...] = ()
    """The significant rollup rows the company rates higher than its customers do, largest gap
    first (at most five: :mod:`cxgap.stats._spotlight`); each is one of ``rows``."""
    hidden_strengths: tuple[GapRow, ...] = ()
    """The significant rollup rows customers rate higher, largest gap first (at most five)."""
    fix_first: tuple[GapRow, ...] = ()
    """The unsplit rollup rows in the ``fix_first`` quadrant, by priority (at most five); empty
    without an outcome."""


@dataclass(frozen=True, kw_only=True)
class WavePoint:
    """One group's shares and gap in one wave."""

    wave: str
    company_pct: float | None
    customer_pct: float | None
    gap_pp: float | None
    gap_se_pp: float | None
    n_company: int
    n_customers: int


@dataclass(frozen=True, kw_only=True)
class ServiceWave:
    """One group's service gap (SPEC 10) in one wave."""

    wave: str
    service_gap: float | None
    service_gap_se: float | None
    n_paired: int | None


@dataclass(frozen=True, kw_only=True)
class ServiceTrend:
    """One group's service gap per wave and its change (last wave minus the baseline)."""

    by_wave: tuple[ServiceWave, ...]
    change: float | None = None
    change_se: float | None = None
    change_ci: tuple[float, float] | None = None
    df: float | None = None
    p_value: float | None = None
    q_value: float | None = None
    direction: str = "steady"
    """``improved`` (experience moved up against expectations), ``worsened`` or ``steady``."""


@dataclass(frozen=True, kw_only=True)
class TrendRow:
    """One group's gap across waves, and the change of the gap (last wave minus the baseline)."""

    group_by: tuple[str, ...]
    group: Mapping[str, str]
    split: Mapping[str, str]
    by_wave: tuple[WavePoint, ...]
    change_pp: float | None
    change_se_pp: float | None
    change_ci_pp: tuple[float, float] | None
    df: float | None
    p_value: float | None
    q_value: float | None = None
    significant: bool = False
    direction: Literal["widened", "narrowed", "steady"] = "steady"
    rank: int | None = None
    servqual: ServiceTrend | None = None
    """The service gap per wave and its change, when the codebook has pairs (SPEC 10)."""


@dataclass(frozen=True, eq=False)
class TrendReport:
    """What ``cxgap trend`` found: every group's gap per wave and its change."""

    paths: tuple[str, ...]
    sha256s: tuple[str, ...]
    waves: tuple[str, ...]
    baseline: Literal["previous", "first"]
    settings: Settings
    headline: TrendRow
    rows: tuple[TrendRow, ...]
    exclusions: tuple[tuple[str, Exclusion], ...]
    warnings: tuple[str, ...]
    item_text: Mapping[str, str]
    weighted: bool
    nps: tuple[TrendRow, ...] = ()
    """Per NPS item, its NPS gap per wave and the change (``group`` = ``{"item": id}``)."""
    consistency: ConsistencyTrend | None = None
    """``--consistency DIM``: each group's range per wave and its change; None without it."""
