"""Working time, school years and the legal deadlines of a gmina's schools."""

from core.calendar.business import (
    VOIVODESHIP_CODES,
    BusinessCalendar,
    polish_public_holidays,
    voivodeship_code,
)
from core.calendar.legal import (
    KURATOR_OPINION_KEY,
    ORGANISATION_SHEET_RULES,
    YEARLY_RULES,
    AssigneeRole,
    DeadlineRule,
    LegalDeadline,
    organisation_sheet_change_deadlines,
    organisation_sheet_deadlines,
    yearly_deadlines,
)
from core.calendar.school_year import SchoolYear

__all__ = [
    "KURATOR_OPINION_KEY",
    "ORGANISATION_SHEET_RULES",
    "VOIVODESHIP_CODES",
    "YEARLY_RULES",
    "AssigneeRole",
    "BusinessCalendar",
    "DeadlineRule",
    "LegalDeadline",
    "SchoolYear",
    "organisation_sheet_change_deadlines",
    "organisation_sheet_deadlines",
    "polish_public_holidays",
    "voivodeship_code",
    "yearly_deadlines",
]
