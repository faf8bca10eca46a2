"""Finding equipment: a school's assets by inventory number, room or kind, and one asset by
the opaque id its QR label carries.

Who may see equipment: the IT specialist and the coordinator, every school's; a director or
a teacher, their own school's (a teacher looks a device up to report a fault on it). Who may
change it is `core.inventory.assets.may_change_equipment`.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.errors import InvalidInput, NotFound, PermissionDenied
from core.inventory.assets import require_may_change_equipment
from core.models import Asset, AssetKind, Role, School, User

ASSET_LINK_PREFIX = "a_"
"""What starts the `start` payload of an asset's deep link, before its public id."""

SEARCH_LIMIT = 20
"""At most this many assets are listed for one search."""

_SEARCH_TEXT_MAX_LENGTH = 100


def asset_deep_link(public_id: str, bot_username: str) -> str:
    """The link a QR label encodes: it opens the chat with the bot and sends it
    `/start a_<public_id>`."""
    return f"https://t.me/{bot_username.removeprefix('@')}?start={ASSET_LINK_PREFIX}{public_id}"


def public_id_in_start_payload(payload: str) -> str | None:
    """The asset's public id when `payload` (what follows `/start`) is an asset link."""
    if payload.startswith(ASSET_LINK_PREFIX) and len(payload) > len(ASSET_LINK_PREFIX):
        return payload.removeprefix(ASSET_LINK_PREFIX)
    return None


def may_see_equipment(viewer: User, school_id: int) -> bool:
    """Whether `viewer` may see the equipment of the school with `school_id`."""
    if viewer.role in (Role.IT, Role.COORDINATOR):
        return True
    return viewer.school_id == school_id


def _require_may_see(viewer: User, school_id: int) -> None:
    if not may_see_equipment(viewer, school_id):
        raise PermissionDenied(
            "This equipment belongs to another school. You can only see the equipment of "
            "your own school."
        )


@dataclass(frozen=True)
class FoundAssets:
    assets: list[Asset]
    """At most SEARCH_LIMIT, in inventory-number order."""
    more: bool
    """More assets matched than are listed."""


async def find_assets_by_text(*, viewer: User, school: School, text: str) -> FoundAssets:
    """The assets of `school` whose inventory number contains `text` or whose room is `text`,
    letter case ignored. Raises PermissionDenied when `viewer` may not see the school's
    equipment, InvalidInput for empty or overlong text."""
    _require_may_see(viewer, school.id)
    wanted = text.strip()
    if not wanted:
        raise InvalidInput("Type an inventory number or a room.")
    if len(wanted) > _SEARCH_TEXT_MAX_LENGTH:
        raise InvalidInput(
            "At most {max_length} characters allowed, got {length}",
            max_length=_SEARCH_TEXT_MAX_LENGTH,
            length=len(wanted),
        )
    matching = Q(inventory_number__icontains=wanted) | Q(room__iexact=wanted)
    return await _found(Asset.filter(matching, school_id=school.id))


async def find_assets_by_kind(*, viewer: User, school: School, kind: str) -> FoundAssets:
    """The assets of `school` of `kind` (an AssetKind value). Raises PermissionDenied when
    `viewer` may not see the school's equipment, InvalidInput for an unknown kind."""
    _require_may_see(viewer, school.id)
    if kind not in tuple(AssetKind):
        raise InvalidInput("Unknown kind of equipment {kind}", kind=kind)
    return await _found(Asset.filter(school_id=school.id, kind=AssetKind(kind)))


async def _found(assets: QuerySet[Asset]) -> FoundAssets:
    listed = await assets.order_by("inventory_number", "id").limit(SEARCH_LIMIT + 1)
    return FoundAssets(assets=listed[:SEARCH_LIMIT], more=len(listed) > SEARCH_LIMIT)


async def asset_for_deep_link(public_id: str, user: User) -> Asset:
    """The asset with `public_id`, its school loaded, for `user` to see.

    Raises NotFound when no asset has that id, PermissionDenied when it belongs to a school
    whose equipment `user` may not see.
    """
    asset = await Asset.get_or_none(public_id=public_id).select_related("school")
    if asset is None:
        raise NotFound(
            "I do not know this equipment. The label may be damaged or the equipment removed "
            "from the inventory."
        )
    _require_may_see(user, asset.school_id)
    return asset


async def asset_to_change(public_id: str, user: User) -> Asset:
    """The asset with `public_id`, its school loaded, for `user` to change: what
    `asset_for_deep_link` raises, and PermissionDenied when `user` may not change it."""
    asset = await asset_for_deep_link(public_id, user)
    require_may_change_equipment(user, asset.school_id)
    return asset
