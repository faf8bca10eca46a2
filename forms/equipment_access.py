"""Which school's equipment a person may look at, and the addresses of the equipment pages.

The director looks at their own school's; the IT specialist and the coordinator at the school
they choose (`?szkola=CODE`). Teachers may not: they look a device up by its QR label in
Telegram to report a fault, and the inventory is the school management's record. A school or
asset a director may not see is answered 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import Depends

from core.i18n import mark
from core.models import Asset, Role, School, User
from forms.auth import PageError, require_role

EQUIPMENT_PATH: Final = "/sprzet"

EquipmentKeeper = Annotated[User, Depends(require_role(Role.DIRECTOR, Role.IT, Role.COORDINATOR))]


async def school_by_code(code: str) -> School:
    """The active school with `code`; 404 when there is none."""
    school = await School.get_or_none(code=code, is_active=True) if code else None
    if school is None:
        raise PageError(404, mark("Not found"), mark("There is no school with this code."))
    return school


async def school_for(user: User, code: str) -> School | None:
    """The school whose equipment `user` looks at: a director's own (another school's code is
    answered 404); the school staff chose, or None when they have not chosen yet."""
    if user.role == Role.DIRECTOR:
        own = await School.get_or_none(id=user.school_id or 0)
        if own is None or (code and code != own.code):
            raise PageError(404, mark("Not found"), mark("There is no school with this code."))
        return own
    return await school_by_code(code) if code else None


async def asset_for(user: User, public_id: str) -> Asset:
    """The asset with `public_id`, its school loaded, when `user` may see it; 404 otherwise."""
    asset = await Asset.get_or_none(public_id=public_id).select_related("school")
    if asset is None or (user.role == Role.DIRECTOR and asset.school_id != user.school_id):
        raise PageError(404, mark("Not found"), mark("This equipment was not found."))
    return asset


def equipment_path(school: School) -> str:
    return f"{EQUIPMENT_PATH}?szkola={school.code}"


def asset_path(asset: Asset) -> str:
    return f"{EQUIPMENT_PATH}/{asset.public_id}"
