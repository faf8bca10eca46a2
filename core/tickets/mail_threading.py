"""How ticket e-mails form one thread, and how a reply is traced back to its ticket.

Every e-mail about a ticket refers (`References`) to the ticket's thread id,
`<IT-2026-0042.3f9c…@domain>`. The part after the number is a keyed hash of the ticket's
id, so only someone who received a ticket mail knows it: a reply carrying it in
`In-Reply-To` or `References` is traced to the ticket whoever sends it, while a number
typed into a subject could be anyone's guess and is trusted only from people of the
ticket's school (see the inbound rules).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Final

TICKET_NUMBER_IN_SUBJECT: Final = re.compile(r"\[(IT-\d{4}-\d{4,})\]")
"""A ticket number in brackets, as every ticket e-mail's subject carries it."""

_THREAD_ID: Final = re.compile(r"<(IT-\d{4}-\d{4,})\.([0-9a-f]{20})@[^<>\s]+>")
_DIGEST_CHARS: Final = 20


def ticket_thread_id(*, ticket_id: int, number: str, secret_key: str, domain: str) -> str:
    """The Message-ID-shaped thread id of ticket `number` (database id `ticket_id`)."""
    return f"<{number}.{_thread_digest(ticket_id, secret_key)}@{domain}>"


def ticket_numbers_in_thread_ids(header_values: str) -> list[str]:
    """The ticket numbers of the thread ids found in `header_values` (an `In-Reply-To` or
    `References` header, or both joined), in order of appearance. Whether each id is
    genuine is checked by `is_genuine_thread_id`, which needs the ticket's database id."""
    return [match.group(1) for match in _THREAD_ID.finditer(header_values)]


def is_genuine_thread_id(
    header_values: str, *, ticket_id: int, number: str, secret_key: str
) -> bool:
    """Whether `header_values` hold the thread id of ticket `number` with its right digest."""
    expected = _thread_digest(ticket_id, secret_key)
    return any(
        match.group(1) == number and hmac.compare_digest(match.group(2), expected)
        for match in _THREAD_ID.finditer(header_values)
    )


def _thread_digest(ticket_id: int, secret_key: str) -> str:
    key = f"ticket-mail-thread:{secret_key}".encode()
    return hmac.new(key, str(ticket_id).encode(), hashlib.sha256).hexdigest()[:_DIGEST_CHARS]
