"""The deck's "SERVQUAL gaps" slides (SPEC 10): per level, a native bar chart of the three gaps
side by side for each group (service, knowledge, delivery), most negative service gap on top;
the speaker notes give each service gap's interval and paired base."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxgap.render._charts_pptx import bar_chart, footnote, new_slide
from cxgap.render._servqual import Line, note, views
from cxgap.render._text import unit
from cxgap.report import Report

if TYPE_CHECKING:
    from pptx.presentation import Presentation

PER_SLIDE = 10
SERVICE, KNOWLEDGE, DELIVERY = "B00020", "1A5FB4", "9A9A9A"
LABEL_CHARS = 48


def servqual_slides(deck: Presentation, report: Report, limit: int | None, notes: str) -> None:
    """One slide per level (continued on the next past ``PER_SLIDE`` groups); none without
    pairs."""
    delivery = f"Delivery gap ({unit(report.settings.metric)})"
    for view in views(report):
        lines = view.lines[:limit] if limit else view.lines
        pages = [lines[k : k + PER_SLIDE] for k in range(0, len(lines), PER_SLIDE)]
        for k, page in enumerate(pages):
            more = f" ({k + 1}/{len(pages)})" if len(pages) > 1 else ""
            slide = new_slide(deck, view.title + more, _notes(page) + "\n\n" + notes)
            bar_chart(
                slide,
                [_label(line) for line in page],
                [
                    ("Service gap (experience - expectation)", [x.gaps.service_gap for x in page]),
                    (
                        "Knowledge gap (staff - customers' expectation)",
                        [x.gaps.knowledge_gap_pp for x in page],
                    ),
                    (delivery, [x.row.gap_pp for x in page]),
                ],
                [SERVICE, KNOWLEDGE, DELIVERY],
                percent=False,
            )
            footnote(slide, note(report))


def _label(line: Line) -> str:
    label = line.label if len(line.label) <= LABEL_CHARS else line.label[: LABEL_CHARS - 1] + "…"
    return f"{label}  {line.service}"


def _notes(lines: tuple[Line, ...]) -> str:
    return "\n".join(
        f"{x.label}: customers expect {x.expects}; service gap {x.service} {x.service_ci} "
        f"(n paired {x.n_paired}); "
        f"knowledge gap {x.knowledge}; delivery gap {x.delivery}"
        for x in lines
    )
