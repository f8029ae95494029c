"""From gap to priority (SPEC section 6): the outcome item, importance sums, NPS rows."""

from __future__ import annotations

from dataclasses import replace

from cxgap.errors import InputError, UsageError, Where
from cxgap.model import Codebook, Settings, Survey
from cxgap.report import GapRow, NpsRow
from cxgap.stats._gaps import bh_qvalues, gap
from cxgap.stats._importance import Importance
from cxgap.stats._means import NpsSums, nps_sides


def outcome_index(survey: Survey, settings: Settings) -> int | None:
    """The codebook position of the outcome: ``--outcome ITEM``, else the item of kind
    ``outcome``; None when there is none. It must be a column of the customers' sample."""
    codebook = survey.codebook
    j = _outcome(codebook, settings)
    if j is None and settings.rank_by == "priority":
        raise UsageError(
            "--rank-by priority needs an outcome: priority is gap x importance",
            hint="mark the overall item's kind as outcome in the codebook, or pass --outcome ITEM",
        )
    if j is not None and not survey.customers.present[j]:
        raise UsageError(
            f"the outcome item {codebook.items[j].id} is not in the customers' sample",
            hint="add its column to the customers' sheet, or choose another with --outcome",
        )
    return j


def _outcome(codebook: Codebook, settings: Settings) -> int | None:
    if settings.outcome is not None:
        index = {item.id.casefold(): j for j, item in enumerate(codebook.items)}
        j = index.get(settings.outcome.casefold())
        if j is None:
            raise UsageError(
                f"--outcome {settings.outcome}: no such item in the codebook",
                hint="name an item of the codebook, e.g. the overall-satisfaction question",
            )
    else:
        marked = [j for j, item in enumerate(codebook.items) if item.kind == "outcome"]
        if not marked:
            return None
        if len(marked) > 1:
            names = ", ".join(codebook.items[j].id for j in marked)
            raise UsageError(
                f"the codebook marks several items as kind outcome ({names})",
                hint="choose the one to measure importance against with --outcome ITEM",
            )
        j = marked[0]
    return j


def scored(codebook: Codebook, outcome: int | None) -> list[bool]:
    """Which items enter gap rows: kind ``score``, and not the outcome (SPEC 6: NPS and
    outcome items stay out of the rollups)."""
    return [item.kind == "score" and j != outcome for j, item in enumerate(codebook.items)]


def with_importance(row: GapRow, importance: Importance) -> GapRow:
    return replace(row, importance=importance.r, importance_ci=importance.ci)


def importance_warning(row: GapRow, importance: Importance) -> str | None:
    if importance.reason is None:
        return None
    where = " · ".join(row.group.values())
    level = "+".join(row.group_by)
    split = "".join(f" ({k} = {v})" for k, v in row.split.items())
    what = "importance" if importance.r is None else "importance interval"
    return f"{what} of {level} {where}{split} is null: {importance.reason}"


def nps_items(survey: Survey) -> tuple[int, ...]:
    """The codebook positions of the items of kind ``nps`` in both samples; each must be
    answered 0-10."""
    items = tuple(
        j
        for j, item in enumerate(survey.codebook.items)
        if item.kind == "nps" and survey.company.present[j] and survey.customers.present[j]
    )
    for j in items:
        nps_item = survey.codebook.items[j]
        if (nps_item.scale_min, nps_item.scale_max) != (0.0, 10.0):
            raise InputError(
                f"item {nps_item.id} is of kind nps but its scale is {nps_item.scale_text()}",
                where=Where(survey.path, "items"),
                hint="an NPS item is answered 0-10: set scale_min 0 and scale_max 10",
            )
    return items


def nps_rows(
    survey: Survey,
    settings: Settings,
    items: tuple[int, ...],
    company: NpsSums | None,
    customers: NpsSums | None,
) -> tuple[NpsRow, ...]:
    """Per NPS item (:func:`nps_items`), from each sample's NPS sums: predicted vs actual NPS
    and the gap's test."""
    if not items or company is None or customers is None:
        return ()
    alpha = settings.alpha
    rows = []
    sides = nps_sides(company, customers, settings.confidence)
    for j, side in zip(items, sides, strict=True):
        g = gap(side.company, side.customers, settings.confidence)
        item = survey.codebook.items[j].id
        row = GapRow(
            group_by=("item",),
            group={"item": item},
            split={},
            company=side.company.estimate(),
            customers=side.customers.estimate(),
            gap_pp=None if g.gap is None else 100 * g.gap,
            gap_se_pp=None if g.se is None else 100 * g.se,
            gap_ci_pp=None if g.ci is None else (100 * g.ci[0], 100 * g.ci[1]),
            gap_ci_method=g.ci_method,
            df=g.df,
            p_value=g.p_value,
        )
        rows.append(
            NpsRow(
                item=item,
                row=row,
                promoters_pct=side.promoters_pct,
                detractors_pct=side.detractors_pct,
            )
        )
    q = bh_qvalues([r.row.p_value for r in rows])
    return tuple(
        replace(r, row=replace(r.row, q_value=q_i, significant=q_i is not None and q_i < alpha))
        for r, q_i in zip(rows, q, strict=True)
    )
