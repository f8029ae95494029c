"""Which load option applies to which input kind: the one table that the option tests run
(issue 19.3). Every field of :class:`~cxgap.model.LoadOptions` has a row, and every row names
every input kind, either as one the option applies to (a probe then proves that the option
changes what is read there) or with the reason it does not. A new option, or a new input kind,
fails :func:`check_complete` until its row or column is written.

The kinds: the survey as a workbook (``.xlsx``, ``.ods``); as a folder of ``.csv``,
``.xlsx`` or ``.parquet`` tables; as parts (``--items``/``--company``/``--customers``) with the
customers as a plain ``.xlsx`` table, or as a folder of CSV parts read in batches; the customers
as each platform's export; and the Spark engine (CSV parts summed on Spark, run by
``tests_spark``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from cxgap.model import LoadOptions

KINDS = (
    "workbook",
    "ods",
    "folder_csv",
    "folder_xlsx",
    "folder_parquet",
    "parts",
    "parts_stream",
    "qualtrics_csv",
    "qualtrics_tsv",
    "qualtrics_xlsx",
    "surveymonkey_csv",
    "surveymonkey_xlsx",
    "google_forms",
    "sav",
    "zsav",
    "dta",
    "spark",
)
EXPORTS = (
    "qualtrics_csv",
    "qualtrics_tsv",
    "qualtrics_xlsx",
    "surveymonkey_csv",
    "surveymonkey_xlsx",
    "google_forms",
    "sav",
    "zsav",
    "dta",
)
SPSS = ("sav", "zsav", "dta")
ZIPPED = ("workbook", "ods", "folder_xlsx", "parts", "qualtrics_xlsx", "surveymonkey_xlsx")
"""The kinds whose sample (or survey) is a zip-based workbook."""
TEXT = (
    "folder_csv",
    "parts_stream",
    "qualtrics_csv",
    "qualtrics_tsv",
    "surveymonkey_csv",
    "google_forms",
    "spark",
)
"""The kinds whose customers' file is text (CSV or TSV)."""
NOT_SPARK = tuple(k for k in KINDS if k != "spark")
SHEETS = ("workbook", "ods", "folder_csv", "folder_xlsx", "folder_parquet")
"""The kinds whose tables are found by name (a sheet, or a file in a folder)."""


@dataclass(frozen=True)
class Row:
    """The kinds an option applies to, and for each other kind why it does not."""

    applies: tuple[str, ...]
    not_there: dict[str, tuple[str, ...]]

    def reason(self, kind: str) -> str | None:
        return next((why for why, kinds in self.not_there.items() if kind in kinds), None)


def _but(*kinds: str) -> tuple[str, ...]:
    return tuple(k for k in KINDS if k not in kinds)


NAMED_BY_OPTION = "a file given with --items/--company/--customers, or an export, is named there"
SHEET_ROW = Row(SHEETS, {NAMED_BY_OPTION: _but(*SHEETS)})
TABLE: dict[str, Row] = {
    "items_sheet": SHEET_ROW,
    "company_sheet": SHEET_ROW,
    "customers_sheet": SHEET_ROW,
    "missing": Row(KINDS, {}),
    "on_invalid": Row(KINDS, {}),
    "non_answers": Row(KINDS, {}),
    "weight": Row(KINDS, {}),
    "encoding": Row(
        TEXT,
        {
            "a workbook's XML declares its encoding": ZIPPED,
            "Parquet text is UTF-8 by definition": ("folder_parquet",),
            "an SPSS or Stata file records its own encoding": SPSS,
        },
    ),
    "max_unpacked_mb": Row(
        (*ZIPPED, "folder_parquet", "sav", "zsav"),
        {
            "a CSV is read as it is, not unpacked": (
                "folder_csv",
                "qualtrics_csv",
                "qualtrics_tsv",
                "surveymonkey_csv",
                "google_forms",
            ),
            "parts are read in batches: memory is set by the batch (SPEC 8)": (
                "parts_stream",
                "spark",
            ),
            "a Stata file is never compressed: its size is its data's": ("dta",),
        },
    ),
    "max_ratio": Row(
        (*ZIPPED, "zsav"),
        {
            "nothing is packed": (*TEXT, "dta"),
            "a .sav's bytecodes pack at most 8-fold": ("sav",),
            "a Parquet file is not a zip: its unpacked size faces --max-unpacked-mb": (
                "folder_parquet",
            ),
        },
    ),
    "reader": Row(
        ("workbook", "folder_xlsx", "folder_parquet"),
        {
            "an .ods is always read cell by cell": ("ods",),
            "CSV cells are text whichever reader reads them": ("folder_csv",),
            "an export (a plain .xlsx sample among them) is always read cell by cell": (
                *EXPORTS,
                "parts",
            ),
            "parts are read in Arrow batches": ("parts_stream", "spark"),
        },
    ),
    "keep_partial": Row(
        ("qualtrics_csv", "qualtrics_tsv", "qualtrics_xlsx", *SPSS),
        {
            "no column marks a response unfinished: every row is kept": (
                "workbook",
                "ods",
                "folder_csv",
                "folder_xlsx",
                "folder_parquet",
                "parts",
                "parts_stream",
                "surveymonkey_csv",
                "surveymonkey_xlsx",
                "google_forms",
                "spark",
            ),
        },
    ),
    "keep_columns": Row(
        (*EXPORTS, "parts"),
        {
            "every column of a sample table is kept as an attribute": (
                "workbook",
                "ods",
                "folder_csv",
                "folder_xlsx",
                "folder_parquet",
                "parts_stream",
                "spark",
            ),
        },
    ),
    "progress": Row(KINDS, {}),
    "stream_above_mb": Row(
        ("folder_parquet",),
        {
            "only a sample's Parquet file is streamed for its size": _but(
                "folder_parquet", "parts_stream", "spark"
            ),
            "parts are always read in batches": ("parts_stream", "spark"),
        },
    ),
    "batch_rows": Row(
        ("parts_stream", "spark"),
        {"read whole: no batches": _but("parts_stream", "spark")},
    ),
    "engine": Row(KINDS, {}),
    "spark_master": Row(
        ("spark",),
        {"only --engine spark starts Spark": NOT_SPARK},
    ),
}


def check_complete() -> list[str]:
    """What the table misses: an option without a row, a kind a row does not name (or names
    twice), a kind named that is not one."""
    problems = [
        f"LoadOptions.{f.name} has no row" for f in fields(LoadOptions) if f.name not in TABLE
    ]
    problems += [f"{name} is not a LoadOptions field" for name in TABLE if name not in LOADED]
    for name, row in TABLE.items():
        named = [*row.applies, *(k for kinds in row.not_there.values() for k in kinds)]
        for kind in KINDS:
            if named.count(kind) != 1:
                problems.append(f"{name}: {kind} named {named.count(kind)} times, not once")
        problems += [f"{name}: {k} is not an input kind" for k in set(named) - set(KINDS)]
    return problems


LOADED = {f.name for f in fields(LoadOptions)}


def cells(spark: bool) -> list[tuple[str, str]]:
    """The (option, kind) pairs a probe runs: the Spark column, or every other."""
    return [
        (name, kind)
        for name, row in TABLE.items()
        for kind in row.applies
        if (kind == "spark") == spark
    ]
