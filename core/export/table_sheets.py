"""The tables of the monthly workbook that are small enough to be built from the figures
at the end: per school, per category, equipment, HDR actions, indicators and meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final

from core.export import labels
from core.export.inventory_figures import SchoolEquipment
from core.export.monthly_figures import MonthlyFigures
from core.export.plan_figures import MeetingRow
from core.export.sheet_writer import CellValue, Column, Kind, SheetWriter
from core.export.ticket_kpis import TicketKpis, no_tickets
from core.inventory.requirements import COMPLIANCE_KINDS, KindCompliance
from core.models import AssetKind, Priority

KPI_COLUMNS: Final = (
    Column("Przyjęte", 10, Kind.INTEGER),
    Column("Rozwiązane", 11, Kind.INTEGER),
    Column("Otwarte na koniec miesiąca", 12, Kind.INTEGER),
    Column("Mediana czasu reakcji [h rob.]", 12, Kind.HOURS),
    Column("Mediana czasu rozwiązania [h rob.]", 13, Kind.HOURS),
    Column("90. percentyl czasu rozwiązania [h rob.]", 13, Kind.HOURS),
    Column("Reakcje w terminie SLA", 11, Kind.PERCENT),
    Column("Rozwiązania w terminie SLA", 12, Kind.PERCENT),
    Column("Średnia ocena", 9, Kind.DECIMAL),
    Column("Liczba ocen", 9, Kind.INTEGER),
)
KPI_SUBTITLE: Final = (
    "Przyjęte, rozwiązane i ocenione w miesiącu; otwarte na jego koniec. Czasy w godzinach "
    "roboczych; SLA: odsetek reakcji i rozwiązań w terminie."
)


def kpi_values(kpis: TicketKpis) -> tuple[CellValue, ...]:
    return (
        kpis.opened,
        kpis.resolved,
        kpis.open_at_end,
        kpis.first_response_median_hours,
        kpis.resolution_median_hours,
        kpis.resolution_p90_hours,
        kpis.first_response_sla.ratio,
        kpis.resolution_sla.ratio,
        kpis.rating_average,
        kpis.rating_count,
    )


def write_schools(writer: SheetWriter, figures: MonthlyFigures, title: str) -> None:
    """Per school: the ticket figures, then tickets opened per category."""
    tickets, directory = figures.tickets, figures.directory
    categories = list(directory.categories.values())
    writer.start(
        title=title,
        subtitle=KPI_SUBTITLE,
        columns=(
            Column("Szkoła", 36),
            *KPI_COLUMNS,
            *(Column(f"Przyjęte: {category.name}", 12, Kind.INTEGER) for category in categories),
        ),
    )
    shown = [
        school
        for school in directory.schools.values()
        if school.is_active or school.id in tickets.by_school
    ]
    for school in shown:
        kpis = tickets.by_school.get(school.id) or no_tickets()
        opened = tickets.opened_by_school_and_category
        writer.append(
            (
                school.name,
                *kpi_values(kpis),
                *(opened.get((school.id, category.id), 0) for category in categories),
            )
        )
    if shown:
        writer.append(
            (
                labels.TOTAL,
                *kpi_values(tickets.total),
                *(_opened_in_category(figures, category.id) for category in categories),
            ),
            bold=True,
        )
    writer.note_if_empty()
    writer.finish()


def write_categories(writer: SheetWriter, figures: MonthlyFigures, title: str) -> None:
    """Per category: the ticket figures, then tickets opened per priority."""
    tickets = figures.tickets
    writer.start(
        title=title,
        subtitle=KPI_SUBTITLE,
        columns=(
            Column("Kategoria", 40),
            *KPI_COLUMNS,
            *(
                Column(f"Przyjęte: priorytet {labels.PRIORITY[priority]}", 12, Kind.INTEGER)
                for priority in Priority
            ),
        ),
    )
    opened = tickets.opened_by_category_and_priority
    shown = [
        category
        for category in figures.directory.categories.values()
        if category.id in tickets.by_category
    ]
    for category in shown:
        writer.append(
            (
                category.name,
                *kpi_values(tickets.by_category[category.id]),
                *(opened.get((category.id, priority), 0) for priority in Priority),
            )
        )
    if shown:
        writer.append(
            (
                labels.TOTAL,
                *kpi_values(tickets.total),
                *(
                    sum(count for (_, of), count in opened.items() if of == priority)
                    for priority in Priority
                ),
            ),
            bold=True,
        )
    writer.note_if_empty()
    writer.finish()


def _opened_in_category(figures: MonthlyFigures, category_id: int) -> int:
    opened = figures.tickets.opened_by_school_and_category
    return sum(count for (_, category), count in opened.items() if category == category_id)


VERDICT_COLUMNS: Final = (
    ("spełnia", "meeting"),
    ("nie spełnia", "failing"),
    ("brak danych", "unknown"),
    ("zwolnione", "exempt"),
    ("nie dotyczy", "not_applicable"),
)


def write_inventory(writer: SheetWriter, figures: MonthlyFigures, title: str) -> None:
    """Equipment per school and kind, and the requirement verdicts on its computers."""
    inventory = figures.inventory
    verdict_columns = [
        column
        for kind in COMPLIANCE_KINDS
        for column in (
            *(
                Column(f"{labels.ASSET_KIND[kind]}: {name}", 11, Kind.INTEGER)
                for name, _ in VERDICT_COLUMNS
            ),
            Column(f"{labels.ASSET_KIND[kind]}: odsetek niespełniających", 13, Kind.PERCENT),
        )
    ]
    writer.start(
        title=title,
        subtitle=_inventory_subtitle(inventory.profile_code, inventory.profile_installed),
        columns=(
            Column("Szkoła", 36),
            *(Column(labels.ASSET_KIND[kind], 11, Kind.INTEGER) for kind in AssetKind),
            *verdict_columns,
        ),
    )
    for equipment in inventory.schools:
        writer.append(
            (figures.directory.school_name(equipment.school_id), *_equipment_values(equipment))
        )
    if inventory.schools:
        writer.append((f"{labels.TOTAL} (gmina)", *_equipment_values(inventory.total)), bold=True)
    writer.note_if_empty()
    writer.finish()


def _inventory_subtitle(profile_code: str, installed: bool) -> str:
    if not installed:
        return (
            f"Profil wymagań „{profile_code}” nie jest zainstalowany: komputerów nie oceniono. "
            "Stan ewidencji w dniu sporządzenia zestawienia."
        )
    return (
        f"Profil wymagań „{profile_code}”. Stan ewidencji w dniu sporządzenia zestawienia "
        "(bez sprzętu wycofanego). Ocena obejmuje komputery używane i w naprawie; odsetek "
        "niespełniających liczony wśród komputerów o znanym wyniku, jak w diagnozie."
    )


def _equipment_values(equipment: SchoolEquipment) -> Iterator[CellValue]:
    yield from (equipment.by_kind[kind] for kind in AssetKind)
    for kind in COMPLIANCE_KINDS:
        compliance: KindCompliance = equipment.compliance[kind]
        yield from (getattr(compliance, attribute) for _, attribute in VERDICT_COLUMNS)
        share = compliance.failing_share
        yield None if share is None else float(share)


HDR_COLUMNS: Final = (
    Column("Nr", 5, Kind.INTEGER),
    Column("Działanie", 50),
    Column("Okres", 18),
    Column("Od", 11, Kind.DATE),
    Column("Do", 11, Kind.DATE),
    Column("Odpowiedzialni", 28),
    Column("Status", 14),
    Column("Po terminie", 10),
    Column("Zobowiązania po terminie na koniec miesiąca", 14, Kind.INTEGER),
    Column("Uwagi", 36),
)


def write_hdr(writer: SheetWriter, figures: MonthlyFigures, title: str) -> None:
    writer.start(
        title=title,
        subtitle=(
            "Działania Harmonogramu Działań Rozwojowych. „Po terminie”: okres działania "
            "skończył się do końca miesiąca, a działanie nie jest zrealizowane ani anulowane."
        ),
        columns=HDR_COLUMNS,
    )
    overdue = figures.obligations.overdue_by_hdr_action
    for action in figures.hdr_actions:
        writer.append(
            (
                action.number,
                action.title,
                action.period_text,
                action.starts_on,
                action.ends_on,
                action.responsible,
                labels.HDR_STATUS[action.status],
                action.past_end,
                overdue.get(action.id, 0),
                action.notes or None,
            )
        )
    writer.note_if_empty()
    writer.finish()


def write_indicators(writer: SheetWriter, figures: MonthlyFigures, title: str) -> None:
    writer.start(
        title=title,
        subtitle=(
            "Wskaźniki monitorowania HDR wobec wartości docelowych: liczone z danych (spotkania "
            "odbyte, arkusze przekazane, szkoły objęte) albo wpisane przez koordynatora."
        ),
        columns=(
            Column("Kod", 16),
            Column("Wskaźnik", 50),
            Column("Wartość docelowa", 11, Kind.INTEGER),
            Column("Wartość", 10, Kind.INTEGER),
            Column("Realizacja celu", 11, Kind.PERCENT),
            Column("Źródło", 16),
            Column("Działania HDR", 14),
            Column("Dokumentacja", 36),
        ),
    )
    for value in figures.indicators:
        indicator = value.indicator
        writer.append(
            (
                indicator.code,
                indicator.name,
                value.target,
                value.value,
                None if value.ratio is None else float(value.ratio),
                "z danych" if value.is_computed else "wpisane ręcznie",
                ", ".join(str(number) for number in indicator.action_numbers) or None,
                indicator.documentation or None,
            )
        )
    writer.note_if_empty()
    writer.finish()


MEETING_COLUMNS: Final = (
    Column("Data spotkania", 16, Kind.DATETIME),
    Column("Spotkanie", 34),
    Column("Rodzaj spotkania", 20),
    Column("Pozycja", 18),
    Column("Treść", 44),
    Column("Status", 20),
    Column("Osoba", 22),
    Column("Szkoła", 28),
    Column("Termin", 11, Kind.DATE),
    Column("Wykonano", 16, Kind.DATETIME),
)


def write_meetings(writer: SheetWriter, figures: MonthlyFigures, title: str) -> None:
    """Each meeting of the month, followed by its agenda items and action items."""
    writer.start(
        title=title,
        subtitle="Spotkania w miesiącu z punktami porządku i zadaniami z protokołu.",
        columns=MEETING_COLUMNS,
    )
    for meeting in figures.meetings:
        line = _MeetingLine(writer, meeting)
        line.write("spotkanie", meeting.location, labels.MEETING_STATUS[meeting.status])
        for item in meeting.agenda:
            position = "punkt porządku" + (f" {item.position}" if item.position else "")
            status = labels.AGENDA_STATUS[item.status]
            line.write(position, item.title, status, person=item.proposed_by, school=item.school)
        for task in meeting.action_items:
            status = "wykonane" if task.done_at is not None else "otwarte"
            line.write(
                "zadanie",
                task.title,
                status,
                person=task.owner,
                due=task.due_date,
                done=task.done_at,
            )
    writer.note_if_empty()
    writer.finish()


class _MeetingLine:
    """Rows of one meeting: each repeats the meeting, so a filter keeps them together."""

    def __init__(self, writer: SheetWriter, meeting: MeetingRow) -> None:
        self._writer = writer
        self._meeting = (meeting.starts_at, meeting.title, labels.MEETING_KIND[meeting.kind])

    def write(
        self,
        position: str,
        text: str,
        status: str,
        *,
        person: str = "",
        school: str = "",
        due: dt.date | None = None,
        done: dt.datetime | None = None,
    ) -> None:
        self._writer.append(
            (*self._meeting, position, text or None, status, person or None, school or None,
             due, done)
        )  # fmt: skip
