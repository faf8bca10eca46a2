"""Proposing an agenda item in Telegram with /agenda, step by step, as a director does."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import ManualClock
from core.models import AgendaItem, AgendaItemStatus, Channel, Meeting, MeetingStatus, User
from tests.conftest import warsaw
from tests.core.meetings.builders import CALL_DEADLINE, make_meeting
from tests.telegram.fakebot import FakeBotApi, Persona, buttons

pytestmark = pytest.mark.usefixtures("running_bot", "now")

DIRECTOR_TELEGRAM_ID = 910001
TEACHER_TELEGRAM_ID = 910002
TITLE = "Zasięg Wi-Fi w salach na piętrze"
DESCRIPTION = "W salach 21-24 sygnał znika podczas lekcji z tabletami."
DECEMBER_INTRO = [
    "Spotkanie: Spotkanie z dyrektorami — 12.2026",
    "Termin: wtorek, 8 grudnia 2026, 10:00",
    "Punkty można zgłaszać do: piątek, 4 grudnia 2026, 15:00",
]
TITLE_PROMPT = "Wpisz tytuł punktu (do 200 znaków)."
CANCELLED = "Anulowano. Żaden punkt nie został zgłoszony."
USE_BUTTONS = "Użyj przycisków powyżej albo wyślij /anuluj, aby przerwać."


async def _linked(api: FakeBotApi, user: User, telegram_id: int) -> Persona:
    user.telegram_user_id = user.telegram_chat_id = telegram_id
    await user.save()
    return api.user(telegram_id)


@pytest.fixture
async def proposer(api: FakeBotApi, director: User) -> Persona:
    """A linked director in their chat."""
    return await _linked(api, director, DIRECTOR_TELEGRAM_ID)


async def _last(api: FakeBotApi, persona: Persona) -> dict:
    return (await api.wait_for_sent(persona.chat_id))[-1]


async def _up_to_description(api: FakeBotApi, persona: Persona) -> dict:
    """Starts /agenda with one open meeting and types the title; returns the message that
    asks for the description."""
    await persona.send("/agenda")
    await api.wait_for_sent(persona.chat_id)
    await persona.send(TITLE)
    return await _last(api, persona)


async def _up_to_summary(api: FakeBotApi, persona: Persona) -> dict:
    """Goes on to type the description; returns the summary to confirm."""
    await _up_to_description(api, persona)
    await persona.send(DESCRIPTION)
    return await _last(api, persona)


async def test_a_director_proposes_an_item_step_by_step(
    api: FakeBotApi, proposer: Persona, director: User
) -> None:
    meeting = await make_meeting()
    summary = await _up_to_summary(api, proposer)

    await proposer.press(summary, buttons(summary)["Zgłoś"])

    done = await _last(api, proposer)
    assert done["text"] == (
        f"Dziękujemy. Punkt „{TITLE}” został zgłoszony na spotkanie „Spotkanie z dyrektorami — "
        "12.2026” (wtorek, 8 grudnia 2026, 10:00). O porządku obrad zdecyduje koordynator."
    )
    item = await AgendaItem.get(meeting=meeting)
    assert (
        item.proposed_by_id,
        item.school_id,
        item.title,
        item.description,
        item.status,
        item.channel,
    ) == (
        director.id,
        director.school_id,
        TITLE,
        DESCRIPTION,
        AgendaItemStatus.PROPOSED,
        Channel.TELEGRAM,
    )


async def test_the_one_open_meeting_is_shown_with_its_date_and_deadline(
    api: FakeBotApi, proposer: Persona
) -> None:
    await make_meeting()

    await proposer.send("/agenda")

    intro = await _last(api, proposer)
    assert intro["text"].splitlines() == [*DECEMBER_INTRO, "", TITLE_PROMPT]


async def test_the_items_already_proposed_are_listed_at_the_start(
    api: FakeBotApi, proposer: Persona, director: User
) -> None:
    meeting = await make_meeting()
    await AgendaItem.create(
        meeting=meeting,
        proposed_by=director,
        school_id=director.school_id,
        title="Harmonogram wymiany komputerów",
        status=AgendaItemStatus.ACCEPTED,
        channel=Channel.WEB,
        created_at=warsaw(2026, 11, 10, 9, 0),
    )

    await proposer.send("/agenda")

    intro = await _last(api, proposer)
    assert intro["text"].splitlines()[3:] == [
        "",
        "Twoje punkty zgłoszone już na to spotkanie:",
        "• Harmonogram wymiany komputerów (przyjęty)",
        "",
        TITLE_PROMPT,
    ]


async def test_the_summary_shows_what_was_entered(api: FakeBotApi, proposer: Persona) -> None:
    await make_meeting()

    summary = await _up_to_summary(api, proposer)

    assert summary["text"].splitlines() == [
        "Twój punkt porządku obrad:",
        "Spotkanie: Spotkanie z dyrektorami — 12.2026 (wtorek, 8 grudnia 2026, 10:00)",
        f"Tytuł: {TITLE}",
        f"Opis: {DESCRIPTION}",
        "",
        "Zgłosić go?",
    ]
    assert list(buttons(summary)) == ["Zgłoś", "Anuluj"]


async def test_the_description_can_be_skipped(api: FakeBotApi, proposer: Persona) -> None:
    meeting = await make_meeting()
    prompt = await _up_to_description(api, proposer)
    assert prompt["text"] == "Dodaj krótki opis (do 2000 znaków) albo naciśnij Pomiń."

    await proposer.press(prompt, buttons(prompt)["Pomiń"])
    summary = await _last(api, proposer)
    assert "Opis: (brak)" in summary["text"].splitlines()
    await proposer.press(summary, buttons(summary)["Zgłoś"])

    await api.wait_for_sent(proposer.chat_id)
    assert (await AgendaItem.get(meeting=meeting)).description == ""


async def test_with_several_open_meetings_the_director_chooses_one(
    api: FakeBotApi, proposer: Persona
) -> None:
    await make_meeting()
    january = await make_meeting(
        title="Spotkanie z dyrektorami — 01.2027",
        starts_at=warsaw(2027, 1, 12, 10, 0),
        agenda_call_deadline=warsaw(2027, 1, 8, 15, 0),
    )
    await proposer.send("/agenda")
    choice = await _last(api, proposer)
    assert choice["text"] == "Na które spotkanie chcesz zgłosić punkt?"
    assert list(buttons(choice)) == [
        "Spotkanie z dyrektorami — 12.2026 (8 grudnia)",
        "Spotkanie z dyrektorami — 01.2027 (12 stycznia)",
    ]

    await proposer.press(choice, buttons(choice)["Spotkanie z dyrektorami — 01.2027 (12 stycznia)"])
    intro = await _last(api, proposer)
    assert intro["text"].splitlines()[0] == "Spotkanie: Spotkanie z dyrektorami — 01.2027"
    await proposer.send(TITLE)
    prompt = await _last(api, proposer)
    await proposer.press(prompt, buttons(prompt)["Pomiń"])
    summary = await _last(api, proposer)
    await proposer.press(summary, buttons(summary)["Zgłoś"])

    await api.wait_for_sent(proposer.chat_id)
    assert (await AgendaItem.get(title=TITLE)).meeting_id == january.id


async def test_the_coordinator_proposes_an_item_of_the_whole_gmina(
    api: FakeBotApi, coordinator: User
) -> None:
    meeting = await make_meeting()
    person = await _linked(api, coordinator, DIRECTOR_TELEGRAM_ID + 10)
    summary = await _up_to_summary(api, person)

    await person.press(summary, buttons(summary)["Zgłoś"])

    await api.wait_for_sent(person.chat_id)
    item = await AgendaItem.get(meeting=meeting)
    assert (item.proposed_by_id, item.school_id) == (coordinator.id, None)


# Refusals: a clear message, and nothing saved


async def test_a_teacher_is_told_only_directors_propose_items(
    api: FakeBotApi, teacher: User
) -> None:
    await make_meeting()
    person = await _linked(api, teacher, TEACHER_TELEGRAM_ID)

    await person.send("/agenda")

    refusal = await _last(api, person)
    assert refusal["text"] == (
        "Punkty porządku obrad mogą zgłaszać tylko dyrektorzy szkół i koordynator."
    )
    assert buttons(refusal) == {}
    assert not await AgendaItem.exists()


async def test_without_an_open_meeting_the_director_is_told_so(
    api: FakeBotApi, proposer: Persona
) -> None:
    await make_meeting(status=MeetingStatus.PLANNED)
    await make_meeting(status=MeetingStatus.AGENDA_PUBLISHED)

    await proposer.send("/agenda")

    reply = await _last(api, proposer)
    assert (
        reply["text"] == "Obecnie żadne spotkanie nie przyjmuje propozycji punktów porządku obrad."
    )
    assert buttons(reply) == {}


async def test_a_call_that_closes_while_the_director_types_saves_nothing(
    api: FakeBotApi, proposer: Persona, now: ManualClock
) -> None:
    now.set(CALL_DEADLINE - dt.timedelta(minutes=5))
    await make_meeting()
    summary = await _up_to_summary(api, proposer)
    now.set(CALL_DEADLINE + dt.timedelta(minutes=1))

    await proposer.press(summary, buttons(summary)["Zgłoś"])

    reply = await _last(api, proposer)
    assert reply["text"] == (
        "Nabór punktów porządku obrad na spotkanie „Spotkanie z dyrektorami — 12.2026” został "
        "już zamknięty, więc Twój punkt nie został zapisany."
    )
    assert not await AgendaItem.exists()


async def test_an_agenda_published_while_the_director_types_saves_nothing(
    api: FakeBotApi, proposer: Persona
) -> None:
    meeting = await make_meeting()
    summary = await _up_to_summary(api, proposer)
    await Meeting.filter(id=meeting.id).update(status=MeetingStatus.AGENDA_PUBLISHED)

    await proposer.press(summary, buttons(summary)["Zgłoś"])

    assert (await _last(api, proposer))["text"].startswith("Nabór punktów porządku obrad")
    assert not await AgendaItem.exists()


async def test_a_meeting_removed_while_the_director_types_saves_nothing(
    api: FakeBotApi, proposer: Persona
) -> None:
    meeting = await make_meeting()
    summary = await _up_to_summary(api, proposer)
    await Meeting.filter(id=meeting.id).delete()

    await proposer.press(summary, buttons(summary)["Zgłoś"])

    reply = await _last(api, proposer)
    assert reply["text"] == "Tego spotkania nie ma już w kalendarzu, więc nic nie zostało zapisane."
    assert not await AgendaItem.exists()


async def test_a_meeting_whose_call_closed_before_it_was_chosen_is_refused(
    api: FakeBotApi, proposer: Persona
) -> None:
    december = await make_meeting()
    await make_meeting(title="Zespół projektowy", starts_at=warsaw(2027, 1, 12, 10, 0))
    await proposer.send("/agenda")
    choice = await _last(api, proposer)
    await Meeting.filter(id=december.id).update(status=MeetingStatus.AGENDA_PUBLISHED)

    await proposer.press(choice, buttons(choice)["Spotkanie z dyrektorami — 12.2026 (8 grudnia)"])

    reply = await _last(api, proposer)
    assert reply["text"] == (
        "To spotkanie nie przyjmuje już punktów porządku obrad. Wybierz inne albo wyślij /anuluj."
    )
    assert not await AgendaItem.exists()


@pytest.mark.parametrize("title", ["   ", "\u00a0"])
async def test_an_empty_title_is_refused_and_asked_again(
    api: FakeBotApi, proposer: Persona, title: str
) -> None:
    await make_meeting()
    await proposer.send("/agenda")
    await api.wait_for_sent(proposer.chat_id)

    await proposer.send(title)
    refusal = await _last(api, proposer)
    await proposer.send(TITLE)

    assert refusal["text"] == "Punkt porządku obrad musi mieć tytuł."
    assert (await _last(api, proposer))["text"] == (
        "Dodaj krótki opis (do 2000 znaków) albo naciśnij Pomiń."
    )


async def test_a_title_over_the_limit_is_refused(api: FakeBotApi, proposer: Persona) -> None:
    await make_meeting()
    await proposer.send("/agenda")
    await api.wait_for_sent(proposer.chat_id)

    await proposer.send("Wi-Fi " * 40)

    assert (await _last(api, proposer))["text"] == "Tytuł jest za długi (limit znaków: 200)."
    assert not await AgendaItem.exists()


async def test_a_description_over_the_limit_is_refused(api: FakeBotApi, proposer: Persona) -> None:
    await make_meeting()
    await _up_to_description(api, proposer)

    await proposer.send("x" * 2001)

    assert (await _last(api, proposer))["text"] == "Opis jest za długi (limit znaków: 2000)."
    assert not await AgendaItem.exists()


async def test_typing_instead_of_choosing_a_meeting_points_to_the_buttons(
    api: FakeBotApi, proposer: Persona
) -> None:
    await make_meeting()
    await make_meeting(title="Zespół projektowy", starts_at=warsaw(2027, 1, 12, 10, 0))
    await proposer.send("/agenda")
    await api.wait_for_sent(proposer.chat_id)

    await proposer.send("grudniowe")

    assert (await _last(api, proposer))["text"] == USE_BUTTONS


async def test_typing_instead_of_confirming_points_to_the_buttons(
    api: FakeBotApi, proposer: Persona
) -> None:
    await make_meeting()
    await _up_to_summary(api, proposer)

    await proposer.send("tak")

    assert (await _last(api, proposer))["text"] == USE_BUTTONS
    assert not await AgendaItem.exists()


async def test_skip_pressed_after_the_description_was_typed_points_to_the_buttons(
    api: FakeBotApi, proposer: Persona
) -> None:
    await make_meeting()
    prompt = await _up_to_description(api, proposer)
    await proposer.send(DESCRIPTION)
    await api.wait_for_sent(proposer.chat_id)

    await proposer.press(prompt, buttons(prompt)["Pomiń"])

    assert (await _last(api, proposer))["text"] == USE_BUTTONS
    assert not await AgendaItem.exists()


async def test_a_photo_where_the_title_is_expected_asks_for_text(
    api: FakeBotApi, proposer: Persona
) -> None:
    await make_meeting()
    await proposer.send("/agenda")
    await api.wait_for_sent(proposer.chat_id)

    await proposer.send_photo(b"\xff\xd8\xff\xe0 agenda photo")

    reply = await _last(api, proposer)
    assert reply["text"] == "Wpisz to jako tekst albo wyślij /anuluj, aby przerwać."


# Cancelling at each step


async def test_cancel_while_choosing_the_meeting(api: FakeBotApi, proposer: Persona) -> None:
    await make_meeting()
    await make_meeting(title="Zespół projektowy", starts_at=warsaw(2027, 1, 12, 10, 0))
    await proposer.send("/agenda")
    await api.wait_for_sent(proposer.chat_id)

    await proposer.send("/anuluj")

    assert (await _last(api, proposer))["text"] == CANCELLED


async def test_cancel_at_the_title(api: FakeBotApi, proposer: Persona) -> None:
    await make_meeting()
    await proposer.send("/agenda")
    await api.wait_for_sent(proposer.chat_id)

    await proposer.send("/anuluj")

    assert (await _last(api, proposer))["text"] == CANCELLED


async def test_cancel_at_the_description(api: FakeBotApi, proposer: Persona) -> None:
    await make_meeting()
    await _up_to_description(api, proposer)

    await proposer.send("/anuluj")

    assert (await _last(api, proposer))["text"] == CANCELLED
    assert not await AgendaItem.exists()


async def test_cancel_at_the_summary(api: FakeBotApi, proposer: Persona) -> None:
    await make_meeting()
    await _up_to_summary(api, proposer)

    await proposer.send("/anuluj")

    assert (await _last(api, proposer))["text"] == CANCELLED
    assert not await AgendaItem.exists()


async def test_the_cancel_button_on_the_summary_saves_nothing(
    api: FakeBotApi, proposer: Persona
) -> None:
    await make_meeting()
    summary = await _up_to_summary(api, proposer)

    await proposer.press(summary, buttons(summary)["Anuluj"])

    assert (await _last(api, proposer))["text"] == CANCELLED
    assert not await AgendaItem.exists()
