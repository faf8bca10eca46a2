"""Who may open the ticket pages and use their forms. A ticket someone may not see is
answered 404, as if it did not exist; the queue is for the IT specialist and the coordinator
(403 for others); the forms that work a ticket are for them too, and a refused form changes
nothing."""

from __future__ import annotations

import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.models import Category, Channel, Role, School, Ticket, TicketEvent, User
from core.tickets import create_ticket
from core.tickets.attachments import add_attachment
from forms.app import create_app
from tests.factories import make_category, make_school, make_user
from tests.forms.browsing import Visit, browser, form_token

pytestmark = pytest.mark.usefixtures("data_dir")


STAFF_FORMS = {
    "przejmij": {},
    "przypisz": {"assignee": "{specialist}"},
    "status": {"status": "in_progress", "text": "Biorę się za to"},
    "priorytet": {"priority": "critical"},
    "komentarz": {"text": "Notatka", "internal": "1"},
}


@pytest.fixture
async def category(database: str) -> Category:
    return await make_category()


@pytest.fixture
async def ticket(school: School, teacher: User, category: Category, now: ManualClock) -> Ticket:
    ticket = await create_ticket(
        school=school,
        reporter=teacher,
        channel=Channel.WEB,
        category=category,
        description="Komputer w sali 5 nie uruchamia się.",
    )
    await add_attachment(
        ticket,
        author=teacher,
        channel=Channel.WEB,
        filename="ekran.png",
        content_type="image/png",
        content=b"\x89PNG a blue screen",
    )
    return ticket


async def _state(ticket: Ticket) -> tuple[object, ...]:
    stored = await Ticket.get(id=ticket.id)
    events = await TicketEvent.filter(ticket_id=ticket.id).count()
    return (stored.status, stored.priority, stored.assignee_id, stored.updated_at, events)


async def _paths(ticket: Ticket) -> list[str]:
    attachment = await ticket.attachments.all().first()
    assert attachment is not None
    page = f"/zgloszenia/{ticket.number}"
    return [page, f"{page}/zalaczniki/{attachment.id}"]


async def test_a_teacher_gets_404_for_another_teachers_ticket(
    visit: Visit, school: School, ticket: Ticket
) -> None:
    colleague = await make_user(role=Role.TEACHER, school=school)
    client = await visit(colleague)

    for path in await _paths(ticket):
        assert (await client.get(path)).status_code == 404, path


async def test_a_director_gets_404_for_another_schools_ticket(visit: Visit, ticket: Ticket) -> None:
    other_director = await make_user(role=Role.DIRECTOR, school=await make_school())
    client = await visit(other_director)

    for path in await _paths(ticket):
        assert (await client.get(path)).status_code == 404, path


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.IT, Role.COORDINATOR])
async def test_the_schools_director_and_staff_open_the_ticket_and_its_file(
    visit: Visit, school: School, ticket: Ticket, role: Role
) -> None:
    person = await make_user(role=role, school=school if role == Role.DIRECTOR else None)
    client = await visit(person)

    for path in await _paths(ticket):
        assert (await client.get(path)).status_code == 200, path


async def test_a_number_that_does_not_exist_is_404(visit: Visit, teacher: User) -> None:
    answer = await (await visit(teacher)).get("/zgloszenia/IT-2026-9999")

    assert answer.status_code == 404


async def test_a_file_of_another_ticket_is_404_under_this_tickets_number(
    visit: Visit, teacher: User, school: School, category: Category, ticket: Ticket
) -> None:
    own = await create_ticket(
        school=school,
        reporter=teacher,
        channel=Channel.WEB,
        category=category,
        description="Drugi problem.",
    )
    other_file = (await _paths(ticket))[1].rpartition("/")[2]
    colleague = await make_user(role=Role.TEACHER, school=school)
    await Ticket.filter(id=ticket.id).update(reporter_id=colleague.id)

    answer = await (await visit(teacher)).get(f"/zgloszenia/{own.number}/zalaczniki/{other_file}")

    assert answer.status_code == 404


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR])
async def test_the_queue_is_403_for_teachers_and_directors(
    visit: Visit, school: School, role: Role
) -> None:
    person = await make_user(role=role, school=school)

    answer = await (await visit(person)).get("/kolejka")

    assert answer.status_code == 403


@pytest.mark.parametrize("role", [Role.IT, Role.COORDINATOR])
async def test_the_queue_opens_for_staff(visit: Visit, role: Role) -> None:
    answer = await (await visit(await make_user(role=role))).get("/kolejka")

    assert answer.status_code == 200


@pytest.mark.parametrize("action", sorted(STAFF_FORMS))
async def test_the_reporter_cannot_work_their_own_ticket(
    visit: Visit, teacher: User, specialist: User, ticket: Ticket, action: str
) -> None:
    client = await visit(teacher)
    token = await form_token(client, f"/zgloszenia/{ticket.number}")
    fields = {k: v.format(specialist=specialist.id) for k, v in STAFF_FORMS[action].items()}
    before = await _state(ticket)

    answer = await client.post(
        f"/zgloszenia/{ticket.number}/{action}", data=fields | {"csrf_token": token}
    )

    assert answer.status_code == 403
    assert await _state(ticket) == before


@pytest.mark.parametrize("action", [*sorted(STAFF_FORMS), "ocena", "otworz"])
async def test_a_teacher_cannot_post_to_another_teachers_ticket(
    visit: Visit, school: School, specialist: User, ticket: Ticket, action: str
) -> None:
    colleague = await make_user(role=Role.TEACHER, school=school)
    client = await visit(colleague)
    token = await form_token(client, "/zgloszenia/nowe")
    fields = {k: v.format(specialist=specialist.id) for k, v in STAFF_FORMS.get(action, {}).items()}
    before = await _state(ticket)

    answer = await client.post(
        f"/zgloszenia/{ticket.number}/{action}", data=fields | {"csrf_token": token}
    )

    assert answer.status_code == 404
    assert await _state(ticket) == before


async def test_a_director_cannot_rate_a_ticket_of_their_school_they_did_not_report(
    visit: Visit, director: User, ticket: Ticket
) -> None:
    client = await visit(director)
    token = await form_token(client, f"/zgloszenia/{ticket.number}")
    before = await _state(ticket)

    answer = await client.post(
        f"/zgloszenia/{ticket.number}/ocena", data={"rating": "1", "csrf_token": token}
    )

    assert answer.status_code == 403
    assert await _state(ticket) == before


async def test_a_form_without_the_token_changes_nothing(
    visit: Visit, specialist: User, ticket: Ticket
) -> None:
    client = await visit(specialist)
    before = await _state(ticket)

    answer = await client.post(f"/zgloszenia/{ticket.number}/przejmij")

    assert answer.status_code == 403
    assert await _state(ticket) == before


async def test_someone_not_signed_in_is_sent_to_sign_in(database: str, ticket: Ticket) -> None:
    app = create_app(get_settings(), manage_database=False)
    async with browser(app) as client:
        for path in ["/zgloszenia", f"/zgloszenia/{ticket.number}", "/kolejka"]:
            answer = await client.get(path)
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/logowanie"), path


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (Role.TEACHER, ["/zgloszenia/nowe", "/zgloszenia"], ["/kolejka"]),
        (Role.DIRECTOR, ["/zgloszenia/nowe", "/zgloszenia"], ["/kolejka"]),
        (Role.IT, ["/kolejka"], ["/zgloszenia/nowe"]),
        (Role.COORDINATOR, ["/kolejka"], ["/zgloszenia/nowe"]),
    ],
)
async def test_the_panel_links_to_the_ticket_pages_each_role_may_use(
    visit: Visit, school: School, role: Role, shown: list[str], hidden: list[str]
) -> None:
    person = await make_user(
        role=role, school=school if role in (Role.TEACHER, Role.DIRECTOR) else None
    )

    panel = (await (await visit(person)).get("/panel")).text

    for path in shown:
        assert f'href="{path}"' in panel, path
    for path in hidden:
        assert f'href="{path}"' not in panel, path
