"""``cxgap trend --consistency DIM``: did the range narrow? Per group, the range across the
values of DIM in each wave (with that wave's test, SPEC 9) and its change, last wave minus the
baseline wave. The change is descriptive: SPEC 9 gives the range no standard error, so it is
not tested (docs/format.md says so)."""

from __future__ import annotations

from collections.abc import Sequence

from cxgap.report_consistency import (
    Consistency,
    ConsistencyTrend,
    ConsistencyTrendRow,
    RangePoint,
)


def over_waves(
    names: Sequence[str], found: Sequence[Consistency | None], base: int
) -> ConsistencyTrend | None:
    """``cxgap trend --consistency DIM``: per group in every wave (in the last wave's order),
    its range and test per wave, and the change of the range, last wave minus wave ``base``
    (negative: the range narrowed). The change is descriptive, not tested."""
    if any(f is None for f in found):
        return None
    waves = [f for f in found if f is not None]
    keyed = [{(r.group_by, tuple(r.group.items())): r for r in f.rows} for f in waves]
    rows = []
    for key, last in keyed[-1].items():
        if not all(key in wave for wave in keyed):
            continue
        points = tuple(
            RangePoint(
                wave=name,
                range_pp=wave[key].range_pp,
                lowest=wave[key].lowest,
                highest=wave[key].highest,
                f=wave[key].f,
                p_value=wave[key].p_value,
                inconsistent=wave[key].inconsistent,
            )
            for name, wave in zip(names, keyed, strict=True)
        )
        first, end = points[base].range_pp, points[-1].range_pp
        change = None if first is None or end is None else end - first
        rows.append(
            ConsistencyTrendRow(
                group_by=last.group_by, group=last.group, by_wave=points, change_pp=change
            )
        )
    return ConsistencyTrend(waves[-1].dimension, tuple(rows))
