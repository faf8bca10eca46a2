"""The equipment a person may see, as a query: the rule of `lookup.may_see_equipment` — the
IT specialist and the coordinator every school's, anyone else their own school's."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from core.models import Asset, Role, User


def assets_visible_to(user: User) -> QuerySet[Asset]:
    """The assets `user` may see; nothing for an inactive account or one without a school."""
    if not user.is_active:
        return Asset.filter(id__in=[])
    if user.role in (Role.IT, Role.COORDINATOR):
        return Asset.all()
    if user.school_id is None:
        return Asset.filter(id__in=[])
    return Asset.filter(school_id=user.school_id)
