"""What each role is called where people see it, and who acts as the coordinator."""

from __future__ import annotations

from typing import Final

from core.i18n import mark, translate
from core.models import Role, User

ROLE_LABELS: Final = {
    Role.TEACHER: mark("teacher"),
    Role.DIRECTOR: mark("school director"),
    Role.IT: mark("IT specialist"),
    Role.COORDINATOR: mark("HDR coordinator"),
}


def role_label(role: Role, locale: str) -> str:
    """The name of `role` in `locale`, in lower case, as it reads inside a sentence."""
    return translate(ROLE_LABELS[Role(role)], locale)


def is_active_coordinator(person: User) -> bool:
    """Whether `person` may take the coordinator's steps: an active account of that role."""
    return person.is_active and person.role is Role.COORDINATOR
