"""The signed links of reminder e-mails: what a link names, when it stops working, what is
refused, and that a link records its answer once."""

from __future__ import annotations

import datetime as dt

import pytest
from itsdangerous import URLSafeTimedSerializer

from core.clock import ManualClock
from core.config import get_settings
from core.errors import IllegalTransition, InvalidInput, PermissionDenied
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
    AnswerLinkExpired,
    AnswerLinkInvalid,
    AnswerLinkWrongPurpose,
    answer_by_link,
    answer_link_token,
    answer_link_url,
    email_answer_links,
    verify_answer_link,
)
from core.obligations.answers import mark_done
from core.obligations.policies import install_default_policy
from core.obligations.reminder_delivery import send_due_reminders
from core.obligations.reminders import plan_reminders
from tests.conftest import warsaw
from tests.factories import make_user

DUE = dt.date(2026, 11, 20)


async def _reminder(recipient: User) -> Reminder:
    """A reminder to `recipient` of an obligation they owe, due on DUE."""
    obligation = await Obligation.create(
        source_key=f"test:{recipient.id}",
        kind=ObligationKind.MANUAL,
        title="Przekazanie arkusza organizacji organowi prowadzącemu",
        assignee=recipient,
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


def _token(reminder: Reminder, user: User, answer: AnswerKind) -> str:
    return answer_link_token(AnswerLink(reminder.id, user.id, answer))


async def _obligation(reminder: Reminder) -> Obligation:
    return await Obligation.get(id=(await reminder.obligation).id)


# What a link is


@pytest.mark.usefixtures("now")
def test_a_link_opens_the_answer_form_under_the_public_address() -> None:
    link = AnswerLink(reminder_id=17, user_id=5, answer=AnswerKind.SNOOZE)

    url = answer_link_url(link)

    base, token = url.rsplit("/", 1)
    assert base == get_settings().base_url.rstrip("/") + "/odpowiedz"
    assert verify_answer_link(token) == link


@pytest.mark.usefixtures("now")
def test_a_reminder_email_offers_done_snooze_and_problem_in_the_persons_language() -> None:
    links = email_answer_links(reminder_id=17, user_id=5, locale="pl")

    assert [link["label"] for link in links] == ["Zrobione", "Odłóż", "Problem"]
    assert [verify_answer_link(link["url"].rsplit("/", 1)[1]).answer for link in links] == [
        AnswerKind.DONE,
        AnswerKind.SNOOZE,
        AnswerKind.PROBLEM,
    ]


async def test_a_reminder_sent_by_email_carries_the_links_of_its_recipient(
    school: School, director: User, now: ManualClock
) -> None:
    await Obligation.create(
        source_key="test:sheet",
        kind=ObligationKind.ORGANISATION_SHEET,
        title="Przekazanie arkusza organizacji organowi prowadzącemu",
        school=school,
        assignee_role=Role.DIRECTOR,
        due_date=dt.date(2026, 11, 18),
        policy=await install_default_policy(),
        created_at=now.now(),
    )
    now.set(warsaw(2026, 11, 17, 8, 0))
    await plan_reminders()

    await send_due_reminders()

    message = await OutboxMessage.get(recipient=director)
    reminder = await Reminder.get(outbox_message=message)
    links = [verify_answer_link(link["url"].rsplit("/", 1)[1]) for link in message.payload["links"]]
    assert links == [
        AnswerLink(reminder.id, director.id, AnswerKind.DONE),
        AnswerLink(reminder.id, director.id, AnswerKind.SNOOZE),
        AnswerLink(reminder.id, director.id, AnswerKind.PROBLEM),
    ]


# When a link is refused (tokens made here by hand are dated by the system clock, which the
# link's check then follows too: no test clock is installed for them)


def test_a_link_works_until_its_validity_ends(now: ManualClock) -> None:
    token = answer_link_token(AnswerLink(17, 5, AnswerKind.DONE))

    now.advance(ANSWER_LINK_VALIDITY)

    assert verify_answer_link(token).reminder_id == 17


def test_a_link_older_than_its_validity_has_expired(now: ManualClock) -> None:
    token = answer_link_token(AnswerLink(17, 5, AnswerKind.DONE))

    now.advance(ANSWER_LINK_VALIDITY + dt.timedelta(seconds=1))

    with pytest.raises(AnswerLinkExpired) as refused:
        verify_answer_link(token)
    assert refused.value.translated("pl") == (
        "Ten link wygasł. Skorzystaj z linków w najnowszym przypomnieniu."
    )


@pytest.mark.usefixtures("now")
def test_a_link_changed_on_the_way_is_invalid() -> None:
    token = answer_link_token(AnswerLink(17, 5, AnswerKind.DONE))
    changed = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]

    with pytest.raises(AnswerLinkInvalid):
        verify_answer_link(changed)


@pytest.mark.usefixtures("now")
def test_a_link_cut_short_in_a_mail_program_is_invalid() -> None:
    token = answer_link_token(AnswerLink(17, 5, AnswerKind.DONE))

    with pytest.raises(AnswerLinkInvalid):
        verify_answer_link(token[:-5])


def test_a_link_signed_with_another_key_is_invalid() -> None:
    other = URLSafeTimedSerializer("someone-elses-secret-key-0123456789", salt=LINK_SALT)
    forged = other.dumps(["reminder-answer", 17, 5, "done"])

    with pytest.raises(AnswerLinkInvalid):
        verify_answer_link(forged)


def test_a_signed_link_made_for_another_purpose_is_refused() -> None:
    ours = URLSafeTimedSerializer(get_settings().secret_key, salt=LINK_SALT)
    unsubscribe = ours.dumps(["unsubscribe", 5])

    with pytest.raises(AnswerLinkWrongPurpose) as refused:
        verify_answer_link(unsubscribe)
    assert refused.value.translated("pl") == "Ten link nie służy do odpowiedzi na przypomnienie."


@pytest.mark.parametrize(
    "payload",
    [
        ["reminder-answer", 17, 5, "approve"],
        ["reminder-answer", "17", 5, "done"],
        ["reminder-answer", 17, 5],
        {"reminder": 17},
    ],
)
def test_a_signed_link_that_names_no_answer_is_invalid(payload: object) -> None:
    ours = URLSafeTimedSerializer(get_settings().secret_key, salt=LINK_SALT)

    with pytest.raises(AnswerLinkInvalid):
        verify_answer_link(ours.dumps(payload))


@pytest.mark.usefixtures("now")
@pytest.mark.parametrize("token", ["", "not-a-token", "a.b.c"])
def test_text_that_is_no_link_is_invalid(token: str) -> None:
    with pytest.raises(AnswerLinkInvalid):
        verify_answer_link(token)


# Answering by a link


async def test_the_done_link_marks_the_obligation_done_as_answered_by_email(
    director: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)

    recorded = await answer_by_link(_token(reminder, director, AnswerKind.DONE))

    assert (recorded.obligation.status, recorded.already_recorded) == (
        ObligationStatus.DONE,
        False,
    )
    answer = await ReminderAnswer.get(reminder_id=reminder.id)
    assert (answer.answer, answer.user_id, answer.channel) == (
        AnswerKind.DONE,
        director.id,
        Channel.EMAIL,
    )


async def test_the_done_link_used_again_changes_nothing(director: User, now: ManualClock) -> None:
    reminder = await _reminder(director)
    token = _token(reminder, director, AnswerKind.DONE)
    first = await answer_by_link(token)
    now.advance(dt.timedelta(days=1))

    again = await answer_by_link(token)

    assert (again.already_recorded, again.answer.id) == (True, first.answer.id)
    assert (await _obligation(reminder)).done_at == first.obligation.done_at
    assert await ReminderAnswer.all().count() == 1


async def test_the_snooze_link_snoozes_for_the_days_chosen_on_the_form(
    director: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)

    await answer_by_link(_token(reminder, director, AnswerKind.SNOOZE), snooze_days=3)

    obligation = await _obligation(reminder)
    assert (obligation.status, obligation.snoozed_until) == (
        ObligationStatus.SNOOZED,
        dt.date(2026, 11, 20),
    )


async def test_the_snooze_link_used_again_the_next_day_does_not_move_the_snooze(
    director: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)
    token = _token(reminder, director, AnswerKind.SNOOZE)
    await answer_by_link(token, snooze_days=3)
    now.advance(dt.timedelta(days=1))

    again = await answer_by_link(token, snooze_days=7)

    assert again.already_recorded
    assert (await _obligation(reminder)).snoozed_until == dt.date(2026, 11, 20)
    assert await ReminderAnswer.all().count() == 1


async def test_the_snooze_link_without_a_number_of_days_is_refused(
    director: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)

    with pytest.raises(InvalidInput):
        await answer_by_link(_token(reminder, director, AnswerKind.SNOOZE))

    assert (await _obligation(reminder)).status is ObligationStatus.OPEN
    assert not await ReminderAnswer.exists()


async def test_the_problem_link_used_twice_tells_the_coordinator_once(
    director: User, coordinator: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)
    token = _token(reminder, director, AnswerKind.PROBLEM)
    await answer_by_link(token, comment="Czekamy na opinię związków.")

    again = await answer_by_link(token, comment="Jednak brak danych.")

    assert again.already_recorded
    assert again.answer.comment == "Czekamy na opinię związków."
    assert await OutboxMessage.filter(recipient=coordinator).count() == 1


async def test_another_answer_of_the_same_reminder_still_works_after_one_link(
    director: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)
    await answer_by_link(_token(reminder, director, AnswerKind.SNOOZE), snooze_days=1)

    await answer_by_link(_token(reminder, director, AnswerKind.DONE))

    assert (await _obligation(reminder)).status is ObligationStatus.DONE


async def test_a_snooze_link_after_the_obligation_was_done_is_refused(
    director: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)
    await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)

    with pytest.raises(IllegalTransition):
        await answer_by_link(_token(reminder, director, AnswerKind.SNOOZE), snooze_days=1)

    assert await ReminderAnswer.all().count() == 1


async def test_the_link_of_a_deactivated_account_is_refused(
    director: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)
    director.is_active = False
    await director.save()

    with pytest.raises(PermissionDenied):
        await answer_by_link(_token(reminder, director, AnswerKind.DONE))

    assert (await _obligation(reminder)).status is ObligationStatus.OPEN


async def test_a_link_naming_someone_who_does_not_owe_the_obligation_is_refused(
    director: User, now: ManualClock
) -> None:
    reminder = await _reminder(director)
    stranger = await make_user(role=Role.TEACHER)

    with pytest.raises(PermissionDenied):
        await answer_by_link(_token(reminder, stranger, AnswerKind.DONE))

    assert not await ReminderAnswer.exists()


async def test_an_expired_link_records_nothing(director: User, now: ManualClock) -> None:
    reminder = await _reminder(director)
    token = _token(reminder, director, AnswerKind.DONE)
    now.advance(ANSWER_LINK_VALIDITY + dt.timedelta(minutes=1))

    with pytest.raises(AnswerLinkExpired):
        await answer_by_link(token)

    assert not await ReminderAnswer.exists()
