"""The Polish words of the monthly workbook: sheet names, headings and the names of the
values it shows. The workbook goes to the wójt and to ORE as it is, in Polish, whatever the
language of the person who asked for it, so these are constants rather than catalog
messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from core.models import (
    AgendaItemStatus,
    AnswerKind,
    AssetKind,
    Channel,
    HdrActionStatus,
    MeetingKind,
    MeetingStatus,
    ObligationKind,
    ObligationStatus,
    Priority,
    Role,
    TicketStatus,
)

SUMMARY: Final = "Podsumowanie"
TICKETS: Final = "Zgłoszenia"
SCHOOLS: Final = "Szkoły"
CATEGORIES: Final = "Kategorie"
INVENTORY: Final = "Inwentaryzacja"
HDR: Final = "HDR"
INDICATORS: Final = "Wskaźniki"
MEETINGS: Final = "Spotkania"
REMINDERS: Final = "Przypomnienia"
SHEET_ORDER: Final = (
    SUMMARY,
    TICKETS,
    SCHOOLS,
    CATEGORIES,
    INVENTORY,
    HDR,
    INDICATORS,
    MEETINGS,
    REMINDERS,
)

WORKBOOK_TITLE: Final = "Zestawienie miesięczne"
NO_DATA: Final = "Brak danych za ten miesiąc"
YES: Final = "Tak"
NO: Final = "Nie"
TOTAL: Final = "Razem"
OTHER_SCHOOLS: Final = "Pozostałe szkoły"

TICKET_STATUS: Final[Mapping[TicketStatus, str]] = {
    TicketStatus.NEW: "nowe",
    TicketStatus.ASSIGNED: "przydzielone",
    TicketStatus.IN_PROGRESS: "w toku",
    TicketStatus.WAITING_REPORTER: "czeka na zgłaszającego",
    TicketStatus.WAITING_VENDOR: "czeka na dostawcę",
    TicketStatus.RESOLVED: "rozwiązane",
    TicketStatus.CLOSED: "zamknięte",
}
PRIORITY: Final[Mapping[Priority, str]] = {
    Priority.LOW: "niski",
    Priority.NORMAL: "normalny",
    Priority.HIGH: "wysoki",
    Priority.CRITICAL: "krytyczny",
}
CHANNEL: Final[Mapping[Channel, str]] = {
    Channel.TELEGRAM: "Telegram",
    Channel.EMAIL: "e-mail",
    Channel.WEB: "formularz WWW",
}
ASSET_KIND: Final[Mapping[AssetKind, str]] = {
    AssetKind.DESKTOP: "Komputery stacjonarne",
    AssetKind.LAPTOP: "Laptopy",
    AssetKind.TABLET: "Tablety",
    AssetKind.INTERACTIVE_WHITEBOARD: "Tablice interaktywne",
    AssetKind.INTERACTIVE_MONITOR: "Monitory interaktywne",
    AssetKind.PROJECTOR: "Projektory",
    AssetKind.PRINTER: "Drukarki",
    AssetKind.NETWORK_DEVICE: "Urządzenia sieciowe",
    AssetKind.SERVER: "Serwery",
    AssetKind.OTHER: "Inne",
}
HDR_STATUS: Final[Mapping[HdrActionStatus, str]] = {
    HdrActionStatus.PLANNED: "zaplanowane",
    HdrActionStatus.IN_PROGRESS: "w realizacji",
    HdrActionStatus.DONE: "zrealizowane",
    HdrActionStatus.DELAYED: "opóźnione",
    HdrActionStatus.CANCELLED: "anulowane",
}
MEETING_KIND: Final[Mapping[MeetingKind, str]] = {
    MeetingKind.DIRECTORS: "spotkanie z dyrektorami",
    MeetingKind.PROJECT_TEAM: "zespół projektowy",
    MeetingKind.TRAINING: "szkolenie",
    MeetingKind.DEBATE: "debata",
    MeetingKind.CONFERENCE: "konferencja",
}
MEETING_STATUS: Final[Mapping[MeetingStatus, str]] = {
    MeetingStatus.PLANNED: "zaplanowane",
    MeetingStatus.AGENDA_OPEN: "zbieranie punktów porządku",
    MeetingStatus.AGENDA_PUBLISHED: "porządek opublikowany",
    MeetingStatus.HELD: "odbyło się",
    MeetingStatus.CANCELLED: "odwołane",
}
AGENDA_STATUS: Final[Mapping[AgendaItemStatus, str]] = {
    AgendaItemStatus.PROPOSED: "zaproponowany",
    AgendaItemStatus.ACCEPTED: "przyjęty",
    AgendaItemStatus.REJECTED: "odrzucony",
}
OBLIGATION_KIND: Final[Mapping[ObligationKind, str]] = {
    ObligationKind.HDR_ACTION_END: "koniec działania HDR",
    ObligationKind.INVENTORY_ROUND: "inwentaryzacja",
    ObligationKind.ORGANISATION_SHEET: "arkusz organizacji",
    ObligationKind.YEARLY_DEADLINE: "termin roczny",
    ObligationKind.AGENDA_CALL: "nabór punktów porządku",
    ObligationKind.AGENDA_PUBLISHED: "publikacja porządku",
    ObligationKind.ACTION_ITEM: "zadanie ze spotkania",
    ObligationKind.MANUAL: "inne",
}
OBLIGATION_STATUS: Final[Mapping[ObligationStatus, str]] = {
    ObligationStatus.OPEN: "otwarte",
    ObligationStatus.SNOOZED: "odłożone",
    ObligationStatus.PROBLEM: "problem",
    ObligationStatus.DONE: "wykonane",
    ObligationStatus.CANCELLED: "anulowane",
}
ANSWER: Final[Mapping[AnswerKind, str]] = {
    AnswerKind.DONE: "zrobione",
    AnswerKind.SNOOZE: "odłóż",
    AnswerKind.PROBLEM: "problem",
}
ROLE: Final[Mapping[Role, str]] = {
    Role.TEACHER: "nauczyciel",
    Role.DIRECTOR: "dyrektor",
    Role.IT: "informatyk",
    Role.COORDINATOR: "koordynator",
}
