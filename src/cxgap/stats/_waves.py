"""Surveys -> waves: name each wave, split a survey holding several, keep the common items.

Pure: the command loads the files and passes ``(label, Survey)`` pairs, the label being the
file or folder name that names a wave without a ``wave`` column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from itertools import compress

import numpy as np

from cxgap.errors import InputError, Where
from cxgap.model import WAVE, Codebook, Item, Sample, Stream, Survey


def assemble_waves(
    inputs: Sequence[tuple[str, Survey]],
) -> tuple[list[tuple[str, Survey]], list[str]]:
    """Name the waves (oldest first) and restrict every wave to the items all of them share.

    One input whose samples carry several ``wave`` values is split by wave (sorted as text);
    several inputs are one wave each, named by their single ``wave`` value, else by label.
    """
    if len(inputs) == 1:
        waves, warnings = _split(*inputs[0])
    else:
        waves, warnings = [(_name(label, survey), survey) for label, survey in inputs], []
    names = [name for name, _ in waves]
    if len(waves) < 2:
        raise InputError(
            f"only one wave ({names[0]})",
            where=Where(inputs[0][1].path),
            hint="pass one input per wave, oldest first, or one input whose wave column "
            "holds two or more waves",
        )
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate is not None:
        raise InputError(
            f"wave {duplicate} is given twice",
            where=Where(", ".join(s.path for _, s in waves if _ == duplicate)),
            hint="pass each wave once; name waves by their wave column or file name",
        )
    common, drift = _common_items([survey for _, survey in waves], names)
    return [(name, _restrict(survey, common)) for name, survey in waves], warnings + drift


def _wave_values(survey: Survey) -> set[str]:
    return {v for s in (survey.company, survey.customers) for v in _values(s) if v}


def _values(sample: Sample) -> tuple[str, ...]:
    """The sample's wave values: one per respondent, or each once for a sample given as parts."""
    if sample.stream is not None:
        return sample.stream.values.get(WAVE, ())
    return sample.attributes.get(WAVE, ())


def _name(label: str, survey: Survey) -> str:
    values = _wave_values(survey)
    if len(values) > 1:
        raise InputError(
            f"holds several waves ({', '.join(sorted(values))})",
            where=Where(survey.path, column=WAVE),
            hint="give one input per wave, or pass this file alone to compare its waves",
        )
    return values.pop() if values else label


def _split(label: str, survey: Survey) -> tuple[list[tuple[str, Survey]], list[str]]:
    values = sorted(_wave_values(survey))
    if len(values) < 2:
        return [(values[0] if values else label, survey)], []
    warnings: list[str] = []
    for sample in (survey.company, survey.customers):
        if sample.stream is None and WAVE in sample.attributes:
            blank = sum(1 for v in sample.attributes[WAVE] if not v)
        elif sample.stream is not None and WAVE in sample.stream.values:
            blank = sample.stream.waves[""].size if "" in sample.stream.waves else 0
        else:
            raise InputError(
                f"the {sample.name} sheet has no wave column, so it cannot be split into waves",
                where=Where(survey.path, sample.name, column=WAVE),
                hint="add a wave column to both samples, or pass one input per wave",
            )
        if blank:
            warnings.append(f"{sample.source}: {blank} respondent(s) without a wave left out")
    waves = [(value, _wave_subset(survey, value)) for value in values]
    return waves, warnings


def wave_rows(sample: Sample, wave: str) -> Sample:
    """The rows of an in-memory sample (or batch) whose ``wave`` is ``wave``."""
    keep = np.asarray(sample.attributes[WAVE], dtype=object) == wave
    return replace(
        sample,
        respondent_ids=tuple(compress(sample.respondent_ids, keep)),
        weights=sample.weights[keep],
        attributes={k: tuple(compress(v, keep)) for k, v in sample.attributes.items()},
        scores=sample.scores.take(keep),
    )


def _wave_view(sample: Sample, stream: Stream, wave: str) -> Sample:
    """A sample given as parts seen as one wave: its batches keep that wave's rows (on the
    engine too: Spark's executors filter, and cut the kept rows into the chunks the local
    engine cuts, from each part's count of the wave), its size and values are the first
    pass's counts of that wave (none: no respondents, refused by the caller)."""
    count = stream.waves.get(wave)
    rows = tuple(part.get(wave, 0) for part in stream.part_waves)
    viewed = stream.filtered(partial(wave_rows, wave=wave), rows)
    every = viewed.batches

    def batches() -> Iterator[Sample]:
        return (batch for batch in every() if batch.size)

    values = {} if count is None else count.values
    return replace(
        sample,
        stream=replace(
            viewed,
            batches=batches,
            size=0 if count is None else count.size,
            values={k: tuple(sorted(values.get(k, ()))) for k in stream.values},
            waves={} if count is None else {wave: count},
        ),
    )


def _wave_subset(survey: Survey, wave: str) -> Survey:
    def subset(sample: Sample) -> Sample:
        if sample.stream is None:
            return wave_rows(sample, wave)
        return _wave_view(sample, sample.stream, wave)

    company, customers = subset(survey.company), subset(survey.customers)
    for sample in (company, customers):
        if sample.size == 0:
            raise InputError(
                f"wave {wave} has no {sample.name} respondents",
                where=Where(survey.path, sample.name, column=WAVE),
                hint="every wave needs both staff and customer answers",
            )
    excluded = survey.wave_exclusions.get(wave, ())  # its respondents' cells only
    return replace(survey, company=company, customers=customers, exclusions=excluded)


def _definition(item: Item) -> tuple[object, ...]:
    return (
        item.touchpoint,
        item.category,
        item.stage,
        item.scale_min,
        item.scale_max,
        item.top_box_min,
        item.reverse,
        tuple(sorted(item.groups.items())),
        item.kind,
        item.pair,
    )


def _common_items(surveys: list[Survey], names: list[str]) -> tuple[list[Item], list[str]]:
    """Items in both samples of every wave with the same definition; a warning for the rest."""
    per_wave = []
    for survey in surveys:
        both = zip(survey.company.present, survey.customers.present, strict=True)
        per_wave.append(
            {
                item.id: item
                for item, (c, u) in zip(survey.codebook.items, both, strict=True)
                if u and (c or item.kind == "outcome")  # an outcome is the customers' alone
            }
        )
    last = per_wave[-1]
    common, warnings = [], []
    for item_id in sorted(set().union(*per_wave), key=_order(surveys[-1].codebook)):
        missing = [n for n, items in zip(names, per_wave, strict=True) if item_id not in items]
        if missing:
            warnings.append(
                f"item {item_id} is not compared in every wave (missing in "
                f"{', '.join(missing)}): left out of the trend"
            )
            continue
        definitions = {_definition(items[item_id]) for items in per_wave}
        if len(definitions) > 1:
            warnings.append(
                f"item {item_id} is defined differently across waves (touchpoint, "
                "category, scale, coding or kind): left out of the trend"
            )
            continue
        common.append(last[item_id])
    if not common:
        raise InputError(
            "no item is compared in every wave",
            where=Where(surveys[-1].path),
            hint="the waves must share at least one item",
        )
    return common, warnings


def _order(codebook: Codebook) -> Callable[[str], tuple[int, str]]:
    index = codebook.index()
    return lambda item_id: (index.get(item_id, len(index)), item_id)


def _restrict(survey: Survey, items: list[Item]) -> Survey:
    index = survey.codebook.index()
    columns = [index[item.id] for item in items]
    groupings = survey.codebook.groupings

    def restrict(sample: Sample) -> Sample:
        """The sample (or, given as parts, each of its batches) with only ``items``."""
        return replace(
            sample,
            present=tuple(sample.present[j] for j in columns),
            scores=sample.scores.select(columns),
            stream=None if sample.stream is None else sample.stream.each(restrict),
        )

    return replace(
        survey,
        codebook=Codebook(tuple(items), groupings),
        company=restrict(survey.company),
        customers=restrict(survey.customers),
    )
