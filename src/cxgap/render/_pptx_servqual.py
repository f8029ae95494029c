"""The deck's "SERVQUAL gaps" slides (SPEC 10): per level, a native bar chart of the three gaps
side by side for each group (service, knowledge, delivery), most negative service gap on top;
the speaker notes give each service gap's interval and paired base."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxgap.render._charts import wave_colours
from cxgap.render._charts_pptx import bar_chart, footnote, new_slide
from cxgap.render._servqual import Line, note, trend_cells, trend_note, trend_views, views
from cxgap.render._text import unit
from cxgap.report import Report, TrendReport

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


def servqual_trend_slides(deck: Presentation, report: TrendReport, limit: int | None) -> None:
    """Per level, each group's service gap per wave as a native bar chart, each group labelled
    with its change; none without pairs."""
    for title, _, rows in trend_views(report):
        shown = rows[:limit] if limit else rows
        for k in range(0, len(shown), PER_SLIDE):
            page = shown[k : k + PER_SLIDE]
            labels = []
            for row in page:
                cells = trend_cells(row)
                label = " · ".join(row.group.values())
                label = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
                labels.append(f"{label}  {cells[-3]} {cells[-1]}".rstrip())
            notes = "\n".join(
                f"{' · '.join(r.group.values())}: " + " ".join(trend_cells(r)) for r in page
            )
            slide = new_slide(deck, title, notes + "\n\n" + trend_note(report))
            series = [
                (wave, [r.servqual.by_wave[j].service_gap if r.servqual else None for r in page])
                for j, wave in enumerate(report.waves)
            ]
            bar_chart(slide, labels, series, wave_colours(len(report.waves)), percent=False)
            footnote(slide, trend_note(report))
