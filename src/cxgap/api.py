"""The Python API for notebooks: the same reports the CLI renders, as objects.

    >>> import cxgap
    >>> result = cxgap.analyze("sample_data/survey.xlsx", by=["touchpoint"])
    >>> result.headline.gap_pp        # the GapRow of all items
    >>> result.to_pandas()            # one line per row, the JSON's fields as columns
    >>> result.save("deck.pptx")      # any format the CLI writes, chosen by the extension

``analyze`` takes a workbook or a folder (SPEC section 1) as ``path``; the options are the
CLI's, as keywords, with the CLI's defaults, parsed and checked by the same code
(:mod:`cxgap.inputs`) without the CLI itself: typer and the commands are never imported. Bad
input raises :class:`cxgap.errors.CxgapError` (its message names the file, sheet, cell and the
fix), exactly where the CLI exits 2. The heavy modules (numpy, pandas, the loaders) are
imported when a function runs, not by ``import cxgap``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cxgap import inputs
from cxgap.errors import UsageError
from cxgap.inputs import INPUT_OPTIONS, ReadArgs, input_files, kept_columns, source, wave_label
from cxgap.model import Settings
from cxgap.report import GapRow, Report, TrendReport, TrendRow

if TYPE_CHECKING:
    import pandas as pd

PathLike = str | os.PathLike[str]
Names = str | Sequence[str] | None


class Analysis:
    """What :func:`analyze` returns: the :class:`~cxgap.report.Report` the CLI renders."""

    def __init__(self, report: Report, inputs: tuple[Path, ...]) -> None:
        self.report = report
        self._inputs = inputs

    @property
    def headline(self) -> GapRow:
        """The group of all items in both samples."""
        return self.report.headline

    @property
    def rows(self) -> tuple[GapRow, ...]:
        """Every level's rows (and every split part's), each level ranked by its gap."""
        return self.report.rows

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.report.warnings

    def to_json(self) -> str:
        """The JSON of ``cxgap analyze --format json``, byte for byte."""
        from cxgap.render import json

        return json.render(self.report)

    def to_pandas(self) -> pd.DataFrame:
        """The rows (not the headline) as a DataFrame: one line per row, the JSON's fields as
        columns, flattened as the CSV is (``group.touchpoint``, ``gap_ci_low_pp``, ...)."""
        return _frame(self.report)

    def save(self, path: PathLike, format: str | None = None) -> Path:
        """Write the report as the CLI's ``-o`` does (atomically, never over an input); the
        format follows the extension unless ``format`` names one. Returns the path."""
        return _save(self.report, Path(path), format, self._inputs)

    def __repr__(self) -> str:
        head = self.headline
        return (
            f"<cxgap.Analysis {self.report.path}: company {_n(head.company.pct)}% vs customers "
            f"{_n(head.customers.pct)}%, gap {_n(head.gap_pp)} pp, {len(self.rows)} rows>"
        )


class TrendAnalysis:
    """What :func:`trend` returns: the :class:`~cxgap.report.TrendReport` the CLI renders."""

    def __init__(self, report: TrendReport, inputs: tuple[Path, ...]) -> None:
        self.report = report
        self._inputs = inputs

    @property
    def headline(self) -> TrendRow:
        """The change of the all-items gap."""
        return self.report.headline

    @property
    def rows(self) -> tuple[TrendRow, ...]:
        return self.report.rows

    @property
    def waves(self) -> tuple[str, ...]:
        return self.report.waves

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.report.warnings

    def to_json(self) -> str:
        """The JSON of ``cxgap trend --format json``, byte for byte."""
        from cxgap.render import json

        return json.render_trend(self.report)

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a DataFrame, as the CSV flattens them: each wave's fields as
        ``<wave>.gap_pp`` and so on, then the change."""
        return _frame(self.report)

    def save(self, path: PathLike, format: str | None = None) -> Path:
        """Write the report as the CLI's ``-o`` does; see :meth:`Analysis.save`."""
        return _save(self.report, Path(path), format, self._inputs)

    def __repr__(self) -> str:
        return (
            f"<cxgap.TrendAnalysis {' -> '.join(self.waves)}: change "
            f"{_n(self.headline.change_pp)} pp ({self.headline.direction}), {len(self.rows)} rows>"
        )


def analyze(
    path: PathLike | None = None,
    *,
    items: PathLike | None = None,
    company: PathLike | None = None,
    customers: PathLike | None = None,
    by: Names = None,
    split: Names = None,
    top: int = Settings.top,
    confidence: float = Settings.confidence,
    alpha: float = Settings.alpha,
    min_base: int = Settings.min_base,
    weights: bool = Settings.weighted,
    metric: Literal["topbox", "mean"] = Settings.metric,
    outcome: str | None = Settings.outcome,
    rank_by: Literal["gap", "priority"] = Settings.rank_by,
    consistency: str | None = Settings.consistency,
    missing: str | Sequence[float] | None = None,
    on_invalid: Literal["error", "exclude"] = ReadArgs.on_invalid,
    items_sheet: str = ReadArgs.items_sheet,
    company_sheet: str = ReadArgs.company_sheet,
    customers_sheet: str = ReadArgs.customers_sheet,
    encoding: str = ReadArgs.encoding,
    max_unpacked_mb: float = ReadArgs.max_unpacked_mb,
    max_ratio: float = ReadArgs.max_ratio,
    non_answers: str | Sequence[str] | None = None,
    weight: str = ReadArgs.weight,
    keep_partial: bool = ReadArgs.keep_partial,
    engine: Literal["local", "spark"] = ReadArgs.engine,
    spark_master: str | None = ReadArgs.spark_master,
) -> Analysis:
    """``cxgap analyze PATH`` as a function: the delivery gap of the survey at ``path``, or of
    its three parts (``items``, ``company``, ``customers``: a codebook and two platform
    exports or tables, as ``--items``/``--company``/``--customers``).

    ``by`` names levels as ``--by`` does (``"touchpoint"``, ``"touchpoint+category"``, or a
    list of them), ``split`` respondent attributes as ``--split``; ``metric="mean"`` and
    ``outcome="q25"`` are ``--metric`` and ``--outcome``; ``weights=False`` is
    ``--no-weights``; ``consistency="channel"`` is ``--consistency channel`` (SPEC 9). The
    input options, ``missing`` to ``spark_master``, are the CLI's (the fields of
    :class:`cxgap.inputs.ReadArgs`): ``missing`` is ``--missing`` (``"-99;99"`` or a list of
    numbers), ``non_answers`` is ``--non-answers`` (a text or a list of texts).
    """
    from cxgap.load import load_survey
    from cxgap.stats import analyze as run_analysis

    given = source(
        *(None if p is None else Path(p) for p in (path, items)),
        *(None if p is None else os.fspath(p) for p in (company, customers)),  # URIs too
    )
    read = _read_args(locals())
    settings = inputs.settings(
        top=top,
        confidence=confidence,
        alpha=alpha,
        min_base=min_base,
        weighted=weights,
        by=_names(by),
        split=_names(split),
        metric=metric,
        outcome=outcome,
        rank_by=rank_by,
        consistency=consistency,
    )
    options = read.load_options(keep_columns=kept_columns(_names(split), consistency))
    report = run_analysis(load_survey(given, options), settings)
    return Analysis(report, input_files(given))


def trend(
    paths: Sequence[PathLike] | PathLike,
    *,
    baseline: Literal["previous", "first"] = "previous",
    by: Names = None,
    split: Names = None,
    top: int = Settings.top,
    confidence: float = Settings.confidence,
    alpha: float = Settings.alpha,
    min_base: int = Settings.min_base,
    weights: bool = Settings.weighted,
    metric: Literal["topbox", "mean"] = Settings.metric,
    outcome: str | None = Settings.outcome,
    consistency: str | None = Settings.consistency,
    missing: str | Sequence[float] | None = None,
    on_invalid: Literal["error", "exclude"] = ReadArgs.on_invalid,
    items_sheet: str = ReadArgs.items_sheet,
    company_sheet: str = ReadArgs.company_sheet,
    customers_sheet: str = ReadArgs.customers_sheet,
    encoding: str = ReadArgs.encoding,
    max_unpacked_mb: float = ReadArgs.max_unpacked_mb,
    max_ratio: float = ReadArgs.max_ratio,
    non_answers: str | Sequence[str] | None = None,
    weight: str = ReadArgs.weight,
    keep_partial: bool = ReadArgs.keep_partial,
    engine: Literal["local", "spark"] = ReadArgs.engine,
    spark_master: str | None = ReadArgs.spark_master,
) -> TrendAnalysis:
    """``cxgap trend PATH ...`` as a function: one input per wave, oldest first (or one input
    whose samples carry a ``wave`` column). Options as :func:`analyze` but ``rank_by`` (trend
    rows rank by the change of their gap), plus ``baseline``."""
    from cxgap.load import load_survey
    from cxgap.stats import trend as run_trend

    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # one input holding several waves
    sources = tuple(Path(p) for p in paths)
    if not sources:
        raise UsageError("trend needs at least one input", hint="pass a list of paths")
    read = _read_args(locals())
    settings = inputs.settings(
        top=top,
        confidence=confidence,
        alpha=alpha,
        min_base=min_base,
        weighted=weights,
        by=_names(by),
        split=_names(split),
        metric=metric,
        outcome=outcome,
        consistency=consistency,
    )
    options = read.load_options(keep_columns=kept_columns(_names(split), consistency))
    waves = [(wave_label(source), load_survey(source, options)) for source in sources]
    return TrendAnalysis(run_trend(waves, settings, baseline), sources)


def _read_args(given: dict[str, object]) -> ReadArgs:
    """The input options among the arguments of :func:`analyze` or :func:`trend` (``given``
    is its ``locals()``; each takes every field of :class:`ReadArgs` as a keyword of the same
    name, which tests/test_inputs.py checks), gathered as the CLI gathers them."""
    values = {name: given[name] for name in INPUT_OPTIONS}
    for name in ("missing", "non_answers"):  # one text, or a sequence of texts (or numbers)
        value = values[name]
        if isinstance(value, str):
            values[name] = (value,)
        else:
            values[name] = tuple(str(v) for v in value or ())  # type: ignore[attr-defined]
    return ReadArgs(**values)  # type: ignore[arg-type]


def _names(value: Names) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def _n(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _frame(report: Report | TrendReport) -> pd.DataFrame:
    import pandas as pd

    from cxgap.render.csv import flat_rows

    columns, rows = flat_rows(report)
    frame = pd.DataFrame.from_records(rows[1:], columns=columns)  # rows[0] is the headline
    gaps = frame[frame["group_by"] != "nps"]  # the CSV's NPS lines: .nps, as in the JSON
    return gaps.reset_index(drop=True)


def _save(
    report: Report | TrendReport, target: Path, fmt: str | None, inputs: tuple[Path, ...]
) -> Path:
    from cxgap.render.emit import choose_format, render, write_atomic

    data = render(report, choose_format(fmt, target))
    write_atomic(target, data if isinstance(data, bytes) else data.encode("utf-8"), inputs)
    return target
