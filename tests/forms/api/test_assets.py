"""`/api/v1/assets`: a school's equipment for its people, every school's for staff."""

from __future__ import annotations

import httpx
import pytest

from core.models import AssetKind, School, User
from tests.core.inventory.builders import make_asset
from tests.factories import make_school
from tests.forms.api.conftest import bearer


async def public_ids(api: httpx.AsyncClient, user: User, query: str = "") -> set[str]:
    response = await api.get(f"/api/v1/assets{query}", headers=await bearer(user))
    assert response.status_code == 200, response.text
    return {item["public_id"] for item in response.json()["items"]}


async def test_a_director_lists_their_schools_equipment_only(
    api: httpx.AsyncClient, director: User, school: School
) -> None:
    ours = await make_asset(school)
    await make_asset(await make_school())

    assert await public_ids(api, director) == {ours.public_id}


async def test_a_teacher_lists_their_schools_equipment(
    api: httpx.AsyncClient, teacher: User, school: School
) -> None:
    ours = await make_asset(school)

    assert await public_ids(api, teacher) == {ours.public_id}


async def test_the_it_specialist_lists_every_schools_equipment(
    api: httpx.AsyncClient, specialist: User, school: School
) -> None:
    first = await make_asset(school)
    second = await make_asset(await make_school())

    assert await public_ids(api, specialist) == {first.public_id, second.public_id}


async def test_the_list_filters_by_school_and_kind(
    api: httpx.AsyncClient, coordinator: User, school: School
) -> None:
    projector = await make_asset(school, kind=AssetKind.PROJECTOR)
    await make_asset(school)
    await make_asset(await make_school(), kind=AssetKind.PROJECTOR)

    assert await public_ids(api, coordinator, f"?school={school.code}&kind=projector") == {
        projector.public_id
    }


async def test_an_asset_is_read(api: httpx.AsyncClient, director: User, school: School) -> None:
    asset = await make_asset(school, kind=AssetKind.LAPTOP, ram_gb=16, room="12")

    response = await api.get(f"/api/v1/assets/{asset.public_id}", headers=await bearer(director))

    assert response.status_code == 200
    body = response.json()
    assert (body["school"], body["kind"], body["ram_gb"], body["room"]) == (
        school.code,
        "laptop",
        16,
        "12",
    )


async def test_another_schools_asset_is_not_found(api: httpx.AsyncClient, director: User) -> None:
    asset = await make_asset(await make_school())

    response = await api.get(f"/api/v1/assets/{asset.public_id}", headers=await bearer(director))

    assert response.status_code == 404
    assert response.json() == {"detail": f"Nie znaleziono sprzętu {asset.public_id}."}


@pytest.mark.parametrize(("public_id", "status"), [("unknown", 404), ("x" * 25, 422)])
async def test_an_unknown_or_malformed_id_is_not_found_or_refused(
    api: httpx.AsyncClient, director: User, public_id: str, status: int
) -> None:
    response = await api.get(f"/api/v1/assets/{public_id}", headers=await bearer(director))

    assert response.status_code == status


async def test_without_a_token_no_equipment_is_shown(
    api: httpx.AsyncClient, school: School
) -> None:
    asset = await make_asset(school)

    assert (await api.get(f"/api/v1/assets/{asset.public_id}")).status_code == 401
