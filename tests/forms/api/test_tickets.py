"""`/api/v1/tickets`: listing, reading, reporting and commenting as the token's user."""

from __future__ import annotations

import httpx
import pytest

from core.models import Category, Channel, Role, School, Ticket, TicketEvent, TicketStatus, User
from core.tickets.service import add_comment, change_status
from tests.factories import make_school, make_user
from tests.forms.api.conftest import Report, bearer


async def numbers(api: httpx.AsyncClient, user: User, query: str = "") -> list[str]:
    response = await api.get(f"/api/v1/tickets{query}", headers=await bearer(user))
    assert response.status_code == 200, response.text
    return [item["number"] for item in response.json()["items"]]


async def test_a_teacher_lists_only_their_own_tickets(
    api: httpx.AsyncClient, report: Report, teacher: User, school: School
) -> None:
    own = await report()
    colleague = await make_user(role=Role.TEACHER, school=school)
    await report(reporter=colleague)

    assert await numbers(api, teacher) == [own.number]


async def test_a_director_lists_their_schools_tickets_only(
    api: httpx.AsyncClient, report: Report, director: User, category: Category
) -> None:
    ours = await report()
    elsewhere = await make_school()
    await report(school=elsewhere, reporter=await make_user(school=elsewhere), category=category)

    assert await numbers(api, director) == [ours.number]


async def test_the_coordinator_lists_every_school(
    api: httpx.AsyncClient, report: Report, coordinator: User, category: Category
) -> None:
    first = await report()
    elsewhere = await make_school()
    second = await report(school=elsewhere, reporter=await make_user(school=elsewhere))

    assert sorted(await numbers(api, coordinator)) == sorted([first.number, second.number])


async def test_the_list_filters_by_status_and_school(
    api: httpx.AsyncClient, report: Report, coordinator: User, school: School
) -> None:
    open_one = await report()
    resolved = await report()
    await change_status(resolved, to=TicketStatus.RESOLVED, actor=coordinator, channel=Channel.WEB)

    assert await numbers(api, coordinator, "?status=resolved") == [resolved.number]
    assert await numbers(api, coordinator, f"?status=new&school={school.code}") == [open_one.number]
    assert await numbers(api, coordinator, "?school=nowhere") == []


async def test_the_list_comes_in_pages(
    api: httpx.AsyncClient, report: Report, teacher: User
) -> None:
    for _ in range(3):
        await report()

    response = await api.get("/api/v1/tickets?limit=2&offset=2", headers=await bearer(teacher))

    page = response.json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (3, 2, 2, 1)


@pytest.mark.parametrize(
    "query", ["?limit=0", "?limit=101", "?offset=-1", "?offset=99999999999", "?status=lost"]
)
async def test_a_bad_list_query_is_refused(
    api: httpx.AsyncClient, teacher: User, query: str
) -> None:
    response = await api.get(f"/api/v1/tickets{query}", headers=await bearer(teacher))

    assert response.status_code == 422


async def test_a_ticket_is_read_with_its_public_comments(
    api: httpx.AsyncClient, report: Report, teacher: User, specialist: User
) -> None:
    ticket = await report()
    await add_comment(ticket, author=specialist, text="Sprawdzę jutro.", channel=Channel.WEB)
    await add_comment(
        ticket, author=specialist, text="Lampa do wymiany.", channel=Channel.WEB, is_public=False
    )

    response = await api.get(f"/api/v1/tickets/{ticket.number}", headers=await bearer(teacher))

    body = response.json()
    assert response.status_code == 200
    assert (body["number"], body["status"], body["reporter"]) == (
        ticket.number,
        "new",
        teacher.full_name,
    )
    assert [c["text"] for c in body["comments"]] == ["Sprawdzę jutro."]


async def test_staff_read_internal_notes_too(
    api: httpx.AsyncClient, report: Report, specialist: User
) -> None:
    ticket = await report()
    await add_comment(
        ticket, author=specialist, text="Lampa do wymiany.", channel=Channel.WEB, is_public=False
    )

    response = await api.get(f"/api/v1/tickets/{ticket.number}", headers=await bearer(specialist))

    assert [(c["text"], c["is_public"]) for c in response.json()["comments"]] == [
        ("Lampa do wymiany.", False)
    ]


async def test_another_teachers_ticket_is_not_found(
    api: httpx.AsyncClient, report: Report, school: School
) -> None:
    ticket = await report()
    colleague = await make_user(role=Role.TEACHER, school=school)

    response = await api.get(f"/api/v1/tickets/{ticket.number}", headers=await bearer(colleague))

    assert response.status_code == 404
    assert response.json() == {"detail": f"Nie znaleziono zgłoszenia {ticket.number}."}


async def test_another_schools_ticket_is_not_found_for_a_director(
    api: httpx.AsyncClient, report: Report
) -> None:
    ticket = await report()
    elsewhere = await make_school()
    director = await make_user(role=Role.DIRECTOR, school=elsewhere)

    response = await api.get(f"/api/v1/tickets/{ticket.number}", headers=await bearer(director))

    assert response.status_code == 404


@pytest.mark.parametrize("number", ["IT-2026-9999", "x" * 21, "IT%002026"])
async def test_an_unknown_or_malformed_number_is_not_found_or_refused(
    api: httpx.AsyncClient, teacher: User, number: str
) -> None:
    response = await api.get(f"/api/v1/tickets/{number}", headers=await bearer(teacher))

    assert response.status_code in (404, 422)


async def test_a_teacher_reports_a_fault(
    api: httpx.AsyncClient, teacher: User, school: School, category: Category
) -> None:
    response = await api.post(
        "/api/v1/tickets",
        headers=await bearer(teacher),
        json={"category": "projector", "description": "Tablica nie reaguje.", "room": "12"},
    )

    assert response.status_code == 201, response.text
    body = response.json()
    ticket = await Ticket.get(number=body["number"]).prefetch_related("reporter", "school")
    assert (ticket.reporter, ticket.school, ticket.channel, ticket.room) == (
        teacher,
        school,
        Channel.WEB,
        "12",
    )
    assert (body["title"], body["school"], body["category"]) == (
        "Tablica nie reaguje.",
        school.code,
        "projector",
    )


async def test_staff_report_for_a_named_school(
    api: httpx.AsyncClient, specialist: User, school: School, category: Category
) -> None:
    response = await api.post(
        "/api/v1/tickets",
        headers=await bearer(specialist),
        json={"category": "projector", "description": "Brak sieci.", "school": school.code},
    )

    assert response.status_code == 201
    assert response.json()["school"] == school.code


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            {"category": "projector", "description": "   "},
            "Opis awarii nie może być pusty.",
        ),
        (
            {"category": "printer", "description": "Drukarka."},
            "Nie ma kategorii zgłoszeń „printer”.",
        ),
        (
            {"category": "projector", "description": "x", "asset": "nope"},
            "Nie ma sprzętu o identyfikatorze „nope”.",
        ),
        (
            {"category": "projector", "description": "x", "school": "nowhere"},
            "Nie ma szkoły o kodzie nowhere.",
        ),
    ],
)
async def test_a_bad_report_is_refused_with_its_reason_and_nothing_is_written(
    api: httpx.AsyncClient, teacher: User, category: Category, body: dict[str, str], detail: str
) -> None:
    response = await api.post("/api/v1/tickets", headers=await bearer(teacher), json=body)

    assert response.status_code == 422
    assert response.json() == {"detail": detail}
    assert await Ticket.all().count() == 0


async def test_an_over_long_description_is_refused(
    api: httpx.AsyncClient, teacher: User, category: Category
) -> None:
    response = await api.post(
        "/api/v1/tickets",
        headers=await bearer(teacher),
        json={"category": "projector", "description": "x" * 5001},
    )

    assert response.status_code == 422
    assert "5000" in response.json()["detail"]
    assert await Ticket.all().count() == 0


async def test_a_teacher_cannot_report_for_another_school(
    api: httpx.AsyncClient, teacher: User, category: Category
) -> None:
    elsewhere = await make_school()

    response = await api.post(
        "/api/v1/tickets",
        headers=await bearer(teacher),
        json={"category": "projector", "description": "x", "school": elsewhere.code},
    )

    assert response.status_code == 422
    assert await Ticket.all().count() == 0


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"category": 5, "description": "x"}',
        b'{"description": "x"}',
        b'{"category": "projector", "description": "a\\u0000b"}',
    ],
)
async def test_a_malformed_body_is_refused(
    api: httpx.AsyncClient, teacher: User, category: Category, content: bytes
) -> None:
    response = await api.post(
        "/api/v1/tickets",
        headers={**await bearer(teacher), "Content-Type": "application/json"},
        content=content,
    )

    assert response.status_code == 422
    assert await Ticket.all().count() == 0


async def test_a_reporter_comments_on_their_ticket(
    api: httpx.AsyncClient, report: Report, teacher: User
) -> None:
    ticket = await report()

    response = await api.post(
        f"/api/v1/tickets/{ticket.number}/comments",
        headers=await bearer(teacher),
        json={"text": "Nadal nie działa."},
    )

    assert response.status_code == 201
    assert [c["text"] for c in response.json()["comments"]] == ["Nadal nie działa."]
    assert await TicketEvent.filter(ticket_id=ticket.id, text="Nadal nie działa.").exists()


async def test_a_comment_on_someone_elses_ticket_is_not_found(
    api: httpx.AsyncClient, report: Report, school: School
) -> None:
    ticket = await report()
    colleague = await make_user(role=Role.TEACHER, school=school)

    response = await api.post(
        f"/api/v1/tickets/{ticket.number}/comments",
        headers=await bearer(colleague),
        json={"text": "Ja też."},
    )

    assert response.status_code == 404
    assert not await TicketEvent.filter(text="Ja też.").exists()


async def test_a_comment_on_a_closed_ticket_is_a_conflict(
    api: httpx.AsyncClient, report: Report, teacher: User, coordinator: User
) -> None:
    ticket = await report()
    ticket = await change_status(
        ticket, to=TicketStatus.RESOLVED, actor=coordinator, channel=Channel.WEB
    )
    await change_status(ticket, to=TicketStatus.CLOSED, actor=coordinator, channel=Channel.WEB)

    response = await api.post(
        f"/api/v1/tickets/{ticket.number}/comments",
        headers=await bearer(teacher),
        json={"text": "Halo?"},
    )

    assert response.status_code == 409
    assert response.json()["detail"]


@pytest.mark.parametrize("text", ["", "   ", "x" * 20000])
async def test_an_empty_or_over_long_comment_is_refused(
    api: httpx.AsyncClient, report: Report, teacher: User, text: str
) -> None:
    ticket = await report()

    response = await api.post(
        f"/api/v1/tickets/{ticket.number}/comments",
        headers=await bearer(teacher),
        json={"text": text},
    )

    assert response.status_code == 422
    assert await TicketEvent.filter(ticket_id=ticket.id).count() == 1


async def test_errors_speak_the_language_of_the_tokens_user(
    api: httpx.AsyncClient, school: School
) -> None:
    english = await make_user(role=Role.TEACHER, school=school, locale="en")

    response = await api.get("/api/v1/tickets/IT-2026-0404", headers=await bearer(english))

    assert response.json() == {"detail": "Ticket IT-2026-0404 was not found."}
