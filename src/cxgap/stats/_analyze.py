"""Assemble a :class:`~cxgap.report.Report` from a survey: levels, splits, families of rows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from cxgap.errors import InputError, UsageError, Where
from cxgap.model import Codebook, Settings, Survey
from cxgap.report import GapRow, Report
from cxgap.stats import _consistency
from cxgap.stats import _drivers as drivers
from cxgap.stats._estimate import Share, shares
from cxgap.stats._gaps import finish_family, gap
from cxgap.stats._importance import PairSums, importances
from cxgap.stats._levels import Level, level_of, levels_for
from cxgap.stats._means import mean_shares
from cxgap.stats._pass import Needs, one_pass
from cxgap.stats._reduce import Reducer, Split, part_names
from cxgap.stats._servqual import servqual, with_servqual
from cxgap.stats._spotlight import fix_first, spotlight
from cxgap.stats._sums import Sums

S = TypeVar("S", Sums, PairSums)


def analyze(survey: Survey, settings: Settings) -> Report:
    """Estimate every group at every level, unsplit and per split, and rank the gaps.

    Every level, split and NPS item is estimated from one pass over each sample: the levels'
    item-to-group memberships are stacked side by side, each level's columns cut from the sums,
    and the pass sums the whole sample and each split at once (:mod:`._pass`). With an outcome,
    the customers' pass also gathers the pair sums of every group's importance (SPEC 6).
    """
    codebook = survey.codebook
    levels_for(codebook, settings.levels)
    outcome = drivers.outcome_index(survey, settings)
    flags = zip(
        survey.company.present,
        survey.customers.present,
        drivers.scored(codebook, outcome),
        strict=True,
    )
    both, either = zip(*(((a and b and s), ((a or b) and s)) for a, b, s in flags), strict=True)
    if not any(both):
        kinds = sorted({item.kind for item in codebook.items})
        raise InputError(
            "no rated item is in both samples, so there is no gap to measure (items of kind "
            f"{' and '.join(kinds)} only)" if "score" not in kinds else
            "no rated item is in both samples, so there is no gap to measure",
            where=Where(survey.path),
            hint="give each rating kind score in the codebook, and head its column in both "
            "samples as the codebook names it",
        )  # fmt: skip
    levels = [level_of(codebook, (), both)]
    levels += [
        level_of(codebook, cols, either if cols == ("item",) else both) for cols in settings.levels
    ]
    starts = Grid(levels).starts
    plan = _consistency.plan(
        survey,
        settings,
        [(v.columns, v.labels, v.membership, starts[k + 1]) for k, v in enumerate(levels[1:])],
    )
    grid = Grid(levels, None if plan is None else plan.extra)
    splits = [(attribute, _split_of(survey, attribute)) for attribute in settings.splits]
    nps = drivers.nps_items(survey)
    by_dim = (None, None) if plan is None else (plan.company, plan.customers)
    company = one_pass(
        survey.company,
        _needs(settings, codebook, grid, None, [c for _, (c, _) in splits] + [by_dim[0]], nps),
    )
    customers = one_pass(
        survey.customers,
        replace(
            _needs(
                settings, codebook, grid, outcome, [u for _, (_, u) in splits] + [by_dim[1]], nps
            ),
            cross=None if plan is None else plan.cross,
        ),
    )
    whole = Sides(company.of(None)[0], *customers.of(None))
    notes: list[str] = []
    families = [
        _family(level, {}, whole.cut(grid, k), settings, notes) for k, level in enumerate(levels)
    ]
    rows = [row for family in families[1:] for row in family]
    for attribute, (company_parts, customer_parts) in splits:
        split = Sides(company.of(company_parts)[0], *customers.of(customer_parts))
        rows += _split_rows(grid, attribute, company_parts, customer_parts, split, settings, notes)
    samples = (survey.company, survey.customers)
    headline, exclusions = families[0][0], survey.exclusions
    paired = servqual(survey, settings, levels, grid.membership, splits)
    if paired is not None:  # SPEC 10: only a codebook with pairs changes the report
        [headline, *rows] = with_servqual([headline, *rows], paired[0])
        exclusions += paired[1]
        notes += paired[2]
    return Report(
        path=survey.path,
        sha256=survey.sha256,
        settings=settings,
        headline=headline,
        rows=tuple(rows),
        exclusions=exclusions,
        warnings=survey.warnings + tuple(dict.fromkeys(notes)),
        item_text={item.id: item.text for item in codebook.items},
        respondents={s.name: s.size for s in samples},
        weighted=settings.weighted and any(s.has_weights for s in samples),
        split_sides={attribute: _side(survey, attribute) for attribute in settings.splits},
        nps=drivers.nps_rows(survey, settings, nps, company.nps, customers.nps),
        outcome=None if outcome is None else codebook.items[outcome].id,
        consistency=None
        if plan is None
        else _consistency.consistency(plan, company, customers, starts[-1], settings),
        blind_spots=spotlight(rows, +1),
        hidden_strengths=spotlight(rows, -1),
        fix_first=fix_first(rows),
    )


@dataclass(frozen=True, eq=False)
class Grid:
    """Several levels side by side: one membership matrix, and each level's columns in it."""

    levels: list[Level]
    extra: npt.NDArray[np.float64] | None = None
    """Further columns summed after the levels' (``--consistency``'s values of a group)."""

    @cached_property
    def membership(self) -> npt.NDArray[np.float64]:
        extra = [] if self.extra is None else [self.extra]
        return np.hstack([level.membership for level in self.levels] + extra)

    @cached_property
    def starts(self) -> list[int]:
        """Each level's first column in ``membership``, and the end of the last."""
        return [0, *np.cumsum([level.membership.shape[1] for level in self.levels]).tolist()]


@dataclass(frozen=True, eq=False)
class Sides:
    """The sums of both samples (one part each, or all parts), and the customers' pair sums."""

    company: Sums
    customers: Sums
    pairs: PairSums | None

    def cut(self, grid: Grid, k: int) -> Sides:
        start, stop = grid.starts[k], grid.starts[k + 1]
        pairs = None if self.pairs is None else self.pairs.columns(start, stop)
        return Sides(self.company.columns(start, stop), self.customers.columns(start, stop), pairs)


def _side(survey: Survey, attribute: str) -> str:
    in_company = attribute in survey.company.attributes
    in_customers = attribute in survey.customers.attributes
    return "both" if in_company and in_customers else ("company" if in_company else "customers")


def _needs(
    settings: Settings,
    codebook: Codebook,
    grid: Grid,
    outcome: int | None,
    splits: list[Split | None],
    nps: tuple[int, ...],
) -> Needs:
    """What one sample's pass sums: every group of every level, unsplit and per split of that
    sample (with pair sums against ``outcome``), and the NPS items."""
    reducer = Reducer.of(
        codebook.items,
        grid.membership,
        settings.top,
        mean=settings.metric == "mean",
        weighted=settings.weighted,
        outcome=outcome,
    )
    own = {split[0]: split for split in splits if split is not None}  # a --split given twice
    return Needs(reducer, (None, *own.values()), nps)


def _family(
    level: Level, split: dict[str, str], sides: Sides, settings: Settings, notes: list[str]
) -> list[GapRow]:
    """One level's rows in one split part, with importance, q-values, flags and ranks."""
    estimate = mean_shares if settings.metric == "mean" else shares
    pairs = zip(
        estimate(sides.company, settings.confidence),
        estimate(sides.customers, settings.confidence),
        strict=True,
    )
    rows = [
        _row(level.columns, label, split, c, u, settings.confidence)
        for label, (c, u) in zip(level.labels, pairs, strict=True)
    ]
    if sides.pairs is not None:
        found = importances(sides.pairs, settings.confidence)
        rows = [drivers.with_importance(row, imp) for row, imp in zip(rows, found, strict=True)]
        notes += [
            note
            for row, imp in zip(rows, found, strict=True)
            if (note := drivers.importance_warning(row, imp)) is not None
        ]
    return finish_family(rows, settings, with_outcome=sides.pairs is not None)


def _row(
    columns: tuple[str, ...],
    label: dict[str, str],
    split: dict[str, str],
    company: Share,
    customers: Share,
    confidence: float,
) -> GapRow:
    g = gap(company, customers, confidence)
    return GapRow(
        group_by=columns,
        group=label,
        split=split,
        company=company.estimate(),
        customers=customers.estimate(),
        gap_pp=None if g.gap is None else 100 * g.gap,
        gap_se_pp=None if g.se is None else 100 * g.se,
        gap_ci_pp=None if g.ci is None else (100 * g.ci[0], 100 * g.ci[1]),
        gap_ci_method=g.ci_method,
        df=g.df,
        p_value=g.p_value,
    )


def _split_of(survey: Survey, attribute: str) -> tuple[Split | None, Split | None]:
    """The parts of ``--split attribute`` in the company and the customers (None: not there)."""
    company = part_names(survey.company, attribute)
    customers = part_names(survey.customers, attribute)
    if company is None and customers is None:
        raise UsageError(
            f"--split {attribute}: no such column in company or customers",
            hint="split by a respondent column such as role, segment or region",
        )
    return (
        None if company is None else (attribute, company),
        None if customers is None else (attribute, customers),
    )


def _split_rows(
    grid: Grid,
    attribute: str,
    company_parts: Split | None,
    customer_parts: Split | None,
    split: Sides,
    settings: Settings,
    notes: list[str],
) -> list[GapRow]:
    """Every level's rows in every part of a split (a sample without the attribute whole)."""
    names = sorted(
        {
            *(company_parts[1] if company_parts else []),
            *(customer_parts[1] if customer_parts else []),
        }
    )
    rows: list[GapRow] = []
    for k, level in enumerate(grid.levels):
        for name in names:
            part = Sides(
                _pick(split.company, company_parts, name),
                _pick(split.customers, customer_parts, name),
                None if split.pairs is None else _pick(split.pairs, customer_parts, name),
            )
            rows += _family(level, {attribute: name}, part.cut(grid, k), settings, notes)
    return rows


def _pick(sums: S, parts: Split | None, name: str) -> S:
    """A part's sums (zeros where the sample has no such part); the whole sample if unsplit."""
    if parts is None:
        return sums
    if name not in parts[1]:
        return type(sums).zeros(1, sums.n.shape[1])
    return sums.part(parts[1].index(name))
