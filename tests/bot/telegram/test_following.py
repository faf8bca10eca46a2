"""Following tickets in Telegram: the IT specialist works a ticket from its notification, the
teacher answers, rates or reopens it, and free text is asked about instead of guessed at.

Notifications are delivered as the outbox dispatcher delivers them: each pending Telegram
row is sent through the real sender, and the id of its last part is kept on the row.
"""

from __future__ import annotations

from typing import cast

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from bot.telegram.context import HdrApplication
from bot.telegram.sender import send_outbox_message
from core.clock import ManualClock
from core.models import (
    Category,
    Channel,
    OutboxMessage,
    OutboxStatus,
    Role,
    School,
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketStatus,
    User,
)
from core.tickets import add_comment, change_status, create_ticket
from tests.factories import make_category, make_user
from tests.telegram.fakebot import FakeBotApi, Json, Persona, buttons

pytestmark = pytest.mark.usefixtures("running_bot")

TEACHER_CHAT = 910001
SPECIALIST_CHAT = 910002
TITLE = "Projektor w sali 12 nie włącza się"
NUMBER = "IT-2026-0001"
CHOICE = f"{NUMBER} · Projektor w sali 12 nie…"
"""The button that picks the ticket for free text: number and title, cut to fit."""


@pytest.fixture
def bot_app(running_bot: Application) -> HdrApplication:
    return cast(HdrApplication, running_bot)


@pytest.fixture
async def anna(api: FakeBotApi, teacher: User, now: ManualClock) -> Persona:
    """The teacher, Anna Nowak, in her chat with the bot."""
    teacher.full_name = "Anna Nowak"
    teacher.telegram_user_id = teacher.telegram_chat_id = TEACHER_CHAT
    await teacher.save()
    return api.user(TEACHER_CHAT, first_name="Anna")


@pytest.fixture
async def jan(api: FakeBotApi, specialist: User) -> Persona:
    """The IT specialist, Jan Informatyk, in his chat with the bot."""
    specialist.full_name = "Jan Informatyk"
    specialist.telegram_user_id = specialist.telegram_chat_id = SPECIALIST_CHAT
    await specialist.save()
    return api.user(SPECIALIST_CHAT, first_name="Jan")


@pytest.fixture
async def category(database: str) -> Category:
    return await make_category()


@pytest.fixture
async def ticket(anna: Persona, jan: Persona, teacher: User, category: Category) -> Ticket:
    """A fault Anna reported by Telegram."""
    return await create_ticket(
        school=await School.get(id=teacher.school_id),
        reporter=teacher,
        channel=Channel.TELEGRAM,
        category=category,
        description=TITLE,
    )


async def _deliver(api: FakeBotApi, bot_app: HdrApplication, persona: Persona) -> Json:
    """Sends the pending Telegram messages as the dispatcher does; returns the last one that
    reached `persona`."""
    for row in await OutboxMessage.filter(
        channel=Channel.TELEGRAM, status=OutboxStatus.PENDING
    ).order_by("id"):
        sent_ids = await send_outbox_message(bot_app.bot, bot_app.buttons, row)
        row.provider_message_id = str(sent_ids[-1])
        row.status = OutboxStatus.SENT
        await row.save()
    return (await api.wait_for_sent(persona.chat_id))[-1]


async def _last(api: FakeBotApi, persona: Persona) -> Json:
    return (await api.wait_for_sent(persona.chat_id))[-1]


def _as_now(api: FakeBotApi, persona: Persona, message: Json) -> Json:
    """`message` as the chat shows it now, edits included."""
    return next(m for m in api.sent(persona.chat_id) if m["message_id"] == message["message_id"])


async def _press_and_see(api: FakeBotApi, persona: Persona, message: Json, label: str) -> Json:
    """Presses the button `label` and returns the message once the bot has edited it."""
    edits = len(api.calls_to("editMessageText"))
    await persona.press(message, buttons(message)[label])
    await api.wait_for_call("editMessageText", edits + 1)
    return _as_now(api, persona, message)


async def _press_refused(api: FakeBotApi, persona: Persona, message: Json, data: str) -> str:
    """Presses the button carrying `data`; returns the alert the bot answered with."""
    query_id = await persona.press(message, data)
    answers: list[Json] = []
    while not answers:  # other presses may be answered first; wait_for_call times out
        calls = await api.wait_for_call("answerCallbackQuery", len(api.answered_callbacks) + 1)
        answers = [call for call in calls if call["callback_query_id"] == query_id]
    [answer] = answers
    assert answer.get("show_alert") is True
    return str(answer["text"])


async def _comments(ticket: Ticket) -> list[str]:
    events = await TicketEvent.filter(ticket_id=ticket.id, kind=TicketEventKind.COMMENTED)
    return [event.text for event in events]


async def _resolved_message(
    api: FakeBotApi, bot_app: HdrApplication, anna: Persona, ticket: Ticket, specialist: User
) -> Json:
    """The message telling Anna that her ticket is resolved, with its rating buttons."""
    await change_status(
        ticket, to=TicketStatus.RESOLVED, actor=specialist, channel=Channel.WEB, comment="Done."
    )
    return await _deliver(api, bot_app, anna)


# The IT specialist's buttons


async def test_the_it_specialist_takes_a_new_ticket_with_one_press(
    api: FakeBotApi, bot_app: HdrApplication, jan: Persona, ticket: Ticket, specialist: User
) -> None:
    notification = await _deliver(api, bot_app, jan)
    assert notification["text"].startswith(f"Nowe zgłoszenie {NUMBER}: {TITLE}\n")

    shown = await _press_and_see(api, jan, notification, "Biorę")

    assert shown["text"].endswith(f"\n\n✔ Zgłoszenie {NUMBER} jest przypisane do Ciebie.")
    assert set(buttons(shown)) == {"Rozwiązane", "Dopytaj zgłaszającego"}
    stored = await Ticket.get(id=ticket.id)
    assert (stored.status, stored.assignee_id) == (TicketStatus.ASSIGNED, specialist.id)


async def test_the_teacher_hears_that_her_ticket_was_taken(
    api: FakeBotApi, bot_app: HdrApplication, anna: Persona, jan: Persona, ticket: Ticket
) -> None:
    await _press_and_see(api, jan, await _deliver(api, bot_app, jan), "Biorę")

    told = await _deliver(api, bot_app, anna)

    assert told["text"].startswith(
        f"Twoje zgłoszenie {NUMBER} „{TITLE}” ma teraz status: przypisane."
    )
    assert set(buttons(told)) == {"Dodaj komentarz"}


async def test_a_ticket_a_colleague_took_cannot_be_taken_again(
    api: FakeBotApi, bot_app: HdrApplication, jan: Persona, ticket: Ticket, specialist: User
) -> None:
    notification = await _deliver(api, bot_app, jan)
    colleague = await make_user(role=Role.IT, full_name="Ewa Kowalska")
    await change_status(ticket, to=TicketStatus.IN_PROGRESS, actor=colleague, channel=Channel.WEB)

    alert = await _press_refused(api, jan, notification, buttons(notification)["Biorę"])

    assert alert == f"Zgłoszeniem {NUMBER} zajmuje się już Ewa Kowalska."
    assert (await Ticket.get(id=ticket.id)).assignee_id == colleague.id


async def test_asking_the_reporter_and_her_reply_bring_the_ticket_back_into_work(
    api: FakeBotApi, bot_app: HdrApplication, anna: Persona, jan: Persona, ticket: Ticket
) -> None:
    notification = await _deliver(api, bot_app, jan)
    await jan.press(notification, buttons(notification)["Dopytaj zgłaszającego"])
    prompt = await _last(api, jan)
    assert prompt["text"] == (
        f"Wpisz pytanie do zgłaszającego ({NUMBER}). Wyślij /anuluj, aby przerwać."
    )
    await jan.send("Czy kabel HDMI jest podłączony?")
    assert (await _last(api, jan))["text"] == (
        f"✔ Pytanie wysłane. Zgłoszenie {NUMBER} czeka na odpowiedź zgłaszającego."
    )
    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.WAITING_REPORTER
    question = await _deliver(api, bot_app, anna)
    assert "Czy kabel HDMI jest podłączony?" in question["text"]

    await anna.reply(question, "Tak, jest podłączony.")

    assert (await _last(api, anna))["text"] == f"✔ Dodano komentarz do zgłoszenia {NUMBER}."
    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.IN_PROGRESS
    answer = await _deliver(api, bot_app, jan)
    assert answer["text"].startswith(
        f"Anna Nowak pisze w sprawie zgłoszenia {NUMBER} „{TITLE}”:\n\nTak, jest podłączony."
    )


async def test_asking_leaves_only_the_resolve_button_on_the_notification(
    api: FakeBotApi, bot_app: HdrApplication, jan: Persona, ticket: Ticket
) -> None:
    notification = await _deliver(api, bot_app, jan)
    await jan.press(notification, buttons(notification)["Dopytaj zgłaszającego"])
    await api.wait_for_sent(jan.chat_id)

    await jan.send("Który projektor?")

    await api.wait_for_sent(jan.chat_id)
    shown = _as_now(api, jan, notification)
    assert shown["text"].endswith(
        f"\n\n✔ Pytanie wysłane. Zgłoszenie {NUMBER} czeka na odpowiedź zgłaszającego."
    )
    assert set(buttons(shown)) == {"Rozwiązane"}


async def test_resolving_asks_for_a_note_then_the_teacher_rates_it(
    api: FakeBotApi, bot_app: HdrApplication, anna: Persona, jan: Persona, ticket: Ticket
) -> None:
    notification = await _deliver(api, bot_app, jan)
    await jan.press(notification, buttons(notification)["Rozwiązane"])
    prompt = await _last(api, jan)
    assert prompt["text"] == (
        f"Napisz krótko, co zostało zrobione w sprawie {NUMBER}. Wyślij /anuluj, aby przerwać."
    )
    await jan.send("Wymieniono lampę projektora.")
    await api.wait_for_sent(jan.chat_id)
    assert buttons(_as_now(api, jan, notification)) == {}
    resolved = await _deliver(api, bot_app, anna)
    assert "Jan Informatyk pisze:\nWymieniono lampę projektora." in resolved["text"]
    assert list(buttons(resolved)) == ["1", "2", "3", "4", "5", "Nie rozwiązane"]

    shown = await _press_and_see(api, anna, resolved, "4")

    assert shown["text"].endswith("\n\n✔ Dziękujemy! Twoja ocena: 4/5.")
    assert buttons(shown) == {}
    stored = await Ticket.get(id=ticket.id)
    assert (stored.status, stored.rating) == (TicketStatus.RESOLVED, 4)


# The teacher's buttons


async def test_a_second_rating_press_is_refused_and_the_first_rating_stays(
    api: FakeBotApi,
    bot_app: HdrApplication,
    anna: Persona,
    ticket: Ticket,
    specialist: User,
) -> None:
    resolved = await _resolved_message(api, bot_app, anna, ticket, specialist)
    # Both taps reach the bot before it has taken the buttons away.
    await anna.press(resolved, buttons(resolved)["4"])

    alert = await _press_refused(api, anna, resolved, buttons(resolved)["5"])

    assert alert == f"Zgłoszenie {NUMBER} zostało już ocenione."
    assert (await Ticket.get(id=ticket.id)).rating == 4


async def test_not_resolved_reopens_the_ticket_at_one_press(
    api: FakeBotApi,
    bot_app: HdrApplication,
    anna: Persona,
    jan: Persona,
    ticket: Ticket,
    specialist: User,
) -> None:
    await change_status(ticket, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=Channel.WEB)
    resolved = await _resolved_message(api, bot_app, anna, ticket, specialist)

    shown = await _press_and_see(api, anna, resolved, "Nie rozwiązane")

    assert shown["text"].endswith(
        f"\n\n↺ Zgłoszenie {NUMBER} jest znów otwarte; informatyk ponownie się nim zajmie. "
        "Naciśnij „Dodaj komentarz”, aby napisać, co nadal nie działa."
    )
    assert set(buttons(shown)) == {"Dodaj komentarz"}
    stored = await Ticket.get(id=ticket.id)
    assert (stored.status, stored.reopen_count, stored.rating) == (
        TicketStatus.ASSIGNED,
        1,
        None,
    )
    told = await _deliver(api, bot_app, jan)
    assert told["text"].startswith(
        f"Anna Nowak pisze, że usterka ze zgłoszenia {NUMBER} „{TITLE}” nie została usunięta"
    )


async def test_add_a_comment_asks_for_the_text_and_adds_it(
    api: FakeBotApi, bot_app: HdrApplication, anna: Persona, ticket: Ticket, specialist: User
) -> None:
    await add_comment(ticket, author=specialist, text="Będę o 8:00.", channel=Channel.WEB)
    told = await _deliver(api, bot_app, anna)
    await anna.press(told, buttons(told)["Dodaj komentarz"])
    assert (await _last(api, anna))["text"] == (
        f"Wpisz komentarz do zgłoszenia {NUMBER}. Wyślij /anuluj, aby przerwać."
    )

    await anna.send("Sala będzie otwarta.")

    assert (await _last(api, anna))["text"] == f"✔ Dodano komentarz do zgłoszenia {NUMBER}."
    assert await _comments(ticket) == ["Będę o 8:00.", "Sala będzie otwarta."]


async def test_my_tickets_offers_a_comment_button_for_each_ticket(
    api: FakeBotApi, anna: Persona, ticket: Ticket
) -> None:
    await anna.send("/moje")
    listing = await _last(api, anna)
    assert list(buttons(listing)) == [f"Dodaj komentarz do {NUMBER}"]
    await anna.press(listing, buttons(listing)[f"Dodaj komentarz do {NUMBER}"])
    await api.wait_for_sent(anna.chat_id)

    await anna.send("Dodam, że głośniki też nie grają.")

    await api.wait_for_sent(anna.chat_id)
    assert await _comments(ticket) == ["Dodam, że głośniki też nie grają."]
    assert set(buttons(_as_now(api, anna, listing))) == {f"Dodaj komentarz do {NUMBER}"}


# Cancelling and interrupting a text step


@pytest.mark.parametrize("label", ["Dopytaj zgłaszającego", "Rozwiązane"])
async def test_cancel_in_a_text_step_of_the_it_specialist_changes_nothing(
    api: FakeBotApi, bot_app: HdrApplication, jan: Persona, ticket: Ticket, label: str
) -> None:
    notification = await _deliver(api, bot_app, jan)
    await jan.press(notification, buttons(notification)[label])
    await api.wait_for_sent(jan.chat_id)

    await jan.send("/anuluj")

    assert (await _last(api, jan))["text"] == "Anulowano. Nic nie zostało zmienione."
    stored = await Ticket.get(id=ticket.id)
    assert (stored.status, stored.assignee_id) == (TicketStatus.NEW, None)
    assert set(buttons(_as_now(api, jan, notification))) == {
        "Biorę",
        "Rozwiązane",
        "Dopytaj zgłaszającego",
    }


async def test_cancel_while_commenting_adds_no_comment(
    api: FakeBotApi, anna: Persona, ticket: Ticket
) -> None:
    await anna.send("/moje")
    listing = await _last(api, anna)
    await anna.press(listing, buttons(listing)[f"Dodaj komentarz do {NUMBER}"])
    await api.wait_for_sent(anna.chat_id)

    await anna.send("/anuluj")
    await api.wait_for_sent(anna.chat_id)
    await anna.send("Jednak nic.")

    question = await _last(api, anna)
    assert question["text"].startswith("Czy to nowe zgłoszenie")
    assert await _comments(ticket) == []


async def test_another_command_during_a_text_step_asks_to_finish_first(
    api: FakeBotApi, bot_app: HdrApplication, jan: Persona, ticket: Ticket
) -> None:
    notification = await _deliver(api, bot_app, jan)
    await jan.press(notification, buttons(notification)["Rozwiązane"])
    await api.wait_for_sent(jan.chat_id)

    await jan.send("/kolejka")

    assert (await _last(api, jan))["text"] == (
        "Najpierw wpisz tekst albo wyślij /anuluj, aby przerwać."
    )


async def test_a_photo_where_the_text_is_expected_asks_for_text(
    api: FakeBotApi, bot_app: HdrApplication, jan: Persona, ticket: Ticket
) -> None:
    notification = await _deliver(api, bot_app, jan)
    await jan.press(notification, buttons(notification)["Rozwiązane"])
    await api.wait_for_sent(jan.chat_id)

    await jan.send_photo(b"\xff\xd8\xff\xe0 photo")

    assert (await _last(api, jan))["text"] == (
        "Wpisz to jako tekst albo wyślij /anuluj, aby przerwać."
    )
    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.NEW


# Buttons that are not the presser's, or not ours


async def _forwarded(api: FakeBotApi, bot_app: HdrApplication, persona: Persona, data: str) -> Json:
    """A message in `persona`'s chat carrying a button with `data`, as a forwarded one would."""
    await bot_app.bot.send_message(
        chat_id=persona.chat_id,
        text="Przekazana wiadomość",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Przycisk", callback_data=data)]]),
    )
    return await _last(api, persona)


async def test_a_teacher_pressing_the_take_button_of_the_it_specialist_is_refused(
    api: FakeBotApi, bot_app: HdrApplication, anna: Persona, ticket: Ticket
) -> None:
    data = bot_app.buttons.pack("tkt.take", ticket.id)
    message = await _forwarded(api, bot_app, anna, data)

    alert = await _press_refused(api, anna, message, data)

    assert alert == "Tylko informatyk lub koordynator może to zrobić."
    assert (await Ticket.get(id=ticket.id)).assignee_id is None


async def test_a_teacher_pressing_resolve_is_refused_before_any_text_is_asked_for(
    api: FakeBotApi, bot_app: HdrApplication, anna: Persona, ticket: Ticket
) -> None:
    data = bot_app.buttons.pack("tkt.resolve", ticket.id)
    message = await _forwarded(api, bot_app, anna, data)

    alert = await _press_refused(api, anna, message, data)

    assert alert == "Tylko informatyk lub koordynator może to zrobić."
    assert api.sent(anna.chat_id)[-1]["message_id"] == message["message_id"]


async def test_comment_on_a_ticket_someone_may_not_see_is_refused_as_not_found(
    api: FakeBotApi, bot_app: HdrApplication, ticket: Ticket, teacher: User
) -> None:
    await make_user(
        role=Role.TEACHER,
        school_id=teacher.school_id,
        telegram_user_id=910003,
        telegram_chat_id=910003,
    )
    colleague = api.user(910003)
    data = bot_app.buttons.pack("tkt.comment", ticket.id)
    message = await _forwarded(api, bot_app, colleague, data)

    alert = await _press_refused(api, colleague, message, data)

    assert alert == f"Nie znaleziono zgłoszenia {NUMBER}."
    assert api.sent(colleague.chat_id)[-1]["message_id"] == message["message_id"]


async def test_resolving_a_resolved_ticket_again_is_refused_before_asking_for_a_note(
    api: FakeBotApi,
    bot_app: HdrApplication,
    anna: Persona,
    jan: Persona,
    ticket: Ticket,
    specialist: User,
) -> None:
    notification = await _deliver(api, bot_app, jan)
    await _resolved_message(api, bot_app, anna, ticket, specialist)

    alert = await _press_refused(api, jan, notification, buttons(notification)["Rozwiązane"])

    assert alert == (
        f"Zgłoszenie {NUMBER} ma status „rozwiązane”; nie można go zmienić na „rozwiązane”."
    )


async def test_a_button_of_a_ticket_that_no_longer_exists_is_refused(
    api: FakeBotApi, bot_app: HdrApplication, jan: Persona, ticket: Ticket
) -> None:
    data = bot_app.buttons.pack("tkt.take", ticket.id + 1)
    message = await _forwarded(api, bot_app, jan, data)

    alert = await _press_refused(api, jan, message, data)

    assert alert == "To zgłoszenie już nie istnieje."


async def test_a_forged_rating_button_changes_nothing(
    api: FakeBotApi,
    bot_app: HdrApplication,
    anna: Persona,
    ticket: Ticket,
    specialist: User,
) -> None:
    await _resolved_message(api, bot_app, anna, ticket, specialist)
    message = await _forwarded(api, bot_app, anna, f"tkt.rate:{ticket.id}:5~forged")

    alert = await _press_refused(api, anna, message, f"tkt.rate:{ticket.id}:5~forged")

    assert alert == "Ten przycisk jest nieważny. Nic nie zostało zmienione."
    assert (await Ticket.get(id=ticket.id)).rating is None


# Replies and free text


async def test_a_reply_to_a_closed_ticket_is_refused_and_adds_nothing(
    api: FakeBotApi,
    bot_app: HdrApplication,
    anna: Persona,
    ticket: Ticket,
    specialist: User,
) -> None:
    resolved = await _resolved_message(api, bot_app, anna, ticket, specialist)
    await change_status(ticket, to=TicketStatus.CLOSED, actor=specialist, channel=Channel.WEB)

    await anna.reply(resolved, "Znowu nie działa.")

    assert (await _last(api, anna))["text"] == (
        f"Zgłoszenie {NUMBER} ma status „zamknięte”; aby dodać komentarz, trzeba je najpierw "
        "ponownie otworzyć."
    )
    assert await _comments(ticket) == []


async def test_a_reply_to_a_message_that_is_no_ticket_notification_is_asked_about(
    api: FakeBotApi, anna: Persona, ticket: Ticket
) -> None:
    await anna.send("/pomoc")
    help_message = await _last(api, anna)

    await anna.reply(help_message, "A gdzie zgłosić awarię?")

    question = await _last(api, anna)
    assert question["text"] == (
        "Czy to nowe zgłoszenie, czy komentarz do jednego z Twoich otwartych zgłoszeń?"
    )
    assert await _comments(ticket) == []


async def test_free_text_asks_whether_it_is_a_new_report_or_a_comment(
    api: FakeBotApi, bot_app: HdrApplication, anna: Persona, ticket: Ticket
) -> None:
    await anna.send("Projektor znowu gaśnie po minucie.")

    question = await _last(api, anna)
    assert question["text"] == (
        "Czy to nowe zgłoszenie, czy komentarz do jednego z Twoich otwartych zgłoszeń?"
    )
    offered = buttons(question)
    assert list(offered) == ["Nowe zgłoszenie", CHOICE]
    new_report = bot_app.buttons.unpack(offered["Nowe zgłoszenie"])
    assert new_report is not None
    assert new_report.action == "report.new"
    assert await _comments(ticket) == []


async def test_choosing_an_open_ticket_adds_the_free_text_to_it(
    api: FakeBotApi, anna: Persona, ticket: Ticket
) -> None:
    await anna.send("Projektor znowu gaśnie po minucie.")
    question = await _last(api, anna)

    shown = await _press_and_see(api, anna, question, CHOICE)

    assert await _comments(ticket) == ["Projektor znowu gaśnie po minucie."]
    assert shown["text"].endswith(f"\n\n✔ Dodano komentarz do zgłoszenia {NUMBER}.")
    assert buttons(shown) == {}


async def test_messages_written_one_after_another_become_one_comment(
    api: FakeBotApi, anna: Persona, ticket: Ticket
) -> None:
    await anna.send("Projektor znowu gaśnie.")
    await api.wait_for_sent(anna.chat_id)
    await anna.send("Głośniki też nie grają.")
    question = await _last(api, anna)

    await _press_and_see(api, anna, question, CHOICE)

    assert await _comments(ticket) == ["Projektor znowu gaśnie.\nGłośniki też nie grają."]


async def test_a_used_free_text_cannot_be_added_a_second_time(
    api: FakeBotApi, anna: Persona, ticket: Ticket
) -> None:
    await anna.send("Projektor znowu gaśnie.")
    first = await _last(api, anna)
    await anna.send("Głośniki też.")
    second = await _last(api, anna)
    await _press_and_see(api, anna, second, CHOICE)

    alert = await _press_refused(api, anna, first, buttons(first)[CHOICE])

    assert alert == "Nie mam już tej wiadomości. Napisz ją, proszę, jeszcze raz."
    assert await _comments(ticket) == ["Projektor znowu gaśnie.\nGłośniki też."]


async def test_free_text_with_no_open_tickets_offers_a_new_report(
    api: FakeBotApi, anna: Persona
) -> None:
    await anna.send("Drukarka w pokoju nauczycielskim nie drukuje.")

    question = await _last(api, anna)
    assert question["text"] == "Czy chcesz zgłosić to jako nową usterkę?"
    assert list(buttons(question)) == ["Nowe zgłoszenie"]
