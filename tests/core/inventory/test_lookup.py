"""Specification of finding equipment: searches of a school's assets, the asset behind a QR
label's deep link, and who may see and change what is found."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput, NotFound, PermissionDenied
from core.inventory.assets import checked_new_asset_field
from core.inventory.labels import asset_status_label, kind_label
from core.inventory.lookup import (
    SEARCH_LIMIT,
    FoundAssets,
    asset_deep_link,
    asset_for_deep_link,
    asset_to_change,
    find_assets_by_kind,
    find_assets_by_text,
    public_id_in_start_payload,
)
from core.models import AssetKind, AssetStatus, Role, School, User
from tests.core.inventory.builders import make_asset, make_assets
from tests.factories import make_school, make_user

pytestmark = pytest.mark.usefixtures("now")


def _numbers(found: FoundAssets) -> list[str]:
    return [asset.inventory_number for asset in found.assets]


async def test_a_director_finds_an_asset_by_part_of_its_inventory_number_in_any_case(
    school: School, director: User
) -> None:
    await make_asset(school, inventory_number="SP1/PROJ/007")
    await make_asset(school, inventory_number="SP1/KOMP/001")

    found = await find_assets_by_text(viewer=director, school=school, text=" proj/00 ")

    assert _numbers(found) == ["SP1/PROJ/007"]
    assert not found.more


async def test_a_search_by_room_matches_the_whole_room_name_in_any_case(
    school: School, director: User
) -> None:
    await make_asset(school, inventory_number="A/1", room="12")
    await make_asset(school, inventory_number="A/2", room="112")
    await make_asset(school, inventory_number="A/3", room="Sala gimnastyczna")

    by_number = await find_assets_by_text(viewer=director, school=school, text="12")
    by_name = await find_assets_by_text(viewer=director, school=school, text="sala GIMNASTYCZNA")

    assert _numbers(by_number) == ["A/1"]
    assert _numbers(by_name) == ["A/3"]


async def test_search_text_with_wildcard_characters_matches_them_literally(
    school: School, director: User
) -> None:
    await make_asset(school, inventory_number="SP1_001")
    await make_asset(school, inventory_number="SP1-001")
    await make_asset(school, inventory_number="SP1-100%")

    underscore = await find_assets_by_text(viewer=director, school=school, text="1_0")
    percent = await find_assets_by_text(viewer=director, school=school, text="%")

    assert _numbers(underscore) == ["SP1_001"]
    assert _numbers(percent) == ["SP1-100%"]


async def test_a_search_by_kind_lists_only_that_kind_in_inventory_number_order(
    school: School, director: User
) -> None:
    await make_asset(school, inventory_number="P/2", kind=AssetKind.PROJECTOR)
    await make_asset(school, inventory_number="P/1", kind=AssetKind.PROJECTOR)
    await make_asset(school, inventory_number="D/1", kind=AssetKind.DESKTOP)

    found = await find_assets_by_kind(viewer=director, school=school, kind="projector")

    assert _numbers(found) == ["P/1", "P/2"]


async def test_a_search_lists_only_the_given_schools_equipment(
    school: School, director: User
) -> None:
    await make_asset(school, inventory_number="X/1")
    await make_asset(await make_school(), inventory_number="X/2")

    found = await find_assets_by_text(viewer=director, school=school, text="X/")

    assert _numbers(found) == ["X/1"]


async def test_a_long_result_is_cut_at_the_limit_and_says_there_is_more(
    school: School, director: User
) -> None:
    await make_assets(SEARCH_LIMIT + 1, school, kind=AssetKind.LAPTOP)

    found = await find_assets_by_kind(viewer=director, school=school, kind="laptop")

    assert len(found.assets) == SEARCH_LIMIT
    assert found.more


async def test_a_search_that_matches_nothing_is_empty(school: School, director: User) -> None:
    found = await find_assets_by_text(viewer=director, school=school, text="nie ma")

    assert found.assets == []
    assert not found.more


async def test_a_teacher_searches_the_equipment_of_their_own_school(
    school: School, teacher: User
) -> None:
    await make_asset(school, inventory_number="T/1", room="12")

    found = await find_assets_by_text(viewer=teacher, school=school, text="12")

    assert _numbers(found) == ["T/1"]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR])
async def test_school_staff_cannot_search_another_school(school: School, role: Role) -> None:
    outsider = await make_user(role=role, school=await make_school())

    with pytest.raises(PermissionDenied) as refused:
        await find_assets_by_kind(viewer=outsider, school=school, kind="desktop")

    assert refused.value.translated().startswith("Ten sprzęt należy do innej szkoły.")


@pytest.mark.parametrize("role", [Role.IT, Role.COORDINATOR])
async def test_the_it_specialist_and_the_coordinator_search_any_school(
    school: School, role: Role
) -> None:
    await make_asset(school, inventory_number="Z/1")
    viewer = await make_user(role=role)

    found = await find_assets_by_text(viewer=viewer, school=school, text="z/1")

    assert _numbers(found) == ["Z/1"]


async def test_empty_search_text_is_refused(school: School, director: User) -> None:
    with pytest.raises(InvalidInput) as refused:
        await find_assets_by_text(viewer=director, school=school, text="   ")

    assert refused.value.translated() == "Wpisz numer inwentarzowy albo salę."


async def test_overlong_search_text_is_refused(school: School, director: User) -> None:
    with pytest.raises(InvalidInput):
        await find_assets_by_text(viewer=director, school=school, text="1" * 101)


async def test_an_unknown_kind_is_refused(school: School, director: User) -> None:
    with pytest.raises(InvalidInput) as refused:
        await find_assets_by_kind(viewer=director, school=school, kind="toaster")

    assert refused.value.translated() == "Nieznany rodzaj sprzętu: toaster"


def test_the_deep_link_starts_the_bot_with_the_asset_payload() -> None:
    assert (
        asset_deep_link("Xy3_k-9", "@hdr_desk_bot") == "https://t.me/hdr_desk_bot?start=a_Xy3_k-9"
    )


def test_the_public_id_is_read_back_from_the_start_payload() -> None:
    assert public_id_in_start_payload("a_Xy3_k-9") == "Xy3_k-9"


@pytest.mark.parametrize("payload", ["Ab3_x-Y", "a_", "A_Xy3"])
def test_a_payload_without_the_asset_prefix_and_an_id_is_not_an_asset_link(payload: str) -> None:
    assert public_id_in_start_payload(payload) is None


async def test_a_teacher_gets_an_asset_of_their_school_from_its_label(
    school: School, teacher: User
) -> None:
    asset = await make_asset(school, inventory_number="L/1")

    found = await asset_for_deep_link(asset.public_id, teacher)

    assert (found.id, found.school.name) == (asset.id, school.name)


async def test_an_unknown_label_is_not_found(teacher: User) -> None:
    with pytest.raises(NotFound) as refused:
        await asset_for_deep_link("no-such-label", teacher)

    assert refused.value.translated().startswith("Nie znam tego sprzętu.")


async def test_another_schools_asset_is_refused_to_its_staff(school: School, teacher: User) -> None:
    foreign = await make_asset(await make_school())

    with pytest.raises(PermissionDenied):
        await asset_for_deep_link(foreign.public_id, teacher)


@pytest.mark.parametrize("role", [Role.IT, Role.COORDINATOR])
async def test_any_schools_asset_is_shown_to_the_it_specialist_and_the_coordinator(
    school: School, role: Role
) -> None:
    asset = await make_asset(school)

    found = await asset_for_deep_link(asset.public_id, await make_user(role=role))

    assert found.id == asset.id


async def test_the_director_may_change_an_asset_of_their_school(
    school: School, director: User
) -> None:
    asset = await make_asset(school)

    assert (await asset_to_change(asset.public_id, director)).id == asset.id


async def test_a_teacher_may_see_but_not_change_an_asset_of_their_school(
    school: School, teacher: User
) -> None:
    asset = await make_asset(school)

    with pytest.raises(PermissionDenied) as refused:
        await asset_to_change(asset.public_id, teacher)

    assert refused.value.translated() == "Nie możesz zmieniać sprzętu tej szkoły"


async def test_a_director_may_not_change_another_schools_asset(director: User) -> None:
    foreign = await make_asset(await make_school())

    with pytest.raises(PermissionDenied):
        await asset_to_change(foreign.public_id, director)


async def test_the_it_specialist_may_change_any_schools_asset(
    school: School, specialist: User
) -> None:
    asset = await make_asset(school)

    assert (await asset_to_change(asset.public_id, specialist)).id == asset.id


async def test_a_new_assets_field_is_checked_as_creation_would_store_it(school: School) -> None:
    assert await checked_new_asset_field(school=school, field="room", value=" 12 ") == "12"


async def test_a_new_asset_may_not_take_an_inventory_number_the_school_uses(
    school: School,
) -> None:
    await make_asset(school, inventory_number="SP1/001")

    with pytest.raises(InvalidInput) as refused:
        await checked_new_asset_field(school=school, field="inventory_number", value="SP1/001")

    assert refused.value.translated() == "Numer inwentarzowy SP1/001 jest już użyty w tej szkole"


async def test_another_schools_inventory_number_is_free_for_a_new_asset(school: School) -> None:
    await make_asset(await make_school(), inventory_number="SP1/001")

    number = await checked_new_asset_field(school=school, field="inventory_number", value="SP1/001")

    assert number == "SP1/001"


def test_kinds_and_statuses_have_polish_names() -> None:
    assert kind_label(AssetKind.INTERACTIVE_WHITEBOARD) == "Tablica interaktywna"
    assert asset_status_label(AssetStatus.IN_REPAIR) == "w naprawie"
