"""Meetings on the web: the list, a meeting's page, directors proposing items while the call
is open, and the coordinator planning, opening the call, deciding, publishing and recording
the minutes. Refusals keep what was typed and write nothing."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.models import (
    ActionItem,
    AgendaItem,
    AgendaItemStatus,
    Channel,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Obligation,
    ObligationKind,
    OutboxMessage,
    Role,
    School,
    User,
)
from forms.app import create_app
from tests.conftest import warsaw
from tests.core.meetings.builders import DECEMBER_MEETING, make_meeting
from tests.factories import make_user
from tests.forms.browsing import browser, form_token, sign_in

SignedIn = Callable[[User], AbstractAsyncContextManager[httpx.AsyncClient]]
_addresses = itertools.count(20)


@pytest.fixture
def signed_in(database: str, now: ManualClock) -> SignedIn:
    """Opens a browser signed in as a given person (each from an address of its own)."""
    app = create_app(get_settings(), manage_database=False)

    @asynccontextmanager
    async def as_user(user: User) -> AsyncIterator[httpx.AsyncClient]:
        async with browser(app, client_ip=f"192.0.2.{next(_addresses)}") as client:
            await sign_in(client, user)
            yield client

    return as_user


@pytest.fixture
async def meeting(database: str, now: ManualClock) -> Meeting:
    """The directors' December meeting, taking items until Friday 4 December, 15:00."""
    return await make_meeting()


async def _post(
    client: httpx.AsyncClient, path: str, data: dict[str, str], *, page: str
) -> httpx.Response:
    """Sends the form at `path` with the CSRF token of the page it is on."""
    return await client.post(path, data=data | {"csrf_token": await form_token(client, page)})


async def _propose(director: User, meeting: Meeting, title: str) -> AgendaItem:
    return await AgendaItem.create(
        meeting=meeting,
        proposed_by=director,
        school_id=director.school_id,
        title=title,
        channel=Channel.WEB,
        created_at=meeting.created_at,
    )


# The list


async def test_the_list_shows_upcoming_meetings_first_with_status_and_call_deadline(
    signed_in: SignedIn, director: User, meeting: Meeting
) -> None:
    await make_meeting(
        title="Spotkanie z dyrektorami — 10.2026", starts_at=warsaw(2026, 10, 13, 10, 0)
    )
    await make_meeting(
        title="Spotkanie z dyrektorami — 01.2027", starts_at=warsaw(2027, 1, 12, 10, 0)
    )

    async with signed_in(director) as client:
        page = (await client.get("/spotkania")).text

    december = page.index(DECEMBER_MEETING)
    assert december < page.index("01.2027") < page.index("10.2026")
    assert "zbiera punkty porządku obrad" in page
    assert "04.12.2026 15:00" in page


async def test_a_director_does_not_see_a_meeting_of_another_team(
    signed_in: SignedIn, director: User, meeting: Meeting
) -> None:
    team = await make_meeting(kind=MeetingKind.PROJECT_TEAM, title="Zespół projektowy — 12.2026")

    async with signed_in(director) as client:
        page = (await client.get("/spotkania")).text
        hidden = await client.get(f"/spotkania/{team.id}")

    assert "Zespół projektowy" not in page
    assert hidden.status_code == 404


async def test_an_unknown_or_impossible_meeting_is_not_found(
    signed_in: SignedIn, coordinator: User
) -> None:
    async with signed_in(coordinator) as client:
        unknown = await client.get("/spotkania/4321")
        huge = await client.get(f"/spotkania/{2**40}")

    assert (unknown.status_code, huge.status_code) == (404, 404)


# Planning a meeting


async def test_the_coordinator_plans_a_meeting(signed_in: SignedIn, coordinator: User) -> None:
    async with signed_in(coordinator) as client:
        answer = await _post(
            client,
            "/spotkania/nowe",
            {
                "title": "Szkolenie z e-dziennika",
                "kind": "training",
                "starts_at": "2026-12-10T14:30",
                "location": "SP 1, sala 12",
            },
            page="/spotkania",
        )
        page = await client.get(answer.headers["location"])

    stored = await Meeting.get()
    assert answer.status_code == 303
    assert stored.starts_at == warsaw(2026, 12, 10, 14, 30)
    assert (stored.kind, stored.status) == (MeetingKind.TRAINING, MeetingStatus.PLANNED)
    assert "Spotkanie jest w kalendarzu." in page.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "Spotkanie musi mieć tytuł."),
        ("starts_at", "jutro rano", "Podaj datę i godzinę"),
        ("starts_at", "2026-11-01T10:00", "Spotkanie musi zaczynać się w przyszłości."),
        ("kind", "picnic", "Wybierz rodzaj spotkania z listy."),
    ],
)
async def test_a_bad_new_meeting_comes_back_with_the_reason_and_the_fields_kept(
    signed_in: SignedIn, coordinator: User, field: str, value: str, message: str
) -> None:
    typed = {"title": "Debata o szkole", "kind": "debate", "starts_at": "2026-12-10T17:00"}
    typed["location"] = "Aula GOK"
    async with signed_in(coordinator) as client:
        answer = await _post(client, "/spotkania/nowe", typed | {field: value}, page="/spotkania")

    assert answer.status_code == 422
    assert 'role="alert"' in answer.text
    assert message in answer.text
    assert 'aria-describedby="new-error"' in answer.text
    assert 'value="Aula GOK"' in answer.text
    assert not await Meeting.exists()


# Proposing items


async def test_a_director_proposes_an_item_and_sees_it_with_its_status(
    signed_in: SignedIn, director: User, meeting: Meeting
) -> None:
    path = f"/spotkania/{meeting.id}"
    async with signed_in(director) as client:
        answer = await _post(
            client,
            f"{path}/punkty",
            {"title": "Dowozy uczniów", "description": "Zmiana godzin kursów od stycznia."},
            page=path,
        )
        page = await client.get(answer.headers["location"])

    item = await AgendaItem.get()
    assert answer.status_code == 303
    assert (item.title, item.school_id, item.channel) == (
        "Dowozy uczniów",
        director.school_id,
        Channel.WEB,
    )
    assert "Twoje zgłoszenia" in page.text
    assert "Dowozy uczniów — zgłoszony" in page.text


async def test_an_item_without_a_title_comes_back_with_the_description_kept(
    signed_in: SignedIn, director: User, meeting: Meeting
) -> None:
    path = f"/spotkania/{meeting.id}"
    async with signed_in(director) as client:
        answer = await _post(
            client, f"{path}/punkty", {"title": " ", "description": "Dowozy od stycznia"}, page=path
        )

    assert answer.status_code == 422
    assert 'role="alert"' in answer.text
    assert ">Dowozy od stycznia</textarea>" in answer.text
    assert 'aria-describedby="propose-error"' in answer.text
    assert not await AgendaItem.exists()


async def test_an_item_sent_after_the_call_closed_meanwhile_is_refused(
    signed_in: SignedIn, director: User, meeting: Meeting, now: ManualClock
) -> None:
    path = f"/spotkania/{meeting.id}"
    async with signed_in(director) as client:
        token = await form_token(client, path)
        # The call closes while the director is still typing.
        await Meeting.filter(id=meeting.id).update(agenda_call_deadline=now.now())
        answer = await client.post(
            f"{path}/punkty", data={"title": "Za późno", "csrf_token": token}
        )

    assert answer.status_code == 422
    assert "został już zamknięty" in answer.text
    assert 'value="Za późno"' in answer.text
    assert not await AgendaItem.exists()


async def test_the_propose_form_is_gone_once_the_agenda_is_published(
    signed_in: SignedIn, director: User
) -> None:
    published = await make_meeting(status=MeetingStatus.AGENDA_PUBLISHED)

    async with signed_in(director) as client:
        page = await client.get(f"/spotkania/{published.id}")

    assert "Zgłoś punkt porządku obrad" not in page.text


async def test_a_director_sees_accepted_items_and_own_proposals_but_not_others(
    signed_in: SignedIn, director: User, school: School, meeting: Meeting
) -> None:
    other = await make_user(role=Role.DIRECTOR, school=school)
    accepted = await _propose(other, meeting, "Bezpieczeństwo w sieci")
    await AgendaItem.filter(id=accepted.id).update(status=AgendaItemStatus.ACCEPTED, position=1)
    await _propose(other, meeting, "Cudzy pomysł")
    await _propose(director, meeting, "Mój pomysł")

    async with signed_in(director) as client:
        page = (await client.get(f"/spotkania/{meeting.id}")).text

    assert "Bezpieczeństwo w sieci" in page
    assert "Mój pomysł" in page
    assert "Cudzy pomysł" not in page
    assert "Opublikuj porządek obrad" not in page


# Deciding, ordering and publishing


async def test_the_coordinator_accepts_items_in_the_order_chosen(
    signed_in: SignedIn, coordinator: User, director: User, meeting: Meeting
) -> None:
    first = await _propose(director, meeting, "Dowozy uczniów")
    second = await _propose(director, meeting, "Remont sali gimnastycznej")
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        await _post(client, f"{path}/punkty/{first.id}", {"decision": "accept"}, page=path)
        await _post(
            client,
            f"{path}/punkty/{second.id}",
            {"decision": "accept", "position": "1"},
            page=path,
        )
        page = (await client.get(path)).text

    agenda = page.split('id="agenda-heading"', 1)[1]
    assert agenda.index("Remont sali gimnastycznej") < agenda.index("Dowozy uczniów")
    assert [(item.status, item.position) for item in await AgendaItem.all().order_by("id")] == [
        (AgendaItemStatus.ACCEPTED, 2),
        (AgendaItemStatus.ACCEPTED, 1),
    ]


async def test_the_coordinator_moves_an_accepted_item_up(
    signed_in: SignedIn, coordinator: User, director: User, meeting: Meeting
) -> None:
    first = await _propose(director, meeting, "Dowozy uczniów")
    second = await _propose(director, meeting, "Remont sali gimnastycznej")
    await AgendaItem.filter(id=first.id).update(status=AgendaItemStatus.ACCEPTED, position=1)
    await AgendaItem.filter(id=second.id).update(status=AgendaItemStatus.ACCEPTED, position=2)
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        page = (await client.get(path)).text
        answer = await _post(
            client,
            f"{path}/punkty/{second.id}",
            {"decision": "accept", "position": "1"},
            page=path,
        )

    assert 'aria-label="Przesuń „Remont sali gimnastycznej”"' in page
    assert answer.status_code == 303
    assert (await AgendaItem.get(id=second.id)).position == 1
    assert (await AgendaItem.get(id=first.id)).position == 2


async def test_the_coordinator_rejects_an_item(
    signed_in: SignedIn, coordinator: User, director: User, meeting: Meeting
) -> None:
    item = await _propose(director, meeting, "Wycieczka dyrektorów")
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/punkty/{item.id}", {"decision": "reject"}, page=path)

    assert answer.status_code == 303
    assert (await AgendaItem.get(id=item.id)).status is AgendaItemStatus.REJECTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "accept", "position": "pierwszy"}, "liczba od 1 do 100"),
        ({"decision": "accept", "position": "0"}, "liczba od 1 do 100"),
        ({"decision": "maybe"}, "Wybierz, czy punkt przyjąć, czy odrzucić."),
    ],
)
async def test_a_bad_decision_is_refused_with_the_place_kept(
    signed_in: SignedIn,
    coordinator: User,
    director: User,
    meeting: Meeting,
    data: dict[str, str],
    message: str,
) -> None:
    item = await _propose(director, meeting, "Dowozy uczniów")
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/punkty/{item.id}", data, page=path)

    stored = await AgendaItem.get(id=item.id)
    assert answer.status_code == 422
    assert message in answer.text
    assert f'aria-describedby="item-{item.id}-error"' in answer.text
    assert (stored.status, stored.position) == (AgendaItemStatus.PROPOSED, None)


async def test_an_item_of_another_meeting_is_not_found(
    signed_in: SignedIn, coordinator: User, director: User, meeting: Meeting
) -> None:
    other = await make_meeting(title="Inne spotkanie")
    item = await _propose(director, other, "Gdzie indziej")
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/punkty/{item.id}", {"decision": "reject"}, page=path)

    assert answer.status_code == 404
    assert (await AgendaItem.get(id=item.id)).status is AgendaItemStatus.PROPOSED


async def test_publishing_sends_the_agenda_to_every_director_through_the_outbox(
    signed_in: SignedIn, coordinator: User, director: User, school: School, meeting: Meeting
) -> None:
    second = await make_user(role=Role.DIRECTOR, school=school)
    item = await _propose(director, meeting, "Dowozy uczniów")
    await AgendaItem.filter(id=item.id).update(status=AgendaItemStatus.ACCEPTED, position=1)
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/publikacja", {}, page=path)
        page = await client.get(answer.headers["location"])

    agenda = await OutboxMessage.filter(subject__startswith="Porządek spotkania").order_by(
        "recipient_id"
    )
    assert answer.status_code == 303
    assert "Porządek obrad został opublikowany" in page.text
    assert (await Meeting.get(id=meeting.id)).status is MeetingStatus.AGENDA_PUBLISHED
    assert [message.recipient_id for message in agenda] == [director.id, second.id]
    assert all("1. Dowozy uczniów" in message.body_text for message in agenda)


async def test_publishing_with_an_undecided_item_is_refused_and_nothing_is_sent(
    signed_in: SignedIn, coordinator: User, director: User, meeting: Meeting
) -> None:
    await _propose(director, meeting, "Dowozy uczniów")
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/publikacja", {}, page=path)

    assert answer.status_code == 422
    assert 'id="publish-error"' in answer.text
    assert (await Meeting.get(id=meeting.id)).status is MeetingStatus.AGENDA_OPEN
    assert not await OutboxMessage.filter(subject__startswith="Porządek spotkania").exists()


async def test_publishing_again_is_refused_with_the_reason_shown(
    signed_in: SignedIn, coordinator: User
) -> None:
    published = await make_meeting(status=MeetingStatus.AGENDA_PUBLISHED)
    path = f"/spotkania/{published.id}"
    async with signed_in(coordinator) as client:
        token = await form_token(client, "/panel")
        answer = await client.post(f"{path}/publikacja", data={"csrf_token": token})

    assert answer.status_code == 422
    assert 'role="alert"' in answer.text
    assert "nie może teraz przejść do tego etapu" in answer.text
    assert not await OutboxMessage.filter(subject__startswith="Porządek spotkania").exists()


# Moving and cancelling


async def test_the_coordinator_moves_a_meeting_and_the_directors_are_told(
    signed_in: SignedIn, coordinator: User, director: User, meeting: Meeting
) -> None:
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        form = await client.get(path)
        answer = await _post(
            client,
            f"{path}/termin",
            {"starts_at": "2026-12-15T10:00", "location": "Sala 2"},
            page=path,
        )
        page = await client.get(answer.headers["location"])

    stored = await Meeting.get(id=meeting.id)
    assert 'value="2026-12-08T10:00"' in form.text
    assert answer.status_code == 303
    assert "Nowy termin i miejsce zostały zapisane." in page.text
    assert (stored.starts_at, stored.location) == (warsaw(2026, 12, 15, 10, 0), "Sala 2")
    assert await OutboxMessage.filter(
        recipient_id=director.id, subject__startswith="Nowy termin"
    ).exists()


async def test_a_bad_new_date_is_refused_with_what_was_typed_kept(
    signed_in: SignedIn, coordinator: User, meeting: Meeting
) -> None:
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(
            client, f"{path}/termin", {"starts_at": "jutro", "location": "Sala 7"}, page=path
        )

    assert answer.status_code == 422
    assert 'id="move-error"' in answer.text
    assert 'value="jutro"' in answer.text
    assert 'value="Sala 7"' in answer.text
    assert (await Meeting.get(id=meeting.id)).location == meeting.location


async def test_the_coordinator_cancels_a_meeting_and_the_directors_are_told(
    signed_in: SignedIn, coordinator: User, director: User, meeting: Meeting
) -> None:
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/odwolanie", {"reason": "Wybory w sali"}, page=path)
        page = await client.get(answer.headers["location"])

    [notice] = await OutboxMessage.filter(subject__startswith="Odwołane")
    assert answer.status_code == 303
    assert "Spotkanie zostało odwołane." in page.text
    assert "Odwołaj spotkanie" not in page.text
    assert (await Meeting.get(id=meeting.id)).status is MeetingStatus.CANCELLED
    assert (notice.recipient_id, "Powód: Wybory w sali" in notice.body_text) == (director.id, True)


async def test_a_too_long_reason_is_refused_with_the_reason_kept(
    signed_in: SignedIn, coordinator: User, meeting: Meeting
) -> None:
    path = f"/spotkania/{meeting.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/odwolanie", {"reason": "długo " * 100}, page=path)

    assert answer.status_code == 422
    assert 'id="cancel-error"' in answer.text
    assert "długo długo" in answer.text
    assert (await Meeting.get(id=meeting.id)).status is MeetingStatus.AGENDA_OPEN
    assert not await OutboxMessage.filter(subject__startswith="Odwołane").exists()


async def test_a_held_meeting_offers_no_cancelling(signed_in: SignedIn, coordinator: User) -> None:
    held = await make_meeting(status=MeetingStatus.HELD, minutes="Protokół")
    path = f"/spotkania/{held.id}"
    async with signed_in(coordinator) as client:
        page = await client.get(path)
        answer = await _post(client, f"{path}/odwolanie", {}, page="/panel")

    assert "Odwołaj spotkanie" not in page.text
    assert answer.status_code == 422
    assert (await Meeting.get(id=held.id)).status is MeetingStatus.HELD


# Opening the call


async def test_the_coordinator_opens_the_call_for_items(
    signed_in: SignedIn, coordinator: User, school: School
) -> None:
    planned = await make_meeting(status=MeetingStatus.PLANNED, agenda_call_deadline=None)
    path = f"/spotkania/{planned.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/nabor", {"closes_at": "2026-12-04T15:00"}, page=path)

    stored = await Meeting.get(id=planned.id)
    assert answer.status_code == 303
    assert stored.status is MeetingStatus.AGENDA_OPEN
    assert stored.agenda_call_deadline == warsaw(2026, 12, 4, 15, 0)
    assert await Obligation.filter(kind=ObligationKind.AGENDA_CALL, school=school).exists()


@pytest.mark.parametrize("closes_at", ["", "2026-12-09T10:00"])
async def test_a_bad_closing_moment_is_refused_with_the_value_kept(
    signed_in: SignedIn, coordinator: User, closes_at: str
) -> None:
    planned = await make_meeting(status=MeetingStatus.PLANNED, agenda_call_deadline=None)
    path = f"/spotkania/{planned.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/nabor", {"closes_at": closes_at}, page=path)

    assert answer.status_code == 422
    assert 'aria-describedby="call-error"' in answer.text
    assert f'name="closes_at" value="{closes_at}"' in answer.text
    assert (await Meeting.get(id=planned.id)).status is MeetingStatus.PLANNED
    assert not await Obligation.exists()


# The minutes


@pytest.fixture
async def held_yesterday(database: str, now: ManualClock) -> Meeting:
    """The November directors' meeting, which took place yesterday."""
    return await make_meeting(
        title="Spotkanie z dyrektorami — 11.2026",
        starts_at=warsaw(2026, 11, 16, 10, 0),
        status=MeetingStatus.AGENDA_PUBLISHED,
    )


async def test_minutes_with_action_items_become_obligations_of_their_owners(
    signed_in: SignedIn, coordinator: User, director: User, held_yesterday: Meeting
) -> None:
    path = f"/spotkania/{held_yesterday.id}"
    rows = {
        "action-0": "Przesłać harmonogram dowozów",
        "owner-0": str(director.id),
        "due-0": "2026-11-30",
        "action-2": "Zamówić salę na szkolenie",
        "owner-2": str(coordinator.id),
        "due-2": "2026-12-01",
    }
    async with signed_in(coordinator) as client:
        answer = await _post(
            client, f"{path}/protokol", {"minutes": "Omówiono dowozy."} | rows, page=path
        )
        page = await client.get(answer.headers["location"])

    actions = await ActionItem.all().order_by("due_date")
    obligations = await Obligation.filter(kind=ObligationKind.ACTION_ITEM).order_by("due_date")
    assert answer.status_code == 303
    assert (await Meeting.get(id=held_yesterday.id)).minutes == "Omówiono dowozy."
    assert [(a.title, a.owner_id, a.due_date) for a in actions] == [
        ("Przesłać harmonogram dowozów", director.id, dt.date(2026, 11, 30)),
        ("Zamówić salę na szkolenie", coordinator.id, dt.date(2026, 12, 1)),
    ]
    assert [o.assignee_id for o in obligations] == [director.id, coordinator.id]
    assert "Omówiono dowozy." in page.text
    assert "30.11.2026" in page.text
    assert "jeszcze nie" in page.text
    assert "Wpisz protokół" not in page.text


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"action-1": "Bez osoby", "due-1": "2026-11-30"}, "Ustalenie 2: wybierz, kto je wykona."),
        ({"action-1": "Bez terminu", "owner-1": "OWNER"}, "Ustalenie 2: podaj termin."),
        ({"action-1": "Po terminie", "owner-1": "OWNER", "due-1": "2026-11-16"}, "minął"),
    ],
)
async def test_a_bad_action_item_refuses_the_minutes_with_everything_kept(
    signed_in: SignedIn,
    coordinator: User,
    director: User,
    held_yesterday: Meeting,
    row: dict[str, str],
    message: str,
) -> None:
    path = f"/spotkania/{held_yesterday.id}"
    data = {"minutes": "Omówiono dowozy."} | {
        name: str(director.id) if value == "OWNER" else value for name, value in row.items()
    }
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/protokol", data, page=path)

    assert answer.status_code == 422
    assert message in answer.text
    assert ">Omówiono dowozy.</textarea>" in answer.text
    assert f'value="{row["action-1"]}"' in answer.text
    assert (await Meeting.get(id=held_yesterday.id)).status is MeetingStatus.AGENDA_PUBLISHED
    assert not await ActionItem.exists()
    assert not await Obligation.exists()


async def test_empty_minutes_are_refused(
    signed_in: SignedIn, coordinator: User, held_yesterday: Meeting
) -> None:
    path = f"/spotkania/{held_yesterday.id}"
    async with signed_in(coordinator) as client:
        answer = await _post(client, f"{path}/protokol", {"minutes": "  "}, page=path)

    assert answer.status_code == 422
    assert 'aria-describedby="minutes-error"' in answer.text
    assert (await Meeting.get(id=held_yesterday.id)).minutes == ""


async def test_a_form_without_the_csrf_token_is_refused(
    signed_in: SignedIn, director: User, meeting: Meeting
) -> None:
    async with signed_in(director) as client:
        answer = await client.post(f"/spotkania/{meeting.id}/punkty", data={"title": "Bez tokenu"})

    assert answer.status_code == 403
    assert not await AgendaItem.exists()


# Who may do what


ROLES = {"teacher": Role.TEACHER, "director": Role.DIRECTOR, "it": Role.IT}
STEPS = {
    "propose": ("punkty", {"title": "Punkt"}),
    "open call": ("nabor", {"closes_at": "2026-12-04T15:00"}),
    "decide": ("punkty/ITEM", {"decision": "accept"}),
    "publish": ("publikacja", {}),
    "minutes": ("protokol", {"minutes": "Protokół"}),
    "cancel": ("odwolanie", {"reason": "Choroba"}),
    "move": ("termin", {"starts_at": "2026-12-15T10:00", "location": "Sala 2"}),
}
# A teacher does not know the directors' meeting exists; the others see it but may not act.
REFUSALS = {("teacher", step): 404 for step in STEPS} | {
    ("director", "open call"): 403,
    ("director", "decide"): 403,
    ("director", "publish"): 403,
    ("director", "minutes"): 403,
    ("director", "cancel"): 403,
    ("director", "move"): 403,
    ("it", "propose"): 403,
    ("it", "open call"): 403,
    ("it", "decide"): 403,
    ("it", "publish"): 403,
    ("it", "minutes"): 403,
    ("it", "cancel"): 403,
    ("it", "move"): 403,
}


@pytest.mark.parametrize(("role", "step"), sorted(REFUSALS))
async def test_a_step_of_another_role_is_refused_and_nothing_changes(
    signed_in: SignedIn, school: School, meeting: Meeting, role: str, step: str
) -> None:
    user = await make_user(role=ROLES[role], school=school if role != "it" else None)
    proposer = await make_user(role=Role.DIRECTOR, school=school)
    item = await _propose(proposer, meeting, "Dowozy uczniów")
    suffix, data = STEPS[step]
    path = f"/spotkania/{meeting.id}/{suffix.replace('ITEM', str(item.id))}"
    async with signed_in(user) as client:
        answer = await _post(client, path, data, page="/panel")

    assert answer.status_code == REFUSALS[(role, step)]
    assert await AgendaItem.all().count() == 1
    assert (await AgendaItem.get(id=item.id)).status is AgendaItemStatus.PROPOSED
    assert (await Meeting.get(id=meeting.id)).status is MeetingStatus.AGENDA_OPEN


@pytest.mark.parametrize("role", ["teacher", "director", "it"])
async def test_only_the_coordinator_plans_meetings(
    signed_in: SignedIn, school: School, role: str
) -> None:
    user = await make_user(role=ROLES[role], school=school if role != "it" else None)
    async with signed_in(user) as client:
        answer = await _post(
            client,
            "/spotkania/nowe",
            {"title": "Narada", "kind": "directors", "starts_at": "2026-12-10T10:00"},
            page="/panel",
        )

    assert answer.status_code == 403
    assert await Meeting.all().count() == 0


@pytest.mark.parametrize(
    ("role", "sees_page", "sees_controls"),
    [
        ("teacher", False, False),
        ("director", True, False),
        ("it", True, False),
        ("coordinator", True, True),
    ],
)
async def test_who_sees_the_directors_meeting_and_its_controls(
    signed_in: SignedIn,
    school: School,
    meeting: Meeting,
    role: str,
    sees_page: bool,
    sees_controls: bool,
) -> None:
    user = await make_user(
        role=ROLES.get(role, Role.COORDINATOR), school=school if role in ROLES else None
    )
    async with signed_in(user) as client:
        listing = await client.get("/spotkania")
        page = await client.get(f"/spotkania/{meeting.id}")

    assert listing.status_code == 200
    assert (DECEMBER_MEETING in listing.text) is sees_page
    assert page.status_code == (200 if sees_page else 404)
    assert ("Opublikuj porządek obrad" in page.text) is sees_controls
    assert ("Zaplanuj spotkanie" in listing.text) is sees_controls
