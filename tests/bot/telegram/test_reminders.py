"""A director answers a reminder in Telegram with one tap: Done, Snooze, or Problem with a
comment; and every press that must not count is refused with a clear message."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

import bot.telegram.steps
from bot.telegram.app import build_application
from bot.telegram.context import HdrApplication
from bot.telegram.sender import send_outbox_message
from core.clock import ManualClock
from core.config import Settings
from core.models import (
    AnswerKind,
    Channel,
    Obligation,
    ObligationKind,
    ObligationStatus,
    OutboxMessage,
    Reminder,
    ReminderAnswer,
    ReminderKind,
    User,
)
from core.obligations.reminder_messages import enqueue_reminder_message
from tests.conftest import warsaw
from tests.telegram.fakebot import FakeBotApi, Json, Persona, buttons, polling

DIRECTOR_CHAT = 800100
TEACHER_CHAT = 800200
TITLE = "Przekazanie arkusza organizacji organowi prowadzącemu"
ANSWER_LABELS = ["Zrobione", "Odłóż 1 dzień", "Odłóż 3 dni", "Odłóż tydzień", "Problem"]
INVALID_BUTTON = "Ten przycisk jest nieprawidłowy. Użyj przycisków pod otrzymanym przypomnieniem."
SOMEONE_ELSES = (
    "To przypomnienie jest skierowane do innej osoby, więc nie możesz na nie odpowiedzieć."
)


@pytest.fixture
async def anna(api: FakeBotApi, director: User, now: ManualClock) -> Persona:
    """The director, linked, in her chat with the bot."""
    director.telegram_user_id = director.telegram_chat_id = DIRECTOR_CHAT
    await director.save()
    return api.user(DIRECTOR_CHAT, first_name="Anna")


@pytest.fixture
async def reminder(director: User, now: ManualClock) -> Reminder:
    """A reminder to the director of a sheet due on Friday 20 November 2026."""
    obligation = await Obligation.create(
        source_key="test:sheet",
        kind=ObligationKind.ORGANISATION_SHEET,
        title=TITLE,
        assignee=director,
        due_date=dt.date(2026, 11, 20),
        created_at=warsaw(2026, 11, 1, 8, 0),
    )
    return await _remind(obligation, director, warsaw(2026, 11, 17, 8, 0))


async def _remind(obligation: Obligation, recipient: User, at: dt.datetime) -> Reminder:
    return await Reminder.create(
        obligation=obligation,
        recipient=recipient,
        kind=ReminderKind.BEFORE_DUE,
        scheduled_for=at,
        created_at=at,
    )


async def _deliver(
    api: FakeBotApi, application: HdrApplication, reminder: Reminder, *, to: int = DIRECTOR_CHAT
) -> Json:
    """Writes the reminder's outbox row and sends it as the dispatcher does, to chat `to`
    (the recipient's own unless a test sends it elsewhere); returns the message as sent."""
    row = await enqueue_reminder_message(reminder)
    assert row is not None
    row.address = str(to)
    await send_outbox_message(application.bot, application.buttons, row)
    [shown] = await api.wait_for_sent(to)
    # The chat's copy changes with every edit; tests compare against the message as sent.
    return copy.deepcopy(shown)


async def _press(api: FakeBotApi, persona: Persona, message: Json, label: str) -> str:
    """Presses the button labelled `label`; returns the text the bot answered the press with."""
    before = len(api.calls_to("answerCallbackQuery"))
    await persona.press(message, buttons(message)[label])
    answered = await api.wait_for_call("answerCallbackQuery", count=before + 1)
    return str(answered[-1].get("text", ""))


def _shown(api: FakeBotApi, message: Json) -> Json:
    """`message` as the chat shows it now, edits applied."""
    return next(
        m for m in api.sent(message["chat"]["id"]) if m["message_id"] == message["message_id"]
    )


async def _answers() -> list[tuple[AnswerKind, Channel]]:
    return [(answer.answer, answer.channel) for answer in await ReminderAnswer.all()]


async def test_a_reminder_shows_the_deadline_and_the_answer_buttons(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)

    assert shown["text"] == (
        f"Przypomnienie: {TITLE}\nTermin: 20.11.2026 (piątek)\nDo terminu: 3 dni."
    )
    assert list(buttons(shown)) == ANSWER_LABELS


async def test_done_is_recorded_and_shown_on_the_reminder_without_buttons(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)

    answered = await _press(api, anna, shown, "Zrobione")

    await api.wait_for_call("editMessageText")
    edited = _shown(api, shown)
    assert edited["text"] == f"{shown['text']}\n\n✔ Zrobione (17.11.2026, 10:00)"
    assert buttons(edited) == {}
    assert answered == "Zapisano."
    obligation = await Obligation.get(id=reminder.obligation_id)
    assert obligation.status == ObligationStatus.DONE
    assert await _answers() == [(AnswerKind.DONE, Channel.TELEGRAM)]


async def test_snooze_a_week_is_recorded_and_shown_with_its_date(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)

    await _press(api, anna, shown, "Odłóż tydzień")

    await api.wait_for_call("editMessageText")
    edited = _shown(api, shown)
    assert edited["text"].endswith("\n\n⏰ Odłożone do 24.11.2026 (17.11.2026, 10:00)")
    assert buttons(edited) == {}
    obligation = await Obligation.get(id=reminder.obligation_id)
    assert (obligation.status, obligation.snoozed_until) == (
        ObligationStatus.SNOOZED,
        dt.date(2026, 11, 24),
    )


async def test_problem_asks_for_a_comment_records_it_and_tells_the_coordinator(
    api: FakeBotApi,
    running_bot: HdrApplication,
    anna: Persona,
    reminder: Reminder,
    coordinator: User,
) -> None:
    shown = await _deliver(api, running_bot, reminder)
    await _press(api, anna, shown, "Problem")
    [prompt] = await api.wait_for_sent(anna.chat_id)

    await anna.send("Związki zawodowe nie przysłały jeszcze opinii.")

    [thanks] = await api.wait_for_sent(anna.chat_id)
    assert prompt["text"] == (
        "Na czym polega problem? Opisz go w kilku słowach, a przekażę go koordynatorowi. "
        "Wyślij /anuluj, aby zrezygnować."
    )
    assert thanks["text"] == "Dziękujemy. Problem został zapisany i przekazany koordynatorowi."
    edited = _shown(api, shown)
    assert edited["text"].endswith(
        "\n\n⚠ Zgłoszono problem (17.11.2026, 10:00): "
        "Związki zawodowe nie przysłały jeszcze opinii."
    )
    assert buttons(edited) == {}
    told = await OutboxMessage.get(recipient_id=coordinator.id)
    assert told.body_text.endswith("Związki zawodowe nie przysłały jeszcze opinii.")


async def test_cancelling_a_problem_reports_nothing_and_keeps_the_buttons(
    api: FakeBotApi,
    running_bot: HdrApplication,
    anna: Persona,
    reminder: Reminder,
    coordinator: User,
) -> None:
    shown = await _deliver(api, running_bot, reminder)
    await _press(api, anna, shown, "Problem")
    await api.wait_for_sent(anna.chat_id)

    await anna.send("/anuluj")

    [reply] = await api.wait_for_sent(anna.chat_id)
    assert reply["text"] == "Anulowano. Problem nie został zgłoszony."
    assert list(buttons(_shown(api, shown))) == ANSWER_LABELS
    assert await _answers() == []
    assert not await OutboxMessage.exists(recipient_id=coordinator.id)


async def test_a_photo_instead_of_the_problem_asks_for_text(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)
    await _press(api, anna, shown, "Problem")
    await api.wait_for_sent(anna.chat_id)

    await anna.send_photo(b"\xff\xd8\xff\xe0 scan")

    [reply] = await api.wait_for_sent(anna.chat_id)
    assert reply["text"] == "Wpisz to jako tekst albo wyślij /anuluj, aby przerwać."
    assert await _answers() == []


async def test_another_command_while_describing_a_problem_asks_to_finish_first(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)
    await _press(api, anna, shown, "Problem")
    await api.wait_for_sent(anna.chat_id)

    await anna.send("/zglos")

    [reply] = await api.wait_for_sent(anna.chat_id)
    assert reply["text"] == "Najpierw opisz problem albo wyślij /anuluj, aby zrezygnować."
    assert await _answers() == []


async def test_a_too_long_problem_is_refused_and_can_be_written_again(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)
    await _press(api, anna, shown, "Problem")
    await api.wait_for_sent(anna.chat_id)

    await anna.send("x" * 1001)
    [refusal] = await api.wait_for_sent(anna.chat_id)
    await anna.send("Brak opinii związków.")
    await api.wait_for_sent(anna.chat_id)

    assert refusal["text"] == "Opis problemu jest za długi (najwyżej 1000 znaków)."
    assert [a.comment for a in await ReminderAnswer.all()] == ["Brak opinii związków."]


async def test_a_forged_button_is_refused_and_nothing_is_written(
    api: FakeBotApi,
    running_bot: HdrApplication,
    anna: Persona,
    reminder: Reminder,
    teacher: User,
) -> None:
    someone_elses = await _remind(await reminder.obligation, teacher, warsaw(2026, 11, 17, 9, 0))
    signed = running_bot.buttons.pack("rem.done", reminder.id)
    forged = signed.replace(f":{reminder.id}~", f":{someone_elses.id}~")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Zrobione", callback_data=forged)]])
    await running_bot.bot.send_message(DIRECTOR_CHAT, "Przypomnienie", reply_markup=keyboard)
    [shown] = await api.wait_for_sent(anna.chat_id)

    answered = await _press(api, anna, shown, "Zrobione")

    assert answered == INVALID_BUTTON
    assert await _answers() == []
    assert buttons(_shown(api, shown)) == {"Zrobione": forged}


async def test_someone_elses_reminder_cannot_be_answered(
    api: FakeBotApi,
    running_bot: HdrApplication,
    anna: Persona,
    reminder: Reminder,
    teacher: User,
) -> None:
    teacher.telegram_user_id = teacher.telegram_chat_id = TEACHER_CHAT
    await teacher.save()
    bartek = api.user(TEACHER_CHAT, first_name="Bartek")
    shown = await _deliver(api, running_bot, reminder, to=TEACHER_CHAT)

    answered = await _press(api, bartek, shown, "Zrobione")

    assert answered == SOMEONE_ELSES
    assert await _answers() == []
    assert list(buttons(_shown(api, shown))) == ANSWER_LABELS


async def test_someone_elses_problem_button_asks_nothing(
    api: FakeBotApi,
    running_bot: HdrApplication,
    anna: Persona,
    reminder: Reminder,
    teacher: User,
) -> None:
    teacher.telegram_user_id = teacher.telegram_chat_id = TEACHER_CHAT
    await teacher.save()
    bartek = api.user(TEACHER_CHAT, first_name="Bartek")
    shown = await _deliver(api, running_bot, reminder, to=TEACHER_CHAT)

    answered = await _press(api, bartek, shown, "Problem")

    assert answered == SOMEONE_ELSES
    assert api.sent(TEACHER_CHAT) == [shown]


async def test_a_deleted_reminder_is_answered_with_a_clear_message(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)
    await reminder.delete()

    answered = await _press(api, anna, shown, "Odłóż 1 dzień")

    assert answered == "To przypomnienie już nie istnieje, więc nie trzeba na nie odpowiadać."
    assert await _answers() == []


async def test_a_reminder_of_a_done_obligation_says_so_and_changes_nothing(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)
    await Obligation.filter(id=reminder.obligation_id).update(
        status=ObligationStatus.DONE, done_at=warsaw(2026, 11, 16, 12, 0)
    )

    answered = await _press(api, anna, shown, "Odłóż 3 dni")

    assert answered == (
        "To zadanie zostało już oznaczone jako wykonane 16.11.2026. Niczego nie zmieniono."
    )
    obligation = await Obligation.get(id=reminder.obligation_id)
    assert (obligation.status, obligation.snoozed_until) == (ObligationStatus.DONE, None)
    assert await _answers() == []


async def test_problem_on_a_done_obligation_asks_nothing(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)
    await Obligation.filter(id=reminder.obligation_id).update(
        status=ObligationStatus.DONE, done_at=warsaw(2026, 11, 16, 12, 0)
    )

    answered = await _press(api, anna, shown, "Problem")

    assert answered.startswith("To zadanie zostało już oznaczone jako wykonane")
    assert api.sent(DIRECTOR_CHAT) == [shown]


async def test_a_second_press_is_recorded_once(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)
    # Both presses leave before the bot has removed the buttons, as with a double tap.
    await anna.press(shown, buttons(shown)["Zrobione"])
    await anna.press(shown, buttons(shown)["Zrobione"])

    answered = await api.wait_for_call("answerCallbackQuery", count=2)

    assert [call["text"] for call in answered] == ["Zapisano.", "Ta odpowiedź jest już zapisana."]
    assert await _answers() == [(AnswerKind.DONE, Channel.TELEGRAM)]
    assert len(api.calls_to("editMessageText")) == 1


async def test_a_problem_described_after_the_obligation_was_done_is_not_recorded(
    api: FakeBotApi, running_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, running_bot, reminder)
    await _press(api, anna, shown, "Problem")
    await api.wait_for_sent(anna.chat_id)
    await _press(api, anna, shown, "Zrobione")

    await anna.send("Jednak jest problem.")

    [reply] = await api.wait_for_sent(anna.chat_id)
    assert reply["text"].startswith("To zadanie zostało już oznaczone jako wykonane")
    assert await _answers() == [(AnswerKind.DONE, Channel.TELEGRAM)]


@pytest.fixture
async def impatient_bot(
    api: FakeBotApi, database: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[HdrApplication]:
    """The bot with its conversations giving up after half a second of silence."""
    monkeypatch.setattr(bot.telegram.steps, "IDLE_SECONDS", 0.5)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=api.token,
        telegram_api_url=api.base_url,
    )
    application = build_application(settings)
    async with polling(application):
        yield application


async def test_a_problem_left_undescribed_is_dropped_politely(
    api: FakeBotApi, impatient_bot: HdrApplication, anna: Persona, reminder: Reminder
) -> None:
    shown = await _deliver(api, impatient_bot, reminder)
    await _press(api, anna, shown, "Problem")
    await api.wait_for_sent(anna.chat_id)

    [dropped] = await api.wait_for_sent(anna.chat_id)

    assert dropped["text"] == (
        "Problem długo czekał na opis, więc niczego nie zgłosiłem. Gdy zechcesz, naciśnij "
        "ponownie Problem pod przypomnieniem."
    )
    assert await _answers() == []
