"""Reporting a fault in Telegram with /zglos, step by step, as a teacher does on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import get_settings
from core.models import Channel, Priority, Ticket, TicketAttachment, User
from core.seed.demo import seed_reference_data
from tests.telegram.fakebot import FakeBotApi, Persona, buttons

pytestmark = pytest.mark.usefixtures("running_bot", "data_dir")

TELEGRAM_ID = 900001
PHOTO = b"\xff\xd8\xff\xe0 projector photo"
NOTHING_TO_CANCEL = "Nie ma nic do przerwania."


@pytest.fixture
async def reporter(api: FakeBotApi, teacher: User, now) -> Persona:
    """A linked teacher in their chat, with the default categories installed."""
    await seed_reference_data()
    teacher.telegram_user_id = teacher.telegram_chat_id = TELEGRAM_ID
    await teacher.save()
    return api.user(TELEGRAM_ID, first_name="Anna")


async def _last(api: FakeBotApi, persona: Persona) -> dict:
    return (await api.wait_for_sent(persona.chat_id))[-1]


async def _up_to_files(api: FakeBotApi, persona: Persona) -> dict:
    """Goes through category, room and description; returns the message offering files."""
    await persona.send("/zglos")
    categories = await _last(api, persona)
    await persona.press(categories, buttons(categories)["Tablica interaktywna lub projektor"])
    await api.wait_for_sent(persona.chat_id)
    await persona.send("12")
    await api.wait_for_sent(persona.chat_id)
    await persona.send("Projektor nie włącza się, dioda miga na pomarańczowo.")
    return await _last(api, persona)


async def test_a_report_with_a_photo_becomes_a_numbered_ticket(
    api: FakeBotApi, reporter: Persona, teacher: User, data_dir: Path
) -> None:
    offer = await _up_to_files(api, reporter)
    await reporter.send_photo(PHOTO)
    await api.wait_for_sent(reporter.chat_id)
    await reporter.press(offer, "files:done")
    priorities = await _last(api, reporter)
    await reporter.press(priorities, buttons(priorities)["wysoki"])
    summary = await _last(api, reporter)

    await reporter.press(summary, buttons(summary)["Wyślij"])

    done = await _last(api, reporter)
    assert done["text"] == "Dziękujemy. Twoje zgłoszenie ma numer IT-2026-0001."
    ticket = await Ticket.get(number="IT-2026-0001")
    assert (ticket.reporter_id, ticket.channel, ticket.priority, ticket.room) == (
        teacher.id,
        Channel.TELEGRAM,
        Priority.HIGH,
        "12",
    )
    attachment = await TicketAttachment.get(ticket=ticket)
    assert (data_dir / "attachments" / attachment.storage_path).read_bytes() == PHOTO


async def test_the_summary_shows_what_was_entered(api: FakeBotApi, reporter: Persona) -> None:
    offer = await _up_to_files(api, reporter)
    await reporter.press(offer, "files:done")
    priorities = await _last(api, reporter)

    await reporter.press(priorities, buttons(priorities)["normalny"])

    summary = await _last(api, reporter)
    assert summary["text"].splitlines()[:5] == [
        "Twoje zgłoszenie:",
        "Kategoria: Tablica interaktywna lub projektor",
        "Sala: 12",
        "Priorytet: normalny",
        "Pliki: 0",
    ]


async def test_cancel_drops_the_draft_and_reports_nothing(
    api: FakeBotApi, reporter: Persona
) -> None:
    await _up_to_files(api, reporter)

    await reporter.send("/anuluj")

    assert (await _last(api, reporter))["text"] == "Anulowano. Nic nie zostało zgłoszone."
    assert not await Ticket.exists()


async def test_text_where_a_file_is_expected_is_explained(
    api: FakeBotApi, reporter: Persona
) -> None:
    await _up_to_files(api, reporter)

    await reporter.send("a zdjęcie wyślę jutro")

    reply = await _last(api, reporter)
    assert reply["text"] == "Wyślij zdjęcie albo dokument, albo naciśnij Gotowe."
    assert buttons(reply) == {"Gotowe": "files:done"}


async def test_an_oversized_file_is_refused_and_the_report_goes_on(
    api: FakeBotApi, reporter: Persona, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "attachment_max_mb", 1)
    await _up_to_files(api, reporter)

    await reporter.send_document(b"x" * (1024 * 1024 + 1), "skan.pdf", "application/pdf")

    reply = await _last(api, reporter)
    assert reply["text"] == "Plik skan.pdf jest większy niż 1 MB."


async def test_a_file_type_we_do_not_keep_is_refused(api: FakeBotApi, reporter: Persona) -> None:
    await _up_to_files(api, reporter)

    await reporter.send_document(b"MZ", "setup.exe", "application/x-msdownload")

    reply = await _last(api, reporter)
    assert reply["text"].startswith("Nie można dołączyć pliku typu application/x-msdownload")


async def test_a_photo_where_the_room_is_expected_asks_for_text(
    api: FakeBotApi, reporter: Persona
) -> None:
    await reporter.send("/zglos")
    categories = await _last(api, reporter)
    await reporter.press(categories, buttons(categories)["Drukarka"])
    await api.wait_for_sent(reporter.chat_id)

    await reporter.send_photo(PHOTO)

    reply = await _last(api, reporter)
    assert reply["text"] == "Wpisz to jako tekst albo wyślij /anuluj, aby przerwać."


async def test_typing_instead_of_choosing_a_category_points_to_the_buttons(
    api: FakeBotApi, reporter: Persona
) -> None:
    await reporter.send("/zglos")
    await api.wait_for_sent(reporter.chat_id)

    await reporter.send("projektor")

    reply = await _last(api, reporter)
    assert reply["text"] == "Użyj przycisków powyżej albo wyślij /anuluj, aby przerwać."


async def test_a_photo_without_a_caption_starts_a_report_with_that_photo(
    api: FakeBotApi, reporter: Persona
) -> None:
    await reporter.send_photo(PHOTO)

    reply = await _last(api, reporter)
    assert reply["text"] == "Czego dotyczy usterka?"
    categories = reply
    await reporter.press(categories, buttons(categories)["Drukarka"])
    await api.wait_for_sent(reporter.chat_id)
    await reporter.send("sekretariat")
    await api.wait_for_sent(reporter.chat_id)
    await reporter.send("Drukarka zacina papier.")
    offer = await _last(api, reporter)
    assert offer["text"] == "Dodano 1 z 5. Wyślij kolejne albo naciśnij Gotowe."


async def test_a_photo_with_a_caption_outside_a_report_starts_nothing(
    api: FakeBotApi, reporter: Persona
) -> None:
    await reporter.send_photo(PHOTO, caption="zdjęcie klasy")
    await reporter.send("/anuluj")

    replies = await api.wait_for_sent(reporter.chat_id)
    assert [reply["text"] for reply in replies] == [NOTHING_TO_CANCEL]


async def test_an_oversized_photo_without_a_caption_starts_no_report(
    api: FakeBotApi, reporter: Persona, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "attachment_max_mb", 1)

    await reporter.send_photo(b"\xff\xd8" + b"x" * (1024 * 1024))
    refusal = await _last(api, reporter)
    await reporter.send("/anuluj")

    assert refusal["text"].endswith("jest większy niż 1 MB.")
    assert (await _last(api, reporter))["text"] == NOTHING_TO_CANCEL
