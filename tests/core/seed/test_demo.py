"""`hdr-desk seed --demo`: the Lubartów demo, complete and idempotent."""

from __future__ import annotations

from fractions import Fraction

from tortoise import Tortoise

from core.hdr.indicators import compute_indicators
from core.inventory.requirements import compliance_summary
from core.models import AssetKind, HdrAction, Indicator, School, Ticket, User
from core.seed.demo import seed_demo, seed_reference_data


async def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    connection = Tortoise.get_connection("default")
    tables = sorted(model._meta.db_table for model in Tortoise.apps["models"].values())
    snapshot = {}
    for table in tables:
        _, rows = await connection.execute_query(f'SELECT * FROM "{table}" ORDER BY 1')
        snapshot[table] = [tuple(dict(row).values()) for row in rows]
    return snapshot


async def test_demo_has_the_seven_schools_and_the_whole_hdr(database, now) -> None:
    await seed_demo()

    assert await School.all().count() == 7
    assert await School.get(code="zsp-skrobow").values_list("name_is_demo", flat=True) is False
    assert await HdrAction.all().count() == 30
    assert await Indicator.all().count() == 11


async def test_demo_offers_a_user_of_every_role(database, now) -> None:
    await seed_demo()

    roles = set(await User.filter(is_demo=True).values_list("role", flat=True))
    assert roles == {"teacher", "director", "it", "coordinator"}


async def test_demo_equipment_reproduces_the_diagnosis(database, now) -> None:
    await seed_demo()

    summary = await compliance_summary(profile_code="2024")

    desktops, laptops = summary.by_kind[AssetKind.DESKTOP], summary.by_kind[AssetKind.LAPTOP]
    assert (desktops.failing, desktops.meeting) == (10, 2)
    assert (laptops.failing, laptops.meeting) == (18, 7)
    assert laptops.failing_share == Fraction(72, 100)


async def test_demo_counts_the_directors_meetings_held_so_far(database, now) -> None:
    await seed_demo()

    values = {value.indicator.code: value.value for value in await compute_indicators()}

    # School months from September 2024 to November 2026, the demo's "now": 10 + 10 + 3.
    assert values["director_meetings"] == 23
    assert values["diagnosis_sheets"] == 7


async def test_demo_tickets_have_numbers_and_history(database, now) -> None:
    await seed_demo()

    tickets = await Ticket.all().prefetch_related("events")
    assert len(tickets) == 8
    assert all(ticket.number.startswith("IT-2026-") for ticket in tickets)
    assert all(ticket.events for ticket in tickets)


async def test_seeding_twice_changes_nothing(database, now) -> None:
    await seed_demo()
    first = await _snapshot()

    await seed_demo()

    assert await _snapshot() == first


async def test_reference_data_alone_creates_no_demo_rows(database, now) -> None:
    await seed_reference_data()

    assert not await School.exists()
    assert not await User.exists()
