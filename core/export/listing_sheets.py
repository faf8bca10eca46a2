"""The two long listings of the monthly workbook, written row by row as the figures are
counted: every ticket touched in the month (Zgłoszenia) and every obligation of the month
with its reminders and answers (Przypomnienia)."""

from __future__ import annotations

from typing import Final

from core.export import labels
from core.export.obligation_figures import ObligationRow
from core.export.sheet_writer import CellValue, Column, Kind
from core.export.ticket_figures import TicketRow

TICKET_COLUMNS: Final = (
    Column("Numer", 14),
    Column("Przyjęte", 16, Kind.DATETIME),
    Column("Szkoła", 32),
    Column("Kategoria", 26),
    Column("Priorytet", 11),
    Column("Status", 18),
    Column("Kanał", 13),
    Column("Tytuł", 42),
    Column("Zgłaszający", 22),
    Column("Przydzielone do", 22),
    Column("Pierwsza reakcja", 16, Kind.DATETIME),
    Column("Czas reakcji [h rob.]", 11, Kind.HOURS),
    Column("Reakcja w terminie SLA", 11),
    Column("Rozwiązane", 16, Kind.DATETIME),
    Column("Czas rozwiązania [h rob.]", 12, Kind.HOURS),
    Column("Rozwiązanie w terminie SLA", 12),
    Column("Zamknięte", 16, Kind.DATETIME),
    Column("Ocena (1–5)", 9, Kind.INTEGER),
)
TICKETS_SUBTITLE: Final = (
    "Każde zgłoszenie przyjęte, obsłużone, rozwiązane lub zamknięte w miesiącu. "
    "Czasy liczone w godzinach roboczych od przyjęcia zgłoszenia."
)

OBLIGATION_COLUMNS: Final = (
    Column("Termin", 12, Kind.DATE),
    Column("Zobowiązanie", 44),
    Column("Rodzaj", 20),
    Column("Szkoła", 30),
    Column("Odpowiedzialny", 22),
    Column("Status", 12),
    Column("Wykonano", 16, Kind.DATETIME),
    Column("Po terminie na koniec miesiąca", 13),
    Column("Przypomnienia wysłane w miesiącu", 13, Kind.INTEGER),
    Column("Odpowiedzi w miesiącu", 12, Kind.INTEGER),
    Column("Ostatnia odpowiedź", 12),
    Column("Data odpowiedzi", 16, Kind.DATETIME),
    Column("Komentarz do odpowiedzi", 40),
)
OBLIGATIONS_SUBTITLE: Final = (
    "Zobowiązania z terminem w miesiącu, zaległe na jego koniec, przypominane lub z "
    "odpowiedzią w miesiącu."
)


def ticket_values(row: TicketRow) -> tuple[CellValue, ...]:
    return (
        row.number,
        row.created_at,
        row.school,
        row.category,
        labels.PRIORITY[row.priority],
        labels.TICKET_STATUS[row.status],
        labels.CHANNEL[row.channel],
        row.title,
        row.reporter,
        row.assignee,
        row.first_response_at,
        row.first_response_hours,
        row.first_response_met,
        row.resolved_at,
        row.resolution_hours,
        row.resolution_met,
        row.closed_at,
        row.rating,
    )


def obligation_values(row: ObligationRow) -> tuple[CellValue, ...]:
    role = labels.ROLE[row.assignee_role] if row.assignee_role is not None else ""
    return (
        row.due_date,
        row.title,
        labels.OBLIGATION_KIND[row.kind],
        row.school,
        row.assignee or role,
        labels.OBLIGATION_STATUS[row.status],
        row.done_at,
        row.overdue_at_end,
        row.reminders_sent,
        row.answers,
        labels.ANSWER[row.last_answer] if row.last_answer is not None else None,
        row.last_answer_at,
        row.last_answer_comment or None,
    )
