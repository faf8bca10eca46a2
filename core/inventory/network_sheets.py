"""A school's network sheet: its Internet link (type and speeds), how much of the building
its Wi-Fi covers, how well the school finds the network works, and notes. Each school has
at most one sheet; the SIO counts read its link from there.

Who may fill it in: those who may change the school's equipment (the coordinator, the IT
specialist, the school's director; see `core.inventory.assets.may_change_equipment`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

from tortoise.transactions import in_transaction

from core import clock
from core.errors import InvalidInput
from core.i18n import DEFAULT_LOCALE, mark, translate_label
from core.inventory.assets import require_may_change_equipment
from core.inventory.field_checks import Validator, choice, text, whole_number
from core.models import (
    LinkType,
    NetworkQuality,
    School,
    SchoolNetworkSheet,
    User,
    WifiCoverage,
)

LOWEST_MBPS: Final = 1
HIGHEST_MBPS: Final = 100_000
"""100 Gb/s: far above any school link, low enough to catch a speed typed in kb/s."""
MAX_NOTES_LENGTH: Final = 2000

# The part before "|" tells translators what the word is; only the part after it is shown.
LINK_TYPE_LABELS: Final[Mapping[LinkType, str]] = MappingProxyType(
    {
        LinkType.FIBRE: mark("internet link|fibre"),
        LinkType.RADIO: mark("internet link|radio"),
        LinkType.MOBILE: mark("internet link|mobile network (LTE/5G)"),
        LinkType.DSL: mark("internet link|DSL (telephone line)"),
        LinkType.CABLE: mark("internet link|cable television network"),
        LinkType.SATELLITE: mark("internet link|satellite"),
        LinkType.OTHER: mark("internet link|other"),
    }
)
WIFI_COVERAGE_LABELS: Final[Mapping[WifiCoverage, str]] = MappingProxyType(
    {
        WifiCoverage.NONE: mark("Wi-Fi coverage|no Wi-Fi"),
        WifiCoverage.PARTIAL: mark("Wi-Fi coverage|part of the building"),
        WifiCoverage.FULL: mark("Wi-Fi coverage|the whole building"),
    }
)
NETWORK_QUALITY_LABELS: Final[Mapping[NetworkQuality, str]] = MappingProxyType(
    {
        NetworkQuality.POOR: mark("network quality|poor"),
        NetworkQuality.FAIR: mark("network quality|fair"),
        NetworkQuality.GOOD: mark("network quality|good"),
    }
)


def choice_label(value: StrEnum, locale: str = DEFAULT_LOCALE) -> str:
    """How a link type, Wi-Fi coverage or network quality reads, e.g. "światłowód"."""
    labels: Mapping[Any, str] = {
        **LINK_TYPE_LABELS,
        **WIFI_COVERAGE_LABELS,
        **NETWORK_QUALITY_LABELS,
    }
    return translate_label(labels[value], locale)


_VALIDATORS: Final[Mapping[str, Validator]] = MappingProxyType(
    {
        "link_type": choice(LinkType, nullable=True),
        "download_mbps": whole_number(LOWEST_MBPS, HIGHEST_MBPS),
        "upload_mbps": whole_number(LOWEST_MBPS, HIGHEST_MBPS),
        "wifi_coverage": choice(WifiCoverage, nullable=True),
        "network_quality": choice(NetworkQuality, nullable=True),
        "notes": text(MAX_NOTES_LENGTH),
    }
)

NETWORK_SHEET_FIELDS: Final = tuple(_VALIDATORS)
"""The fields a sheet is filled in with, in the order a form shows them."""


def checked_network_sheet_field(field: str, value: object) -> object:
    """`value` as `save_network_sheet` would store it in `field`, so a form can mark every
    bad field at once. Raises InvalidInput as `save_network_sheet` would."""
    validator = _VALIDATORS.get(field)
    if validator is None:
        raise InvalidInput("Unknown network sheet field {field}", field=field)
    return validator(field, value)


async def network_sheet_of(school: School) -> SchoolNetworkSheet | None:
    """The school's sheet with the user who last saved it loaded; None before the first save."""
    return (
        await SchoolNetworkSheet.filter(school_id=school.id).prefetch_related("updated_by").first()
    )


async def save_network_sheet(
    *, school: School, actor: User | None, **fields: object
) -> SchoolNetworkSheet:
    """Creates the school's sheet or updates it with `fields` (names from
    NETWORK_SHEET_FIELDS; a field not given keeps its value, or is not recorded on a new
    sheet), and records when and by whom it was saved, also when no value changed: saving
    the sheet confirms it. `actor=None` is a save by hdr-desk itself and is not checked.

    Raises PermissionDenied when `actor` may not change the school's equipment, InvalidInput
    for an unknown field or a bad value, naming the field. Nothing is written then.
    """
    require_may_change_equipment(actor, school.id)
    cleaned = {field: checked_network_sheet_field(field, value) for field, value in fields.items()}
    async with in_transaction():
        # Locking the school makes two first saves of its sheet wait for each other
        # instead of both creating one.
        await School.select_for_update().get(id=school.id)
        sheet = await SchoolNetworkSheet.get_or_none(school_id=school.id)
        if sheet is None:
            sheet = SchoolNetworkSheet(school_id=school.id)
        for field, value in cleaned.items():
            setattr(sheet, field, value)
        sheet.updated_at = clock.now()
        sheet.updated_by = actor
        await sheet.save()
    return sheet
