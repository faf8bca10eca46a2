"""The counts the SIO's "Komputery" and "Wyposażenie" forms ask for, from the inventory.

The SIO conventions followed:

- Computers are desktops and laptops. Tablets are not computers there (the SIO's instruction
  says not to count them as portable computers); they are counted on their own, with the
  teaching aids. Servers and network devices are not computers either.
- The SIO splits computers by purpose into teaching and administration. Pupils', teachers'
  and shared computers are for teaching; of these, pupils' and shared ones are available to
  pupils. Of each group: how many are portable (laptops) and how many have Internet access.
- Equipment counts while the school has it: everything not decommissioned, spare included.
- Interactive monitors count from 55 inches; a monitor with no recorded size is counted
  apart, so the director knows what to measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from core.models import (
    Asset,
    AssetKind,
    AssetPurpose,
    AssetStatus,
    LinkType,
    School,
    SchoolNetworkSheet,
)

COMPUTER_KINDS = (AssetKind.DESKTOP, AssetKind.LAPTOP)
PORTABLE_KINDS = (AssetKind.LAPTOP,)
AVAILABLE_TO_PUPILS = (AssetPurpose.PUPIL, AssetPurpose.SHARED)
LARGE_INTERACTIVE_MONITOR_INCHES = 55


class SioPurpose(StrEnum):
    TEACHING = "teaching"
    ADMINISTRATION = "administration"


SIO_PURPOSE: Mapping[AssetPurpose, SioPurpose] = {
    AssetPurpose.PUPIL: SioPurpose.TEACHING,
    AssetPurpose.TEACHER: SioPurpose.TEACHING,
    AssetPurpose.SHARED: SioPurpose.TEACHING,
    AssetPurpose.ADMINISTRATION: SioPurpose.ADMINISTRATION,
}


@dataclass(frozen=True)
class ComputerCounts:
    """Computers of one SIO purpose; the last three are parts of `total`."""

    total: int
    portable: int
    with_internet: int
    available_to_pupils: int

    @classmethod
    def of(cls, computers: Iterable[Asset]) -> ComputerCounts:
        counted = list(computers)
        return cls(
            total=len(counted),
            portable=sum(asset.kind in PORTABLE_KINDS for asset in counted),
            with_internet=sum(asset.has_internet for asset in counted),
            available_to_pupils=sum(asset.purpose in AVAILABLE_TO_PUPILS for asset in counted),
        )


@dataclass(frozen=True)
class SchoolConnection:
    """A school's Internet link as its network sheet records it; None where not recorded."""

    school_id: int
    link_type: LinkType | None
    download_mbps: int | None
    upload_mbps: int | None


@dataclass(frozen=True)
class SioCounts:
    computers: Mapping[SioPurpose, ComputerCounts]
    """One entry for each SioPurpose."""
    projectors: int
    interactive_whiteboards: int
    large_interactive_monitors: int
    """Interactive monitors of LARGE_INTERACTIVE_MONITOR_INCHES or more."""
    interactive_monitors_of_unknown_size: int
    printers: int
    tablets: int
    connections: tuple[SchoolConnection, ...]
    """One per school counted, in school order."""


async def sio_equipment_counts(*, school: School | None = None) -> SioCounts:
    """The SIO counts for `school` or, without one, summed over every active school (with
    each school's connection listed)."""
    schools = [school] if school is not None else await School.filter(is_active=True)
    school_ids = [counted.id for counted in schools]
    assets = await Asset.filter(school_id__in=school_ids).exclude(status=AssetStatus.DECOMMISSIONED)
    computers = [asset for asset in assets if asset.kind in COMPUTER_KINDS]
    monitors = [asset for asset in assets if asset.kind == AssetKind.INTERACTIVE_MONITOR]

    def count(kind: AssetKind) -> int:
        return sum(asset.kind == kind for asset in assets)

    return SioCounts(
        computers={
            purpose: ComputerCounts.of(
                asset for asset in computers if SIO_PURPOSE[asset.purpose] == purpose
            )
            for purpose in SioPurpose
        },
        projectors=count(AssetKind.PROJECTOR),
        interactive_whiteboards=count(AssetKind.INTERACTIVE_WHITEBOARD),
        large_interactive_monitors=sum(
            monitor.screen_inches is not None
            and monitor.screen_inches >= LARGE_INTERACTIVE_MONITOR_INCHES
            for monitor in monitors
        ),
        interactive_monitors_of_unknown_size=sum(
            monitor.screen_inches is None for monitor in monitors
        ),
        printers=count(AssetKind.PRINTER),
        tablets=count(AssetKind.TABLET),
        connections=await _connections(school_ids),
    )


async def _connections(school_ids: list[int]) -> tuple[SchoolConnection, ...]:
    """Each school's connection; a school without a network sheet has nothing recorded."""
    rows = await SchoolNetworkSheet.filter(school_id__in=school_ids).values_list(
        "school_id", "link_type", "download_mbps", "upload_mbps"
    )
    recorded = {row[0]: SchoolConnection(*row) for row in rows}
    return tuple(
        recorded.get(school_id, SchoolConnection(school_id, None, None, None))
        for school_id in school_ids
    )
