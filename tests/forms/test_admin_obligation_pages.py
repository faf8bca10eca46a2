"""The coordinator's pages of obligations and reminder policies: the list with its filters,
adding an obligation, its page with the due date, the policy and the cancel button, and the
policies with their settings. A refused form keeps what was typed, says why next to the
field and writes nothing; nobody but the coordinator opens these pages."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from core import clock
from core.clock import ManualClock
from core.models import (
    Obligation,
    ObligationKind,
    ObligationStatus,
    Reminder,
    ReminderPolicy,
    ReminderStatus,
    Role,
    School,
    User,
)
from core.obligations.policies import install_default_policy
from core.obligations.reminders import plan_reminders
from tests.conftest import WARSAW, warsaw
from tests.factories import make_school, make_user
from tests.forms.browsing import Visit, csrf_token_of

pytestmark = pytest.mark.usefixtures("data_dir")

LIST = "/admin/terminy"
POLICIES = "/admin/przypomnienia"
NEW_POLICY = {
    "code": "krotkie",
    "name": "Krótkie terminy",
    "offsets_days": "3, 1, 0",
    "overdue_every_working_days": "1",
    "escalate_after_overdue_days": "2",
    "window_start": "08:00",
    "window_end": "15:00",
}


@pytest.fixture
async def obligation(school: School, director: User, now: ManualClock) -> Obligation:
    """The director's obligation due Thursday 26 November, with its reminder of the 19th."""
    made = await Obligation.create(
        source_key="test:wykaz",
        kind=ObligationKind.MANUAL,
        title="Przesłać wykaz sprzętu",
        school=school,
        assignee_role=Role.DIRECTOR,
        due_date=dt.date(2026, 11, 26),
        policy=await install_default_policy(),
        created_at=clock.now(),
    )
    await plan_reminders()
    return made


async def post_form(
    client: httpx.AsyncClient, page: str, action: str, data: dict[str, str]
) -> httpx.Response:
    """Sends `data` to `action` from the form on `page`, as the browser does."""
    shown = await client.get(page)
    return await client.post(action, data=data | {"csrf_token": csrf_token_of(shown.text)})


def new_obligation(at: School, **changes: str) -> dict[str, str]:
    values = {
        "title": "Zebrać zgody rodziców",
        "description": "Na konta Microsoft 365",
        "due_date": "2026-12-10",
        "person": "",
        "role": "director",
        "school": str(at.id),
        "policy": "default",
    }
    return values | changes


# The list and adding


async def test_the_list_shows_obligations_and_filters_them(
    visit: Visit, coordinator: User, obligation: Obligation, school: School
) -> None:
    client = await visit(coordinator)
    other = await make_school()
    await Obligation.create(
        source_key="test:other",
        kind=ObligationKind.MANUAL,
        title="Sprawozdanie innej szkoły",
        school=other,
        assignee_role=Role.DIRECTOR,
        due_date=dt.date(2026, 12, 1),
        status=ObligationStatus.DONE,
        created_at=clock.now(),
    )

    everything = await client.get(LIST)
    open_ones = await client.get(LIST, params={"status": "open", "szkola": str(school.id)})

    assert everything.status_code == 200
    assert "Przesłać wykaz sprzętu" in everything.text
    assert "Sprawozdanie innej szkoły" in everything.text
    assert f'href="{LIST}/{obligation.id}"' in everything.text
    assert "Przesłać wykaz sprzętu" in open_ones.text
    assert "Sprawozdanie innej szkoły" not in open_ones.text


@pytest.mark.parametrize(
    "query", [{"status": "zrobione"}, {"rodzaj": "inne"}, {"szkola": "999"}, {"szkola": "x"}]
)
async def test_a_filter_the_list_does_not_offer_is_refused(
    visit: Visit, coordinator: User, obligation: Obligation, query: dict[str, str]
) -> None:
    client = await visit(coordinator)

    page = await client.get(LIST, params=query)

    assert page.status_code == 400
    assert 'role="alert"' in page.text
    assert 'aria-invalid="true"' in page.text
    assert "Przesłać wykaz sprzętu" not in page.text


async def test_the_coordinator_adds_an_obligation_for_the_director_of_a_school(
    visit: Visit, coordinator: User, school: School
) -> None:
    client = await visit(coordinator)

    sent = await post_form(client, LIST, LIST, new_obligation(school))

    assert sent.status_code == 303
    added = await Obligation.get(title="Zebrać zgody rodziców")
    assert (added.school_id, added.assignee_role, added.due_date) == (
        school.id,
        Role.DIRECTOR,
        dt.date(2026, 12, 10),
    )
    shown = await client.get(sent.headers["location"])
    assert "Obowiązek został dodany." in shown.text


async def test_an_obligation_for_every_school_is_one_per_school_under_the_chosen_policy(
    visit: Visit, coordinator: User, school: School
) -> None:
    second = await make_school()
    await ReminderPolicy.create(
        code="krotkie",
        name="Krótkie",
        offsets_days=[1],
        window_start=dt.time(8),
        window_end=dt.time(16),
    )
    client = await visit(coordinator)

    sent = await post_form(
        client, LIST, LIST, new_obligation(school, school="kazda", policy="krotkie")
    )

    assert sent.status_code == 303
    added = await Obligation.filter(title="Zebrać zgody rodziców").prefetch_related("policy")
    assert {o.school_id for o in added} == {school.id, second.id}
    assert {o.policy.code for o in added if o.policy} == {"krotkie"}


async def test_an_obligation_for_a_named_person(
    visit: Visit, coordinator: User, school: School, director: User
) -> None:
    client = await visit(coordinator)

    sent = await post_form(
        client, LIST, LIST, new_obligation(school, person=str(director.id), role="", school="")
    )

    assert sent.status_code == 303
    assert (await Obligation.get(title="Zebrać zgody rodziców")).assignee_id == director.id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"description": "x" * 2001}, "description"),
        ({"due_date": ""}, "due_date"),
        ({"due_date": "10.12.2026"}, "due_date"),
        ({"due_date": "2026-11-16"}, "due_date"),
        ({"policy": "nieznana"}, "policy"),
        ({"role": ""}, "assignee"),
        ({"role": "teacher"}, "assignee"),
        ({"person": "999999"}, "assignee"),
        ({"school": "abc"}, "assignee"),
    ],
)
async def test_a_bad_new_obligation_is_refused_next_to_its_field_and_nothing_is_written(
    visit: Visit, coordinator: User, school: School, changes: dict[str, str], field: str
) -> None:
    client = await visit(coordinator)
    typed = new_obligation(school, **changes)

    refused = await post_form(client, LIST, LIST, typed)

    assert refused.status_code == 422
    assert 'role="alert"' in refused.text
    assert f'id="{field}-error"' in refused.text
    assert f'aria-describedby="{field}-error' in refused.text
    if field != "title":
        assert f'value="{typed["title"]}"' in refused.text
    assert await Obligation.all().count() == 0


async def test_a_task_for_both_a_person_and_a_role_is_refused(
    visit: Visit, coordinator: User, school: School, director: User
) -> None:
    client = await visit(coordinator)

    refused = await post_form(client, LIST, LIST, new_obligation(school, person=str(director.id)))

    assert refused.status_code == 422
    assert 'id="assignee-error"' in refused.text
    assert await Obligation.all().count() == 0


# One obligation


async def test_the_obligation_page_shows_its_details_and_reminders(
    visit: Visit, coordinator: User, obligation: Obligation
) -> None:
    client = await visit(coordinator)

    page = await client.get(f"{LIST}/{obligation.id}")

    assert page.status_code == 200
    assert "Przesłać wykaz sprzętu" in page.text
    assert "19.11.2026 08:00" in page.text
    assert 'value="2026-11-26"' in page.text


async def test_moving_the_due_date_replans_the_reminders(
    visit: Visit, coordinator: User, obligation: Obligation
) -> None:
    client = await visit(coordinator)
    path = f"{LIST}/{obligation.id}"

    sent = await post_form(client, path, f"{path}/termin", {"due_date": "2026-12-10"})

    assert sent.status_code == 303
    assert (await Obligation.get(id=obligation.id)).due_date == dt.date(2026, 12, 10)
    assert not await Reminder.filter(
        obligation_id=obligation.id, status=ReminderStatus.SCHEDULED
    ).exists()


@pytest.mark.parametrize("due_date", ["", "jutro", "2026-11-16", "2026-02-30"])
async def test_a_bad_due_date_is_refused_and_nothing_changes(
    visit: Visit, coordinator: User, obligation: Obligation, due_date: str
) -> None:
    client = await visit(coordinator)
    path = f"{LIST}/{obligation.id}"

    refused = await post_form(client, path, f"{path}/termin", {"due_date": due_date})

    assert refused.status_code == 422
    assert 'role="alert"' in refused.text
    assert 'aria-describedby="due_date-error"' in refused.text
    assert f'value="{due_date}"' in refused.text
    assert (await Obligation.get(id=obligation.id)).due_date == dt.date(2026, 11, 26)


async def test_the_policy_of_an_obligation_is_changed(
    visit: Visit, coordinator: User, obligation: Obligation
) -> None:
    policy = await ReminderPolicy.create(
        code="krotkie",
        name="Krótkie",
        offsets_days=[1],
        window_start=dt.time(8),
        window_end=dt.time(16),
    )
    client = await visit(coordinator)
    path = f"{LIST}/{obligation.id}"

    sent = await post_form(client, path, f"{path}/polityka", {"policy": "krotkie"})

    assert sent.status_code == 303
    assert (await Obligation.get(id=obligation.id)).policy_id == policy.id  # type: ignore[attr-defined]


async def test_an_unknown_policy_is_refused(
    visit: Visit, coordinator: User, obligation: Obligation
) -> None:
    client = await visit(coordinator)
    path = f"{LIST}/{obligation.id}"
    before = (await Obligation.get(id=obligation.id)).policy_id  # type: ignore[attr-defined]

    refused = await post_form(client, path, f"{path}/polityka", {"policy": "nieznana"})

    assert refused.status_code == 422
    assert 'aria-describedby="policy-error"' in refused.text
    assert (await Obligation.get(id=obligation.id)).policy_id == before  # type: ignore[attr-defined]


async def test_cancelling_needs_the_confirmation(
    visit: Visit, coordinator: User, obligation: Obligation
) -> None:
    client = await visit(coordinator)
    path = f"{LIST}/{obligation.id}"

    refused = await post_form(client, path, f"{path}/anuluj", {})

    assert refused.status_code == 422
    assert 'aria-describedby="confirm-error"' in refused.text
    assert (await Obligation.get(id=obligation.id)).status is ObligationStatus.OPEN


async def test_a_confirmed_cancellation_cancels_and_skips_the_reminders(
    visit: Visit, coordinator: User, obligation: Obligation
) -> None:
    client = await visit(coordinator)
    path = f"{LIST}/{obligation.id}"

    sent = await post_form(client, path, f"{path}/anuluj", {"confirm": "1"})

    assert sent.status_code == 303
    assert (await Obligation.get(id=obligation.id)).status is ObligationStatus.CANCELLED
    assert set(
        await Reminder.filter(obligation_id=obligation.id).values_list("status", flat=True)
    ) == {ReminderStatus.SKIPPED}
    shown = await client.get(sent.headers["location"])
    assert "nie można go już zmienić" in shown.text
    assert f'action="{path}/termin"' not in shown.text


async def test_a_finished_obligation_refuses_changes(
    visit: Visit, coordinator: User, obligation: Obligation
) -> None:
    client = await visit(coordinator)
    path = f"{LIST}/{obligation.id}"
    token = csrf_token_of((await client.get(LIST)).text)
    await Obligation.filter(id=obligation.id).update(status=ObligationStatus.DONE)

    refused = await client.post(
        f"{path}/termin", data={"due_date": "2026-12-10", "csrf_token": token}
    )

    assert refused.status_code == 422
    assert (await Obligation.get(id=obligation.id)).due_date == dt.date(2026, 11, 26)


@pytest.mark.parametrize("obligation_id", ["999999", "0", "99999999999"])
async def test_an_unknown_obligation_is_not_found(
    visit: Visit, coordinator: User, obligation_id: str
) -> None:
    client = await visit(coordinator)

    page = await client.get(f"{LIST}/{obligation_id}")

    assert page.status_code == 404


# Reminder policies


async def test_the_policies_show_how_many_open_obligations_use_them(
    visit: Visit, coordinator: User, obligation: Obligation
) -> None:
    client = await visit(coordinator)

    page = await client.get(POLICIES)
    edit = await client.get(f"{POLICIES}/default")

    assert page.status_code == 200
    assert 'href="/admin/przypomnienia/default"' in page.text
    assert "14, 7, 3, 1, 0" in page.text
    assert "Otwarte obowiązki objęte tymi zasadami: 1." in edit.text


async def test_the_coordinator_adds_a_policy(visit: Visit, coordinator: User) -> None:
    client = await visit(coordinator)

    sent = await post_form(client, POLICIES, POLICIES, NEW_POLICY)

    assert sent.status_code == 303
    stored = await ReminderPolicy.get(code="krotkie")
    assert (stored.name, stored.offsets_days) == ("Krótkie terminy", [3, 1, 0])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": ""}, "code"),
        ({"code": "Złe kody"}, "code"),
        ({"code": "default"}, "code"),
        ({"name": ""}, "name"),
        ({"offsets_days": "a, -1"}, "offsets_days"),
        ({"offsets_days": "3, 3"}, "offsets_days"),
        ({"overdue_every_working_days": "0"}, "overdue_every_working_days"),
        ({"escalate_after_overdue_days": "-1"}, "escalate_after_overdue_days"),
        ({"window_start": "8 rano"}, "window_start"),
        ({"window_start": "15:00", "window_end": "08:00"}, "window_end"),
    ],
)
async def test_a_bad_new_policy_is_refused_next_to_its_field_and_nothing_is_written(
    visit: Visit, coordinator: User, changes: dict[str, str], field: str
) -> None:
    client = await visit(coordinator)
    typed = NEW_POLICY | changes

    refused = await post_form(client, POLICIES, POLICIES, typed)

    assert refused.status_code == 422
    assert 'role="alert"' in refused.text
    assert f'aria-describedby="{field}-error' in refused.text
    assert f'value="{typed["offsets_days"]}"' in refused.text
    assert await ReminderPolicy.all().values_list("code", flat=True) == ["default"]


async def test_changing_a_policy_saves_it_and_replans(
    visit: Visit, coordinator: User, obligation: Obligation
) -> None:
    client = await visit(coordinator)
    path = f"{POLICIES}/default"
    changed = NEW_POLICY | {"offsets_days": "9", "window_start": "09:00", "code": "ignored"}

    sent = await post_form(client, path, path, changed)

    assert sent.status_code == 303
    assert sent.headers["location"].startswith(path)
    stored = await ReminderPolicy.get(code="default")
    assert stored.offsets_days == [9]
    scheduled = await Reminder.filter(obligation_id=obligation.id, status=ReminderStatus.SCHEDULED)
    assert [r.scheduled_for.astimezone(WARSAW) for r in scheduled] == [warsaw(2026, 11, 17, 9, 0)]


async def test_a_bad_change_of_a_policy_is_refused_and_nothing_changes(
    visit: Visit, coordinator: User, obligation: Obligation
) -> None:
    client = await visit(coordinator)
    path = f"{POLICIES}/default"

    refused = await post_form(client, path, path, NEW_POLICY | {"window_end": "07:00"})

    assert refused.status_code == 422
    assert 'aria-describedby="window_end-error"' in refused.text
    assert 'value="07:00"' in refused.text
    assert (await ReminderPolicy.get(code="default")).offsets_days == [14, 7, 3, 1, 0]


async def test_an_unknown_policy_page_is_not_found(visit: Visit, coordinator: User) -> None:
    client = await visit(coordinator)

    assert (await client.get(f"{POLICIES}/nieznana")).status_code == 404


# Who may


ROUTES = [
    ("GET", LIST),
    ("POST", LIST),
    ("GET", LIST + "/{id}"),
    ("POST", LIST + "/{id}/termin"),
    ("POST", LIST + "/{id}/polityka"),
    ("POST", LIST + "/{id}/anuluj"),
    ("GET", POLICIES),
    ("POST", POLICIES),
    ("GET", POLICIES + "/default"),
    ("POST", POLICIES + "/default"),
]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR, Role.IT])
async def test_nobody_but_the_coordinator_opens_or_sends_these_pages(
    visit: Visit, obligation: Obligation, school: School, role: Role
) -> None:
    user = await make_user(role=role, school=school if role is not Role.IT else None)
    client = await visit(user)
    token = csrf_token_of((await client.get("/panel")).text)
    data = {"csrf_token": token, "due_date": "2026-12-10", "confirm": "1", **NEW_POLICY}

    for method, route in ROUTES:
        path = route.format(id=obligation.id)
        answer = await (
            client.get(path)
            if method == "GET"
            else client.post(path, data=data | {"policy": "default"})
        )
        assert answer.status_code == 403, (method, path)

    stored = await Obligation.get(id=obligation.id)
    assert (stored.status, stored.due_date) == (ObligationStatus.OPEN, dt.date(2026, 11, 26))
    assert await ReminderPolicy.all().count() == 1
