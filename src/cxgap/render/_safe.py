"""A report with every text that came from the input passed through one function, before a
renderer draws it (:mod:`cxgap._visible`: escaped for a terminal, Markdown, or a file).

The texts from the input: the path(s), the warnings, item ids and wordings, the levels'
column names and group values, split attributes and their values, wave names, the outcome
item, the excluded cells' items, and ``--consistency``'s dimension and its values. Everything
else is cxgap's own words and numbers. The same function maps a name wherever it stands (a
row's group, the settings' levels), so lookups between them still match.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from cxgap.model import Exclusion, Settings
from cxgap.report import GapRow, NpsRow, Report, TrendReport, TrendRow
from cxgap.report_consistency import (
    Consistency,
    ConsistencyRow,
    ConsistencyTrend,
    ConsistencyTrendRow,
)

Text = Callable[[str], str]


def mapped(report: Report | TrendReport, text: Text) -> Report | TrendReport:
    """``report`` with each of its texts from the input as ``text`` shows it."""
    if isinstance(report, Report):
        return _report(report, text)
    return _trend(report, text)


def _report(report: Report, text: Text) -> Report:
    rows = {id(row): _row(row, text) for row in report.rows}

    def same(chosen: tuple[GapRow, ...]) -> tuple[GapRow, ...]:
        """The rows stats chose, as the very objects of ``rows`` (renderers match by identity)."""
        return tuple(rows.get(id(row)) or _row(row, text) for row in chosen)

    return replace(
        report,
        path=text(report.path),
        settings=_settings(report.settings, text),
        headline=_row(report.headline, text),
        rows=tuple(rows[id(row)] for row in report.rows),
        blind_spots=same(report.blind_spots),
        hidden_strengths=same(report.hidden_strengths),
        fix_first=same(report.fix_first),
        exclusions=tuple(_exclusion(e, text) for e in report.exclusions),
        warnings=tuple(map(text, report.warnings)),
        item_text=_mapping(report.item_text, text),
        split_sides={text(k): v for k, v in report.split_sides.items()},
        nps=tuple(_nps(nps, text) for nps in report.nps),
        outcome=_optional(report.outcome, text),
        consistency=_consistency(report.consistency, text),
    )


def _trend(report: TrendReport, text: Text) -> TrendReport:
    return replace(
        report,
        paths=tuple(map(text, report.paths)),
        waves=tuple(map(text, report.waves)),
        settings=_settings(report.settings, text),
        headline=_trend_row(report.headline, text),
        rows=tuple(_trend_row(row, text) for row in report.rows),
        exclusions=tuple((text(wave), _exclusion(e, text)) for wave, e in report.exclusions),
        warnings=tuple(map(text, report.warnings)),
        item_text=_mapping(report.item_text, text),
        nps=tuple(_trend_row(row, text) for row in report.nps),
        consistency=_consistency_trend(report.consistency, text),
    )


def _consistency(found: Consistency | None, text: Text) -> Consistency | None:
    if found is None:
        return None
    return replace(
        found,
        dimension=text(found.dimension),
        rows=tuple(_consistency_row(row, text) for row in found.rows),
    )


def _consistency_row(row: ConsistencyRow, text: Text) -> ConsistencyRow:
    return replace(
        row,
        group_by=tuple(map(text, row.group_by)),
        group=_mapping(row.group, text),
        values=tuple(replace(share, value=text(share.value)) for share in row.values),
        lowest=_optional(row.lowest, text),
        highest=_optional(row.highest, text),
        excluded_values=tuple(map(text, row.excluded_values)),
    )


def _consistency_trend(found: ConsistencyTrend | None, text: Text) -> ConsistencyTrend | None:
    if found is None:
        return None
    return replace(
        found,
        dimension=text(found.dimension),
        rows=tuple(_consistency_trend_row(row, text) for row in found.rows),
    )


def _consistency_trend_row(row: ConsistencyTrendRow, text: Text) -> ConsistencyTrendRow:
    return replace(
        row,
        group_by=tuple(map(text, row.group_by)),
        group=_mapping(row.group, text),
        by_wave=tuple(
            replace(
                point,
                wave=text(point.wave),
                lowest=_optional(point.lowest, text),
                highest=_optional(point.highest, text),
            )
            for point in row.by_wave
        ),
    )


def _optional(value: str | None, text: Text) -> str | None:
    return None if value is None else text(value)


def _settings(settings: Settings, text: Text) -> Settings:
    return replace(
        settings,
        levels=tuple(tuple(map(text, level)) for level in settings.levels),
        splits=tuple(map(text, settings.splits)),
        outcome=_optional(settings.outcome, text),
        consistency=_optional(settings.consistency, text),
    )


def _row(row: GapRow, text: Text) -> GapRow:
    return replace(
        row,
        group_by=tuple(map(text, row.group_by)),
        group=_mapping(row.group, text),
        split=_mapping(row.split, text),
    )


def _trend_row(row: TrendRow, text: Text) -> TrendRow:
    return replace(
        row,
        group_by=tuple(map(text, row.group_by)),
        group=_mapping(row.group, text),
        split=_mapping(row.split, text),
        by_wave=tuple(replace(point, wave=text(point.wave)) for point in row.by_wave),
        servqual=None
        if row.servqual is None
        else replace(
            row.servqual,
            by_wave=tuple(replace(point, wave=text(point.wave)) for point in row.servqual.by_wave),
        ),
    )


def _nps(nps: NpsRow, text: Text) -> NpsRow:
    return replace(nps, item=text(nps.item), row=_row(nps.row, text))


def _exclusion(exclusion: Exclusion, text: Text) -> Exclusion:
    return replace(exclusion, item=text(exclusion.item))


def _mapping(values: Mapping[str, str], text: Text) -> dict[str, str]:
    return {text(key): text(value) for key, value in values.items()}
