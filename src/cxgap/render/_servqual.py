"""SPEC 10's "SERVQUAL gaps" view, shared by every report: per level (unsplit), the groups that
hold pairs, with the three gaps side by side, ranked by the service gap, most negative first
(where experience falls furthest short of expectations)."""

from __future__ import annotations

from dataclasses import dataclass

from cxgap.render._text import families, fmt_ci, fmt_gap, group_label, more_rows, unit
from cxgap.report import GapRow, Report, ServqualGaps, TrendReport, TrendRow

TITLE = "SERVQUAL gaps"
NOTE = (
    "Expects = customers' mean expectation (0-100). Service gap = customers' experience minus "
    "their expectation, paired within each customer "
    "(negative: experience falls short); knowledge gap = what staff think customers expect "
    "minus what customers expect; both in points of the 0-100 mean scale. Delivery gap as "
    "above. n = customers with a complete pair. * = significant after Benjamini-Hochberg at "
    "q < {alpha:g}."
)


@dataclass(frozen=True)
class Line:
    """One group of the view, its cells as text."""

    rank: int
    label: str
    expects: str
    service: str
    service_ci: str
    n_paired: str
    knowledge: str
    delivery: str
    gaps: ServqualGaps
    row: GapRow


@dataclass(frozen=True)
class View:
    title: str
    columns: tuple[str, ...]
    lines: tuple[Line, ...]


def views(report: Report) -> list[View]:
    """One view per unsplit level whose groups hold pairs; none without pairs."""
    out = []
    for (columns, split), rows in families(report.rows):
        paired = [r for r in rows if r.servqual is not None and r.servqual.service_gap is not None]
        if split or not paired:
            continue
        paired.sort(key=lambda r: (r.servqual.service_gap or 0.0, group_label(report, r)))  # type: ignore[union-attr]
        lines = tuple(_line(report, k, row) for k, row in enumerate(paired, 1))
        out.append(View(f"{TITLE}  ·  by {' + '.join(columns)}", columns, lines))
    return out


def _line(report: Report, rank: int, row: GapRow) -> Line:
    gaps = row.servqual or ServqualGaps()

    def mark(q: float | None) -> str:
        return "*" if q is not None and q < report.settings.alpha else ""

    return Line(
        rank=rank,
        label=group_label(report, row),
        expects="-" if gaps.customer_expectation is None else f"{gaps.customer_expectation:.1f}",
        service=fmt_gap(gaps.service_gap) + mark(gaps.service_gap_q),
        service_ci=fmt_ci(gaps.service_gap_ci),
        n_paired="-" if gaps.n_paired is None else f"{gaps.n_paired:,}",
        knowledge=fmt_gap(gaps.knowledge_gap_pp) + mark(gaps.knowledge_gap_q),
        delivery=fmt_gap(row.gap_pp) + ("*" if row.significant else ""),
        gaps=gaps,
        row=row,
    )


def headers(report: Report) -> tuple[str, ...]:
    ci = f"{report.settings.confidence:.0%} CI"
    delivery = "Delivery" if report.settings.metric == "mean" else f"Delivery {unit('topbox')}"
    return ("#", "group", "Expects", "Service", ci, "n", "Knowledge", delivery)


def note(report: Report) -> str:
    return NOTE.format(alpha=report.settings.alpha)


def headline(report: Report) -> str | None:
    """The all-items sentence: the service and the knowledge gap (None without pairs)."""
    gaps = report.headline.servqual
    if gaps is None or gaps.service_gap is None:
        return None
    short = "falls short of" if gaps.service_gap < 0 else "meets or beats"
    text = (
        f"Service gap {fmt_gap(gaps.service_gap)} pts {fmt_ci(gaps.service_gap_ci)}: "
        f"experience {short} expectations ({gaps.n_paired:,} customers answered both)"
    )
    if gaps.knowledge_gap_pp is None:
        return text
    less = "less" if gaps.knowledge_gap_pp < 0 else "more"
    return (
        f"{text}; knowledge gap {fmt_gap(gaps.knowledge_gap_pp)} pts "
        f"{fmt_ci(gaps.knowledge_gap_ci_pp)}: staff think customers expect {less}"
    )


def markdown(report: Report, limit: int | None) -> list[str]:
    """The view as Markdown tables (none without pairs)."""
    lines: list[str] = []
    for view in views(report):
        shown = view.lines[:limit] if limit else view.lines
        names = list(headers(report))
        names[1] = " + ".join(view.columns)
        lines += [f"## {view.title}", "", "| " + " | ".join(names) + " |"]
        lines += ["|---:|---|---:|---:|---:|---:|---:|---:|"]
        lines += [
            f"| {x.rank} | {x.label.replace('|', chr(92) + '|')} | {x.expects} | {x.service} "
            f"| {x.service_ci} "
            f"| {x.n_paired} | {x.knowledge} | {x.delivery} |"
            for x in shown
        ]
        if len(shown) < len(view.lines):
            lines.append(f"\n{more_rows(len(view.lines) - len(shown))}")
        lines.append("")
    return [*lines, note(report), ""] if lines else []


def html(report: Report, limit: int | None) -> str:
    """The view's sections for the HTML report: a chart and a table per level."""
    from html import escape

    from cxgap.render._servqual_svg import chart

    parts = []
    for view in views(report):
        shown = view.lines[:limit] if limit else view.lines
        names = list(headers(report))
        names[1] = " + ".join(view.columns)
        head = "<tr>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr>"
        body = "".join(
            f"<tr><td class=n>{x.rank}</td><td>{escape(x.label)}</td>"
            f"<td class=n>{x.expects}</td>"
            f'<td class="n{" over" if x.service.endswith("*") else ""}">{x.service}</td>'
            f"<td class=n>{x.service_ci}</td><td class=n>{x.n_paired}</td>"
            f"<td class=n>{x.knowledge}</td><td class=n>{x.delivery}</td></tr>"
            for x in shown
        )
        drawn = chart(shown, report.settings.confidence, unit(report.settings.metric))
        parts += [
            f'<h2 class="servqual">{escape(view.title)}</h2>',
            f"<figure>{drawn}</figure>",
            f"<table>{head}{body}</table>",
        ]
    if parts:
        parts.append(f'<p class="dim">{escape(note(report))}</p>')
    return "\n".join(parts)


TREND_NOTE = (
    "Service gap per wave = customers' experience minus their expectation, paired (0-100 "
    "points); change = last wave minus {base}, {confidence:.0%} interval on the "
    "Welch-Satterthwaite df of "
    "the two waves; improved/worsened = significant after Benjamini-Hochberg at q < {alpha:g}."
)


def trend_views(report: TrendReport) -> list[tuple[str, tuple[str, ...], list[TrendRow]]]:
    """Per unsplit level with pairs: its rows, most improved service gap first."""
    out = []
    for (columns, split), rows in families(report.rows):
        paired = [r for r in rows if r.servqual is not None and r.servqual.change is not None]
        if split or not paired:
            continue
        paired.sort(key=lambda r: (-(r.servqual.change or 0.0), tuple(r.group.values())))  # type: ignore[union-attr]
        out.append((f"{TITLE}: service gap per wave  ·  by {' + '.join(columns)}", columns, paired))
    return out


def trend_cells(row: TrendRow) -> list[str]:
    """A trend row's service gap per wave, its change, interval and direction, as text."""
    trend = row.servqual
    if trend is None:
        return []
    return [
        *(fmt_gap(w.service_gap) for w in trend.by_wave),
        fmt_gap(trend.change),
        fmt_ci(trend.change_ci),
        "" if trend.direction == "steady" else trend.direction,
    ]


def trend_note(report: TrendReport) -> str:
    base = "the first wave" if report.baseline == "first" else "the previous wave"
    return TREND_NOTE.format(
        base=base, alpha=report.settings.alpha, confidence=report.settings.confidence
    )


def trend_markdown(report: TrendReport, limit: int | None) -> list[str]:
    lines: list[str] = []
    for title, columns, rows in trend_views(report):
        shown = rows[:limit] if limit else rows
        waves = " | ".join(report.waves)
        lines += [f"## {title}", "", f"| {' + '.join(columns)} | {waves} | change | 95% CI | |"]
        lines += ["|---|" + "---:|" * len(report.waves) + "---:|---:|---|"]
        lines += [
            f"| {' · '.join(r.group.values())} | " + " | ".join(trend_cells(r)) + " |"
            for r in shown
        ]
        lines.append("")
    return [*lines, trend_note(report), ""] if lines else []


def trend_html(report: TrendReport, limit: int | None) -> str:
    """The service gap per wave and its change, a table per level, for the HTML report."""
    from html import escape

    parts = []
    for title, columns, rows in trend_views(report):
        shown = rows[:limit] if limit else rows
        head = "".join(
            f"<th>{escape(n)}</th>"
            for n in (
                " + ".join(columns),
                *report.waves,
                "change",
                f"{report.settings.confidence:.0%} CI",
                "",
            )
        )
        body = "".join(
            f"<tr><td>{escape(' · '.join(r.group.values()))}</td>"
            + "".join(f"<td class=n>{c}</td>" for c in trend_cells(r)[:-1])
            + f"<td>{trend_cells(r)[-1]}</td></tr>"
            for r in shown
        )
        parts += [
            f'<h2 class="servqual">{escape(title)}</h2>',
            f"<table><tr>{head}</tr>{body}</table>",
        ]
    if parts:
        parts.append(f'<p class="dim">{escape(trend_note(report))}</p>')
    return "\n".join(parts)
