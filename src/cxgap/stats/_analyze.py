"""Assemble a :class:`~cxgap.model.Report` from a survey: levels, splits, families of rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from cxgap.errors import UsageError
from cxgap.model import Codebook, GapRow, Item, Report, Sample, Settings, Survey
from cxgap.stats._estimate import Share, shares
from cxgap.stats._gaps import finish_family, gap
from cxgap.stats._sums import Sums, group_sums

BLANK_PART = "(blank)"


@dataclass(frozen=True)
class Level:
    """A grouping of items: its columns and, per group, its labels and member items."""

    columns: tuple[str, ...]
    labels: tuple[dict[str, str], ...]
    membership: npt.NDArray[np.float64]


def levels_for(codebook: Codebook, by: Sequence[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """Check ``--by`` columns against the codebook; ``item`` and every grouping column are fine."""
    known = {"item", *codebook.groupings}
    for level in by:
        for column in level:
            if column not in known:
                raise UsageError(
                    f"--by {'+'.join(level)}: '{column}' is not a codebook column",
                    hint=f"choose from {', '.join(sorted(known))}",
                )
    return tuple(by)


def analyze(survey: Survey, settings: Settings) -> Report:
    """Estimate every group at every level, unsplit and per split, and rank the gaps.

    Every level is estimated in one pass over each sample: the levels' item-to-group
    memberships are stacked side by side, and each level's columns cut from the sums.
    """
    codebook = survey.codebook
    levels_for(codebook, settings.levels)
    both = [a and b for a, b in zip(survey.company.present, survey.customers.present, strict=True)]
    either = [a or b for a, b in zip(survey.company.present, survey.customers.present, strict=True)]
    levels = [_level(codebook, (), both)]
    levels += [
        _level(codebook, cols, either if cols == ("item",) else both) for cols in settings.levels
    ]
    grid = Grid(levels)
    company = _sums(survey.company, settings, codebook, grid)
    customers = _sums(survey.customers, settings, codebook, grid)
    families = [
        _family(level, {}, grid.cut(company, k), grid.cut(customers, k), settings)
        for k, level in enumerate(levels)
    ]
    rows = [row for family in families[1:] for row in family]
    for attribute in settings.splits:
        rows += _split_rows(survey, settings, grid, attribute, (company, customers))
    samples = (survey.company, survey.customers)
    return Report(
        path=survey.path,
        sha256=survey.sha256,
        settings=settings,
        headline=families[0][0],
        rows=tuple(rows),
        exclusions=survey.exclusions,
        warnings=survey.warnings,
        item_text={item.id: item.text for item in codebook.items},
        respondents={s.name: s.size for s in samples},
        weighted=settings.weighted and any(s.has_weights for s in samples),
        split_sides={attribute: _side(survey, attribute) for attribute in settings.splits},
    )


@dataclass(frozen=True, eq=False)
class Grid:
    """Several levels side by side: one membership matrix, and each level's columns in it."""

    levels: list[Level]

    @cached_property
    def membership(self) -> npt.NDArray[np.float64]:
        return np.hstack([level.membership for level in self.levels])

    @cached_property
    def starts(self) -> list[int]:
        """Each level's first column in ``membership``, and the end of the last."""
        return [0, *np.cumsum([level.membership.shape[1] for level in self.levels]).tolist()]

    def cut(self, sums: Sums, k: int) -> Sums:
        return sums.columns(self.starts[k], self.starts[k + 1])


def _side(survey: Survey, attribute: str) -> str:
    in_company = attribute in survey.company.attributes
    in_customers = attribute in survey.customers.attributes
    return "both" if in_company and in_customers else ("company" if in_company else "customers")


def _level(codebook: Codebook, columns: tuple[str, ...], scope: Sequence[bool]) -> Level:
    labels: dict[tuple[str, ...], int] = {}
    member: list[int] = []
    for item, in_scope in zip(codebook.items, scope, strict=True):
        key = tuple(_value(item, column) for column in columns)
        member.append(labels.setdefault(key, len(labels)) if in_scope else -1)
    membership = np.zeros((len(codebook.items), len(labels)))
    for i, g in enumerate(member):
        if g >= 0:
            membership[i, g] = 1.0
    return Level(columns, tuple(dict(zip(columns, key, strict=True)) for key in labels), membership)


def _value(item: Item, column: str) -> str:
    return item.id if column == "item" else item.groups.get(column, "")


def _sums(
    sample: Sample,
    settings: Settings,
    codebook: Codebook,
    grid: Grid,
    parts: tuple[npt.NDArray[np.intp], list[str]] | None = None,
) -> Sums:
    """One pass over ``sample``: the sums of every group of every level, per part."""
    weights = sample.weights if settings.weighted else np.ones(sample.size)
    codes, n_parts = (
        (np.zeros(sample.size, dtype=np.intp), 1) if parts is None else (parts[0], len(parts[1]))
    )
    thresholds = np.array([item.threshold(settings.top) for item in codebook.items])
    return group_sums(sample.scores, thresholds, weights, grid.membership, codes, n_parts)


def _family(
    level: Level, split: dict[str, str], company: Sums, customers: Sums, settings: Settings
) -> list[GapRow]:
    """One level's rows in one split part, with q-values, flags and ranks."""
    pairs = zip(
        shares(company, settings.confidence), shares(customers, settings.confidence), strict=True
    )
    rows = [
        _row(level.columns, label, split, c, u, settings.confidence)
        for label, (c, u) in zip(level.labels, pairs, strict=True)
    ]
    return finish_family(rows, settings.alpha, settings.min_base)


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


def _part_codes(sample: Sample, attribute: str) -> tuple[npt.NDArray[np.intp], list[str]] | None:
    values = sample.attributes.get(attribute)
    if values is None:
        return None
    named = [v or BLANK_PART for v in values]
    names = sorted(set(named))
    index = {name: k for k, name in enumerate(names)}
    return np.array([index[v] for v in named], dtype=np.intp), names


def _split_rows(
    survey: Survey,
    settings: Settings,
    grid: Grid,
    attribute: str,
    unsplit: tuple[Sums, Sums],
) -> list[GapRow]:
    company_parts = _part_codes(survey.company, attribute)
    customer_parts = _part_codes(survey.customers, attribute)
    if company_parts is None and customer_parts is None:
        raise UsageError(
            f"--split {attribute}: no such column in company or customers",
            hint="split by a respondent column such as role, segment or region",
        )
    names = sorted(
        {
            *(company_parts[1] if company_parts else []),
            *(customer_parts[1] if customer_parts else []),
        }
    )
    c_all = (
        unsplit[0]
        if company_parts is None
        else _sums(survey.company, settings, survey.codebook, grid, company_parts)
    )
    u_all = (
        unsplit[1]
        if customer_parts is None
        else _sums(survey.customers, settings, survey.codebook, grid, customer_parts)
    )
    rows: list[GapRow] = []
    for k, level in enumerate(grid.levels):
        for name in names:
            c = grid.cut(_pick(c_all, company_parts, name), k)
            u = grid.cut(_pick(u_all, customer_parts, name), k)
            rows += _family(level, {attribute: name}, c, u, settings)
    return rows


def _pick(sums: Sums, parts: tuple[npt.NDArray[np.intp], list[str]] | None, name: str) -> Sums:
    """A part's sums (zeros where the sample has no such part); the whole sample if unsplit."""
    if parts is None:
        return sums
    if name not in parts[1]:
        return Sums.zeros(1, sums.n.shape[1])
    return sums.part(parts[1].index(name))
