"""`HDR_IMAP_URL` names the mailbox: scheme, login, host, port and folder."""

from __future__ import annotations

import pytest

from bot.email.imap import MailboxAddress


def test_an_imaps_url_of_a_hosted_mailbox() -> None:
    address = MailboxAddress.from_url(
        "imaps://helpdesk%40gmina.example.pl:p%40ss%2Fword@imap.example.pl/Zg%C5%82oszenia"
    )

    assert address == MailboxAddress(
        host="imap.example.pl",
        port=993,
        tls=True,
        user="helpdesk@gmina.example.pl",
        password="p@ss/word",
        folder="Zgłoszenia",
    )
    assert address.key == "helpdesk@gmina.example.pl@imap.example.pl/Zgłoszenia"
    assert "p@ss/word" not in repr(address)


def test_a_plain_imap_url_defaults_to_port_143_and_the_inbox() -> None:
    address = MailboxAddress.from_url("imap://user:secret@127.0.0.1")

    assert (address.port, address.tls, address.folder) == (143, False, "INBOX")


@pytest.mark.parametrize(
    "url",
    ["pop3://user:secret@host/INBOX", "imaps://host/INBOX", "imaps://user@host/INBOX"],
)
def test_a_url_that_is_no_imap_mailbox_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="HDR_IMAP_URL"):
        MailboxAddress.from_url(url)
