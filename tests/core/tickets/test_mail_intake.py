"""What a message to the helpdesk mailbox becomes: a ticket, a comment, a courtesy note,
or nothing (and why)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from core import clock
from core.config import ConfigurationError, get_settings, load_settings
from core.models import (
    Category,
    Channel,
    InboundMessage,
    InboundOutcome,
    InboundReason,
    OutboxMessage,
    Role,
    School,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketEventKind,
    TicketStatus,
    User,
)
from core.tickets.mail_intake import MailboxPlace, MailFile, ParsedMail, take_in_mail
from core.tickets.mail_threading import ticket_thread_id
from tests.conftest import warsaw
from tests.core.tickets.conftest import Report
from tests.core.tickets.helpers import bring_to
from tests.factories import make_category, make_school, make_user

HELPDESK = "helpdesk@gmina.example.pl"
_uids = itertools.count(1)


@pytest.fixture(autouse=True)
def _deployment(monkeypatch: pytest.MonkeyPatch, data_dir: object) -> None:
    settings = get_settings()
    monkeypatch.setattr(settings, "mail_from", f"Helpdesk IT <{HELPDESK}>")
    monkeypatch.setattr(settings, "imap_url", None)
    monkeypatch.setattr(settings, "imap_allowed_domains", {})


@pytest.fixture
async def other_category(database: str) -> Category:
    """The category mail is filed under."""
    return await make_category(code="other", name_pl="Inne", name_en="Other")


def mail(author: User | str, **fields: Any) -> ParsedMail:
    """A plain e-mail from `author` (a user or an address); keywords override any field."""
    address = author if isinstance(author, str) else author.email
    assert address is not None
    defaults: dict[str, Any] = {
        "sender": address,
        "subject": "Drukarka w sekretariacie",
        "message_id": f"<m{next(_uids)}@szkola.example.pl>",
        "text": "Drukarka w sekretariacie wciąga po dwie kartki.",
    }
    return ParsedMail(**(defaults | fields))


async def taken_in(parsed: ParsedMail, *, uid: int | None = None) -> InboundMessage:
    place = MailboxPlace(HELPDESK + "/INBOX", 7, uid if uid is not None else next(_uids))
    return await take_in_mail(parsed, place=place)


async def comments_on(ticket: Ticket) -> list[str]:
    events = await TicketEvent.filter(ticket=ticket, kind=TicketEventKind.COMMENTED)
    return [event.text for event in events]


async def mails_to(address: str) -> list[OutboxMessage]:
    return await OutboxMessage.filter(channel=Channel.EMAIL, address=address).order_by("id")


# New tickets


async def test_a_mail_from_a_teacher_becomes_a_ticket_of_their_school(
    teacher: User, school: School, other_category: Category, now: clock.ManualClock
) -> None:
    record = await taken_in(mail(teacher, subject="Fwd: Drukarka w sekretariacie"))

    ticket = await Ticket.get(id=record.ticket_id)
    assert (record.outcome, record.reason) == (InboundOutcome.NEW_TICKET, InboundReason.NONE)
    assert (ticket.school_id, ticket.reporter_id, ticket.channel, ticket.category_id) == (
        school.id,
        teacher.id,
        Channel.EMAIL,
        other_category.id,
    )
    assert ticket.title == "Drukarka w sekretariacie"
    assert ticket.description == "Drukarka w sekretariacie wciąga po dwie kartki."


async def test_the_sender_of_a_new_ticket_is_told_its_number(
    teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    record = await taken_in(mail(teacher, message_id="<abc@szkola.example.pl>"))

    ticket = await Ticket.get(id=record.ticket_id)
    [answer] = await mails_to(teacher.email or "")
    assert answer.subject == f"[{ticket.number}] Drukarka w sekretariacie"
    assert f"zarejestrowane jako zgłoszenie {ticket.number}" in answer.body_text
    assert answer.payload == {"ticket_id": ticket.id, "in_reply_to": "<abc@szkola.example.pl>"}
    assert answer.recipient_id == teacher.id


async def test_a_mail_without_text_is_described_by_its_subject(
    teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    record = await taken_in(mail(teacher, subject="Brak internetu w sali 5", text=""))

    ticket = await Ticket.get(id=record.ticket_id)
    assert ticket.description == "Brak internetu w sali 5"


async def test_a_huge_text_is_cut_to_the_description_limit_with_a_note(
    teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    record = await taken_in(mail(teacher, text="Bardzo długi opis. " * 1000))

    ticket = await Ticket.get(id=record.ticket_id)
    assert len(ticket.description) <= 5000
    assert ticket.description.endswith("[Dalsza część wiadomości została obcięta.]")


async def test_a_user_without_a_school_cannot_open_a_ticket_by_mail(
    specialist: User, other_category: Category, now: clock.ManualClock
) -> None:
    record = await taken_in(mail(specialist))

    assert (record.outcome, record.reason) == (InboundOutcome.REJECTED, InboundReason.NO_SCHOOL)
    assert await Ticket.all().count() == 0


async def test_without_any_active_category_the_mail_is_kept_as_failed(
    teacher: User, now: clock.ManualClock
) -> None:
    await make_category(code="other", is_active=False)

    record = await taken_in(mail(teacher))

    assert (record.outcome, record.reason) == (InboundOutcome.FAILED, InboundReason.ERROR)
    assert "no active ticket category" in record.detail
    assert await Ticket.all().count() == 0
    assert await OutboxMessage.filter(channel=Channel.EMAIL).count() == 0


# Attachments


async def test_attached_files_become_ticket_attachments(
    teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    photo = MailFile("drukarka.jpg", "image/jpeg", b"\xff\xd8 zdjecie")

    record = await taken_in(mail(teacher, attachments=(photo,)))

    [attachment] = await TicketAttachment.filter(ticket_id=record.ticket_id)
    assert (attachment.filename, attachment.content_type, attachment.size_bytes) == (
        "drukarka.jpg",
        "image/jpeg",
        len(photo.content),
    )


async def test_a_file_over_the_limit_is_left_out_and_the_ticket_made_all_the_same(
    teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    big = MailFile("skan.pdf", "application/pdf", b"%" * (10 * 1024 * 1024 + 1))
    script = MailFile("naprawa.exe", "application/x-msdownload", b"MZ")

    record = await taken_in(mail(teacher, attachments=(big, script)))

    ticket = await Ticket.get(id=record.ticket_id)
    assert await TicketAttachment.filter(ticket=ticket).count() == 0
    assert "[Nie dołączono pliku skan.pdf: Plik skan.pdf jest większy niż 10 MB.]" in (
        ticket.description
    )
    assert "Nie dołączono pliku naprawa.exe" in ticket.description
    [answer] = await mails_to(teacher.email or "")
    assert "Tych plików nie dołączono:" in answer.body_text
    assert "skan.pdf" in answer.body_text
    assert "skan.pdf" in record.detail


# Replies


async def test_a_reply_to_our_own_message_id_is_a_comment_whatever_its_subject(
    report: Report, teacher: User, now: clock.ManualClock
) -> None:
    ticket = await report()
    await _sent_about(ticket, message_id="<sent-1@gmina.example.pl>")

    record = await taken_in(
        mail(
            teacher,
            subject="Re: odpowiedź",
            in_reply_to="<sent-1@gmina.example.pl>",
            text="Projektor dalej gaśnie.\n\nW dniu 17.11.2026 Helpdesk pisze:\n> Pytanie",
        )
    )

    assert (record.outcome, record.ticket_id) == (InboundOutcome.COMMENT, ticket.id)
    assert await comments_on(ticket) == ["Projektor dalej gaśnie."]


async def test_our_own_message_id_wins_over_a_number_in_the_subject(
    report: Report, teacher: User, now: clock.ManualClock
) -> None:
    replied_to = await report()
    named = await report(description="Drugi problem")
    await _sent_about(replied_to, message_id="<sent-2@gmina.example.pl>")

    record = await taken_in(
        mail(
            teacher,
            subject=f"Re: [{named.number}] Drugi problem",
            references="<other@x.pl> <sent-2@gmina.example.pl>",
            text="Uwaga do pierwszego.",
        )
    )

    assert record.ticket_id == replied_to.id
    assert await comments_on(named) == []


async def test_a_reply_carrying_the_tickets_thread_id_is_a_comment(
    report: Report, teacher: User, now: clock.ManualClock
) -> None:
    ticket = await report()
    thread_id = ticket_thread_id(
        ticket_id=ticket.id,
        number=ticket.number,
        secret_key=get_settings().secret_key,
        domain="gmina.example.pl",
    )

    record = await taken_in(mail(teacher, subject="Re: sprawa", references=thread_id))

    assert (record.outcome, record.ticket_id) == (InboundOutcome.COMMENT, ticket.id)


async def test_a_forged_thread_id_is_not_trusted(
    report: Report, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    ticket = await report()
    forged = f"<{ticket.number}.{'0' * 20}@gmina.example.pl>"

    record = await taken_in(mail(teacher, subject="Re: sprawa", references=forged))

    assert record.outcome is InboundOutcome.NEW_TICKET
    assert await comments_on(ticket) == []


async def test_the_reporter_answers_by_the_number_in_the_subject(
    report: Report, teacher: User, now: clock.ManualClock
) -> None:
    ticket = await report()

    record = await taken_in(mail(teacher, subject=f"RE: [{ticket.number}] Projektor"))

    assert (record.outcome, record.ticket_id) == (InboundOutcome.COMMENT, ticket.id)


async def test_the_director_of_the_school_answers_by_the_number_in_the_subject(
    report: Report, director: User, now: clock.ManualClock
) -> None:
    ticket = await report()

    record = await taken_in(mail(director, subject=f"[{ticket.number}] uwaga dyrektora"))

    assert (record.outcome, record.ticket_id) == (InboundOutcome.COMMENT, ticket.id)


async def test_a_number_in_the_subject_from_another_schools_teacher_opens_their_own_ticket(
    report: Report, other_category: Category, now: clock.ManualClock
) -> None:
    ticket = await report()
    elsewhere = await make_user(role=Role.TEACHER, school=await make_school())

    record = await taken_in(mail(elsewhere, subject=f"Re: [{ticket.number}] Projektor"))

    assert record.outcome is InboundOutcome.NEW_TICKET
    new_ticket = await Ticket.get(id=record.ticket_id)
    assert new_ticket.school_id == elsewhere.school_id
    assert await comments_on(ticket) == []


async def test_a_number_in_the_subject_from_a_stranger_changes_nothing(
    report: Report, now: clock.ManualClock
) -> None:
    ticket = await report()

    record = await taken_in(mail("ktos@obcy.example.com", subject=f"Re: [{ticket.number}] x"))

    assert (record.outcome, record.reason) == (
        InboundOutcome.REJECTED,
        InboundReason.UNKNOWN_SENDER,
    )
    assert await comments_on(ticket) == []


async def test_a_reply_with_only_the_quoted_mail_is_ignored_as_empty(
    report: Report, teacher: User, now: clock.ManualClock
) -> None:
    ticket = await report()

    record = await taken_in(
        mail(teacher, subject=f"Re: [{ticket.number}] x", text="> Czy projektor działa?")
    )

    assert (record.outcome, record.reason) == (InboundOutcome.IGNORED, InboundReason.EMPTY)
    assert await comments_on(ticket) == []


async def test_a_reply_with_a_file_adds_it_to_the_ticket(
    report: Report, teacher: User, now: clock.ManualClock
) -> None:
    ticket = await report()
    photo = MailFile("ekran.png", "image/png", b"\x89PNG zrzut")

    await taken_in(mail(teacher, subject=f"Re: [{ticket.number}] x", attachments=(photo,)))

    assert [a.filename for a in await TicketAttachment.filter(ticket=ticket)] == ["ekran.png"]


# Resolved and closed tickets


async def test_a_thank_you_on_a_resolved_ticket_is_recorded_without_reopening_it(
    report: Report, teacher: User, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await bring_to(await report(), TicketStatus.RESOLVED, actor=specialist)

    record = await taken_in(
        mail(teacher, subject=f"Re: [{ticket.number}] x", text="Dziękuję bardzo!\nAnna")
    )

    await ticket.refresh_from_db()
    assert (record.outcome, ticket.status) == (InboundOutcome.COURTESY, TicketStatus.RESOLVED)
    assert await comments_on(ticket) == ["Dziękuję bardzo!\nAnna"]


async def test_a_thank_you_on_a_closed_ticket_is_only_recorded(
    report: Report, teacher: User, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await bring_to(await report(), TicketStatus.CLOSED, actor=specialist)
    events_before = await TicketEvent.filter(ticket=ticket).count()

    record = await taken_in(mail(teacher, subject=f"Re: [{ticket.number}] x", text="dzieki :)"))

    await ticket.refresh_from_db()
    assert (record.outcome, record.ticket_id) == (InboundOutcome.COURTESY, ticket.id)
    assert ticket.status is TicketStatus.CLOSED
    assert await TicketEvent.filter(ticket=ticket).count() == events_before


async def test_the_reporter_saying_it_is_still_broken_reopens_a_resolved_ticket(
    report: Report, teacher: User, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await bring_to(await report(), TicketStatus.RESOLVED, actor=specialist)

    record = await taken_in(
        mail(teacher, subject=f"Re: [{ticket.number}] x", text="Dziękuję, ale nadal nie działa.")
    )

    await ticket.refresh_from_db()
    assert record.outcome is InboundOutcome.REOPENED
    assert ticket.status is TicketStatus.ASSIGNED
    assert ticket.reopen_count == 1


async def test_the_reporter_writing_to_a_closed_ticket_reopens_it(
    report: Report, teacher: User, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await bring_to(await report(), TicketStatus.CLOSED, actor=specialist)

    record = await taken_in(
        mail(teacher, subject=f"Re: [{ticket.number}] x", text="Znowu to samo.")
    )

    await ticket.refresh_from_db()
    assert (record.outcome, ticket.status) == (InboundOutcome.REOPENED, TicketStatus.ASSIGNED)


async def test_a_director_writing_to_a_closed_ticket_opens_a_new_one(
    report: Report,
    director: User,
    specialist: User,
    other_category: Category,
    now: clock.ManualClock,
) -> None:
    ticket = await bring_to(await report(), TicketStatus.CLOSED, actor=specialist)

    record = await taken_in(mail(director, subject=f"Re: [{ticket.number}] x", text="Znowu."))

    assert record.outcome is InboundOutcome.NEW_TICKET
    assert record.ticket_id != ticket.id


# Strangers and allowed domains


async def test_a_stranger_gets_one_polite_answer_a_day(
    school: School, now: clock.ManualClock
) -> None:
    stranger = "rodzic@poczta.example.com"

    first = await taken_in(mail(stranger))
    await taken_in(mail(stranger))
    now.set(warsaw(2026, 11, 18, 9, 0))
    await taken_in(mail(stranger))

    assert (first.outcome, first.reason) == (InboundOutcome.REJECTED, InboundReason.UNKNOWN_SENDER)
    answers = await mails_to(stranger)
    assert [answer.created_at.date() for answer in answers] == [
        dt.date(2026, 11, 17),
        dt.date(2026, 11, 18),
    ]
    assert answers[0].subject == "Re: Drukarka w sekretariacie"
    assert "nie została zarejestrowana" in answers[0].body_text
    assert await Ticket.all().count() == 0


async def test_an_inactive_user_is_a_stranger(
    teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    teacher.is_active = False
    await teacher.save()

    record = await taken_in(mail(teacher))

    assert record.reason is InboundReason.UNKNOWN_SENDER
    assert await Ticket.all().count() == 0


async def test_the_sender_is_found_whatever_the_case_of_the_address(
    teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    record = await taken_in(mail((teacher.email or "").upper()))

    assert record.outcome is InboundOutcome.NEW_TICKET


async def test_a_sender_at_an_allowed_domain_gets_an_account_and_a_ticket(
    school: School,
    other_category: Category,
    monkeypatch: pytest.MonkeyPatch,
    now: clock.ManualClock,
) -> None:
    monkeypatch.setattr(get_settings(), "imap_allowed_domains", {"sp7.example.pl": school.code})

    record = await taken_in(mail("nowa.nauczycielka@sp7.example.pl", sender_name="Ewa Nowak"))

    user = await User.get(email="nowa.nauczycielka@sp7.example.pl")
    ticket = await Ticket.get(id=record.ticket_id)
    assert (user.full_name, user.role, user.school_id) == ("Ewa Nowak", Role.TEACHER, school.id)
    assert (ticket.reporter_id, ticket.school_id) == (user.id, school.id)


# Noise


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"auto_submitted": "auto-replied"}, InboundReason.AUTO_REPLY),
        ({"autoreply_header": True}, InboundReason.AUTO_REPLY),
        ({"subject": "Odpowiedź automatyczna: Drukarka"}, InboundReason.AUTO_REPLY),
        ({"subject": "Automatic reply: Drukarka"}, InboundReason.AUTO_REPLY),
        ({"report_type": "disposition-notification"}, InboundReason.AUTO_REPLY),
        ({"precedence": "bulk"}, InboundReason.BULK),
        ({"list_id": "<nauczyciele.sp1.example.pl>"}, InboundReason.BULK),
        ({"report_type": "delivery-status"}, InboundReason.BOUNCE),
        ({"sender": "MAILER-DAEMON@poczta.example.pl"}, InboundReason.BOUNCE),
        ({"return_path": ""}, InboundReason.BOUNCE),
        ({"sender": HELPDESK.upper()}, InboundReason.OWN_ADDRESS),
        ({"spam_flag": True}, InboundReason.SPAM),
    ],
)
async def test_noise_is_ignored_and_counted_by_reason(
    teacher: User,
    other_category: Category,
    now: clock.ManualClock,
    fields: dict[str, Any],
    reason: InboundReason,
) -> None:
    record = await taken_in(mail(teacher, **fields))

    assert (record.outcome, record.reason) == (InboundOutcome.IGNORED, reason)
    assert await Ticket.all().count() == 0
    assert await OutboxMessage.all().count() == 0


async def test_auto_submitted_no_is_a_person_writing(
    teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    record = await taken_in(mail(teacher, auto_submitted="no"))

    assert record.outcome is InboundOutcome.NEW_TICKET


# Exactly once


async def test_a_place_taken_in_twice_is_acted_on_once(
    teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    parsed = mail(teacher)

    first = await taken_in(parsed, uid=500)
    again = await taken_in(parsed, uid=500)

    assert again.id == first.id
    assert await Ticket.all().count() == 1
    assert await InboundMessage.all().count() == 1


async def test_the_same_message_delivered_twice_makes_one_ticket(
    teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    parsed = mail(teacher, message_id="<twice@szkola.example.pl>")

    await taken_in(parsed)
    second = await taken_in(parsed)

    assert (second.outcome, second.reason) == (InboundOutcome.IGNORED, InboundReason.DUPLICATE)
    assert await Ticket.all().count() == 1


async def _sent_about(ticket: Ticket, *, message_id: str) -> None:
    """A ticket e-mail as the outbound sender leaves it: sent, with its Message-ID."""
    await OutboxMessage.create(
        channel=Channel.EMAIL,
        address="ktos@szkola.example.pl",
        subject=f"[{ticket.number}] {ticket.title}",
        body_text="…",
        payload={"ticket_id": ticket.id},
        provider_message_id=message_id,
        next_attempt_at=clock.now(),
        created_at=clock.now(),
    )


def test_allowed_domains_are_configured_as_domain_and_school_code_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HDR_IMAP_ALLOWED_DOMAINS", "SP7.example.pl=sp7, @sp8.example.pl = sp8")

    assert load_settings(env_file=None).imap_allowed_domains == {
        "sp7.example.pl": "sp7",
        "sp8.example.pl": "sp8",
    }


def test_an_allowed_domain_without_its_school_stops_the_start_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HDR_IMAP_ALLOWED_DOMAINS", "sp7.example.pl")

    with pytest.raises(ConfigurationError, match="HDR_IMAP_ALLOWED_DOMAINS: write each entry"):
        load_settings(env_file=None)
