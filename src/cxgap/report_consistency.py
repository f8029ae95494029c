"""What ``--consistency DIM`` found (SPEC 9): per group, the customers' share per value of DIM,
the range and the design-based test of equality; across waves, the range per wave and its
change. Carried by :class:`~cxgap.report.Report` and :class:`~cxgap.report.TrendReport`;
renderers draw it and compute nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cxgap.report_estimate import Estimate


@dataclass(frozen=True, kw_only=True)
class ValueShare:
    """One value of DIM in one group: the customers' share (as the ``--by touchpoint+channel``
    or ``--split region`` row's) and the company's for context; ``excluded`` under --min-base."""

    value: str
    customers: Estimate
    company: Estimate
    excluded: bool


@dataclass(frozen=True, kw_only=True)
class ConsistencyRow:
    """One group's shares across the values of DIM, their range and the Wald test."""

    group_by: tuple[str, ...]
    group: Mapping[str, str]
    values: tuple[ValueShare, ...]
    range_pp: float | None
    lowest: str | None
    highest: str | None
    excluded_values: tuple[str, ...]
    chi2: float | None
    df_num: int | None
    df_den: int | None
    f: float | None
    p_value: float | None
    q_value: float | None = None
    inconsistent: bool = False
    rank: int | None = None
    """1 = shown first in its level: the inconsistent by range, then the others by range;
    null where fewer than two values are kept (no range)."""

    def value(self, name: str | None) -> ValueShare | None:
        """The value called ``name`` (None for None)."""
        return next((v for v in self.values if v.value == name), None)


@dataclass(frozen=True)
class Consistency:
    """Every level's consistency rows, each level's in rank order."""

    dimension: str
    rows: tuple[ConsistencyRow, ...]

    def levels(self) -> list[tuple[tuple[str, ...], list[ConsistencyRow]]]:
        """The rows by level, in order, each level's ranked rows only (those with a range)."""
        out: dict[tuple[str, ...], list[ConsistencyRow]] = {}
        for row in self.rows:
            if row.rank is not None:
                out.setdefault(row.group_by, []).append(row)
        return list(out.items())


@dataclass(frozen=True, kw_only=True)
class RangePoint:
    """One group's range across the values of DIM in one wave, and its test there."""

    wave: str
    range_pp: float | None
    lowest: str | None
    highest: str | None
    f: float | None
    p_value: float | None
    inconsistent: bool


@dataclass(frozen=True, kw_only=True)
class ConsistencyTrendRow:
    """One group's range per wave and its change, last wave minus the baseline wave (negative:
    the range narrowed). Not tested: a descriptive change."""

    group_by: tuple[str, ...]
    group: Mapping[str, str]
    by_wave: tuple[RangePoint, ...]
    change_pp: float | None


@dataclass(frozen=True)
class ConsistencyTrend:
    dimension: str
    rows: tuple[ConsistencyTrendRow, ...]
