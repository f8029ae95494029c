"""Propose the codebook of one or two exports: a row per answer column that looks like a rating.

A column is a rating when it has value labels (SPSS/Stata) of at least three points, or of a
known ladder; when its answers sit on a known ladder (:mod:`cxgap.load.exports._ladders`) apart
from at most three other texts, which are then its ``non_answers``; when they are ``1 - Not at
all`` ... ``5 - Completely`` (numbers, some labelled; Qualtrics writes an en dash); or when they
are integers in a range of 3 to 11 points (negative codes beside positive answers are taken as
no-answer codes, as Qualtrics writes -1 or -99 for "No basis for evaluation"). A 0-10
likelihood-to-recommend item is ``nps``; an overall satisfaction or recommendation item
``outcome``; the rest ``score``. ``touchpoint`` and ``category`` stay blank for the analyst.
Anything the draft had to decide is said in ``note``.

A column whose answers read as a rating (:mod:`._seen`) but that nothing above orders is kept
with its labels as first seen and a note that ``analyze`` refuses until the order is checked.
Better evidence then reorders the labels (:mod:`._evidence`): a Qualtrics survey definition, a
numeric-values export of the same responses, the other sample's column of the same item.

Two exports (company first, customers second) are matched column by column (:mod:`._pair`):
the same name gives ``column``; else question texts, stripped of what platforms add and paired
one-to-one, give ``company_column`` and ``customer_column``; a rating found in one export only
is one-sided. :func:`draft` also counts each export's columns left out, by reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cxgap.drafting._evidence import by_numbers, by_other_sample, by_survey
from cxgap.drafting._pair import Pair, pair
from cxgap.drafting._proposal import Proposal
from cxgap.drafting._qsf import Survey
from cxgap.drafting._rows import ROW_COLUMNS, draft_row
from cxgap.drafting._seen import rating_like, substantive, unconfirmed_note
from cxgap.load._cells import Cells, header_text
from cxgap.load._codebook import UNCONFIRMED
from cxgap.load.exports._common import text_counts
from cxgap.load.exports._ladders import match, norm
from cxgap.load.exports._model import Export, ExportColumn

DRAFT_COLUMNS = ROW_COLUMNS

_QID = re.compile(r"QID\d+")
_NUMBERED = re.compile(r"^(-?\d+)(?:\s*[\u2013\u2014-]\s*(.+))?$")
_RECOMMEND = re.compile(r"\brecommend\b", re.I)
_OUTCOME = re.compile(r"\boverall\b.*satisf|satisf.*\boverall\b|\brecommend\b", re.I)


def propose(export: Export, survey: Survey | None = None) -> list[Proposal]:
    """The rating columns of one export, in file order. The columns of one question (a matrix:
    one Qualtrics QID, one SurveyMonkey question) share the answers seen, so that each gets the
    whole scale even where some of its points were never chosen. A column that ``survey``
    defines as a Likert matrix statement is a rating like any matrix column."""
    chosen = [
        (meta, cells)
        for meta, cells in zip(export.meta, export.columns, strict=True)
        if meta.role == "answer" and not _embedded(meta, export.platform)
    ]
    counts = [_counts(meta, cells) for meta, cells in chosen]
    pooled: dict[str, Counter[str]] = {}
    members: Counter[str] = Counter()
    for (meta, _), seen in zip(chosen, counts, strict=True):
        pooled.setdefault(_question(meta, export.platform), Counter()).update(seen)
        members[_question(meta, export.platform)] += 1
    found = []
    for meta, _ in chosen:
        question = _question(meta, export.platform)
        seen = pooled[question]
        proposal = (
            _labelled(meta)
            if _numeric_labels(meta)
            else _from_counts(
                meta,
                seen,
                matrix=members[question] > 1
                or (survey is not None and survey.is_matrix(meta.name, meta.source)),
            )
        )
        if proposal is not None:
            kind = _kind(proposal)
            found.append(replace(proposal, kind=kind, question=question, source=meta.source))
    return found


def _embedded(meta: ExportColumn, platform: str) -> bool:
    """A Qualtrics embedded-data field (its ImportId is no question's): not a question."""
    return platform == "qualtrics" and bool(meta.source) and not _QID.search(meta.source)


def _question(meta: ExportColumn, platform: str) -> str:
    """Which question a column belongs to: its QID (a loop's copies too), SurveyMonkey's
    question, a legacy Qualtrics matrix's ``Q4`` of ``Q4_2`` or the text before its ``-``."""
    if platform == "qualtrics":
        if found := _QID.search(meta.source):
            return found.group(0)
        if matrix := re.match(r"^(Q\d+)_\d+$", meta.name):
            return matrix.group(1)
        if "-" in meta.text:
            return "text:" + meta.text.rsplit("-", 1)[0]
    if platform == "surveymonkey" and " - " in meta.text:
        return "text:" + meta.text.split(" - ", 1)[0]
    return "column:" + meta.name


def _counts(meta: ExportColumn, cells: Cells) -> Counter[str]:
    counts = text_counts(cells)
    for text in meta.missing_texts:
        counts.pop(text, None)
    return counts


def _numeric_labels(meta: ExportColumn) -> list[tuple[float, str]]:
    missing = set(meta.missing_codes)
    return sorted(
        (float(code), label)
        for code, label in meta.value_labels.items()
        if not isinstance(code, str)
        and code not in missing
        and not any(lo <= code <= hi for lo, hi in meta.missing_ranges)
    )


def _labelled(meta: ExportColumn) -> Proposal | None:
    coded = _numeric_labels(meta)
    by_code = [label for _, label in coded]
    ladder = match(by_code, max_others=0)
    notes = list(_missing_notes(meta))
    if ladder is not None:
        labels = tuple(
            label for label in ladder.labels if norm(label) in {norm(x) for x in by_code}
        )
        if [norm(x) for x in labels] != [norm(x) for x in by_code]:
            shown = ", ".join(f"{header_text(code)} {label}" for code, label in coded)
            notes.append(f"codes are not in scale order ({shown}): labels put in order of meaning")
    elif len(coded) >= 3:
        labels = tuple(by_code)
        notes.append("no known ladder: labels in the order of their codes; check it")
    else:
        return None
    return Proposal(
        meta.name, meta.text, 1, len(labels), labels, (), meta.missing_codes,
        notes=tuple(notes), order="value labels",
    )  # fmt: skip


def _missing_notes(meta: ExportColumn) -> list[str]:
    notes = [
        f"user-missing range {header_text(lo)} to {header_text(hi)}"
        for lo, hi in meta.missing_ranges
    ]
    if meta.missing_texts:
        notes.append(f"Stata missing values {', '.join(meta.missing_texts)} count as missing codes")
    return notes


def _from_counts(meta: ExportColumn, counts: Counter[str], *, matrix: bool) -> Proposal | None:
    if not counts:
        return None
    numbered = [(_NUMBERED.match(v), v) for v in counts]
    if all(m for m, _ in numbered):
        return _numbers(meta, {int(m.group(1)): v for m, v in numbered if m})
    ladder = match(counts)
    if ladder is None:
        return _first_seen(meta, counts, matrix=matrix)
    codes = [m for m in map(_NUMBERED.match, ladder.others) if m and not m.group(2)]
    if len(codes) < sum(bool(_NUMBERED.match(t)) for t in ladder.others) or any(
        int(m.group(1)) >= 0 for m in codes
    ):
        return None  # numbers on the scale beside labels: not a labelled ladder
    notes = _missing_notes(meta)
    if codes:
        notes.append("negative numbers beside the labels read as no-answer codes")
    if ladder.added:
        notes.append(f"never answered, put in the ladder: {', '.join(ladder.added)}")
    if ladder.neutral:
        notes.append(
            f"nobody answered '{ladder.neutral}': if the scale offered it, put it in the "
            "middle of labels"
        )
    texts = tuple(t for t in ladder.others if not _NUMBERED.match(t))
    missing = tuple(sorted({*meta.missing_codes, *(float(m.group(1)) for m in codes)}))
    if "+" in ladder.name:
        notes.append(f"order from the known ladders {', '.join(ladder.name.split('+'))} merged")
    return Proposal(
        meta.name, meta.text, 1, len(ladder.labels), ladder.labels, texts, missing,
        notes=tuple(notes), order="ladder",
    )  # fmt: skip


def _first_seen(meta: ExportColumn, counts: Counter[str], *, matrix: bool) -> Proposal | None:
    """A rating nothing orders: its labels as first seen, to be checked (:mod:`._seen`)."""
    if not rating_like(counts, matrix=matrix):
        return None
    labels = tuple(substantive(counts))
    texts = tuple(x for x in counts if x not in labels)
    return Proposal(
        meta.name, meta.text, 1, len(labels), labels, texts, meta.missing_codes,
        notes=(*_missing_notes(meta), unconfirmed_note(labels)), order="first seen",
    )  # fmt: skip


def _numbers(meta: ExportColumn, seen: dict[int, str]) -> Proposal | None:
    """Integer answers (``4``, or ``5 - Completely``): a bounded range is a scale."""
    if "rank" in meta.text.casefold():
        return None
    negatives = tuple(float(k) for k in sorted(seen) if k < 0)
    points = sorted(k for k in seen if k >= 0)
    if not points:
        return None
    low, high = points[0], points[-1]
    notes = _missing_notes(meta)
    if negatives:
        notes.append("negative codes read as no-answer codes (the platform's N/A options)")
    nps = high == 10 and low >= 0 and bool(_RECOMMEND.search(meta.text))
    if nps:
        low = 0
        if 0 not in seen:
            notes.append("no 0 seen: check that the question's scale was 0-10")
    if not 2 <= high - low <= 10:
        return None
    labelled = any(str(k) != v for k, v in seen.items())
    labels = tuple(seen.get(k, str(k)) for k in range(low, high + 1)) if labelled else ()
    ends_labelled = seen.get(low, str(low)) != str(low) and seen.get(high, str(high)) != str(high)
    if not nps and not ends_labelled:
        notes.append(f"scale {low}-{high} from the answers seen; check its ends")
    missing = tuple(sorted({*meta.missing_codes, *negatives}))
    return Proposal(
        meta.name,
        meta.text,
        low,
        high,
        labels,
        (),
        missing,
        "nps" if nps else "score",
        tuple(notes),
    )


def _kind(proposal: Proposal) -> str:
    if proposal.kind == "nps":
        return "nps"
    return "outcome" if _OUTCOME.search(proposal.text) else "score"


def draft_codebook(
    exports: Sequence[Export],
    *,
    survey: Survey | None = None,
    numeric: Sequence[Export | None] = (),
) -> list[dict[str, object]]:
    """Codebook rows (:data:`DRAFT_COLUMNS`) for one export, or two (company, customers);
    ``survey`` a Qualtrics survey definition, ``numeric`` each export's numeric-values twin."""
    return draft(exports, survey=survey, numeric=numeric).rows


def draft(
    exports: Sequence[Export],
    *,
    survey: Survey | None = None,
    numeric: Sequence[Export | None] = (),
) -> Draft:
    """The drafted rows and what was left out (:class:`Draft`)."""
    proposed = []
    for k, export in enumerate(exports):
        found = propose(export, survey)
        if survey is not None:
            found = [by_survey(p, survey) for p in found]
        twin = numeric[k] if k < len(numeric) else None
        if twin is not None:
            found = by_numbers(found, export, twin)
        proposed.append(found)
    if len(exports) == 1:
        pairs = [Pair(p, p) for p in proposed[0]]
    else:
        pairs = [by_other_sample(x) for x in pair(proposed[0], proposed[1])]
    used: set[str] = set()
    rows = [draft_row(x, len(exports), used) for x in pairs]
    return Draft(
        rows,
        paired=sum(x.company is not None and x.customer is not None for x in pairs)
        if len(exports) == 2
        else 0,
        left_out=tuple(left_out(e, found) for e, found in zip(exports, proposed, strict=True)),
    )


@dataclass(frozen=True)
class Draft:
    """The drafted codebook rows; how many pair a company and a customer column; and, by
    export, how many columns were left out and why (:func:`left_out`)."""

    rows: list[dict[str, object]]
    paired: int
    left_out: tuple[dict[str, int], ...]

    @property
    def to_check(self) -> int:
        return sum(UNCONFIRMED in str(row["note"]) for row in self.rows)


def left_out(export: Export, proposals: Sequence[Proposal]) -> dict[str, int]:
    """The columns of ``export`` that are not drafted, counted by reason."""
    drafted = {p.column for p in proposals}
    reasons: Counter[str] = Counter()
    for meta, cells in zip(export.meta, export.columns, strict=True):
        if meta.name in drafted:
            continue
        if meta.role in ("metadata", "id", "weight") or _embedded(meta, export.platform):
            reasons["metadata"] += 1
        elif meta.role == "free_text":
            reasons["free text"] += 1
        elif meta.role == "multi_choice":
            reasons["check-all-that-apply"] += 1
        elif len(_counts(meta, cells)) <= 1:
            reasons["constant"] += 1
        else:
            reasons["not a rating"] += 1
    return dict(reasons)
