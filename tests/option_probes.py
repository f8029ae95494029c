"""The writers and probes of the load options' table (:mod:`option_matrix`, issue 19.3): one
writer per input kind and one probe per option. A probe writes the survey with what its
option acts on (a ``-99`` cell, a Latin-1 text, a padded archive, ...), then loads it with and
without the option and asserts both sides, so that no probe passes whatever its option does.
Run by test_load_options.py (plain inputs) and test_load_options_exports.py (exports); the
Spark column by tests_spark/test_spark_options.py.
"""

from __future__ import annotations

import csv
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cxgap.errors import CxgapError
from cxgap.load import load_survey
from cxgap.model import LoadOptions, Parts, Survey
from load_builders import ods

Table = list[list[Any]]
ITEMS: Table = [["item", "touchpoint", "category"], ["q1", "store", "x"], ["q2", "web", "y"]]
COMPANY: Table = [["respondent_id", "q1", "q2"]] + [[f"S{i}", 5, 4 + i % 2] for i in range(6)]
N = 8


def customers(**columns: list[Any]) -> Table:
    """The customers: ids, a region and two items, with ``columns`` added or replaced."""
    data: dict[str, list[Any]] = {
        "respondent_id": [f"C{i}" for i in range(N)],
        "region": ["north", "south"] * (N // 2),
        "q1": [1 + i % 5 for i in range(N)],
        "q2": [2 + i % 3 for i in range(N)],
    } | columns
    return [list(data), *map(list, zip(*data.values(), strict=True))]


def _csv(path: Path, rows: Table, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def _xlsx(path: Path, sheets: dict[str, Table]) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


def _parquet(path: Path, rows: Table) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(zip(*rows[1:], strict=True))
    pq.write_table(
        pa.table([pa.array([None if v is None else str(v) for v in c]) for c in columns], rows[0]),
        path,
    )
    return path


def _spss(path: Path, rows: Table) -> Path:
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(rows[1:], columns=rows[0])
    if path.suffix == ".dta":
        pyreadstat.write_dta(frame, str(path))
    else:
        pyreadstat.write_sav(frame, str(path), compress=path.suffix == ".zsav")
    return path


def _qualtrics(rows: Table) -> Table:
    """``rows`` under Qualtrics' three header rows (``respondent_id`` as ``ResponseId``)."""
    ids = ["ResponseId" if h == "respondent_id" else h for h in rows[0]]
    return [ids, [f"Question {h}" for h in ids], [f'{{"ImportId":"{h}"}}' for h in ids], *rows[1:]]


def _surveymonkey(rows: Table) -> Table:
    ids = ["Respondent ID" if h == "respondent_id" else h for h in rows[0]]
    return [ids, ["" if h == "Respondent ID" else "Response" for h in ids], *rows[1:]]


def _google(rows: Table) -> Table:
    return [["Timestamp", *rows[0][1:]], *[["2026/01/01 10:00:00", *row[1:]] for row in rows[1:]]]


def write(kind: str, root: Path, rows: Table, *, encoding: str = "utf-8") -> Path | Parts:
    """The survey as ``kind``, its customers being ``rows``; ``encoding``: of its text files."""
    root.mkdir(parents=True, exist_ok=True)
    tables = {"items": ITEMS, "company": COMPANY, "customers": rows}
    if kind == "workbook":
        return _xlsx(root / "survey.xlsx", tables)
    if kind == "ods":
        return ods(root / "survey.ods", tables)
    if kind.startswith("folder_"):
        suffix = kind.removeprefix("folder_")
        for name, table in tables.items():
            if suffix == "csv":
                _csv(root / f"{name}.csv", table, encoding)
            elif suffix == "xlsx":
                _xlsx(root / f"{name}.xlsx", {name: table})
            else:
                _parquet(root / f"{name}.parquet", table)
        return root
    items, company = _csv(root / "items.csv", ITEMS), _csv(root / "company.csv", COMPANY)
    if kind == "parts":
        sample = _xlsx(root / "customers.xlsx", {"customers": rows})
    elif kind in ("parts_stream", "spark"):
        sample = root / "customers"
        sample.mkdir()
        _csv(sample / "part-0.csv", rows[:5], encoding)
        _csv(sample / "part-1.csv", [rows[0], *rows[5:]], encoding)
    elif kind in ("qualtrics_csv", "qualtrics_tsv"):
        tab = kind.endswith("tsv")
        name = "customers.tsv" if tab else "customers.csv"
        sample = _csv(root / name, _qualtrics(rows), encoding, "\t" if tab else ",")
    elif kind == "qualtrics_xlsx":
        sample = _xlsx(root / "customers.xlsx", {"Sheet0": _qualtrics(rows)})
    elif kind == "surveymonkey_csv":
        sample = _csv(root / "customers.csv", _surveymonkey(rows), encoding)
    elif kind == "surveymonkey_xlsx":
        sample = _xlsx(root / "customers.xlsx", {"Sheet": _surveymonkey(rows)})
    elif kind == "google_forms":
        sample = _csv(root / "customers.csv", _google(rows), encoding)
    else:
        sample = _spss(root / f"customers.{kind}", rows)
    return Parts(items=items, company=company, customers=sample)


def load(source: Path | Parts, **options: Any) -> Survey:
    return load_survey(source, LoadOptions(**options))


def refusal(source: Path | Parts, **options: Any) -> str:
    with pytest.raises(CxgapError) as info:
        load(source, **options)
    return str(info.value)


def count(survey: Survey, reason: str) -> int:
    return sum(e.count for e in survey.exclusions if e.sample == "customers" and e.reason == reason)


def _first(value: Any, kind: Callable[[int], Any] = int) -> list[Any]:
    """Customers' answers to q1 with the first replaced by ``value`` (all of type ``kind``)."""
    return [value, *(kind(1 + i % 5) for i in range(1, N))]


def _missing(kind: str, root: Path) -> None:
    source = write(kind, root, customers(q1=_first(-99)))
    assert "-99" in refusal(source)
    assert count(load(source, missing=(-99.0,)), "missing_code") == 1


def _on_invalid(kind: str, root: Path) -> None:
    source = write(kind, root, customers(q1=_first(9)))
    assert "9" in refusal(source)
    assert count(load(source, on_invalid="exclude"), "invalid") == 1


def _non_answers(kind: str, root: Path) -> None:
    source = write(kind, root, customers(q1=_first("Meh", str)))
    assert "Meh" in refusal(source)
    assert count(load(source, non_answers=("meh",)), "non_substantive") == 1


def _weight(kind: str, root: Path) -> None:
    source = write(kind, root, customers(w=[1 + i % 2 for i in range(N)]))
    assert not load(source).customers.has_weights
    weighted = load(source, weight="w").customers
    assert weighted.has_weights and "w" not in weighted.attributes
    if weighted.stream is None:  # a sample read in batches holds no rows
        assert sorted(set(weighted.weights.tolist())) == [1.0, 2.0]


def _encoding(kind: str, root: Path) -> None:
    source = write(
        kind, root, customers(region=["Zürich", "Genève"] * (N // 2)), encoding="latin-1"
    )
    assert "utf" in refusal(source).lower()  # not UTF-8 text (or, in batches, not UTF8)
    sample = load(source, encoding="latin-1").customers
    values = (sample.stream.values if sample.stream else sample.attributes)["region"]
    assert set(values) == {"Zürich", "Genève"}, values


def _sheet(role: str) -> Callable[[str, Path], None]:
    def probe(kind: str, root: Path) -> None:
        source = write(kind, root, customers())
        renamed = _renamed(source, role, "Other")
        assert f"'{role}'" in refusal(renamed)
        survey = load(renamed, **{f"{role}_sheet": "Other"})
        assert survey.customers.size == N and survey.company.size == 6

    return probe


def _renamed(source: Path | Parts, role: str, name: str) -> Path:
    """The survey with the ``role`` table (sheet or file) called ``name``."""
    assert isinstance(source, Path)
    if source.is_dir():
        (file,) = source.glob(f"{role}.*")
        return Path(file.rename(file.with_name(f"{name}{file.suffix}")).parent)
    if source.suffix == ".ods":
        tables = {"items": ITEMS, "company": COMPANY, "customers": customers()}
        tables[name] = tables.pop(role)
        return ods(source.with_name(f"renamed{source.suffix}"), tables)
    tables = {"items": ITEMS, "company": COMPANY, "customers": customers()}
    tables[name] = tables.pop(role)
    return _xlsx(source.with_name("renamed.xlsx"), tables)


def _subject(source: Path | Parts) -> Path:
    """The file the option must reach: the workbook, or the customers' file."""
    if isinstance(source, Parts):
        return source.customers
    if source.is_dir():
        (file,) = source.glob("customers.*")
        return file
    return source


def _max_unpacked_mb(kind: str, root: Path) -> None:
    source = write(kind, root, customers())
    message = refusal(source, max_unpacked_mb=1e-6)
    assert "--max-unpacked-mb" in message
    assert str(_subject(source)) in message or kind.startswith("folder_"), message
    assert load(source).customers.size == N


PAD = random.Random(19).randbytes(2 << 20).translate(b"ab" * 128)
"""2 MiB of a random choice of two letters: it packs about 8-fold (within the default ratio
cap of 100, not within 4)."""


def _pad(archive: Path) -> None:
    """Add :data:`PAD` to the archive as a member of its own."""
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("docProps/pad.bin", PAD)


def _big(n: int = 60_000) -> Table:
    """Customers enough for 1.4 MiB of SPSS data, which zlib packs about 9-fold."""
    rng = random.Random(19)
    scores = {f"q{k}": [rng.randint(1, 5) for _ in range(n)] for k in (1, 2)}
    return customers(respondent_id=[f"C{i}" for i in range(n)], region=["north"] * n, **scores)


def _max_ratio(kind: str, root: Path) -> None:
    if kind == "zsav":  # zlib blocks, 1.4 MiB unpacked
        source, n, packed = write(kind, root, _big()), 60_000, "its data"
    else:  # a workbook, with a member added
        source, n, packed = write(kind, root, customers()), N, "pad.bin"
        _pad(_subject(source))
    message = refusal(source, max_ratio=4)
    assert "--max-ratio" in message and packed in message, message
    assert str(_subject(source)) in message, message
    assert load(source).customers.size == n


def _reader(kind: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cxgap.load._parquet as parquet
    import cxgap.load._sheets as sheets
    import cxgap.load._tables as tables

    fast: list[str] = []
    spied = ((sheets, "_open_fast"), (parquet, "column_cells"), (tables, "column_cells"))
    for module, name in spied:
        original = getattr(module, name)

        def spy(*args: Any, _original: Any = original, _name: str = name, **kw: Any) -> Any:
            fast.append(_name)
            return _original(*args, **kw)

        monkeypatch.setattr(module, name, spy)
    source = write(kind, root, customers())
    exact = load(source, reader="exact")
    assert not fast
    assert load(source).customers.size == exact.customers.size == N and fast


def _keep_partial(kind: str, root: Path) -> None:
    source = write(kind, root, customers(Finished=[0, *[1] * (N - 1)]))
    assert load(source).customers.size == N - 1
    assert load(source, keep_partial=True).customers.size == N


def _keep_columns(kind: str, root: Path) -> None:
    source = write(kind, root, customers(UserLanguage=["EN", "DE"] * (N // 2)))
    assert "UserLanguage" not in load(source).customers.attributes
    kept = load(source, keep_columns=("UserLanguage",)).customers.attributes
    assert set(kept["UserLanguage"]) == {"EN", "DE"}


def _progress(kind: str, root: Path) -> None:
    source = write(kind, root, customers())
    told: list[str] = []
    load(source, progress=lambda what, done, total: told.append(what))
    assert any("customers" in what for what in told), told


def _stream_above_mb(kind: str, root: Path) -> None:
    source = write(kind, root, customers())
    assert load(source).customers.stream is None
    streamed = load(source, stream_above_mb=1e-9).customers
    assert streamed.stream is not None and streamed.size == N


def _batch_rows(kind: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cxgap.load._stream as stream

    batches: list[int] = []
    original = stream.parse_sample

    def spy(name: Any, table: Any, *args: Any) -> Any:
        batches.append(table.n_rows)
        return original(name, table, *args)

    monkeypatch.setattr(stream, "parse_sample", spy)
    source = write(kind, root, customers())
    load(source)
    assert batches == [4, 4]  # one batch per part
    batches.clear()
    load(source, batch_rows=3)
    assert batches == [3, 1, 3, 1]


PLAIN_TO_SPARK = ("folder_csv", "folder_parquet", "parts_stream")
"""The kinds whose customers are a plain CSV or Parquet table: Spark sums them."""


def _engine(kind: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which samples ``--engine spark`` hands to Spark's pass (watched here, without starting
    Spark: tests_spark and tests_cluster run the pass itself)."""
    import cxgap.load._spark_pass as spark_pass
    from cxgap.load._stream import stream_sample

    sent: list[str] = []

    def spark_sample(name: Any, parts: Any, codebook: Any, options: Any, rows: int) -> Any:
        sent.append(name)
        return stream_sample(name, parts, codebook, options, rows)

    monkeypatch.setattr(spark_pass, "spark_sample", spark_sample)
    source = write(kind, root, customers())
    load(source, engine="local")
    assert sent == []
    spark = load(source, engine="spark")
    assert ("customers" in sent) == (kind in PLAIN_TO_SPARK)
    read_here = any("both samples were read here" in w for w in spark.warnings)
    assert read_here == (not sent)
    assert spark.customers.size == N


PROBES: dict[str, Callable[..., None]] = {
    "items_sheet": _sheet("items"),
    "company_sheet": _sheet("company"),
    "customers_sheet": _sheet("customers"),
    "missing": _missing,
    "on_invalid": _on_invalid,
    "non_answers": _non_answers,
    "weight": _weight,
    "encoding": _encoding,
    "max_unpacked_mb": _max_unpacked_mb,
    "max_ratio": _max_ratio,
    "reader": _reader,
    "keep_partial": _keep_partial,
    "keep_columns": _keep_columns,
    "progress": _progress,
    "stream_above_mb": _stream_above_mb,
    "batch_rows": _batch_rows,
    "engine": _engine,
}
SPIES = {"reader", "batch_rows", "engine"}
"""Probes that watch which reader or engine runs (they take ``monkeypatch``)."""


def run(option: str, kind: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The probe of ``option`` on ``kind``."""
    if option in SPIES:
        PROBES[option](kind, root, monkeypatch)
    else:
        PROBES[option](kind, root)
