"""A Qualtrics survey definition (``.qsf``): each question's answer choices, in scale order.

A ``.qsf`` is the JSON that Qualtrics' "Export survey" writes: ``SurveyEntry`` (the survey's
name) and ``SurveyElements``, a list of elements of which those with ``"Element": "SQ"`` are the
questions. A question's ``Payload`` holds ``QuestionID`` (``QID5``, the id that a response
export's third header row gives as ``{"ImportId": "QID5_2"}``), ``DataExportTag`` (the legacy
column name, ``Q4``), ``QuestionType`` and ``Selector``/``SubSelector``, and its choices:

- a single-answer multiple choice (``MC`` with ``SAVR``, ``SAHR``, ``SACOL``, ``DL``, ``NPS``):
  ``Choices`` (``{"1": {"Display": "Poor"}, ...}``) in ``ChoiceOrder``;
- a matrix (``Matrix``, ``Likert``/``Bipolar`` single answer): the statements are ``Choices``
  (one export column each, ``Q4_1`` or the statement's ``ChoiceDataExportTags``), the scale
  points are ``Answers`` in ``AnswerOrder``;
- ``RecodeValues`` (``{"1": "10", "2": "11", ...}``, strings or numbers) give each scale point's
  code; a negative code marks a no-answer choice ("No basis for evaluation": ``-1``).

The scale is the choices with a non-negative code, ordered by code (by display order where no
codes are set); Displays may hold HTML, which is removed. Multiple-answer questions, text entry
and the rest give no scale. Studied on the survey definitions of the public repositories
ctesta01/QualtricsTools (``data/Sample Surveys/*/*.qsf``: single-answer and multiple-answer
matrices with and without recode values and choice export tags, "No basis for evaluation"
choices coded -1 and -2) and fflewddur/sp (``libsp/data_test.go``, a whole survey inline); the
tests build their own files in that format.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cxgap.errors import InputError, Where

_SINGLE_MC = {"SAVR", "SAHR", "SACOL", "DL", "NPS"}
_MATRIX = {"Likert", "Bipolar"}
_TAG = re.compile(r"<[^>]*>")
_QID = re.compile(r"QID\d+")


@dataclass(frozen=True)
class Scale:
    """One question's answer choices as the survey defines them."""

    qid: str
    labels: tuple[str, ...]
    """The choices with a non-negative code, lowest code first."""
    non_answers: tuple[str, ...]
    """The choices with a negative code."""
    codes: tuple[float, ...]
    """The codes of ``labels``, in order."""
    missing: tuple[float, ...] = ()
    """The codes of ``non_answers``."""
    matrix: bool = False
    """A Likert matrix's scale (its statements are ratings), not a multiple choice's."""


@dataclass(frozen=True)
class Survey:
    """A read ``.qsf``: scales by QID, and by the columns a legacy export names them."""

    file: str
    scales: Mapping[str, Scale]
    columns: Mapping[str, str]
    """Export column name (``Q4_2``, a choice export tag) -> QID."""

    def scale(self, column: str, source: str) -> Scale | None:
        """The scale of the export column ``column`` whose ImportId is ``source``."""
        found = _QID.search(source)
        qid = found.group(0) if found else self.columns.get(column, "")
        return self.scales.get(qid)

    def is_matrix(self, column: str, source: str) -> bool:
        scale = self.scale(column, source)
        return scale is not None and scale.matrix


def read_qsf(path: Path, shown: str) -> Survey:
    """Read a survey definition; a file that is not one is an input error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        elements = data["SurveyElements"]
        questions = [e["Payload"] for e in elements if e.get("Element") == "SQ" and e["Payload"]]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise InputError(
            f"not a Qualtrics survey definition ({type(e).__name__}: {e})",
            where=Where(shown),
            hint="export it in Qualtrics with Tools > Import/Export > Export survey (.qsf)",
        ) from None
    scales: dict[str, Scale] = {}
    columns: dict[str, str] = {}
    for question in questions:
        if not isinstance(question, dict):
            continue
        qid = str(question.get("QuestionID", ""))
        scale = _scale(question)
        if scale is None or not qid:
            continue
        scales[qid] = scale
        for column in _columns(question):
            columns.setdefault(column, qid)
    return Survey(shown, scales, columns)


def _scale(question: dict[str, object]) -> Scale | None:
    kind, selector = question.get("QuestionType"), question.get("Selector")
    sub = question.get("SubSelector")
    if kind == "MC" and selector in _SINGLE_MC:
        points, order = question.get("Choices"), question.get("ChoiceOrder")
    elif kind == "Matrix" and selector in _MATRIX and sub in (None, "SingleAnswer"):
        points, order = question.get("Answers"), question.get("AnswerOrder")
    else:
        return None
    if not isinstance(points, dict) or not points:
        return None
    keys = [str(k) for k in order] if isinstance(order, list) else list(points)
    recodes = question.get("RecodeValues")
    recodes = recodes if isinstance(recodes, dict) else {}
    chosen = []
    for position, key in enumerate(k for k in keys if k in points):
        display = points[key].get("Display", "") if isinstance(points[key], dict) else ""
        label = " ".join(html.unescape(_TAG.sub(" ", str(display))).split())
        code = _number(recodes.get(key), position + 1.0)
        chosen.append((code, position, label))
    chosen.sort()
    labels = tuple(label for code, _, label in chosen if code >= 0)
    if not labels:
        return None
    return Scale(
        str(question.get("QuestionID", "")),
        labels,
        tuple(label for code, _, label in chosen if code < 0),
        tuple(code for code, _, _ in chosen if code >= 0),
        tuple(code for code, _, _ in chosen if code < 0),
        kind == "Matrix",
    )


def _number(value: object, default: float) -> float:
    try:
        return float(str(value)) if value is not None else default
    except ValueError:
        return default


def _columns(question: dict[str, object]) -> list[str]:
    tag = str(question.get("DataExportTag", ""))
    if question.get("QuestionType") != "Matrix":
        return [tag]
    choices = question.get("Choices")
    tags = question.get("ChoiceDataExportTags")
    keys = list(choices) if isinstance(choices, dict) else []
    named = [str(tags[k]) for k in keys if isinstance(tags, dict) and k in tags]
    return [f"{tag}_{k}" for k in keys] + named
