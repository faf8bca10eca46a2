"""Equipment in Telegram: /sprzet to find, change and add assets, and a QR label's deep link
that opens an asset's card, as directors, teachers and the IT specialist use them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import pytest
from telegram.ext import Application

from bot.telegram.app import build_application
from bot.telegram.context import HdrApplication
from core.clock import ManualClock
from core.config import Settings
from core.models import Asset, AssetChange, AssetKind, AssetStatus, Channel, School, User
from tests.core.inventory.builders import make_asset
from tests.factories import make_school
from tests.telegram.fakebot import FakeBotApi, Persona, buttons, polling
from tests.telegram.fakebot.protocol import Json

DIRECTOR_ID, TEACHER_ID, SPECIALIST_ID, STRANGER_ID = 910001, 910002, 910003, 910004
CANCELLED = "Anulowano. Nic nie zostało zmienione."
USE_BUTTONS = "Użyj przycisków powyżej albo wyślij /anuluj, aby przerwać."
TYPE_TEXT = "Wpisz to jako tekst albo wyślij /anuluj, aby przerwać."
SEARCH_PROMPT = "Wpisz numer inwentarzowy (lub jego część) albo salę, albo wybierz rodzaj sprzętu."
REPORT, UPDATE, ADD = "Zgłoś usterkę", "Aktualizuj", "Dodaj nowy"
PHOTO = b"\xff\xd8\xff\xe0 label photo"


async def _linked(api: FakeBotApi, user: User, telegram_id: int) -> Persona:
    user.telegram_user_id = user.telegram_chat_id = telegram_id
    await user.save()
    return api.user(telegram_id)


@pytest.fixture
async def projector(school: School, now: ManualClock) -> Asset:
    """A projector of the school, stored without history, so every history row is the bot's."""
    return await make_asset(
        school,
        kind=AssetKind.PROJECTOR,
        inventory_number="SP1/PROJ/007",
        make="Epson",
        model="EB-X41",
        room="12",
        note="Lampa wymieniona w 2025",
    )


@pytest.fixture
async def director_chat(api: FakeBotApi, running_bot: Application, director: User) -> Persona:
    return await _linked(api, director, DIRECTOR_ID)


@pytest.fixture
async def teacher_chat(api: FakeBotApi, running_bot: Application, teacher: User) -> Persona:
    return await _linked(api, teacher, TEACHER_ID)


@pytest.fixture
async def specialist_chat(api: FakeBotApi, running_bot: Application, specialist: User) -> Persona:
    return await _linked(api, specialist, SPECIALIST_ID)


async def _last(api: FakeBotApi, persona: Persona) -> Json:
    return (await api.wait_for_sent(persona.chat_id))[-1]


async def _card_by_search(api: FakeBotApi, persona: Persona, text: str) -> Json:
    """/sprzet, `text` typed, the only asset found pressed: returns its card."""
    await persona.send("/sprzet")
    await api.wait_for_sent(persona.chat_id)
    await persona.send(text)
    found = await _last(api, persona)
    [pick] = buttons(found).values()
    await persona.press(found, pick)
    return await _last(api, persona)


async def _update_menu(api: FakeBotApi, persona: Persona, asset: Asset) -> Json:
    """The director's way to "what do you want to change": find the asset, press Aktualizuj."""
    card = await _card_by_search(api, persona, asset.inventory_number)
    await persona.press(card, buttons(card)[UPDATE])
    return await _last(api, persona)


async def _choose(api: FakeBotApi, persona: Persona, message: Json, label: str) -> Json:
    await persona.press(message, buttons(message)[label])
    return await _last(api, persona)


async def _telegram_changes(asset: Asset) -> list[dict[str, list[object]]]:
    return [
        change.changes
        for change in await AssetChange.filter(asset_id=asset.id, channel=Channel.TELEGRAM)
    ]


async def _history(asset: Asset) -> list[tuple[object, ...]]:
    """Each history row of the asset: its channel, actor's id and changes."""
    return list(
        await AssetChange.filter(asset_id=asset.id).values_list("channel", "actor_id", "changes")
    )


def _signed(running_bot: Application, action: str, *args: str) -> str:
    return cast(HdrApplication, running_bot).buttons.pack(action, *args)


async def _press_forged(api: FakeBotApi, persona: Persona, message: Json, data: str) -> None:
    """Presses a button the message does not have, as a modified client can; waits for the
    bot's answer to the press."""
    answered = len(api.calls_to("answerCallbackQuery"))
    api._press(persona.user, message, data)
    await api.wait_for_call("answerCallbackQuery", answered + 1)


# Finding -------------------------------------------------------------------------------


async def test_a_director_finds_an_asset_by_its_inventory_number_and_sees_its_card(
    api: FakeBotApi, director_chat: Persona, projector: Asset, school: School
) -> None:
    await director_chat.send("/sprzet")
    prompt = await _last(api, director_chat)
    await director_chat.send("proj/007")
    found = await _last(api, director_chat)

    await director_chat.press(found, buttons(found)["SP1/PROJ/007 · Projektor · 12"])

    card = await _last(api, director_chat)
    assert prompt["text"] == SEARCH_PROMPT
    assert card["text"].splitlines() == [
        "Projektor, nr inwentarzowy SP1/PROJ/007",
        f"Szkoła: {school.short_name}",
        "Marka i model: Epson EB-X41",
        "Sala: 12",
        "Stan: w użyciu",
        "Notatka: Lampa wymieniona w 2025",
    ]
    assert list(buttons(card)) == [REPORT, UPDATE]


async def test_a_director_finds_the_equipment_of_a_room(
    api: FakeBotApi, director_chat: Persona, projector: Asset, school: School
) -> None:
    await make_asset(school, inventory_number="SP1/KOMP/001", room="12")
    await make_asset(school, inventory_number="SP1/KOMP/002", room="14")
    await director_chat.send("/sprzet")
    await api.wait_for_sent(director_chat.chat_id)

    await director_chat.send("12")

    found = await _last(api, director_chat)
    assert found["text"] == "Wybierz sprzęt:"
    assert list(buttons(found)) == [
        "SP1/KOMP/001 · Komputer stacjonarny · 12",
        "SP1/PROJ/007 · Projektor · 12",
    ]


async def test_a_director_finds_the_equipment_of_a_kind(
    api: FakeBotApi, director_chat: Persona, projector: Asset, school: School
) -> None:
    await make_asset(school, inventory_number="SP1/KOMP/001", kind=AssetKind.DESKTOP)
    await director_chat.send("/sprzet")
    prompt = await _last(api, director_chat)

    found = await _choose(api, director_chat, prompt, "Projektor")

    assert list(buttons(found)) == ["SP1/PROJ/007 · Projektor · 12"]


async def test_a_search_that_finds_nothing_says_so_and_asks_again(
    api: FakeBotApi, director_chat: Persona, projector: Asset
) -> None:
    await director_chat.send("/sprzet")
    await api.wait_for_sent(director_chat.chat_id)

    await director_chat.send("SP9/999")

    reply = await _last(api, director_chat)
    assert reply["text"].startswith("Nic nie znaleziono.")
    assert "Projektor" in buttons(reply)


async def test_another_schools_equipment_is_not_found(
    api: FakeBotApi, director_chat: Persona, now: ManualClock
) -> None:
    await make_asset(await make_school(), inventory_number="SP2/PROJ/001")
    await director_chat.send("/sprzet")
    await api.wait_for_sent(director_chat.chat_id)

    await director_chat.send("SP2/PROJ/001")

    assert (await _last(api, director_chat))["text"].startswith("Nic nie znaleziono.")


# Changing ------------------------------------------------------------------------------


async def test_a_director_puts_an_asset_in_repair_recorded_as_a_telegram_change(
    api: FakeBotApi, director_chat: Persona, projector: Asset, director: User
) -> None:
    menu = await _update_menu(api, director_chat, projector)
    statuses = await _choose(api, director_chat, menu, "Zmień stan")

    saved = await _choose(api, director_chat, statuses, "W naprawie")

    assert menu["text"] == "Co chcesz zmienić w sprzęcie SP1/PROJ/007?"
    assert list(buttons(statuses)) == ["W naprawie", "Wycofany z użytku"]
    assert saved["text"].startswith("Zapisano.\n\nProjektor, nr inwentarzowy SP1/PROJ/007")
    assert "Stan: w naprawie" in saved["text"].splitlines()
    assert await _history(projector) == [
        (Channel.TELEGRAM, director.id, {"status": ["in_use", "in_repair"]})
    ]


async def test_a_director_decommissions_an_asset(
    api: FakeBotApi, director_chat: Persona, projector: Asset
) -> None:
    menu = await _update_menu(api, director_chat, projector)
    statuses = await _choose(api, director_chat, menu, "Zmień stan")

    await _choose(api, director_chat, statuses, "Wycofany z użytku")

    assert (await Asset.get(id=projector.id)).status == AssetStatus.DECOMMISSIONED
    assert await _telegram_changes(projector) == [{"status": ["in_use", "decommissioned"]}]


async def test_a_director_moves_an_asset_to_another_room(
    api: FakeBotApi, director_chat: Persona, projector: Asset
) -> None:
    menu = await _update_menu(api, director_chat, projector)
    await _choose(api, director_chat, menu, "Zmień salę")

    await director_chat.send("  sala 21 ")

    saved = await _last(api, director_chat)
    assert "Sala: sala 21" in saved["text"].splitlines()
    assert await _telegram_changes(projector) == [{"room": ["12", "sala 21"]}]


async def test_a_director_replaces_the_note(
    api: FakeBotApi, director_chat: Persona, projector: Asset
) -> None:
    menu = await _update_menu(api, director_chat, projector)
    await _choose(api, director_chat, menu, "Zmień notatkę")

    await director_chat.send("Pilot w sekretariacie")

    assert "Notatka: Pilot w sekretariacie" in (await _last(api, director_chat))["text"]
    assert await _telegram_changes(projector) == [
        {"note": ["Lampa wymieniona w 2025", "Pilot w sekretariacie"]}
    ]


async def test_a_director_removes_the_note(
    api: FakeBotApi, director_chat: Persona, projector: Asset
) -> None:
    menu = await _update_menu(api, director_chat, projector)
    prompt = await _choose(api, director_chat, menu, "Zmień notatkę")

    saved = await _choose(api, director_chat, prompt, "Usuń notatkę")

    assert "Notatka" not in saved["text"]
    assert await _telegram_changes(projector) == [{"note": ["Lampa wymieniona w 2025", ""]}]


async def test_a_room_too_long_is_refused_and_changes_nothing(
    api: FakeBotApi, director_chat: Persona, projector: Asset
) -> None:
    menu = await _update_menu(api, director_chat, projector)
    await _choose(api, director_chat, menu, "Zmień salę")

    await director_chat.send("s" * 101)

    reply = await _last(api, director_chat)
    assert reply["text"] == "Dozwolone najwyżej 100 znaków, podano 101"
    assert (await Asset.get(id=projector.id)).room == "12"
    assert not await AssetChange.exists()


async def test_the_it_specialist_chooses_a_school_and_changes_its_asset(
    api: FakeBotApi, specialist_chat: Persona, specialist: User, projector: Asset, school: School
) -> None:
    await specialist_chat.send("/sprzet")
    schools = await _last(api, specialist_chat)
    await _choose(api, specialist_chat, schools, school.short_name)
    await specialist_chat.send("SP1/PROJ/007")
    found = await _last(api, specialist_chat)
    card = await _choose(api, specialist_chat, found, "SP1/PROJ/007 · Projektor · 12")
    menu = await _choose(api, specialist_chat, card, UPDATE)
    statuses = await _choose(api, specialist_chat, menu, "Zmień stan")

    await _choose(api, specialist_chat, statuses, "W naprawie")

    assert schools["text"] == "Sprzęt której szkoły?"
    assert await _history(projector) == [
        (Channel.TELEGRAM, specialist.id, {"status": ["in_use", "in_repair"]})
    ]


# Adding --------------------------------------------------------------------------------


async def _up_to_new_number(api: FakeBotApi, persona: Persona) -> Json:
    """/sprzet, "Dodaj nowy", "Projektor": returns the request for the inventory number."""
    await persona.send("/sprzet")
    prompt = await _last(api, persona)
    kinds = await _choose(api, persona, prompt, ADD)
    return await _choose(api, persona, kinds, "Projektor")


async def test_a_director_adds_new_equipment_with_its_key_fields(
    api: FakeBotApi, director_chat: Persona, director: User, school: School, now: ManualClock
) -> None:
    await _up_to_new_number(api, director_chat)
    await director_chat.send("SP1/PROJ/010")
    await api.wait_for_sent(director_chat.chat_id)
    await director_chat.send("BenQ MW560 Plus")
    await api.wait_for_sent(director_chat.chat_id)
    await director_chat.send("21")
    summary = await _last(api, director_chat)

    saved = await _choose(api, director_chat, summary, "Zapisz")

    assert summary["text"].splitlines() == [
        "Nowy sprzęt:",
        "Projektor, nr inwentarzowy SP1/PROJ/010",
        "Marka i model: BenQ MW560 Plus",
        "Sala: 21",
        "",
        "Zapisać?",
    ]
    assert saved["text"].startswith("Zapisano.\n\nProjektor, nr inwentarzowy SP1/PROJ/010")
    assert list(buttons(saved)) == [REPORT, UPDATE]
    asset = await Asset.get(school_id=school.id, inventory_number="SP1/PROJ/010")
    assert (asset.kind, asset.make, asset.model, asset.room) == (
        AssetKind.PROJECTOR,
        "BenQ",
        "MW560 Plus",
        "21",
    )
    [(channel, actor_id, _)] = await _history(asset)
    assert (channel, actor_id) == (Channel.TELEGRAM, director.id)


async def test_new_equipment_may_skip_its_make_and_model_and_room(
    api: FakeBotApi, director_chat: Persona, school: School, now: ManualClock
) -> None:
    await _up_to_new_number(api, director_chat)
    await director_chat.send("SP1/PROJ/011")
    ask_model = await _last(api, director_chat)
    ask_room = await _choose(api, director_chat, ask_model, "Pomiń")
    summary = await _choose(api, director_chat, ask_room, "Pomiń")

    await _choose(api, director_chat, summary, "Zapisz")

    asset = await Asset.get(school_id=school.id, inventory_number="SP1/PROJ/011")
    assert (asset.make, asset.model, asset.room) == ("", "", "")
    assert await _telegram_changes(asset) == [
        {"kind": [None, "projector"], "inventory_number": [None, "SP1/PROJ/011"]}
    ]


async def test_an_inventory_number_the_school_uses_is_refused_and_asked_again(
    api: FakeBotApi, director_chat: Persona, projector: Asset
) -> None:
    await _up_to_new_number(api, director_chat)

    await director_chat.send("SP1/PROJ/007")

    reply = await _last(api, director_chat)
    assert reply["text"] == "Numer inwentarzowy SP1/PROJ/007 jest już użyty w tej szkole"
    await director_chat.send("SP1/PROJ/012")
    assert (await _last(api, director_chat))["text"].startswith("Wpisz markę i model")
    assert await Asset.all().count() == 1


async def test_cancel_on_the_summary_adds_nothing(
    api: FakeBotApi, director_chat: Persona, now: ManualClock
) -> None:
    await _up_to_new_number(api, director_chat)
    await director_chat.send("SP1/PROJ/013")
    ask_model = await _last(api, director_chat)
    ask_room = await _choose(api, director_chat, ask_model, "Pomiń")
    summary = await _choose(api, director_chat, ask_room, "Pomiń")

    reply = await _choose(api, director_chat, summary, "Anuluj")

    assert reply["text"] == CANCELLED
    assert not await Asset.exists()


# Teachers and forged buttons -----------------------------------------------------------


async def test_a_teacher_finds_equipment_but_its_card_offers_only_a_fault_report(
    api: FakeBotApi, teacher_chat: Persona, projector: Asset
) -> None:
    await teacher_chat.send("/sprzet")
    prompt = await _last(api, teacher_chat)
    await teacher_chat.send("12")
    found = await _last(api, teacher_chat)

    card = await _choose(api, teacher_chat, found, "SP1/PROJ/007 · Projektor · 12")

    assert ADD not in buttons(prompt)
    assert list(buttons(card)) == [REPORT]


async def test_the_report_button_carries_the_signed_asset_for_the_report(
    api: FakeBotApi, teacher_chat: Persona, projector: Asset, running_bot: Application
) -> None:
    card = await _card_by_search(api, teacher_chat, "SP1/PROJ/007")

    assert buttons(card)[REPORT] == _signed(running_bot, "asset.report", projector.public_id)


async def test_a_teacher_pressing_a_forwarded_update_button_is_refused_and_nothing_changes(
    api: FakeBotApi, teacher_chat: Persona, projector: Asset, running_bot: Application
) -> None:
    card = await _card_by_search(api, teacher_chat, "SP1/PROJ/007")

    await _press_forged(
        api, teacher_chat, card, _signed(running_bot, "asset.update", projector.public_id)
    )

    reply = await _last(api, teacher_chat)
    assert reply["text"] == "Nie możesz zmieniać sprzętu tej szkoły"
    assert not await AssetChange.exists()


async def test_a_forged_update_button_is_refused(
    api: FakeBotApi, teacher_chat: Persona, projector: Asset
) -> None:
    card = await _card_by_search(api, teacher_chat, "SP1/PROJ/007")

    await _press_forged(api, teacher_chat, card, f"asset.update:{projector.public_id}~forged")

    answer = api.answered_callbacks[-1]
    assert answer["text"] == "Ten przycisk jest nieważny. Wyślij /sprzet, aby wyszukać sprzęt."
    assert answer["show_alert"] is True
    assert not await AssetChange.exists()


async def test_a_teacher_cannot_add_equipment_with_a_forged_add_button(
    api: FakeBotApi, teacher_chat: Persona, now: ManualClock
) -> None:
    await teacher_chat.send("/sprzet")
    prompt = await _last(api, teacher_chat)

    await _press_forged(api, teacher_chat, prompt, "asset.new")

    reply = await _last(api, teacher_chat)
    assert reply["text"] == "Nie możesz zmieniać sprzętu tej szkoły"
    assert not await Asset.exists()


# The QR label's deep link --------------------------------------------------------------


async def test_a_scanned_label_shows_a_linked_teacher_the_card_with_a_fault_report(
    api: FakeBotApi, teacher_chat: Persona, projector: Asset
) -> None:
    await teacher_chat.send(f"/start a_{projector.public_id}")

    card = await _last(api, teacher_chat)
    assert card["text"].startswith("Projektor, nr inwentarzowy SP1/PROJ/007\n")
    assert list(buttons(card)) == [REPORT]


async def test_a_scanned_label_offers_the_director_the_update(
    api: FakeBotApi, director_chat: Persona, projector: Asset
) -> None:
    await director_chat.send(f"/start a_{projector.public_id}")
    card = await _last(api, director_chat)

    menu = await _choose(api, director_chat, card, UPDATE)

    assert list(buttons(menu)) == ["Zmień stan", "Zmień salę", "Zmień notatkę"]


async def test_a_scanned_label_of_any_school_lets_the_it_specialist_update(
    api: FakeBotApi, specialist_chat: Persona, now: ManualClock
) -> None:
    asset = await make_asset(await make_school(), inventory_number="SP5/DRUK/001")

    await specialist_chat.send(f"/start a_{asset.public_id}")

    assert list(buttons(await _last(api, specialist_chat))) == [REPORT, UPDATE]


async def test_an_unknown_label_is_explained(api: FakeBotApi, teacher_chat: Persona) -> None:
    await teacher_chat.send("/start a_NoSuchLabel123456")

    reply = await _last(api, teacher_chat)
    assert reply["text"].startswith("Nie znam tego sprzętu.")
    assert buttons(reply) == {}


async def test_another_schools_label_is_refused(
    api: FakeBotApi, director_chat: Persona, now: ManualClock
) -> None:
    foreign = await make_asset(await make_school())

    await director_chat.send(f"/start a_{foreign.public_id}")

    reply = await _last(api, director_chat)
    assert reply["text"] == (
        "Ten sprzęt należy do innej szkoły. Możesz przeglądać tylko sprzęt swojej szkoły."
    )


async def test_an_unlinked_stranger_scanning_a_label_is_told_how_to_get_access(
    api: FakeBotApi, running_bot: Application, projector: Asset
) -> None:
    stranger = api.user(STRANGER_ID)

    await stranger.send(f"/start a_{projector.public_id}")

    reply = await _last(api, stranger)
    assert reply["text"].startswith("Ten bot obsługuje szkoły gminy.")
    assert not await User.exists(telegram_user_id=STRANGER_ID)


# Cancelling and wrong input ------------------------------------------------------------


async def _at_search(api: FakeBotApi, persona: Persona, asset: Asset) -> None:
    await persona.send("/sprzet")
    await api.wait_for_sent(persona.chat_id)


async def _at_field(api: FakeBotApi, persona: Persona, asset: Asset) -> None:
    await _update_menu(api, persona, asset)


async def _at_status(api: FakeBotApi, persona: Persona, asset: Asset) -> None:
    await _choose(api, persona, await _update_menu(api, persona, asset), "Zmień stan")


async def _at_room(api: FakeBotApi, persona: Persona, asset: Asset) -> None:
    await _choose(api, persona, await _update_menu(api, persona, asset), "Zmień salę")


async def _at_note(api: FakeBotApi, persona: Persona, asset: Asset) -> None:
    await _choose(api, persona, await _update_menu(api, persona, asset), "Zmień notatkę")


async def _at_new_kind(api: FakeBotApi, persona: Persona, asset: Asset) -> None:
    await persona.send("/sprzet")
    await _choose(api, persona, await _last(api, persona), ADD)


async def _at_new_number(api: FakeBotApi, persona: Persona, asset: Asset) -> None:
    await _up_to_new_number(api, persona)


async def _at_new_model(api: FakeBotApi, persona: Persona, asset: Asset) -> None:
    await _up_to_new_number(api, persona)
    await persona.send("SP1/NEW/1")
    await api.wait_for_sent(persona.chat_id)


async def _at_new_room(api: FakeBotApi, persona: Persona, asset: Asset) -> None:
    await _at_new_model(api, persona, asset)
    await persona.send("Epson EB-X41")
    await api.wait_for_sent(persona.chat_id)


async def _at_new_confirm(api: FakeBotApi, persona: Persona, asset: Asset) -> None:
    await _at_new_room(api, persona, asset)
    await persona.send("21")
    await api.wait_for_sent(persona.chat_id)


Step = Callable[[FakeBotApi, Persona, Asset], Awaitable[None]]
EVERY_STEP: list[Step] = [
    _at_search,
    _at_field,
    _at_status,
    _at_room,
    _at_note,
    _at_new_kind,
    _at_new_number,
    _at_new_model,
    _at_new_room,
    _at_new_confirm,
]


@pytest.mark.parametrize("step", EVERY_STEP, ids=lambda step: step.__name__.removeprefix("_at_"))
async def test_cancel_at_any_step_changes_nothing(
    api: FakeBotApi, director_chat: Persona, projector: Asset, step: Step
) -> None:
    await step(api, director_chat, projector)

    await director_chat.send("/anuluj")

    assert (await _last(api, director_chat))["text"] == CANCELLED
    assert await Asset.all().count() == 1
    assert not await AssetChange.exists()


async def test_cancel_while_choosing_the_school_changes_nothing(
    api: FakeBotApi, specialist_chat: Persona, projector: Asset
) -> None:
    await specialist_chat.send("/sprzet")
    await api.wait_for_sent(specialist_chat.chat_id)

    await specialist_chat.send("/anuluj")

    assert (await _last(api, specialist_chat))["text"] == CANCELLED
    assert not await AssetChange.exists()


@pytest.mark.parametrize(
    "step", [_at_field, _at_status, _at_new_kind, _at_new_confirm], ids=lambda s: s.__name__
)
async def test_text_where_a_button_is_expected_points_to_the_buttons(
    api: FakeBotApi, director_chat: Persona, projector: Asset, step: Step
) -> None:
    await step(api, director_chat, projector)

    await director_chat.send("w naprawie")

    assert (await _last(api, director_chat))["text"] == USE_BUTTONS
    assert not await AssetChange.exists()


async def test_text_while_choosing_the_school_points_to_the_buttons(
    api: FakeBotApi, specialist_chat: Persona, school: School
) -> None:
    await specialist_chat.send("/sprzet")
    await api.wait_for_sent(specialist_chat.chat_id)

    await specialist_chat.send(school.short_name)

    assert (await _last(api, specialist_chat))["text"] == USE_BUTTONS


@pytest.mark.parametrize("step", [_at_search, _at_room, _at_new_number], ids=lambda s: s.__name__)
async def test_a_photo_where_text_is_expected_asks_for_text(
    api: FakeBotApi, director_chat: Persona, projector: Asset, step: Step
) -> None:
    await step(api, director_chat, projector)

    await director_chat.send_photo(PHOTO)

    assert (await _last(api, director_chat))["text"] == TYPE_TEXT
    assert not await AssetChange.exists()


# A restart -----------------------------------------------------------------------------


async def test_a_restart_in_the_middle_of_an_update_keeps_the_step(
    api: FakeBotApi, director: User, projector: Asset
) -> None:
    director_chat = await _linked(api, director, DIRECTOR_ID)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=api.token,
        telegram_api_url=api.base_url,
    )
    async with polling(build_application(settings)):
        await _at_room(api, director_chat, projector)

    async with polling(build_application(settings)):
        await director_chat.send("sala 30")
        saved = await _last(api, director_chat)

    assert "Sala: sala 30" in saved["text"].splitlines()
    assert await _telegram_changes(projector) == [{"room": ["12", "sala 30"]}]
