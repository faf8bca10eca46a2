"""`/api/v1/assets`: equipment, as `core.inventory.visibility` lets the token's user see it —
the IT specialist and the coordinator every school's, anyone else their own school's."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from core.errors import NotFound
from core.i18n import mark
from core.inventory.visibility import assets_visible_to
from core.models import Asset, AssetKind, AssetPurpose, AssetStatus, StorageType
from forms.api.auth import ApiRoute, ApiUser
from forms.api.common import ERROR_RESPONSES, Limit, Offset, Page, SchoolCode, page_of

router = APIRouter(prefix="/assets", tags=["assets"], route_class=ApiRoute)

PublicId = Annotated[str, Path(min_length=1, max_length=24, pattern=r"^[A-Za-z0-9_-]+$")]
ASSET_NOT_FOUND: Final = mark("Equipment {public_id} was not found.")


class AssetOut(BaseModel):
    public_id: str = Field(description="The opaque id on the equipment's QR label.")
    school: str = Field(description="The school's code.")
    kind: AssetKind
    inventory_number: str
    make: str
    model: str
    serial_number: str
    year: int | None
    cpu: str
    ram_gb: int | None
    storage_gb: int | None
    storage_type: StorageType | None
    os: str
    room: str
    purpose: AssetPurpose
    status: AssetStatus
    funding_source: str
    updated_at: dt.datetime


@router.get("", response_model=Page[AssetOut], responses=ERROR_RESPONSES)
async def list_assets(
    user: ApiUser,
    limit: Limit = 50,
    offset: Offset = 0,
    school: SchoolCode = None,
    kind: Annotated[AssetKind | None, Query()] = None,
    status: Annotated[AssetStatus | None, Query()] = None,
) -> Page[AssetOut]:
    """The equipment the token's user may see, by school and inventory number."""
    assets = assets_visible_to(user)
    if school is not None:
        assets = assets.filter(school__code=school)
    if kind is not None:
        assets = assets.filter(kind=kind)
    if status is not None:
        assets = assets.filter(status=status)
    return await page_of(
        assets,
        _out,
        order=("school_id", "inventory_number", "id"),
        limit=limit,
        offset=offset,
        related=("school",),
    )


@router.get("/{public_id}", response_model=AssetOut, responses=ERROR_RESPONSES)
async def get_asset(user: ApiUser, public_id: PublicId) -> AssetOut:
    """One piece of equipment; another school's is answered 404 as if it did not exist."""
    asset = await assets_visible_to(user).get_or_none(public_id=public_id)
    if asset is None:
        raise NotFound(ASSET_NOT_FOUND, public_id=public_id)
    await asset.fetch_related("school")
    return _out(asset)


def _out(asset: Asset) -> AssetOut:
    return AssetOut(
        public_id=asset.public_id,
        school=asset.school.code,
        kind=asset.kind,
        inventory_number=asset.inventory_number,
        make=asset.make,
        model=asset.model,
        serial_number=asset.serial_number,
        year=asset.year,
        cpu=asset.cpu,
        ram_gb=asset.ram_gb,
        storage_gb=asset.storage_gb,
        storage_type=asset.storage_type,
        os=asset.os,
        room=asset.room,
        purpose=asset.purpose,
        status=asset.status,
        funding_source=asset.funding_source,
        updated_at=asset.updated_at,
    )
