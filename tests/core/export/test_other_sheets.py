"""Inventory, reminders, HDR actions, indicators and meetings in the monthly workbook."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core import clock
from core.clock import ManualClock
from core.export import Month
from core.inventory.profiles import install_requirement_profiles
from core.models import (
    ActionItem,
    AgendaItem,
    AgendaItemStatus,
    AnswerKind,
    AssetKind,
    AssetStatus,
    Channel,
    HdrAction,
    HdrActionStatus,
    Indicator,
    IndicatorSource,
    MeetingStatus,
    Obligation,
    ObligationKind,
    ObligationStatus,
    Reminder,
    ReminderAnswer,
    ReminderKind,
    ReminderStatus,
    School,
    User,
)
from tests.conftest import warsaw
from tests.core.export.builders import exported, sheet_time, summary_values, table
from tests.core.inventory.builders import FAILS_2024_PUPIL_RULE, MEETS_2024_PUPIL_RULE, make_asset
from tests.core.meetings.builders import make_meeting

OCTOBER = Month(2026, 10)


async def test_the_share_of_computers_below_the_requirements_is_recomputed(
    school: School, now: ManualClock
) -> None:
    await install_requirement_profiles()
    for _ in range(5):
        await make_asset(school, **FAILS_2024_PUPIL_RULE)
    await make_asset(school, **MEETS_2024_PUPIL_RULE)
    await make_asset(school, status=AssetStatus.SPARE, **FAILS_2024_PUPIL_RULE)
    await make_asset(school, status=AssetStatus.DECOMMISSIONED, **FAILS_2024_PUPIL_RULE)
    await make_asset(school, kind=AssetKind.LAPTOP, **FAILS_2024_PUPIL_RULE)
    for _ in range(3):
        await make_asset(school, kind=AssetKind.LAPTOP, **MEETS_2024_PUPIL_RULE)
    await make_asset(school, kind=AssetKind.PROJECTOR)

    workbook = await exported(OCTOBER)

    total = table(workbook, "Inwentaryzacja")[-1]
    assert total["Szkoła"] == "Razem (gmina)"
    assert total["Komputery stacjonarne"] == 7  # the spare one too, not the decommissioned
    assert total["Projektory"] == 1
    assert total["Komputery stacjonarne: nie spełnia"] == 5
    assert total["Komputery stacjonarne: spełnia"] == 1
    assert total["Komputery stacjonarne: odsetek niespełniających"] == pytest.approx(5 / 6)
    assert total["Laptopy: odsetek niespełniających"] == pytest.approx(1 / 4)
    summary = summary_values(workbook)
    assert summary["Komputery stacjonarne niespełniające wymagań"][0] == pytest.approx(5 / 6)
    assert summary["Laptopy niespełniające wymagań"][0] == pytest.approx(1 / 4)


@pytest.fixture
async def obligations(school: School, director: User, now: ManualClock) -> dict[str, Obligation]:
    """Obligations around October 2026, with the reminders and answers they got."""
    action = await HdrAction.create(
        number=1,
        title="Inwentaryzacja sprzętu",
        ends_on=dt.date(2026, 9, 30),
        status=HdrActionStatus.IN_PROGRESS,
        updated_at=clock.now(),
    )
    await HdrAction.create(
        number=2, title="Szkolenia", ends_on=dt.date(2026, 12, 31), updated_at=clock.now()
    )

    async def obligation(key: str, due: dt.date, **fields: Any) -> Obligation:
        return await Obligation.create(
            source_key=key,
            kind=ObligationKind.MANUAL,
            title=f"Zobowiązanie {key}",
            school=school,
            assignee=director,
            due_date=due,
            created_at=clock.now(),
            **fields,
        )

    made = {
        "late": await obligation("late", dt.date(2026, 10, 15), hdr_action=action),
        "done": await obligation(
            "done", dt.date(2026, 10, 20), status=ObligationStatus.DONE,
            done_at=warsaw(2026, 10, 25, 9, 0),
        ),
        "done_after": await obligation(
            "done_after", dt.date(2026, 9, 10), status=ObligationStatus.DONE,
            done_at=warsaw(2026, 10, 5, 9, 0),
        ),
        "cancelled": await obligation(
            "cancelled", dt.date(2026, 10, 30), status=ObligationStatus.CANCELLED
        ),
    }  # fmt: skip
    for day, status in ((13, ReminderStatus.QUEUED), (15, ReminderStatus.QUEUED),
                        (16, ReminderStatus.SCHEDULED)):  # fmt: skip
        await Reminder.create(
            obligation=made["late"], recipient=director, kind=ReminderKind.BEFORE_DUE,
            scheduled_for=warsaw(2026, 10, day, 8, 0), status=status, created_at=clock.now(),
        )  # fmt: skip
    await Reminder.create(
        obligation=made["done_after"], recipient=director, kind=ReminderKind.OVERDUE,
        scheduled_for=warsaw(2026, 9, 14, 8, 0), status=ReminderStatus.QUEUED,
        created_at=clock.now(),
    )  # fmt: skip
    await ReminderAnswer.create(
        obligation=made["late"], user=director, answer=AnswerKind.PROBLEM,
        comment="=cmd|' /C calc'!A0", channel=Channel.TELEGRAM, at=warsaw(2026, 10, 16, 9, 0),
    )  # fmt: skip
    await ReminderAnswer.create(
        obligation=made["done"], user=director, answer=AnswerKind.DONE,
        channel=Channel.EMAIL, at=warsaw(2026, 10, 25, 9, 0),
    )  # fmt: skip
    return made


async def test_reminders_answers_and_overdue_obligations_are_counted_per_month(
    obligations: dict[str, Obligation],
) -> None:
    workbook = await exported(OCTOBER)

    summary = summary_values(workbook)
    assert summary["Przypomnienia wysłane"] == (2, 1)
    assert summary["Odpowiedzi na przypomnienia"] == (2, 0)
    assert summary["Zobowiązania po terminie na koniec miesiąca"] == (1, 1)


async def test_the_reminder_sheet_lists_the_months_obligations_with_their_answers(
    obligations: dict[str, Obligation], director: User
) -> None:
    workbook = await exported(OCTOBER)

    rows = {row["Zobowiązanie"]: row for row in table(workbook, "Przypomnienia")}
    assert set(rows) == {"Zobowiązanie late", "Zobowiązanie done", "Zobowiązanie cancelled"}
    late = rows["Zobowiązanie late"]
    assert late["Termin"] == sheet_time(2026, 10, 15)
    assert late["Odpowiedzialny"] == director.full_name
    assert late["Po terminie na koniec miesiąca"] == "Tak"
    assert late["Przypomnienia wysłane w miesiącu"] == 2
    assert late["Ostatnia odpowiedź"] == "problem"
    assert late["Komentarz do odpowiedzi"] == "=cmd|' /C calc'!A0"
    assert rows["Zobowiązanie done"]["Po terminie na koniec miesiąca"] == "Nie"


async def test_hdr_actions_show_their_status_and_overdue_obligations(
    obligations: dict[str, Obligation],
) -> None:
    workbook = await exported(OCTOBER)

    actions = {row["Nr"]: row for row in table(workbook, "HDR")}
    assert actions[1]["Status"] == "w realizacji"
    assert actions[1]["Po terminie"] == "Tak"
    assert actions[1]["Zobowiązania po terminie na koniec miesiąca"] == 1
    assert actions[2]["Po terminie"] == "Nie"
    assert actions[2]["Zobowiązania po terminie na koniec miesiąca"] == 0


async def test_indicators_stand_against_their_targets(database: str, now: ManualClock) -> None:
    await Indicator.create(
        code="training", name="Szkolenia", target=10, source=IndicatorSource.MANUAL,
        manual_value=5, action_numbers=[3, 4], sort_order=1,
    )  # fmt: skip
    await Indicator.create(
        code="directors", name="Spotkania z dyrektorami", target=23,
        source=IndicatorSource.MEETINGS_DIRECTORS, sort_order=2,
    )  # fmt: skip
    await make_meeting(status=MeetingStatus.HELD, starts_at=warsaw(2026, 10, 6, 10, 0))

    workbook = await exported(OCTOBER)

    [training, directors] = table(workbook, "Wskaźniki")
    assert (training["Wartość"], training["Realizacja celu"]) == (5, 0.5)
    assert training["Źródło"] == "wpisane ręcznie"
    assert training["Działania HDR"] == "3, 4"
    assert (directors["Wartość"], directors["Wartość docelowa"]) == (1, 23)
    assert directors["Źródło"] == "z danych"


async def test_meetings_come_with_their_agenda_and_action_items(
    school: School, director: User, now: ManualClock
) -> None:
    meeting = await make_meeting(
        title="Spotkanie z dyrektorami — 10.2026", starts_at=warsaw(2026, 10, 20, 10, 0),
        status=MeetingStatus.HELD,
    )  # fmt: skip
    await make_meeting(starts_at=warsaw(2026, 11, 3, 10, 0))  # another month's
    await AgendaItem.create(
        meeting=meeting, proposed_by=director, school=school, title="@Sieć w szkole",
        status=AgendaItemStatus.ACCEPTED, position=1, channel=Channel.TELEGRAM,
        created_at=clock.now(),
    )  # fmt: skip
    await ActionItem.create(
        meeting=meeting, title="Zamówić przełącznik", owner=director,
        due_date=dt.date(2026, 11, 10), created_at=clock.now(),
    )  # fmt: skip

    workbook = await exported(OCTOBER)

    rows = table(workbook, "Spotkania")
    assert [row["Pozycja"] for row in rows] == ["spotkanie", "punkt porządku 1", "zadanie"]
    assert {row["Spotkanie"] for row in rows} == {"Spotkanie z dyrektorami — 10.2026"}
    assert rows[0]["Data spotkania"] == sheet_time(2026, 10, 20, 10, 0)
    assert rows[1]["Treść"] == "@Sieć w szkole"
    assert rows[1]["Osoba"] == director.full_name
    assert rows[2]["Termin"] == sheet_time(2026, 11, 10)
    assert rows[2]["Status"] == "otwarte"
