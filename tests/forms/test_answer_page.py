"""The page a reminder e-mail's answer links open, through the real ASGI application: opening
a link shows it and records nothing, sending its form records its answer once, and a link
that cannot be used gets a page saying why and changes nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import pytest
from itsdangerous import URLSafeTimedSerializer

from core.clock import ManualClock
from core.config import get_settings, load_settings
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
    Role,
    School,
    User,
)
from core.obligations.answer_links import (
    ANSWER_LINK_VALIDITY,
    LINK_SALT,
    AnswerLink,
    answer_link_url,
)
from core.obligations.answers import PROBLEM_COMMENT_LIMIT, mark_done
from forms.app import create_app
from tests.conftest import warsaw
from tests.factories import make_user

DUE = dt.date(2026, 11, 20)
TITLE = "Przekazanie arkusza organizacji organowi prowadzącemu"


@pytest.fixture
async def client(database: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(load_settings(env_file=None), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def _reminder(recipient: User, *, title: str = TITLE) -> Reminder:
    """A reminder to director `recipient` of their school's obligation, due on DUE."""
    obligation = await Obligation.create(
        source_key=f"test:{recipient.id}:{title}",
        kind=ObligationKind.ORGANISATION_SHEET,
        title=title,
        school_id=recipient.school_id,
        assignee_role=Role.DIRECTOR,
        due_date=DUE,
        created_at=warsaw(2026, 11, 1, 8, 0),
    )
    return await Reminder.create(
        obligation=obligation,
        recipient=recipient,
        kind=ReminderKind.BEFORE_DUE,
        scheduled_for=warsaw(2026, 11, 17, 8, 0),
        created_at=warsaw(2026, 11, 1, 8, 0),
    )


def _link(reminder: Reminder, person: User, answer: AnswerKind) -> str:
    """The path of the answer link a reminder e-mail to `person` carries, made now."""
    return urlsplit(answer_link_url(AnswerLink(reminder.id, person.id, answer))).path


async def _obligation(reminder: Reminder) -> Obligation:
    return await Obligation.get(id=reminder.obligation_id)  # type: ignore[attr-defined]


async def _nothing_recorded(reminder: Reminder) -> bool:
    obligation = await _obligation(reminder)
    return obligation.status is ObligationStatus.OPEN and not await ReminderAnswer.exists()


def _buttons(page: str) -> list[str]:
    return re.findall(r'<button type="submit">([^<]*)</button>', page)


# Opening a link


@pytest.mark.usefixtures("now")
async def test_a_link_shows_the_obligation_its_due_date_and_school(
    client: httpx.AsyncClient, school: School, director: User
) -> None:
    reminder = await _reminder(director)

    response = await client.get(_link(reminder, director, AnswerKind.DONE))

    assert response.status_code == 200
    assert TITLE in response.text
    assert '<time datetime="2026-11-20">20.11.2026 (piątek)</time>' in response.text
    assert school.name in response.text
    assert f"Odpowiadasz jako {director.full_name}." in response.text


@pytest.mark.usefixtures("now")
async def test_opening_a_link_records_nothing(
    client: httpx.AsyncClient, director: User, coordinator: User
) -> None:
    reminder = await _reminder(director)

    for answer in AnswerKind:
        for _ in range(3):  # a mail scanner, a link preview, the person
            await client.get(_link(reminder, director, answer))

    assert await _nothing_recorded(reminder)
    assert not await OutboxMessage.exists()


@pytest.mark.usefixtures("now")
async def test_the_done_link_asks_only_to_confirm(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)

    page = (await client.get(_link(reminder, director, AnswerKind.DONE))).text

    assert _buttons(page) == ["Oznacz jako zrobione"]
    assert "<input" not in page
    assert "<textarea" not in page


@pytest.mark.usefixtures("now")
async def test_the_snooze_link_offers_a_day_three_days_or_a_week(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)

    page = (await client.get(_link(reminder, director, AnswerKind.SNOOZE))).text

    assert re.findall(r'name="snooze_days" value="(\d+)"', page) == ["1", "3", "7"]
    assert re.findall(r'<label for="snooze-\d">([^<]*)</label>', page) == [
        "1 dzień",
        "3 dni",
        "tydzień",
    ]
    assert "<legend>Wstrzymaj przypomnienia na</legend>" in page
    assert _buttons(page) == ["Odłóż"]


@pytest.mark.usefixtures("now")
async def test_the_problem_link_asks_for_a_labelled_description_of_limited_length(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)

    page = (await client.get(_link(reminder, director, AnswerKind.PROBLEM))).text

    assert '<label for="comment">Na czym polega problem?</label>' in page
    [textarea] = re.findall(r"<textarea[^>]*>", page)
    assert f'maxlength="{PROBLEM_COMMENT_LIMIT}"' in textarea
    assert "required" in textarea
    assert 'aria-describedby="comment-hint"' in textarea
    assert _buttons(page) == ["Zgłoś problem"]


@pytest.mark.usefixtures("now")
async def test_the_page_speaks_the_language_of_the_person_the_link_names(
    client: httpx.AsyncClient, school: School
) -> None:
    director = await make_user(role=Role.DIRECTOR, school=school, locale="en")
    reminder = await _reminder(director)

    page = (await client.get(_link(reminder, director, AnswerKind.DONE))).text

    assert '<div class="answer" lang="en">' in page
    assert "<h1>Answer a reminder</h1>" in page
    assert _buttons(page) == ["Mark as done"]
    assert "20.11.2026 (Friday)" in page


@pytest.mark.usefixtures("now")
async def test_text_from_the_data_is_escaped(client: httpx.AsyncClient, director: User) -> None:
    reminder = await _reminder(director, title="<script>alert(1)</script>")

    page = (await client.get(_link(reminder, director, AnswerKind.DONE))).text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.usefixtures("now")
async def test_the_page_is_not_cached_indexed_or_named_to_other_sites(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)

    response = await client.get(_link(reminder, director, AnswerKind.DONE))

    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]


# Sending the form


async def test_sending_the_done_form_marks_the_obligation_done_by_email(
    client: httpx.AsyncClient, director: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)

    response = await client.post(_link(reminder, director, AnswerKind.DONE))

    assert response.status_code == 200
    assert '<h1 class="saved">Zapisano: zrobione.</h1>' in response.text
    obligation = await _obligation(reminder)
    assert (obligation.status, obligation.done_at) == (ObligationStatus.DONE, now.now())
    answer = await ReminderAnswer.get(reminder_id=reminder.id)
    assert (answer.answer, answer.user_id, answer.channel) == (
        AnswerKind.DONE,
        director.id,
        Channel.EMAIL,
    )


@pytest.mark.usefixtures("now")
async def test_sending_the_snooze_form_snoozes_for_the_days_chosen(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)

    response = await client.post(
        _link(reminder, director, AnswerKind.SNOOZE), data={"snooze_days": "3"}
    )

    assert response.status_code == 200
    assert "Zapisano: odłożone do 20.11.2026." in response.text
    obligation = await _obligation(reminder)
    assert (obligation.status, obligation.snoozed_until) == (
        ObligationStatus.SNOOZED,
        dt.date(2026, 11, 20),
    )


@pytest.mark.usefixtures("now")
async def test_sending_the_problem_form_records_it_and_tells_the_coordinator(
    client: httpx.AsyncClient, director: User, coordinator: User
) -> None:
    reminder = await _reminder(director)

    response = await client.post(
        _link(reminder, director, AnswerKind.PROBLEM),
        data={"comment": "  Czekamy na opinię związków.\r\nTermin zagrożony.  "},
    )

    assert response.status_code == 200
    assert "Zapisano: zgłoszono problem." in response.text
    assert "Czekamy na opinię związków.\nTermin zagrożony.</blockquote>" in response.text
    answer = await ReminderAnswer.get(reminder_id=reminder.id)
    assert answer.comment == "Czekamy na opinię związków.\nTermin zagrożony."
    assert (await _obligation(reminder)).status is ObligationStatus.PROBLEM
    assert await OutboxMessage.filter(recipient=coordinator).count() == 1


@pytest.mark.usefixtures("now")
async def test_a_description_of_the_full_length_with_line_breaks_is_accepted(
    client: httpx.AsyncClient, director: User
) -> None:
    """The browser lets through `maxlength` characters counting a line break as one, and
    sends it as two."""
    reminder = await _reminder(director)
    lines = ["x" * 99] * 10
    comment = "\r\n".join(lines)
    assert len(comment.replace("\r\n", "\n")) <= PROBLEM_COMMENT_LIMIT < len(comment)

    response = await client.post(
        _link(reminder, director, AnswerKind.PROBLEM), data={"comment": comment}
    )

    assert response.status_code == 200
    assert (await ReminderAnswer.get()).comment == "\n".join(lines)


async def test_a_form_sent_twice_records_once_and_says_when(
    client: httpx.AsyncClient, director: User, coordinator: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)
    link = _link(reminder, director, AnswerKind.PROBLEM)
    await client.post(link, data={"comment": "Brak opinii związków."})
    now.advance(dt.timedelta(hours=2))

    again = await client.post(link, data={"comment": "Inny opis."})

    assert again.status_code == 200
    assert "Ta odpowiedź została zapisana już 17.11.2026, 10:00; niczego nie zmieniono." in (
        again.text
    )
    assert "Brak opinii związków." in again.text
    assert await ReminderAnswer.all().count() == 1
    assert await OutboxMessage.filter(recipient=coordinator).count() == 1


@pytest.mark.usefixtures("now")
async def test_a_used_link_opened_again_shows_its_answer_and_no_form(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)
    link = _link(reminder, director, AnswerKind.SNOOZE)
    await client.post(link, data={"snooze_days": "7"})

    response = await client.get(link)

    assert response.status_code == 200
    assert "Zapisano: odłożone do 24.11.2026." in response.text
    assert "już 17.11.2026, 10:00" in response.text
    assert "<form" not in response.text


@pytest.mark.usefixtures("now")
async def test_the_done_link_after_done_was_pressed_in_telegram_shows_it_done(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)
    await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)

    response = await client.post(_link(reminder, director, AnswerKind.DONE))

    assert response.status_code == 200
    assert "Zapisano: zrobione." in response.text
    assert await ReminderAnswer.all().count() == 1


# A value the form refuses


@pytest.mark.usefixtures("now")
@pytest.mark.parametrize("comment", ["", "   \r\n  "])
async def test_a_problem_without_a_description_shows_the_form_again_with_the_field_marked(
    client: httpx.AsyncClient, director: User, coordinator: User, comment: str
) -> None:
    reminder = await _reminder(director)

    response = await client.post(
        _link(reminder, director, AnswerKind.PROBLEM), data={"comment": comment}
    )

    assert response.status_code == 422
    page = response.text
    assert "<title>Błąd: Odpowiedź na przypomnienie — hdr-desk</title>" in page
    assert re.search(r'<div class="error-summary" role="alert"[^>]*>', page)
    assert '<a href="#comment">Opisz problem w kilku słowach.</a>' in page
    assert '<p class="field-error" id="comment-error">Opisz problem w kilku słowach.</p>' in page
    [textarea] = re.findall(r"<textarea[^>]*>", page)
    assert 'aria-invalid="true"' in textarea
    assert 'aria-describedby="comment-hint comment-error"' in textarea
    assert await _nothing_recorded(reminder)
    assert not await OutboxMessage.exists()


@pytest.mark.usefixtures("now")
async def test_a_too_long_description_is_refused_and_kept_to_be_shortened(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)
    comment = "Opis " + "z" * PROBLEM_COMMENT_LIMIT

    response = await client.post(
        _link(reminder, director, AnswerKind.PROBLEM), data={"comment": comment}
    )

    assert response.status_code == 422
    assert "Opis problemu jest za długi (najwyżej 1000 znaków)." in response.text
    assert f">{comment}</textarea>" in response.text
    assert await _nothing_recorded(reminder)


@pytest.mark.usefixtures("now")
@pytest.mark.parametrize("days", [None, "", "5", "0", "-3", "trzy", "3" * 5000])
async def test_a_snooze_without_one_of_the_offered_choices_shows_the_choices_marked(
    client: httpx.AsyncClient, director: User, days: str | None
) -> None:
    reminder = await _reminder(director)
    data = {} if days is None else {"snooze_days": days}

    response = await client.post(_link(reminder, director, AnswerKind.SNOOZE), data=data)

    assert response.status_code == 422
    assert '<a href="#snooze-1">' in response.text
    radios = re.findall(r'<input type="radio"[^>]*>', response.text)
    assert len(radios) == 3
    assert all('aria-invalid="true"' in radio for radio in radios)
    assert all('aria-describedby="snooze-hint snooze_days-error"' in radio for radio in radios)
    assert await _nothing_recorded(reminder)


# Links that cannot be used


@pytest.mark.usefixtures("database")
async def test_a_changed_link_gets_a_clear_page_and_changes_nothing(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)
    link = _link(reminder, director, AnswerKind.DONE)
    changed = link[:-6] + ("A" if link[-6] != "A" else "B") + link[-5:]

    opened = await client.get(changed)
    sent = await client.post(changed)

    for response in (opened, sent):
        assert response.status_code == 400
        assert "<h1>Tego linku nie można użyć</h1>" in response.text
        assert (
            '<p class="refusal" role="alert">Ten link jest nieprawidłowy — mógł zostać ucięty '
            "lub zmieniony. Otwórz go ponownie z wiadomości e-mail.</p>"
        ) in response.text
    assert await _nothing_recorded(reminder)


@pytest.mark.usefixtures("database")
@pytest.mark.parametrize("path", ["/odpowiedz/", "/odpowiedz/abc", "/odpowiedz/a/b.c"])
async def test_an_address_under_the_answer_page_that_is_no_link_is_explained(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.post(path)

    assert response.status_code == 400
    assert "Ten link jest nieprawidłowy" in response.text


async def test_an_expired_link_gets_a_clear_page_and_changes_nothing(
    client: httpx.AsyncClient, director: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)
    link = _link(reminder, director, AnswerKind.DONE)
    now.advance(ANSWER_LINK_VALIDITY + dt.timedelta(minutes=1))

    opened = await client.get(link)
    sent = await client.post(link)

    for response in (opened, sent):
        assert response.status_code == 410
        assert "Ten link wygasł. Skorzystaj z linków w najnowszym przypomnieniu." in (response.text)
    assert await _nothing_recorded(reminder)


async def test_a_signed_link_made_for_something_else_is_refused(
    client: httpx.AsyncClient, director: User
) -> None:
    """Signed here by the system clock, as the page checks it (no test clock installed)."""
    reminder = await _reminder(director)
    ours = URLSafeTimedSerializer(get_settings().secret_key, salt=LINK_SALT)
    other = ours.dumps(["unsubscribe", director.id])

    response = await client.post(f"/odpowiedz/{other}")

    assert response.status_code == 400
    assert "Ten link nie służy do odpowiedzi na przypomnienie." in response.text
    assert await _nothing_recorded(reminder)


@pytest.mark.usefixtures("now")
async def test_the_link_of_a_deleted_reminder_is_gone(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)
    link = _link(reminder, director, AnswerKind.DONE)
    await reminder.delete()

    for response in (await client.get(link), await client.post(link)):
        assert response.status_code == 410
        assert "To przypomnienie już nie istnieje" in response.text
    assert not await ReminderAnswer.exists()


@pytest.mark.usefixtures("now")
async def test_the_link_of_a_deleted_obligation_is_gone(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)
    link = _link(reminder, director, AnswerKind.DONE)
    await (await _obligation(reminder)).delete()

    for response in (await client.get(link), await client.post(link)):
        assert response.status_code == 410
        assert "To przypomnienie już nie istnieje" in response.text
    assert not await ReminderAnswer.exists()


@pytest.mark.usefixtures("now")
async def test_the_link_of_a_cancelled_obligation_is_refused(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)
    link = _link(reminder, director, AnswerKind.SNOOZE)
    await Obligation.filter(id=reminder.obligation_id).update(  # type: ignore[attr-defined]
        status=ObligationStatus.CANCELLED
    )

    for response in (await client.get(link), await client.post(link, data={"snooze_days": "1"})):
        assert response.status_code == 409
        assert "To zadanie zostało odwołane, więc nie wymaga odpowiedzi." in response.text
    assert not await ReminderAnswer.exists()


@pytest.mark.usefixtures("now")
async def test_another_answer_after_done_in_telegram_is_refused_with_the_date(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)
    await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)
    link = _link(reminder, director, AnswerKind.SNOOZE)

    response = await client.post(link, data={"snooze_days": "1"})

    assert response.status_code == 409
    assert "To zadanie zostało już oznaczone jako wykonane 17.11.2026." in response.text
    assert (await _obligation(reminder)).snoozed_until is None
    assert await ReminderAnswer.all().count() == 1


@pytest.mark.usefixtures("now")
async def test_the_link_of_a_deactivated_account_is_refused(
    client: httpx.AsyncClient, director: User
) -> None:
    reminder = await _reminder(director)
    link = _link(reminder, director, AnswerKind.DONE)
    director.is_active = False
    await director.save()

    for response in (await client.get(link), await client.post(link)):
        assert response.status_code == 403
        assert "To przypomnienie jest skierowane do innej osoby" in response.text
    assert await _nothing_recorded(reminder)


@pytest.mark.usefixtures("now")
async def test_the_link_of_a_deleted_account_is_gone(
    client: httpx.AsyncClient, director: User, school: School
) -> None:
    other_director = await make_user(role=Role.DIRECTOR, school=school)
    reminder = await _reminder(other_director)
    link = _link(reminder, director, AnswerKind.DONE)
    await director.delete()

    response = await client.post(link)

    assert response.status_code == 410
    assert await _nothing_recorded(reminder)


@pytest.mark.usefixtures("database")
async def test_a_link_that_names_nobody_is_explained_in_polish_by_default(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/odpowiedz/nie-link")).text

    assert '<div class="answer" lang="pl">' in page
    assert "Niczego nie zapisano." in page
