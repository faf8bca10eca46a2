"""The coordinator's categories: adding, changing, taking out of use and back; every refusal
names the field and writes nothing, and a category out of use is not offered to reports."""

from __future__ import annotations

from typing import Any

import pytest

from core import clock
from core.errors import IllegalTransition, InvalidInput
from core.models import Category, Channel, School, User
from core.tickets import active_categories, create_ticket
from core.tickets.categories import (
    change_category,
    create_category,
    deactivate_category,
    reactivate_category,
)
from tests.factories import make_category


def _new(**fields: Any) -> dict[str, Any]:
    return {
        "code": "network_printers",
        "name_pl": "Drukarki sieciowe",
        "name_en": "Network printers",
    } | fields


async def _stored() -> list[tuple[str, str, str, bool, int, bool]]:
    return [
        (
            c.code,
            c.name_pl,
            c.name_en,
            c.notifies_data_protection_officer,
            c.sort_order,
            c.is_active,
        )
        for c in await Category.all().order_by("id")
    ]


async def test_a_new_category_is_in_use_after_the_last_one_with_its_names_stripped(
    database: str,
) -> None:
    await make_category(code="other", sort_order=110)

    category = await create_category(
        code="network_printers", name_pl="  Drukarki sieciowe ", name_en=" Network printers"
    )

    stored = await Category.get(id=category.id)
    assert (stored.name_pl, stored.name_en, stored.sort_order, stored.is_active) == (
        "Drukarki sieciowe",
        "Network printers",
        120,
        True,
    )
    assert not stored.notifies_data_protection_officer


async def test_a_new_category_takes_the_position_and_flag_given(database: str) -> None:
    category = await create_category(**_new(notifies_data_protection_officer=True, sort_order="35"))

    assert (category.sort_order, category.notifies_data_protection_officer) == (35, True)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": ""}, "code"),
        ({"code": "Network"}, "code"),
        ({"code": "1printers"}, "code"),
        ({"code": "network printers"}, "code"),
        ({"code": "drukarki-sieciowe"}, "code"),
        ({"code": "a" * 33}, "code"),
        ({"name_pl": "   "}, "name_pl"),
        ({"name_en": ""}, "name_en"),
        ({"name_pl": "x" * 101}, "name_pl"),
        ({"name_en": "x" * 101}, "name_en"),
        ({"sort_order": -1}, "sort_order"),
        ({"sort_order": 10000}, "sort_order"),
        ({"sort_order": "ten"}, "sort_order"),
        ({"sort_order": "1.5"}, "sort_order"),
    ],
)
async def test_a_bad_new_category_is_refused_naming_the_field_and_nothing_is_written(
    database: str, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        await create_category(**_new(**fields))

    assert refused.value.params["field"] == field
    assert await Category.all().count() == 0


async def test_a_code_already_taken_even_by_a_category_out_of_use_is_refused(
    database: str,
) -> None:
    await make_category(code="network_printers", is_active=False)
    before = await _stored()

    with pytest.raises(InvalidInput, match="already used") as refused:
        await create_category(**_new())

    assert refused.value.params["field"] == "code"
    assert await _stored() == before


async def test_changing_a_category_sets_its_names_flag_and_position_but_not_its_code(
    database: str,
) -> None:
    category = await make_category(code="printer", sort_order=50)

    await change_category(
        category,
        name_pl=" Drukarki i skanery ",
        name_en="Printers and scanners",
        notifies_data_protection_officer=True,
        sort_order="15",
    )

    assert await _stored() == [
        ("printer", "Drukarki i skanery", "Printers and scanners", True, 15, True)
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name_pl": ""}, "name_pl"),
        ({"name_en": "x" * 101}, "name_en"),
        ({"sort_order": ""}, "sort_order"),
        ({"notifies_data_protection_officer": "yes"}, "notifies_data_protection_officer"),
    ],
)
async def test_a_bad_change_is_refused_and_the_category_stays_as_it_was(
    database: str, fields: dict[str, Any], field: str
) -> None:
    category = await make_category(code="printer")
    before = await _stored()
    change: dict[str, Any] = {
        "name_pl": "Drukarki",
        "name_en": "Printers",
        "notifies_data_protection_officer": False,
        "sort_order": 5,
    }

    with pytest.raises(InvalidInput) as refused:
        await change_category(category, **(change | fields))

    assert refused.value.params["field"] == field
    assert await _stored() == before


async def test_a_category_out_of_use_is_not_offered_and_a_report_in_it_is_refused(
    school: School, teacher: User, now: clock.ManualClock
) -> None:
    printer = await make_category(code="printer")
    await make_category(code="other")

    await deactivate_category(printer)

    assert [category.code for category in await active_categories()] == ["other"]
    with pytest.raises(InvalidInput, match="no longer in use"):
        await create_ticket(
            school=school,
            reporter=teacher,
            channel=Channel.WEB,
            category=printer,
            description="Drukarka nie drukuje.",
        )


async def test_the_last_category_in_use_cannot_be_taken_out_of_use(database: str) -> None:
    await make_category(code="printer", is_active=False)
    last = await make_category(code="other")

    with pytest.raises(IllegalTransition, match="last one in use"):
        await deactivate_category(last)

    assert (await Category.get(id=last.id)).is_active


async def test_a_category_out_of_use_cannot_be_taken_out_of_use_again(database: str) -> None:
    await make_category(code="other")
    printer = await make_category(code="printer", is_active=False)

    with pytest.raises(IllegalTransition, match="already out of use"):
        await deactivate_category(printer)


async def test_a_category_put_back_in_use_is_offered_again(database: str) -> None:
    printer = await make_category(code="printer", is_active=False)

    await reactivate_category(printer)

    assert printer.is_active
    assert [category.code for category in await active_categories()] == ["printer"]


async def test_a_category_in_use_cannot_be_put_back_in_use(database: str) -> None:
    printer = await make_category(code="printer")

    with pytest.raises(IllegalTransition, match="already in use"):
        await reactivate_category(printer)
