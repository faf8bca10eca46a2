"""`/raport [YYYY-MM]`: the coordinator's monthly summary workbook, which hdr-desk cannot
produce yet; the command says so instead of sending a placeholder file."""

from __future__ import annotations

import pytest

from core.clock import ManualClock
from core.models import Role, School, User
from tests.conftest import warsaw
from tests.factories import make_user
from tests.telegram.fakebot import FakeBotApi, Persona

TELEGRAM_ID = 810001


async def _linked(api: FakeBotApi, user: User) -> Persona:
    user.telegram_user_id = user.telegram_chat_id = TELEGRAM_ID
    await user.save()
    return api.user(TELEGRAM_ID)


async def _answer_to(api: FakeBotApi, person: Persona, text: str) -> str:
    await person.send(text)
    [reply] = await api.wait_for_sent(person.chat_id)
    return str(reply["text"])


async def test_the_coordinator_is_told_the_workbook_of_last_month_is_not_available_yet(
    api: FakeBotApi, running_bot, coordinator: User, now: ManualClock
) -> None:
    person = await _linked(api, coordinator)

    answer = await _answer_to(api, person, "/raport")

    assert answer == (
        "Arkusz z miesięcznym zestawieniem za październik 2026 nie jest jeszcze dostępny — "
        "hdr-desk jeszcze nie potrafi go przygotować."
    )
    assert api.calls_to("sendDocument") == []


async def test_last_month_is_counted_in_warsaw_time_just_after_midnight(
    api: FakeBotApi, running_bot, coordinator: User, now: ManualClock
) -> None:
    now.set(warsaw(2026, 12, 1, 0, 30))  # still 30 November in UTC
    person = await _linked(api, coordinator)

    answer = await _answer_to(api, person, "/raport")

    assert "za listopad 2026 nie jest jeszcze dostępny" in answer


async def test_the_coordinator_asking_for_a_given_month_is_told_about_that_month(
    api: FakeBotApi, running_bot, coordinator: User, now: ManualClock
) -> None:
    person = await _linked(api, coordinator)

    answer = await _answer_to(api, person, "/raport 2026-03")

    assert "za marzec 2026 nie jest jeszcze dostępny" in answer
    assert api.calls_to("sendDocument") == []


@pytest.mark.parametrize(
    "argument", ["marzec", "2026-3", "2026-13", "2026-00", "0000-05", "03-2026", "2026-03 xlsx"]
)
async def test_a_malformed_month_gets_the_expected_format(
    api: FakeBotApi, running_bot, coordinator: User, now: ManualClock, argument: str
) -> None:
    person = await _linked(api, coordinator)

    answer = await _answer_to(api, person, f"/raport {argument}")

    assert answer == (
        "Podaj miesiąc w formacie RRRR-MM, np. /raport 2026-10, albo wyślij samo /raport, "
        "aby dostać zestawienie za poprzedni miesiąc."
    )


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR, Role.IT])
async def test_anyone_but_the_coordinator_is_refused(
    api: FakeBotApi, running_bot, school: School, now: ManualClock, role: Role
) -> None:
    person = await _linked(
        api, await make_user(role=role, school=school if role is not Role.IT else None)
    )

    answer = await _answer_to(api, person, "/raport 2026-10")

    assert answer == "Miesięczne zestawienie jest dostępne tylko dla koordynatora."
