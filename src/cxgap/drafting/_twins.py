"""A numeric-values export given beside the choice-text export of the same responses.

Qualtrics exports one survey's responses either as choice text (``Somewhat satisfied``) or as
numeric values (the choices' recode values, ``4``). Given both (:func:`twins`: the same platform,
the same column names, at least half of the smaller file's respondent ids in both, one with
labels and the other with at most a twentieth as many text answers), the numeric
file orders the labels of the text file: each label takes the code its respondents have in the
numeric file, for the same ResponseId and column (:func:`label_codes`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cxgap.load._cells import header_text
from cxgap.load.exports._ladders import norm
from cxgap.load.exports._model import Export


def twins(exports: Sequence[Export]) -> list[tuple[Export, Export | None]]:
    """The samples among ``exports``, in order: each choice-text export with its numeric twin."""
    used: set[int] = set()
    samples: list[tuple[Export, Export | None]] = []
    for i, a in enumerate(exports):
        if i in used:
            continue
        twin = next(
            (j for j in range(i + 1, len(exports)) if j not in used and _same(a, exports[j])),
            None,
        )
        if twin is None:
            samples.append((a, None))
            continue
        used.add(twin)
        b = exports[twin]
        samples.append((a, b) if _texts(a) >= _texts(b) else (b, a))
    return samples


def _ids(export: Export) -> list[str]:
    if export.respondent_id is None:
        return []
    return [header_text(v) for v in export.column(export.respondent_id)]


def _same(a: Export, b: Export) -> bool:
    if a.platform != b.platform or set(a.of_role("answer")) != set(b.of_role("answer")):
        return False
    ids_a, ids_b = set(_ids(a)) - {""}, set(_ids(b)) - {""}
    smaller = min(len(ids_a), len(ids_b))
    if smaller == 0 or len(ids_a & ids_b) * 2 < smaller:
        return False
    texts = sorted((_texts(a), _texts(b)))
    return texts[0] * 20 <= texts[1]  # one choice text, one numeric values


def _texts(export: Export) -> int:
    """How many answer cells hold text rather than a number."""
    return sum(
        _code(value) is None and bool(header_text(value))
        for name in export.of_role("answer")
        for value in export.column(name)
    )


def _code(value: object) -> float | None:
    """A cell's number (``4``, ``"4"``), or None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value) if isinstance(value, int | float) else float(str(value).strip())
    except ValueError:
        return None
    return number if number == number else None


def label_codes(text: Export, numeric: Export, columns: Sequence[str]) -> dict[str, float]:
    """Each label of ``columns`` in ``text`` (normalised) -> its most frequent code in
    ``numeric`` for the same respondents and columns."""
    where = {rid: row for row, rid in enumerate(_ids(numeric)) if rid}
    pairs: Counter[tuple[str, float]] = Counter()
    rows = [where.get(rid) for rid in _ids(text)]
    for name in columns:
        if name not in numeric.header or name not in text.header:
            continue
        codes = list(numeric.column(name))
        for row, label in zip(rows, text.column(name), strict=True):
            if row is None or not isinstance(label, str) or _code(label) is not None:
                continue
            code = _code(codes[row])
            if code is not None and label.strip():
                pairs[(norm(label), code)] += 1
    best: dict[str, tuple[int, float]] = {}
    for (label, code), n in pairs.items():
        if label not in best or n > best[label][0]:
            best[label] = (n, code)
    return {label: code for label, (_, code) in best.items()}
