"""Podsumowanie: the month's key figures beside the previous month's, the tables behind
the charts, and three native Excel charts (tickets per school, per category, and SLA
compliance over the last twelve months)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from openpyxl.chart import BarChart, LineChart, Reference

from core.export import labels
from core.export.monthly_figures import MonthlyFigures
from core.export.obligation_figures import ObligationFigures
from core.export.sheet_writer import SUBTITLE_FONT, CellValue, Column, Kind, SheetWriter
from core.export.ticket_kpis import TicketKpis
from core.models import AssetKind

TOP_SCHOOLS: Final = 20
"""Schools named in the per-school table and chart; the rest are summed in one line."""
CHART_COLUMN: Final = "G"
FIRST_CHART_ROW: Final = 3
CHART_ROWS: Final = 24
"""Rows between the tops of two charts: a chart is CHART_HEIGHT_CM tall, a row 0.5 cm."""
CHART_WIDTH_CM: Final = 20
CHART_HEIGHT_CM: Final = 11


@dataclass(frozen=True)
class _Kpi:
    label: str
    kind: Kind
    tickets: Callable[[TicketKpis], CellValue] | None = None
    obligations: Callable[[ObligationFigures], CellValue] | None = None


_KPIS: Final = (
    _Kpi("Zgłoszenia przyjęte", Kind.INTEGER, tickets=lambda k: k.opened),
    _Kpi("Zgłoszenia rozwiązane", Kind.INTEGER, tickets=lambda k: k.resolved),
    _Kpi("Zgłoszenia otwarte na koniec miesiąca", Kind.INTEGER, tickets=lambda k: k.open_at_end),
    _Kpi(
        "Czas pierwszej reakcji — mediana [h rob.]",
        Kind.HOURS,
        tickets=lambda k: k.first_response_median_hours,
    ),
    _Kpi(
        "Czas pierwszej reakcji — 90. percentyl [h rob.]",
        Kind.HOURS,
        tickets=lambda k: k.first_response_p90_hours,
    ),
    _Kpi(
        "Czas rozwiązania — mediana [h rob.]",
        Kind.HOURS,
        tickets=lambda k: k.resolution_median_hours,
    ),
    _Kpi(
        "Czas rozwiązania — 90. percentyl [h rob.]",
        Kind.HOURS,
        tickets=lambda k: k.resolution_p90_hours,
    ),
    _Kpi(
        "Pierwsze reakcje w terminie SLA",
        Kind.PERCENT,
        tickets=lambda k: k.first_response_sla.ratio,
    ),
    _Kpi("Rozwiązania w terminie SLA", Kind.PERCENT, tickets=lambda k: k.resolution_sla.ratio),
    _Kpi("Zadowolenie — średnia ocena (1–5)", Kind.DECIMAL, tickets=lambda k: k.rating_average),
    _Kpi("Liczba ocen", Kind.INTEGER, tickets=lambda k: k.rating_count),
    _Kpi("Przypomnienia wysłane", Kind.INTEGER, obligations=lambda o: o.reminders_sent),
    _Kpi("Odpowiedzi na przypomnienia", Kind.INTEGER, obligations=lambda o: o.answers),
    _Kpi(
        "Zobowiązania po terminie na koniec miesiąca",
        Kind.INTEGER,
        obligations=lambda o: o.overdue_at_end,
    ),
)


def write_summary(writer: SheetWriter, figures: MonthlyFigures, title: str, subtitle: str) -> None:
    month, previous = figures.month, figures.month.previous()
    writer.start(
        title=title,
        subtitle=subtitle,
        columns=(
            Column("Wskaźnik", 50),
            Column(month.label(), 16),
            Column(previous.label(), 16),
            Column("Zmiana", 12),
            Column("Uwagi", 30),
        ),
    )
    for kpi in _KPIS:
        current, before = _pair(kpi, figures)
        writer.append(
            (kpi.label, current, before, _change(current, before), None),
            kinds=(Kind.TEXT, kpi.kind, kpi.kind, kpi.kind, Kind.TEXT),
        )
    for kind in (AssetKind.DESKTOP, AssetKind.LAPTOP):
        share = figures.inventory.total.compliance[kind].failing_share
        writer.append(
            (
                f"{labels.ASSET_KIND[kind]} niespełniające wymagań",
                None if share is None else float(share),
                None,
                None,
                "stan ewidencji w dniu sporządzenia",
            ),
            kinds=(Kind.TEXT, Kind.PERCENT, Kind.PERCENT, Kind.PERCENT, Kind.TEXT),
        )
    if not figures.has_month_activity:
        writer.styled_line(labels.NO_DATA, SUBTITLE_FONT)
    writer.finish()
    _per_school(writer, figures)
    _per_category(writer, figures)
    _sla_trend(writer, figures)


def _pair(kpi: _Kpi, figures: MonthlyFigures) -> tuple[CellValue, CellValue]:
    if kpi.tickets is not None:
        return kpi.tickets(figures.tickets.total), kpi.tickets(figures.previous_tickets.total)
    assert kpi.obligations is not None
    return kpi.obligations(figures.obligations), kpi.obligations(figures.previous_obligations)


def _change(current: CellValue, before: CellValue) -> CellValue:
    """How much a figure moved since the previous month; None when either is missing."""
    if isinstance(current, int | float) and isinstance(before, int | float):
        return current - before
    return None


def _per_school(writer: SheetWriter, figures: MonthlyFigures) -> None:
    """Tickets opened per school: the busiest `TOP_SCHOOLS`, the rest in one line."""
    by_school = figures.tickets.by_school
    opened = sorted(
        (
            (kpis.opened, figures.directory.school_name(school_id))
            for school_id, kpis in by_school.items()
            if kpis.opened
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )
    rows: list[tuple[str, int]] = [(name, count) for count, name in opened[:TOP_SCHOOLS]]
    rest = sum(count for count, _ in opened[TOP_SCHOOLS:])
    if rest:
        rows.append((labels.OTHER_SCHOOLS, rest))
    _bar_table(writer, "Zgłoszenia przyjęte w miesiącu według szkół", "Szkoła", rows)


def _per_category(writer: SheetWriter, figures: MonthlyFigures) -> None:
    by_category = figures.tickets.by_category
    rows = [
        (category.name, by_category[category.id].opened)
        for category in figures.directory.categories.values()
        if category.id in by_category and by_category[category.id].opened
    ]
    _bar_table(writer, "Zgłoszenia przyjęte w miesiącu według kategorii", "Kategoria", rows)


def _bar_table(
    writer: SheetWriter, title: str, name_header: str, rows: list[tuple[str, int]]
) -> None:
    """A two-column table and, when it has rows, a bar chart of it beside it."""
    header = writer.section(title, (Column(name_header, 50), Column("Przyjęte", 16, Kind.INTEGER)))
    for name, count in rows:
        writer.append((name, count))
    if not rows:
        writer.styled_line(labels.NO_DATA, SUBTITLE_FONT)
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.legend = None
    chart.x_axis.scaling.orientation = "maxMin"  # the first row at the top, as in the table
    chart.y_axis.title = "Zgłoszenia"
    chart.add_data(
        Reference(writer.sheet, min_col=2, min_row=header, max_row=writer.row),
        titles_from_data=True,
    )
    chart.set_categories(Reference(writer.sheet, min_col=1, min_row=header + 1, max_row=writer.row))
    _place(writer, chart)


def _sla_trend(writer: SheetWriter, figures: MonthlyFigures) -> None:
    header = writer.section(
        "Dotrzymanie SLA w ostatnich 12 miesiącach",
        (
            Column("Miesiąc", 50),
            Column("Pierwsze reakcje w terminie", 16, Kind.PERCENT),
            Column("Rozwiązania w terminie", 16, Kind.PERCENT),
        ),
    )
    for point in figures.sla_trend:
        writer.append((point.month.label(), point.first_response.ratio, point.resolution.ratio))
    if all(p.first_response.total == p.resolution.total == 0 for p in figures.sla_trend):
        writer.styled_line(labels.NO_DATA, SUBTITLE_FONT)
        return
    chart = LineChart()
    chart.title = "Dotrzymanie SLA w ostatnich 12 miesiącach"
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.add_data(
        Reference(writer.sheet, min_col=2, max_col=3, min_row=header, max_row=writer.row),
        titles_from_data=True,
    )
    for series in chart.series:
        series.marker.symbol = "circle"  # a month between empty ones still shows
    chart.set_categories(Reference(writer.sheet, min_col=1, min_row=header + 1, max_row=writer.row))
    _place(writer, chart)


def _place(writer: SheetWriter, chart: BarChart | LineChart) -> None:
    """To the right of the tables, one below another in the order they are added."""
    chart.width = CHART_WIDTH_CM
    chart.height = CHART_HEIGHT_CM
    slot = len(writer.sheet._charts)
    writer.sheet.add_chart(chart, f"{CHART_COLUMN}{FIRST_CHART_ROW + slot * CHART_ROWS}")
