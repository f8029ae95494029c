"""Damaged SPSS and Stata files, made in code: good ones written by pyreadstat's writers, then
cut short or with bytes flipped, as a broken download or a bad disk leaves them.

A damaged file is named by its case: ``sav-17.sav`` is case 17 of the ``.sav``, the same bytes
for the same case on every machine (one ``random.Random`` per case, seeded by its name).
"""

from __future__ import annotations

import random
from pathlib import Path

SUFFIXES = (".sav", ".zsav", ".dta")

HEADER_BYTES = 2048
"""Half of the flips land in a file's first bytes: its dictionary of variables and labels,
where a wrong count or length sends a reader furthest astray."""

KNOWN_CRASHES = {".sav": (4, 68, 182), ".zsav": (3, 64, 105, 141)}
"""Cases on which pyreadstat 1.3.8 (ReadStat) crashes with SIGSEGV when it runs in the process
that calls it: of cases 0-199 of each suffix read so, these 3 .sav and 4 .zsav (no .dta).
The fast slice reads two of them first, so that a signal's path is taken there too."""


def good_files(folder: Path, rows: int = 300) -> dict[str, Path]:
    """One good file per suffix: ids, five rated items with value labels (9 "Don't know" a
    user-missing code in the .sav), a string variable, a date and some system-missing."""
    import pandas as pd
    import pyreadstat

    ladder = {1: "Very poor", 2: "Poor", 3: "Fair", 4: "Good", 5: "Very good", 9: "Don't know"}
    items = {f"q{j}": [float(1 + (i * (j + 3)) % 5) for i in range(rows)] for j in range(5)}
    items["q0"][::7] = [float("nan")] * len(items["q0"][::7])
    frame = pd.DataFrame(
        {
            "respondent_id": [f"R{i:04d}" for i in range(rows)],
            **items,
            "comment": ["fine" * (i % 4) for i in range(rows)],
            "answered": pd.to_datetime("2026-01-01") + pd.to_timedelta(range(rows), unit="D"),
        }
    )
    labels = dict.fromkeys(items, ladder)
    texts = [f"How would you rate {name}?" for name in frame.columns]
    folder.mkdir(parents=True, exist_ok=True)
    files = {suffix: folder / f"good{suffix}" for suffix in SUFFIXES}
    pyreadstat.write_sav(
        frame,
        str(files[".sav"]),
        column_labels=texts,
        variable_value_labels=labels,
        missing_ranges={name: [9] for name in items},
    )
    pyreadstat.write_sav(
        frame, str(files[".zsav"]), column_labels=texts, variable_value_labels=labels, compress=True
    )
    pyreadstat.write_dta(
        frame, str(files[".dta"]), column_labels=texts, variable_value_labels=labels
    )
    return files


def damage(data: bytes, rng: random.Random) -> bytes:
    """``data`` cut short (three cases in ten) or with one to eight bytes set at random."""
    if rng.random() < 0.3:
        return data[: rng.randrange(len(data))]
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        span = HEADER_BYTES if rng.random() < 0.5 else len(out)
        out[rng.randrange(min(span, len(out)))] = rng.randrange(256)
    return bytes(out)


def damaged_file(good: Path, case: int, folder: Path) -> Path:
    """Case ``case`` of ``good`` damaged, written in ``folder``."""
    suffix = good.suffix
    rng = random.Random(f"{suffix}-{case}")
    path = folder / f"{suffix[1:]}-{case}{suffix}"
    path.write_bytes(damage(good.read_bytes(), rng))
    return path


def cases(suffix: str, count: int) -> list[int]:
    """The first ``count`` cases of ``suffix`` to read: two of its known crashes first."""
    known = list(KNOWN_CRASHES.get(suffix, ()))[: min(2, count)]
    return known + [case for case in range(count * 2) if case not in known][: count - len(known)]
