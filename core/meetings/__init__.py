"""Meetings and their agendas: the call for items and the proposals directors send."""

from core.meetings.agenda import (
    DESCRIPTION_LIMIT,
    TITLE_LIMIT,
    call_closes_at,
    call_is_open,
    checked_description,
    checked_title,
    item_status_label,
    items_proposed_by,
    may_propose,
    meeting_open_for_items,
    meetings_open_for_items,
    propose_agenda_item,
    require_may_propose,
)

__all__ = [
    "DESCRIPTION_LIMIT",
    "TITLE_LIMIT",
    "call_closes_at",
    "call_is_open",
    "checked_description",
    "checked_title",
    "item_status_label",
    "items_proposed_by",
    "may_propose",
    "meeting_open_for_items",
    "meetings_open_for_items",
    "propose_agenda_item",
    "require_may_propose",
]
