"""Raw tables -> a validated :class:`~cxgap.model.Survey`: the codebook (:mod:`._codebook`),
both respondent tables (SPEC section 1.2: ids, weights, attributes, item columns classified
by :mod:`._classify`), and the refusal of invalid cells in one message naming them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cxgap._scores import ScoreColumn, Scores
from cxgap.errors import InputError, Where
from cxgap.load._batches import without_empty_rows
from cxgap.load._classify import (
    INVALID,
    REASON_NAMES,
    VALID,
    Answers,
    Classified,
    classify,
    show_value,
)
from cxgap.load._codebook import parse_codebook
from cxgap.load._raw import RawTable, header_key, shown_names
from cxgap.load._respondents import respondent_ids, weights_of
from cxgap.load._waves import WaveRows
from cxgap.model import WAVE, Codebook, Exclusion, LoadOptions, Sample, SampleName, Survey

SPECIAL = ("respondent_id", "weight")
SampleParser = Callable[[SampleName, Any, Codebook, LoadOptions], "ParsedSample"]
SHOWN_INVALID = 10
BESIDE_ROWS = 50_000
"""From this many rows on, a sample's ids are checked in a thread while its items classify."""


@dataclass(frozen=True)
class InvalidCell:
    """An item cell that is not an answer nor a counted exclusion, for the error message."""

    sample: str
    where: str
    value: object
    why: str
    order: tuple[int, int]


@dataclass(frozen=True, eq=False)
class ParsedSample:
    """A validated sample, its exclusion counts, its invalid cells (up to 10 per item column,
    and their total) and ``cells``: rows x item columns, every one a valid answer or counted."""

    sample: Sample
    exclusions: tuple[Exclusion, ...]
    invalid: tuple[InvalidCell, ...]
    invalid_total: int
    cells: int
    empty_rows: tuple[int, ...]
    rescaled: bool = False
    """Whether the weights were extreme and so rescaled by a power of two
    (:func:`._respondents.weights_of`)."""
    by_wave: Mapping[str, tuple[Exclusion, ...]] = field(default_factory=dict)
    """With a ``wave`` column, each wave's ``exclusions``."""
    part_digests: tuple[tuple[str, str], ...] | None = None
    """Each part's name and sha256, where the engine hashed the parts as it read them (Spark's
    first pass, :mod:`._spark_pass`)."""


Digest = str | Callable[[Mapping[str, ParsedSample]], str]
"""The input's sha256, or how to work it out from the parsed samples (by role) once they are
parsed (parts that Spark hashed in its first pass: :attr:`ParsedSample.part_digests`)."""


def build_survey(
    display: str,
    digest: Digest,
    tables: Mapping[str, Any],
    options: LoadOptions,
    warnings: tuple[str, ...] = (),
    parse: SampleParser | None = None,
) -> Survey:
    """Parse the codebook and both samples (with ``parse``: a sample's table may be parts,
    read in batches); refuse invalid cells unless told to exclude them."""
    codebook = parse_codebook(tables["items"])
    parse = parse or parse_sample
    company = parse("company", tables["company"], codebook, options)
    customers = parse("customers", tables["customers"], codebook, options)
    if options.on_invalid != "exclude":
        _refuse_invalid(display, (company, customers))
    if not isinstance(digest, str):
        digest = digest({"company": company, "customers": customers})
    return Survey(
        path=display,
        sha256=digest,
        codebook=codebook,
        company=company.sample,
        customers=customers.sample,
        exclusions=company.exclusions + customers.exclusions,
        warnings=(
            *warnings,
            *(note for t in tables.values() if isinstance(t, RawTable) for note in t.notes),
            *_warnings(codebook, company, customers),
        ),
        cells={"company": company.cells, "customers": customers.cells},
        wave_exclusions={
            wave: company.by_wave.get(wave, ()) + customers.by_wave.get(wave, ())
            for wave in sorted({*company.by_wave, *customers.by_wave})
        },
    )


def _refuse_invalid(display: str, parsed: tuple[ParsedSample, ...]) -> None:
    """One error listing the first invalid cells (in sheet order) and how many there are."""
    total = sum(p.invalid_total for p in parsed)
    if not total:
        return
    cells = sorted((cell for p in parsed for cell in p.invalid), key=lambda c: (c.sample, c.order))
    shown = cells[:SHOWN_INVALID]
    listed = "; ".join(f"{c.where} = {show_value(c.value)}: {c.why}" for c in shown)
    more = f" (the first {len(shown)} of {total})" if total > len(shown) else ""
    raise InputError(
        f"{total} cell{'s' if total > 1 else ''} cannot be read as answers{more}: {listed}",
        where=Where(display),
        hint="fix the cells, add the codes to missing_codes or --missing, "
        "or pass --on-invalid exclude to count them as excluded",
    )


def _warnings(codebook: Codebook, company: ParsedSample, customers: ParsedSample) -> list[str]:
    warnings: list[str] = []
    for i, item in enumerate(codebook.items):
        in_company, in_customers = company.sample.present[i], customers.sample.present[i]
        if in_company != in_customers:
            has, lacks = ("company", "customers") if in_company else ("customers", "company")
            warnings.append(
                f"item {item.id} is only in the {has} sheet: shown one-sided, no gap "
                f"(add a {item.id} column to {lacks} to compare)"
            )
        elif not in_company:
            warnings.append(f"item {item.id} is in the codebook but in neither sample")
    for sample in (company, customers):
        if sample.empty_rows:
            rows = ", ".join(map(str, sample.empty_rows[:10]))
            warnings.append(
                f"{sample.sample.source}: {len(sample.empty_rows)} empty row(s) skipped "
                f"(rows {rows}{', ...' if len(sample.empty_rows) > 10 else ''})"
            )
    return warnings


def parse_sample(
    name: SampleName, table: RawTable, codebook: Codebook, options: LoadOptions
) -> ParsedSample:
    """Validate ids and weights, match item columns to the codebook and classify every cell."""
    table, empty_rows = _drop_empty_rows(table)
    if table.n_rows == 0:
        raise InputError(
            "the sheet has a header but no respondents",
            where=table.where(),
            hint=f"add one row per respondent to the {name} sheet",
        )
    columns = _Columns.of(table, codebook, name, options.weight)
    id_column = columns.specials.get("respondent_id")
    if table.n_rows < BESIDE_ROWS:
        ids = respondent_ids(table, id_column)
        items = _Items.of(name, table, codebook, columns, options)
    else:
        with ThreadPoolExecutor(max_workers=1) as beside:  # ids checked while items classify
            checked = beside.submit(respondent_ids, table, id_column)
            items = _Items.of(name, table, codebook, columns, options)
            ids = checked.result()
    weights, rescaled = weights_of(table, columns.specials.get("weight"))
    n_items = len(codebook.items)
    sample = Sample(
        name=name,
        source=f"{table.file}!{table.sheet}" if table.sheet else table.file,
        respondent_ids=ids,
        weights=weights if weights is not None else np.ones(table.n_rows),
        has_weights=weights is not None,
        attributes=columns.attributes,
        present=tuple(i in columns.items for i in range(n_items)),
        scores=Scores(table.n_rows, tuple(items.scores)),
    )
    cells = table.n_rows * len(columns.items)
    return ParsedSample(
        sample,
        tuple(items.exclusions),
        tuple(items.invalid),
        items.invalid_total,
        cells,
        empty_rows,
        rescaled,
        {wave: tuple(found) for wave, found in items.by_wave.items()},
    )


@dataclass
class _Items:
    """Every item column of a sample classified (SPEC 1.3): scores, exclusions, invalid cells."""

    scores: list[ScoreColumn]
    exclusions: list[Exclusion]
    invalid: list[InvalidCell]
    invalid_total: int = 0
    by_wave: dict[str, list[Exclusion]] = field(default_factory=dict)
    """With a ``wave`` column, each wave's exclusions."""

    @classmethod
    def of(
        cls,
        name: SampleName,
        table: RawTable,
        codebook: Codebook,
        columns: _Columns,
        options: LoadOptions,
    ) -> _Items:
        found = cls([ScoreColumn.missing(table.n_rows)] * len(codebook.items), [], [])
        waves = WaveRows.of(columns.attributes.get(WAVE))
        for done, (i, j) in enumerate(sorted(columns.items.items())):
            if options.progress is not None:
                options.progress(f"classifying {name}", done, len(columns.items))
            item = codebook.items[i]
            header = table.header[j]
            answers = Answers(
                extra_missing=(*options.missing, *table.missing_codes.get(header, ())),
                value_labels=table.value_labels.get(header, {}),
                non_answers=options.non_answers,
                missing_ranges=table.missing_ranges.get(header, ()),
                missing_texts=table.missing_texts.get(header, ()),
            )
            result = classify(table.columns[j], item, answers)
            column = result.column
            found.scores[i] = ScoreColumn.of(column.values) if column.codes is None else column
            counts = result.counts()
            found.exclusions.extend(_count(name, item.id, counts))
            if waves is not None:
                for wave, among in waves.counts(result, counts).items():
                    found.by_wave.setdefault(wave, []).extend(_count(name, item.id, among))
            found.invalid_total += counts[INVALID]
            found.invalid.extend(_invalid_cells(name, table, j, result))
        return found


@dataclass(frozen=True)
class _Columns:
    """What each column of a respondent table is: an item, ``respondent_id``/``weight``, or an
    attribute (``wave`` and anything else)."""

    items: dict[int, int]
    """Codebook item index -> column position."""
    specials: dict[str, int]
    attributes: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, table: RawTable, codebook: Codebook, sample: SampleName, weight: str) -> _Columns:
        index = {header_key(item.column_in(sample)): i for i, item in enumerate(codebook.items)}
        specials = {"respondent_id": "respondent_id", header_key(weight): "weight"}
        found = cls({}, {}, {})
        for j, header in enumerate(table.header):
            key = header_key(header)
            if key in index and index[key] not in found.items:
                found.items[index[key]] = j
            elif key in specials:
                found.specials[specials[key]] = j
            else:
                name = "wave" if key == "wave" else header
                found.attributes[name] = table.columns[j].labels()
        if not found.items:
            example = codebook.items[0].column_in(sample)
            raise InputError(
                f"no column is a codebook item (columns: {shown_names(table.header)})",
                where=table.where(),
                hint="head each item's column with its id from the items sheet, or name the "
                f"column in the codebook's column (or {sample.rstrip('s')}_column), e.g. "
                f"{example[:40]}",
            )
        return found


def _invalid_cells(name: str, table: RawTable, col: int, result: Classified) -> list[InvalidCell]:
    """The first invalid cells of a column (no message lists more than 10)."""
    return [
        InvalidCell(
            name,
            table.address(row, col),
            table.columns[col][row],
            result.reason_at(row),
            (table.row_number(row), table.col_offset[col]),
        )
        for row in result.invalid_rows()[:10].tolist()
    ]


def _count(sample: str, item: str, counts: dict[int, int]) -> list[Exclusion]:
    return [
        Exclusion(sample=sample, item=item, reason=reason, count=int(counts[code]))
        for code, reason in REASON_NAMES.items()
        if code != VALID and counts[code]
    ]


def _drop_empty_rows(table: RawTable) -> tuple[RawTable, tuple[int, ...]]:
    """Rows with no value in any column are not respondents: skipped, and their rows reported
    (with the rows the reader left out: :attr:`RawTable.left_out`) but for those that only end
    the table."""
    left_out = [row for first, last in table.left_out for row in range(first, last + 1)]
    kept, empties = without_empty_rows(table)
    last = kept.row_number(kept.n_rows - 1) if kept.n_rows else 0
    found = sorted(empties + left_out) if left_out else empties
    return kept, tuple(row for row in found if row < last)
