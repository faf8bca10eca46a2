"""The ticket page, `/zgloszenia/{number}`: what it shows to the reporter and to staff, and
the forms that work the ticket. A refused change re-shows the page with the reason and
changes nothing. Also "my tickets", `/zgloszenia`."""

from __future__ import annotations

import httpx
import pytest

from core.clock import ManualClock
from core.models import (
    Category,
    Channel,
    Priority,
    Role,
    School,
    Ticket,
    TicketEvent,
    TicketStatus,
    User,
)
from core.tickets import add_comment, change_status, create_ticket
from core.tickets.attachments import add_attachment
from tests.factories import make_category, make_user
from tests.forms.browsing import Visit, form_token

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
async def category(database: str) -> Category:
    return await make_category(name_pl="Drukarka")


@pytest.fixture
async def ticket(school: School, teacher: User, category: Category, now: ManualClock) -> Ticket:
    return await create_ticket(
        school=school,
        reporter=teacher,
        channel=Channel.WEB,
        category=category,
        room="12",
        description="Drukarka w pokoju nauczycielskim nie drukuje.",
    )


def _page(ticket: Ticket) -> str:
    return f"/zgloszenia/{ticket.number}"


async def _post(
    client: httpx.AsyncClient, ticket: Ticket, action: str, **fields: str
) -> httpx.Response:
    token = await form_token(client, _page(ticket))
    return await client.post(f"{_page(ticket)}/{action}", data=fields | {"csrf_token": token})


async def _resolved(ticket: Ticket, specialist: User) -> Ticket:
    for step in (TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED):
        ticket = await change_status(ticket, to=step, actor=specialist, channel=Channel.WEB)
    return ticket


async def _events(ticket: Ticket) -> int:
    return await TicketEvent.filter(ticket_id=ticket.id).count()


async def test_the_reporter_sees_status_history_and_no_staff_forms(
    visit: Visit, teacher: User, ticket: Ticket
) -> None:
    page = (await (await visit(teacher)).get(_page(ticket))).text

    assert f"Zgłoszenie {ticket.number}" in page
    assert "nowe" in page
    assert "Drukarka" in page
    assert "Drukarka w pokoju nauczycielskim nie drukuje." in page
    assert "Zgłoszono" in page
    assert "Czasy obsługi (SLA)" not in page
    assert "/status" not in page
    assert "/przejmij" not in page


async def test_staff_see_the_sla_state_and_the_forms_to_work_the_ticket(
    visit: Visit, specialist: User, ticket: Ticket
) -> None:
    page = (await (await visit(specialist)).get(_page(ticket))).text

    assert "Czasy obsługi (SLA)" in page
    assert "Pierwsza reakcja" in page
    assert "w terminie" in page
    for action in ("przejmij", "przypisz", "status", "priorytet", "komentarz"):
        assert f'action="{_page(ticket)}/{action}"' in page


async def test_the_reporter_comments(visit: Visit, teacher: User, ticket: Ticket) -> None:
    client = await visit(teacher)

    answer = await _post(client, ticket, "komentarz", text="Dalej nie drukuje <script>")
    page = await client.get(answer.headers["location"])

    assert answer.status_code == 303
    event = await TicketEvent.filter(ticket_id=ticket.id).order_by("-id").first()
    assert event is not None
    assert (event.text, event.is_public) == (
        "Dalej nie drukuje <script>",
        True,
    )
    assert "Dalej nie drukuje &lt;script&gt;" in page.text


async def test_an_empty_comment_is_refused_and_nothing_is_added(
    visit: Visit, teacher: User, ticket: Ticket
) -> None:
    before = await _events(ticket)

    answer = await _post(await visit(teacher), ticket, "komentarz", text="  ")

    assert answer.status_code == 422
    assert 'id="comment-error"' in answer.text
    assert "Komentarz nie może być pusty." in answer.text
    assert await _events(ticket) == before


async def test_too_long_a_comment_is_refused_with_the_text_kept(
    visit: Visit, teacher: User, ticket: Ticket
) -> None:
    before = await _events(ticket)

    answer = await _post(await visit(teacher), ticket, "komentarz", text="ab" * 2501)

    assert answer.status_code == 422
    assert "ab" * 2501 in answer.text
    assert await _events(ticket) == before


async def test_an_internal_note_is_seen_by_staff_but_not_by_the_reporter(
    visit: Visit, teacher: User, specialist: User, ticket: Ticket
) -> None:
    staff = await visit(specialist)
    await _post(staff, ticket, "komentarz", text="Toner kupiony w zeszłym tygodniu", internal="1")

    assert "Toner kupiony" in (await staff.get(_page(ticket))).text
    assert "Toner kupiony" not in (await (await visit(teacher)).get(_page(ticket))).text


async def test_the_it_specialist_takes_the_ticket(
    visit: Visit, specialist: User, ticket: Ticket
) -> None:
    answer = await _post(await visit(specialist), ticket, "przejmij")

    stored = await Ticket.get(id=ticket.id)
    assert answer.status_code == 303
    assert (stored.assignee_id, stored.status) == (specialist.id, TicketStatus.ASSIGNED)


async def test_the_coordinator_assigns_the_ticket_to_the_it_specialist(
    visit: Visit, coordinator: User, specialist: User, ticket: Ticket
) -> None:
    await _post(await visit(coordinator), ticket, "przypisz", assignee=str(specialist.id))

    assert (await Ticket.get(id=ticket.id)).assignee_id == specialist.id


async def test_assigning_to_a_teacher_is_refused(
    visit: Visit, specialist: User, teacher: User, ticket: Ticket
) -> None:
    answer = await _post(await visit(specialist), ticket, "przypisz", assignee=str(teacher.id))

    assert answer.status_code == 422
    assert 'id="assign-error"' in answer.text
    assert (await Ticket.get(id=ticket.id)).assignee_id is None


async def test_staff_move_the_ticket_with_a_comment(
    visit: Visit, specialist: User, ticket: Ticket
) -> None:
    answer = await _post(
        await visit(specialist), ticket, "status", status="in_progress", text="Jadę na miejsce."
    )

    stored = await Ticket.get(id=ticket.id)
    event = await TicketEvent.filter(ticket_id=ticket.id).order_by("-id").first()
    assert answer.status_code == 303
    assert stored.status == TicketStatus.IN_PROGRESS
    assert event is not None
    assert event.text == "Jadę na miejsce."


async def test_a_move_the_life_cycle_does_not_allow_is_refused(
    visit: Visit, specialist: User, ticket: Ticket
) -> None:
    before = await _events(ticket)

    answer = await _post(
        await visit(specialist), ticket, "status", status="waiting_vendor", text="Czekam"
    )

    assert answer.status_code == 409
    assert 'id="status-error"' in answer.text
    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.NEW
    assert await _events(ticket) == before


async def test_an_unknown_status_is_refused(visit: Visit, specialist: User, ticket: Ticket) -> None:
    answer = await _post(await visit(specialist), ticket, "status", status="gone")

    assert answer.status_code == 422
    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.NEW


async def test_staff_change_the_priority(visit: Visit, specialist: User, ticket: Ticket) -> None:
    await _post(await visit(specialist), ticket, "priorytet", priority="critical")

    assert (await Ticket.get(id=ticket.id)).priority == Priority.CRITICAL


async def test_the_reporter_rates_a_resolved_ticket(
    visit: Visit, teacher: User, specialist: User, ticket: Ticket
) -> None:
    await _resolved(ticket, specialist)
    client = await visit(teacher)

    answer = await _post(client, ticket, "ocena", rating="5", text="Szybko i sprawnie")

    stored = await Ticket.get(id=ticket.id)
    assert answer.status_code == 303
    assert (stored.rating, stored.rating_comment) == (5, "Szybko i sprawnie")
    assert 'action="' + _page(ticket) + '/ocena"' not in (await client.get(_page(ticket))).text


async def test_a_rating_outside_one_to_five_is_refused(
    visit: Visit, teacher: User, specialist: User, ticket: Ticket
) -> None:
    await _resolved(ticket, specialist)

    answer = await _post(await visit(teacher), ticket, "ocena", rating="7")

    assert answer.status_code == 422
    assert 'id="rate-error"' in answer.text
    assert (await Ticket.get(id=ticket.id)).rating is None


async def test_the_reporter_reopens_a_fault_that_is_not_fixed(
    visit: Visit, teacher: User, specialist: User, ticket: Ticket
) -> None:
    await _resolved(ticket, specialist)

    await _post(await visit(teacher), ticket, "otworz", text="Znowu to samo")

    stored = await Ticket.get(id=ticket.id)
    assert (stored.status, stored.reopen_count) == (TicketStatus.ASSIGNED, 1)


async def test_a_ticket_still_open_cannot_be_rated(
    visit: Visit, teacher: User, ticket: Ticket
) -> None:
    answer = await _post(await visit(teacher), ticket, "ocena", rating="4")

    assert answer.status_code == 409
    assert (await Ticket.get(id=ticket.id)).rating is None


async def test_an_attachment_is_downloaded_as_a_file_of_its_stored_type(
    visit: Visit, teacher: User, ticket: Ticket
) -> None:
    attachment = await add_attachment(
        ticket,
        author=teacher,
        channel=Channel.WEB,
        filename="zdjęcie drukarki.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.4 printer",
    )
    client = await visit(teacher)

    page = (await client.get(_page(ticket))).text
    answer = await client.get(f"{_page(ticket)}/zalaczniki/{attachment.id}")

    assert f"/zalaczniki/{attachment.id}" in page
    assert answer.content == b"%PDF-1.4 printer"
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''zdj%C4%99cie%20drukarki.pdf"
    )
    assert answer.headers["x-content-type-options"] == "nosniff"


async def test_a_missing_attachment_is_not_found(
    visit: Visit, teacher: User, ticket: Ticket
) -> None:
    answer = await (await visit(teacher)).get(f"{_page(ticket)}/zalaczniki/999")

    assert answer.status_code == 404


async def test_my_tickets_lists_a_teachers_own_tickets_only(
    visit: Visit, teacher: User, school: School, category: Category, ticket: Ticket
) -> None:
    colleague = await make_user(role=Role.TEACHER, school=school)
    other = await create_ticket(
        school=school,
        reporter=colleague,
        channel=Channel.WEB,
        category=category,
        description="Tablica w sali 3 nie reaguje na dotyk.",
    )

    page = (await (await visit(teacher)).get("/zgloszenia")).text

    assert ticket.number in page
    assert other.number not in page


async def test_my_tickets_lists_the_whole_school_for_its_director(
    visit: Visit, director: User, ticket: Ticket
) -> None:
    page = (await (await visit(director)).get("/zgloszenia")).text

    assert f'href="{_page(ticket)}"' in page


async def test_my_tickets_sends_staff_to_the_queue(visit: Visit, specialist: User) -> None:
    page = (await (await visit(specialist)).get("/zgloszenia")).text

    assert 'href="/kolejka"' in page


async def test_a_comment_on_a_closed_ticket_is_refused(
    visit: Visit, teacher: User, specialist: User, ticket: Ticket
) -> None:
    await add_comment(ticket, author=teacher, text="Pierwszy", channel=Channel.WEB)
    closed = await change_status(
        await _resolved(ticket, specialist),
        to=TicketStatus.CLOSED,
        actor=specialist,
        channel=Channel.WEB,
    )
    client = await visit(teacher)
    before = await _events(closed)

    answer = await _post(client, closed, "komentarz", text="Jeszcze raz")

    assert answer.status_code == 409
    assert await _events(closed) == before
