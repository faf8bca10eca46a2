"""IT fault tickets: numbering, life cycle, SLA clock, access rules and the services that the
Telegram, e-mail and web channels all call."""

from core.tickets.access import (
    can_see_ticket,
    can_work_tickets,
    tickets_visible_to,
)
from core.tickets.defaults import (
    DEFAULT_CATEGORIES,
    DEFAULT_SLA_POLICIES,
    CategoryDefinition,
    SlaTargets,
)
from core.tickets.intake import active_categories, checked_report_text, create_ticket
from core.tickets.numbering import format_ticket_number, next_ticket_number
from core.tickets.service import (
    add_comment,
    assign_ticket,
    change_priority,
    change_status,
    rate_ticket,
    reopen_ticket,
)
from core.tickets.sla import SlaState, SlaStatus, TargetState, sla_state, sla_targets
from core.tickets.states import (
    TRANSITIONS,
    IllegalTicketTransition,
    priority_label,
    status_label,
)

__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_SLA_POLICIES",
    "TRANSITIONS",
    "CategoryDefinition",
    "IllegalTicketTransition",
    "SlaState",
    "SlaStatus",
    "SlaTargets",
    "TargetState",
    "active_categories",
    "add_comment",
    "assign_ticket",
    "can_see_ticket",
    "can_work_tickets",
    "change_priority",
    "change_status",
    "checked_report_text",
    "create_ticket",
    "format_ticket_number",
    "next_ticket_number",
    "priority_label",
    "rate_ticket",
    "reopen_ticket",
    "sla_state",
    "sla_targets",
    "status_label",
    "tickets_visible_to",
]
