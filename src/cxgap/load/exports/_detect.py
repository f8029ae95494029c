"""Which platform wrote a file, from the file itself; and which columns are metadata.

- ``.sav``/``.zsav``: SPSS; ``.dta``: Stata.
- Qualtrics: a third header row of ``{"ImportId": ...}`` cells (JSON, or the Python-dict
  ``{'ImportId': ...}`` of some exports); or the legacy two rows, ``V1, V2, ...`` over
  ``ResponseID, ResponseSet, ...``; or ids over texts with ``ResponseId`` and ``Response ID``.
- SurveyMonkey: a second header row holding ``Response`` or ``Open-Ended Response`` under the
  questions (matrix rows and choices in the other cells).
- Google Forms: ``Timestamp`` as the first header.
- Anything else: a plain table with one header row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cxgap.errors import InputError, Where

_IMPORT_ID = re.compile(r"""^\{\s*["']ImportId["']\s*:""")
_LEGACY_V = re.compile(r"^V\d+$")
_SM_IDS = {"respondent id", "respondentid", "collector id", "collectorid"}
_SM_SUBHEADERS = {"response", "open-ended response", "other (please specify)"}
_QUALTRICS_IDS = {"responseid", "startdate", "enddate", "finished", "progress", "recordeddate"}
_QUALTRICS_TEXTS = {"response id", "start date", "end date", "recorded date", "response type"}

QUALTRICS_META = {
    "startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)",
    "finished", "recordeddate", "recipientlastname", "recipientfirstname", "recipientemail",
    "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
    "locationaccuracy", "distributionchannel", "userlanguage", "responseset", "name",
    "emailaddress", "solutionrevision", "q_recaptchascore", "q_relevantidduplicate",
    "q_relevantidduplicatescore", "q_relevantidfraudscore", "q_relevantidlaststartdate",
    "q_totalduration", "q_url",
}  # fmt: skip
"""Qualtrics' own fields, by column id (lower case)."""

_META_NAMES = {
    "timestamp", "collector id", "collectorid", "start date", "end date", "ip address",
    "email address", "first name", "last name", "custom data", "custom data 1", "submitdate",
    "lastpage", "startlanguage", "datestamp", "startdate", "enddate", "ipaddr", "refurl",
    "response type", "recorded date", "distribution channel", "user language", "progress",
    "duration", "status", "finished",
}  # fmt: skip
_META_PATTERN = re.compile(
    r"(_DO_|^TIMING_|_Browser$|_Version$|_Operating System$|_Resolution$|"
    r" - (Parent Topics|Sentiment Polarity|Sentiment Score|Sentiment|Topic Sentiment Label|"
    r"Topic Sentiment Score|Topics)$|^Location ?(Latitude|Longitude|Accuracy)$|^Recipient|"
    r"Duration)",
    re.IGNORECASE,
)
_META_IMPORT = re.compile(
    r"(_DO$|_FIRST_CLICK$|_LAST_CLICK$|_PAGE_SUBMIT$|_CLICK_COUNT$|_BROWSER$|_VERSION$|_OS$|"
    r"_RESOLUTION$|_TEXT_\w*(Topics|SenPol|SenScore|Sen|TopSenLabel|TopSenScore)$)"
)
ID_NAMES = {"responseid", "response id", "respondent id", "respondentid", "respondent_id"}
WEIGHT_NAMES = {"weight", "weights", "wt", "wgt", "weight_var", "survey weight"}


def detect(rows: Sequence[Sequence[object]], display: str) -> str:
    """The platform of a text or workbook export, from its first rows."""
    first = _texts(rows[0])
    second = _texts(rows[1]) if len(rows) > 1 else []
    third = _texts(rows[2]) if len(rows) > 2 else []
    _check_import_row(first, second, display)
    if _import_row(third):
        return "qualtrics"
    if first[:2] == ["V1", "V2"] and "responseid" in {t.casefold() for t in second}:
        return "qualtrics"
    if {t.casefold() for t in first} & _QUALTRICS_IDS >= {"responseid", "startdate"} and {
        t.casefold() for t in second
    } & _QUALTRICS_TEXTS:
        return "qualtrics"
    if any(t.casefold() in _SM_SUBHEADERS for t in second) or _sm_id_over_blank(first, second):
        return "surveymonkey"
    if first and first[0].casefold() == "timestamp":
        return "google_forms"
    return "plain"


def _sm_id_over_blank(first: list[str], second: list[str]) -> bool:
    """SurveyMonkey's ``Respondent ID`` (or ``Collector ID``) over a blank cell: its two header
    rows, even where every question is a matrix (so that no ``Response`` cell is written)."""
    ids = [j for j, t in enumerate(first) if t.casefold() in _SM_IDS]
    return bool(ids) and all(j < len(second) and not second[j] for j in ids) and any(second)


def _check_import_row(first: list[str], second: list[str], display: str) -> None:
    """An ImportId row where the ids or the texts belong: a header row is missing."""
    if _import_row(first):
        raise InputError(
            "row 1 holds Qualtrics ImportIds: the column-id and question-text rows above it "
            "are missing",
            where=Where(display),
            hint="export the responses again from Qualtrics (CSV, with all three header rows)",
        )
    if not _import_row(second):
        return
    lowered = {t.casefold() for t in first}
    missing = "column-id" if lowered & _QUALTRICS_TEXTS else "question-text"
    raise InputError(
        f"row 2 holds Qualtrics ImportIds, so the {missing} row (the "
        f"{'first' if missing == 'column-id' else 'second'} of the three header rows) is missing",
        where=Where(display),
        hint="export the responses again from Qualtrics (CSV, with all three header rows)",
    )


def _import_row(cells: list[str]) -> bool:
    filled = [t for t in cells if t]
    return bool(filled) and sum(bool(_IMPORT_ID.match(t)) for t in filled) >= 0.8 * len(filled)


def _texts(row: Sequence[object]) -> list[str]:
    return ["" if v is None else str(v).strip() for v in row]


def is_legacy_v(name: str) -> bool:
    return bool(_LEGACY_V.match(name))


def metadata_role(name: str, text: str = "", import_id: str = "") -> str | None:
    """``id``, ``weight`` or ``metadata`` for a platform's own columns, else None."""
    key = name.casefold().strip()
    if key in ID_NAMES or import_id == "_recordId":
        return "id"
    if key in WEIGHT_NAMES:
        return "weight"
    if key in QUALTRICS_META or key in _META_NAMES or text.casefold().strip() in _META_NAMES:
        return "metadata"
    if _META_PATTERN.search(name) or (import_id and _META_IMPORT.search(import_id)):
        return "metadata"
    if text.startswith(("Browser Meta Info", "Timing - ")):
        return "metadata"
    return None
