"""The report form, `/zgloszenia/nowe`: a fault recorded at the reporter's school, with one
optional photo or PDF; a bad input re-shows the form with the fields kept and marked, and
writes nothing — neither a ticket nor a file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from core.clock import ManualClock
from core.config import get_settings
from core.models import (
    Category,
    Channel,
    Priority,
    School,
    Ticket,
    TicketAttachment,
    TicketEvent,
    User,
)
from forms.app import create_app
from tests.factories import make_category, make_school
from tests.forms.browsing import browser, form_token, sign_in

pytestmark = pytest.mark.usefixtures("data_dir")

PHOTO = b"\x89PNG\r\n\x1a\n a projector that shows nothing"
FORM = "/zgloszenia/nowe"


@pytest.fixture
def app(database: str, now: ManualClock) -> FastAPI:
    return create_app(get_settings(), manage_database=False)


@pytest.fixture
async def category(database: str) -> Category:
    return await make_category(name_pl="Tablica interaktywna / projektor")


@pytest.fixture
async def as_teacher(app: FastAPI, teacher: User) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(app) as client:
        await sign_in(client, teacher)
        yield client


async def _send(
    client: httpx.AsyncClient,
    fields: dict[str, str],
    *,
    file: tuple[str, bytes, str] | None = None,
) -> httpx.Response:
    """Sends the report form as a browser does: multipart, with the page's CSRF token."""
    data = fields | {"csrf_token": await form_token(client, FORM)}
    files: dict[str, Any] = {"attachment": file} if file else {"attachment": ("", b"", "")}
    return await client.post(FORM, data=data, files=files)


def _projector(category: Category, **fields: str) -> dict[str, str]:
    defaults = {
        "category": str(category.id),
        "room": "12",
        "description": "Projektor w sali 12 nie włącza się.",
    }
    return defaults | fields


async def _nothing_written(data_dir: Path) -> bool:
    files = (
        list((data_dir / "attachments").rglob("*")) if (data_dir / "attachments").exists() else []
    )
    return (
        await Ticket.all().count() == 0
        and await TicketEvent.all().count() == 0
        and await TicketAttachment.all().count() == 0
        and files == []
    )


async def test_a_teacher_reports_a_fault_and_lands_on_its_page(
    as_teacher: httpx.AsyncClient, teacher: User, school: School, category: Category
) -> None:
    answer = await _send(as_teacher, _projector(category))
    page = await as_teacher.get(answer.headers["location"])

    ticket = await Ticket.get()
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/zgloszenia/{ticket.number}?zgloszono=1"
    assert (ticket.school_id, ticket.reporter_id, ticket.category_id) == (
        school.id,
        teacher.id,
        category.id,
    )
    assert (ticket.channel, ticket.priority, ticket.room) == (Channel.WEB, Priority.NORMAL, "12")
    assert ticket.title == "Projektor w sali 12 nie włącza się."
    assert f"zapisane pod numerem {ticket.number}" in page.text


async def test_the_form_has_the_active_categories_and_takes_one_photo_or_pdf(
    as_teacher: httpx.AsyncClient, category: Category
) -> None:
    await make_category(name_pl="Stara kategoria", is_active=False)

    page = (await as_teacher.get(FORM)).text

    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" id="attachment" name="attachment" accept="' in page
    assert "image/jpeg" in page
    assert "application/pdf" in page
    assert "Tablica interaktywna / projektor" in page
    assert "Stara kategoria" not in page
    assert 'name="school"' not in page
    assert 'name="priority"' not in page


async def test_a_photo_goes_with_the_report(
    as_teacher: httpx.AsyncClient, category: Category, data_dir: Path
) -> None:
    await _send(as_teacher, _projector(category), file=("projektor.png", PHOTO, "image/png"))

    attachment = await TicketAttachment.get()
    assert (attachment.filename, attachment.content_type) == ("projektor.png", "image/png")
    assert (data_dir / "attachments" / attachment.storage_path).read_bytes() == PHOTO


async def test_a_report_without_a_description_comes_back_with_the_fields_kept(
    as_teacher: httpx.AsyncClient, category: Category, data_dir: Path
) -> None:
    answer = await _send(
        as_teacher,
        _projector(category, description="   ", room="Sala 7 <b>"),
        file=("projektor.png", PHOTO, "image/png"),
    )

    assert answer.status_code == 422
    assert 'role="alert"' in answer.text
    assert "Opis awarii nie może być pusty." in answer.text
    assert 'aria-describedby="description-hint description-error" aria-invalid="true"' in (
        answer.text
    )
    assert 'value="Sala 7 &lt;b&gt;"' in answer.text
    assert f'<option value="{category.id}" selected>' in answer.text
    assert await _nothing_written(data_dir)


async def test_too_long_a_description_is_refused(
    as_teacher: httpx.AsyncClient, category: Category, data_dir: Path
) -> None:
    answer = await _send(as_teacher, _projector(category, description="x" * 5001))

    assert answer.status_code == 422
    assert "Opis jest za długi (limit znaków: 5000)." in answer.text
    assert await _nothing_written(data_dir)


async def test_too_long_a_room_is_refused(
    as_teacher: httpx.AsyncClient, category: Category, data_dir: Path
) -> None:
    answer = await _send(as_teacher, _projector(category, room="s" * 101))

    assert answer.status_code == 422
    assert 'id="room-error"' in answer.text
    assert await _nothing_written(data_dir)


async def test_a_file_of_another_type_is_refused_and_nothing_written(
    as_teacher: httpx.AsyncClient, category: Category, data_dir: Path
) -> None:
    answer = await _send(
        as_teacher,
        _projector(category),
        file=("instalator.exe", b"MZ\x90\x00", "application/x-msdownload"),
    )

    assert answer.status_code == 422
    assert 'id="attachment-error"' in answer.text
    assert "application/x-msdownload" in answer.text
    assert "Projektor w sali 12 nie włącza się." in answer.text
    assert await _nothing_written(data_dir)


async def test_a_file_over_the_size_limit_is_refused_and_nothing_written(
    as_teacher: httpx.AsyncClient,
    category: Category,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "attachment_max_mb", 1)
    too_big = b"\xff\xd8\xff" + b"0" * (1024 * 1024)

    answer = await _send(as_teacher, _projector(category), file=("duze.jpg", too_big, "image/jpeg"))

    assert answer.status_code == 422
    assert "jest większy niż 1 MB" in answer.text
    assert await _nothing_written(data_dir)


async def test_a_category_no_longer_in_use_is_refused(
    as_teacher: httpx.AsyncClient, data_dir: Path
) -> None:
    retired = await make_category(is_active=False)

    answer = await _send(as_teacher, _projector(retired))

    assert answer.status_code == 422
    assert 'id="category-error"' in answer.text
    assert await _nothing_written(data_dir)


async def test_a_teacher_cannot_choose_the_priority_or_another_school(
    as_teacher: httpx.AsyncClient, school: School, category: Category
) -> None:
    elsewhere = await make_school()

    await _send(as_teacher, _projector(category, priority="critical", school=str(elsewhere.id)))

    ticket = await Ticket.get()
    assert (ticket.priority, ticket.school_id) == (Priority.NORMAL, school.id)


async def test_the_it_specialist_chooses_the_school_and_the_priority(
    app: FastAPI, specialist: User, category: Category
) -> None:
    elsewhere = await make_school(name="Szkoła Podstawowa w Nowodworze")
    async with browser(app) as client:
        await sign_in(client, specialist)
        form = (await client.get(FORM)).text
        await _send(client, _projector(category, school=str(elsewhere.id), priority="high"))

    ticket = await Ticket.get()
    assert "Szkoła Podstawowa w Nowodworze" in form
    assert (ticket.school_id, ticket.priority, ticket.reporter_id) == (
        elsewhere.id,
        Priority.HIGH,
        specialist.id,
    )


async def test_the_it_specialist_must_choose_a_school(
    app: FastAPI, specialist: User, category: Category, data_dir: Path
) -> None:
    async with browser(app) as client:
        await sign_in(client, specialist)
        answer = await _send(client, _projector(category))

    assert answer.status_code == 422
    assert 'id="school-error"' in answer.text
    assert await _nothing_written(data_dir)


async def test_a_report_without_the_form_token_is_refused_and_nothing_written(
    as_teacher: httpx.AsyncClient, category: Category, data_dir: Path
) -> None:
    answer = await as_teacher.post(FORM, data=_projector(category))

    assert answer.status_code == 403
    assert await _nothing_written(data_dir)


async def test_someone_not_signed_in_is_sent_to_sign_in(app: FastAPI) -> None:
    async with browser(app) as client:
        answer = await client.get(FORM)

    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/logowanie?dalej=/zgloszenia/nowe")
