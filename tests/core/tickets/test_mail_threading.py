"""Ticket thread ids: what every ticket e-mail refers to, and how a reply is traced back."""

from __future__ import annotations

import re

from core.tickets.mail_threading import (
    TICKET_NUMBER_IN_SUBJECT,
    is_genuine_thread_id,
    ticket_numbers_in_thread_ids,
    ticket_thread_id,
)

KEY = "a-secret-key-of-the-deployment-0123456789"
DOMAIN = "lubartow.example.pl"


def _thread(ticket_id: int = 42, number: str = "IT-2026-0042", key: str = KEY) -> str:
    return ticket_thread_id(ticket_id=ticket_id, number=number, secret_key=key, domain=DOMAIN)


def test_a_thread_id_is_a_message_id_naming_the_ticket_under_the_mail_domain() -> None:
    assert re.fullmatch(r"<IT-2026-0042\.[0-9a-f]{20}@lubartow\.example\.pl>", _thread())


def test_a_ticket_has_one_thread_id_and_other_tickets_other_ones() -> None:
    assert _thread() == _thread()
    assert _thread(ticket_id=43, number="IT-2026-0043") != _thread()


def test_the_thread_id_depends_on_the_secret_key() -> None:
    assert _thread(key="another-deployment-key-9876543210") != _thread()


def test_a_reply_carrying_the_thread_id_is_genuine() -> None:
    references = f"<CAF=abc@mail.gmail.com> {_thread()}"

    assert is_genuine_thread_id(references, ticket_id=42, number="IT-2026-0042", secret_key=KEY)


def test_a_thread_id_folded_onto_its_own_line_is_still_found() -> None:
    references = f"<first@mail.example.pl>\r\n {_thread()}\r\n <last@mail.example.pl>"

    assert ticket_numbers_in_thread_ids(references) == ["IT-2026-0042"]
    assert is_genuine_thread_id(references, ticket_id=42, number="IT-2026-0042", secret_key=KEY)


def test_a_thread_id_made_up_for_a_ticket_number_is_not_genuine() -> None:
    forged = f"<IT-2026-0042.{'0' * 20}@{DOMAIN}>"

    assert ticket_numbers_in_thread_ids(forged) == ["IT-2026-0042"]
    assert not is_genuine_thread_id(forged, ticket_id=42, number="IT-2026-0042", secret_key=KEY)


def test_another_tickets_digest_under_this_number_is_not_genuine() -> None:
    borrowed = _thread(ticket_id=7, number="IT-2026-0042")

    assert not is_genuine_thread_id(borrowed, ticket_id=42, number="IT-2026-0042", secret_key=KEY)


def test_a_genuine_thread_id_is_genuine_only_for_its_own_number() -> None:
    assert not is_genuine_thread_id(_thread(), ticket_id=42, number="IT-2026-0041", secret_key=KEY)


def test_the_numbers_of_several_thread_ids_come_in_order_of_appearance() -> None:
    references = " ".join(
        [
            _thread(ticket_id=9, number="IT-2026-0009"),
            "<x@y.pl>",
            _thread(),
            _thread(7, "IT-2027-10000"),
        ]
    )

    assert ticket_numbers_in_thread_ids(references) == [
        "IT-2026-0009",
        "IT-2026-0042",
        "IT-2027-10000",
    ]


def test_ordinary_message_ids_hold_no_ticket_number() -> None:
    assert ticket_numbers_in_thread_ids("<hdr.0123456789abcdef01234567@lubartow.example.pl>") == []


def test_the_ticket_number_is_found_in_a_reply_subject() -> None:
    match = TICKET_NUMBER_IN_SUBJECT.search("Re: Odp: [IT-2026-0042] Projektor w sali 12")

    assert match is not None
    assert match.group(1) == "IT-2026-0042"
