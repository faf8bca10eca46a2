"""The names of equipment kinds and statuses as people read them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from core.i18n import DEFAULT_LOCALE, mark, translate_label
from core.models import AssetKind, AssetStatus

# The part before "|" tells translators what the word is; only the part after it is shown.
KIND_LABELS: Final[Mapping[AssetKind, str]] = MappingProxyType(
    {
        AssetKind.DESKTOP: mark("asset kind|Desktop computer"),
        AssetKind.LAPTOP: mark("asset kind|Laptop"),
        AssetKind.TABLET: mark("asset kind|Tablet"),
        AssetKind.INTERACTIVE_WHITEBOARD: mark("asset kind|Interactive whiteboard"),
        AssetKind.INTERACTIVE_MONITOR: mark("asset kind|Interactive monitor"),
        AssetKind.PROJECTOR: mark("asset kind|Projector"),
        AssetKind.PRINTER: mark("asset kind|Printer"),
        AssetKind.NETWORK_DEVICE: mark("asset kind|Network device"),
        AssetKind.SERVER: mark("asset kind|Server"),
        AssetKind.OTHER: mark("asset kind|Other equipment"),
    }
)

STATUS_LABELS: Final[Mapping[AssetStatus, str]] = MappingProxyType(
    {
        AssetStatus.IN_USE: mark("asset status|in use"),
        AssetStatus.IN_REPAIR: mark("asset status|in repair"),
        AssetStatus.SPARE: mark("asset status|spare"),
        AssetStatus.DECOMMISSIONED: mark("asset status|decommissioned"),
    }
)


def kind_label(kind: AssetKind, locale: str = DEFAULT_LOCALE) -> str:
    """The name of `kind`, capitalised, e.g. "Projektor" in Polish."""
    return translate_label(KIND_LABELS[kind], locale)


def asset_status_label(status: AssetStatus, locale: str = DEFAULT_LOCALE) -> str:
    """The name of `status` in lower case, e.g. "w naprawie" for in_repair in Polish."""
    return translate_label(STATUS_LABELS[status], locale)
