"""Charts drawn on the server as inline SVG, so a page needs no script and no chart library.

Each chart is a `<figure>`: its title as the visible caption, the SVG (`role="img"`, named
by its `<title>` and described by its `<desc>`) and, under it, a table with the same
numbers, for screen readers, for anyone who wants the exact values, and for print. Texts
arrive translated; every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from markupsafe import Markup

BAR_HEIGHT: Final = 22
BAR_GAP: Final = 8
LABEL_WIDTH: Final = 240
PLOT_WIDTH: Final = 320
VALUE_WIDTH: Final = 90
CHART_WIDTH: Final = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
LINE_HEIGHT: Final = 200
LINE_MARGIN: Final = 50
LABEL_CHARACTERS: Final = 32
MAX_TICK_LABELS: Final = 6


@dataclass(frozen=True)
class Datum:
    """One bar or point: its label, its value (None: nothing to show) and the value as
    people read it ("75%", "3,5 h")."""

    label: str
    value: float | None
    text: str


@dataclass(frozen=True)
class Chart:
    """What a chart shows. `chart_id` must be unique on the page (it names the title and
    description); `label_heading` and `value_heading` head the table's columns."""

    chart_id: str
    title: str
    description: str
    label_heading: str
    value_heading: str
    data: Sequence[Datum]


def bar_chart(chart: Chart) -> Markup:
    """Horizontal bars, one per datum, each as long as its value against the largest one."""
    largest = max((datum.value or 0 for datum in chart.data), default=0)
    height = max(1, len(chart.data)) * (BAR_HEIGHT + BAR_GAP)
    rows = []
    for index, datum in enumerate(chart.data):
        top = index * (BAR_HEIGHT + BAR_GAP)
        middle = top + BAR_HEIGHT / 2
        length = PLOT_WIDTH * (datum.value or 0) / largest if largest > 0 else 0
        rows.append(
            Markup(
                '<text x="{lx}" y="{my}" text-anchor="end" dominant-baseline="middle">'
                "{label}</text>"
                '<rect class="bar" fill="#0b5cad" x="{x}" y="{y}" width="{w:.2f}" '
                'height="{h}"></rect>'
                '<text x="{vx:.2f}" y="{my}" dominant-baseline="middle">{text}</text>'
            ).format(
                lx=LABEL_WIDTH - 8,
                my=middle,
                label=_shortened(datum.label),
                x=LABEL_WIDTH,
                y=top,
                w=length,
                h=BAR_HEIGHT,
                vx=LABEL_WIDTH + length + 6,
                text=datum.text,
            )
        )
    return _figure(chart, width=CHART_WIDTH, height=height, body=Markup("").join(rows))


def line_chart(chart: Chart, *, maximum: float = 100, unit: str = "%") -> Markup:
    """A line through the data from 0 to `maximum`, left to right in the data's order; a
    datum without a value leaves a gap in the line. With many points only every n-th is
    labelled under the axis, so the labels do not overlap."""
    count = len(chart.data)
    label_every = -(-count // MAX_TICK_LABELS)
    step = (CHART_WIDTH - 2 * LINE_MARGIN) / max(1, count - 1)
    plot_bottom = LINE_HEIGHT - LINE_MARGIN

    def y_of(value: float) -> float:
        return plot_bottom - (plot_bottom - LINE_MARGIN / 2) * min(value, maximum) / maximum

    parts: list[Markup] = [
        Markup(
            '<line class="axis" stroke="#4a4a4a" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}"></line>'
        ).format(x1=LINE_MARGIN, x2=CHART_WIDTH - LINE_MARGIN, y=plot_bottom),
        Markup(
            '<text x="{x}" y="{y0:.2f}" text-anchor="end" class="tick">0{unit}</text>'
            '<text x="{x}" y="{y1:.2f}" text-anchor="end" class="tick">{top}{unit}</text>'
        ).format(
            x=LINE_MARGIN - 6, y0=plot_bottom, y1=y_of(maximum), top=f"{maximum:g}", unit=unit
        ),
    ]
    segment: list[str] = []
    for index, datum in enumerate(chart.data):
        x = LINE_MARGIN + index * step
        if (count - 1 - index) % label_every == 0:
            parts.append(
                Markup(
                    '<text x="{x:.2f}" y="{y}" text-anchor="middle" class="tick">{label}</text>'
                ).format(x=x, y=plot_bottom + 18, label=_shortened(datum.label, 8))
            )
        if datum.value is None:
            parts.append(_polyline(segment))
            segment = []
            continue
        y = y_of(datum.value)
        segment.append(f"{x:.2f},{y:.2f}")
        parts.append(
            Markup(
                '<circle class="point" fill="#0b5cad" cx="{x:.2f}" cy="{y:.2f}" r="4"></circle>'
            ).format(x=x, y=y)
        )
    parts.append(_polyline(segment))
    return _figure(chart, width=CHART_WIDTH, height=LINE_HEIGHT, body=Markup("").join(parts))


def _polyline(points: list[str]) -> Markup:
    if len(points) < 2:
        return Markup("")
    return Markup(
        '<polyline class="line" fill="none" stroke="#0b5cad" stroke-width="2" '
        'points="{}"></polyline>'
    ).format(" ".join(points))


def _figure(chart: Chart, *, width: int, height: int, body: Markup) -> Markup:
    title_id, desc_id = f"{chart.chart_id}-title", f"{chart.chart_id}-desc"
    svg = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'viewBox="0 0 {w} {h}" width="100%" style="max-width:{w}px" font-size="13" '
        'aria-labelledby="{tid} {did}">'
        '<title id="{tid}">{title}</title><desc id="{did}">{desc}</desc>{body}</svg>'
    ).format(
        w=width,
        h=height,
        tid=title_id,
        did=desc_id,
        title=chart.title,
        desc=chart.description,
        body=body,
    )
    rows = Markup("").join(
        Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(datum.label, datum.text)
        for datum in chart.data
    )
    table = Markup(
        '<table class="chart-data"><caption>{caption}</caption><thead><tr>'
        '<th scope="col">{lh}</th><th scope="col">{vh}</th></tr></thead>'
        "<tbody>{rows}</tbody></table>"
    ).format(caption=chart.title, lh=chart.label_heading, vh=chart.value_heading, rows=rows)
    return Markup(
        '<figure class="chart-figure" id="{id}"><figcaption>{title}</figcaption>'
        "{svg}{table}</figure>"
    ).format(id=chart.chart_id, title=chart.title, svg=svg, table=table)


def _shortened(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """`text` cut to fit the label column; the table under the chart keeps it whole."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
