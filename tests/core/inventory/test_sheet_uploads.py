"""A previewed upload waits under the data directory for its uploader to confirm it: it
applies exactly what was previewed, once, within its lifetime, for its user and school."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.clock import ManualClock
from core.inventory.assets import create_asset, update_asset
from core.inventory.sheet_import import SheetPlan, plan_sheet
from core.inventory.sheet_reading import SheetRejected
from core.inventory.sheet_uploads import (
    UPLOAD_LIFETIME,
    UploadGone,
    confirm_upload,
    discard_upload,
    keep_upload,
    uploads_folder,
)
from core.inventory.sheet_workbook import school_sheet
from core.models import Asset, AssetChange, Channel, School, User
from tests.core.inventory.sheets import edited, with_rows
from tests.factories import make_school

pytestmark = pytest.mark.usefixtures("data_dir", "now")


@pytest.fixture
async def laptop(school: School) -> Asset:
    return await create_asset(
        school=school,
        actor=None,
        channel=Channel.WEB,
        kind="laptop",
        inventory_number="L/1",
        ram_gb=8,
    )


async def previewed(school: School, user: User, data: bytes) -> tuple[str, SheetPlan]:
    plan = await plan_sheet(school=school, data=data)
    return keep_upload(data=data, user=user, school=school, plan=plan), plan


async def test_confirming_applies_the_previewed_plan_and_uses_the_upload_up(
    school: School, director: User, laptop: Asset, data_dir: Path
) -> None:
    data = edited(await school_sheet(school), {"L/1": {"RAM (GB)": 16}})
    token, _ = await previewed(school, director, data)

    confirmation = await confirm_upload(token=token, user=director, school=school)

    assert confirmation.applied
    assert (await Asset.get(id=laptop.id)).ram_gb == 16
    assert list(uploads_folder().iterdir()) == []
    assert uploads_folder() == data_dir / "inventory-uploads"


async def test_a_second_confirmation_is_refused_and_writes_nothing(
    school: School, director: User, laptop: Asset
) -> None:
    data = with_rows(
        await school_sheet(school), {"Rodzaj sprzętu": "tablet", "Numer inwentarzowy": "T/1"}
    )
    token, _ = await previewed(school, director, data)
    await confirm_upload(token=token, user=director, school=school)

    with pytest.raises(UploadGone):
        await confirm_upload(token=token, user=director, school=school)

    assert await Asset.filter(school_id=school.id).count() == 2


async def test_a_plan_changed_since_the_preview_is_shown_again_not_applied(
    school: School, director: User, laptop: Asset
) -> None:
    data = edited(await school_sheet(school), {"L/1": {"RAM (GB)": 16, "Sala": "7"}})
    token, _ = await previewed(school, director, data)
    await update_asset(laptop, actor=None, channel=Channel.WEB, changes={"ram_gb": 32})

    first = await confirm_upload(token=token, user=director, school=school)
    second = await confirm_upload(token=token, user=director, school=school)

    assert not first.applied
    assert [(c.field, c.old, c.new) for c in first.plan.updates[0].changes] == [
        ("room", "", "7"),
        ("ram_gb", 32, 16),
    ]
    assert second.applied
    assert (await Asset.get(id=laptop.id)).ram_gb == 16


async def test_an_expired_upload_is_refused(
    school: School, director: User, laptop: Asset, now: ManualClock
) -> None:
    data = edited(await school_sheet(school), {"L/1": {"RAM (GB)": 16}})
    token, _ = await previewed(school, director, data)
    now.set(now.now() + UPLOAD_LIFETIME + dt.timedelta(seconds=1))

    with pytest.raises(UploadGone):
        await confirm_upload(token=token, user=director, school=school)

    assert (await Asset.get(id=laptop.id)).ram_gb == 8


async def test_someone_elses_upload_is_refused_and_stays_theirs(
    school: School, director: User, coordinator: User, laptop: Asset
) -> None:
    data = edited(await school_sheet(school), {"L/1": {"RAM (GB)": 16}})
    token, _ = await previewed(school, director, data)

    with pytest.raises(UploadGone):
        await confirm_upload(token=token, user=coordinator, school=school)

    assert (await Asset.get(id=laptop.id)).ram_gb == 8
    assert (await confirm_upload(token=token, user=director, school=school)).applied


async def test_an_upload_for_another_school_is_refused(
    school: School, coordinator: User, laptop: Asset
) -> None:
    data = edited(await school_sheet(school), {"L/1": {"RAM (GB)": 16}})
    token, _ = await previewed(school, coordinator, data)

    with pytest.raises(UploadGone):
        await confirm_upload(token=token, user=coordinator, school=await make_school())

    assert (await Asset.get(id=laptop.id)).ram_gb == 8


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "x" * 32])
async def test_a_made_up_token_is_refused(school: School, director: User, token: str) -> None:
    with pytest.raises(UploadGone):
        await confirm_upload(token=token, user=director, school=school)


async def test_a_discarded_upload_cannot_be_confirmed(
    school: School, director: User, laptop: Asset
) -> None:
    data = edited(await school_sheet(school), {"L/1": {"RAM (GB)": 16}})
    token, _ = await previewed(school, director, data)

    discard_upload(token=token, user=director, school=school)

    with pytest.raises(UploadGone):
        await confirm_upload(token=token, user=director, school=school)
    assert (await Asset.get(id=laptop.id)).ram_gb == 8


async def test_a_file_that_has_errors_by_now_is_refused_and_used_up(
    school: School, director: User, laptop: Asset
) -> None:
    data = with_rows(
        await school_sheet(school), {"Rodzaj sprzętu": "tablet", "Numer inwentarzowy": "T/1"}
    )
    token, _ = await previewed(school, director, data)
    await create_asset(
        school=school, actor=None, channel=Channel.WEB, kind="tablet", inventory_number="T/1"
    )

    with pytest.raises(SheetRejected):
        await confirm_upload(token=token, user=director, school=school)

    assert await AssetChange.filter(asset__school_id=school.id).count() == 2
    with pytest.raises(UploadGone):
        await confirm_upload(token=token, user=director, school=school)


async def test_uploads_past_their_lifetime_are_removed_by_the_next_upload(
    school: School, director: User, laptop: Asset, now: ManualClock
) -> None:
    data = await school_sheet(school)
    stale, _ = await previewed(school, director, data)
    now.set(now.now() + UPLOAD_LIFETIME + dt.timedelta(minutes=1))

    fresh, _ = await previewed(school, director, data)

    assert sorted(path.stem for path in uploads_folder().iterdir()) == [fresh]
    assert stale != fresh
