"""Signed links that answer a reminder from an e-mail, without logging in.

A reminder e-mail carries three links, one for each answer: Done, Snooze and Problem. Each
is `{HDR_BASE_URL}/odpowiedz/{token}` (ANSWER_PATH), the one-page answer form of the web
application: opening it shows what the link will do and asks for what the answer needs (how
long to snooze, what the problem is); only sending the form records the answer, so a mail
scanner that opens every link changes nothing.

The token names one reminder, the person it was sent to and one answer, and nothing else:
it cannot answer another reminder, answer as someone else, or give another answer. It is
signed with `HDR_SECRET_KEY` (itsdangerous), names its purpose (a token signed with
LINK_SALT for another kind of link is refused) and carries the moment it was made, after
which it works for ANSWER_LINK_VALIDITY; a newer reminder brings new links.

`answer_by_link` records what a link says, through `core.obligations.answers` (with the
same checks: the person must still be active and allowed to answer; a done or cancelled
obligation takes no other answer). A link does its one thing once: used again after its
answer is recorded, it changes nothing and returns that answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from itsdangerous.timed import TimestampSigner
from tortoise.transactions import in_transaction

from core import clock
from core.config import get_settings
from core.errors import DomainError, NotFound
from core.i18n import mark, translate
from core.models import AnswerKind, Channel, Obligation, Reminder, ReminderAnswer, User
from core.obligations.answers import RecordedAnswer, mark_done, report_problem, snooze

ANSWER_PATH: Final = "/odpowiedz/"
"""The web route of the answer form; the token follows it."""

ANSWER_LINK_VALIDITY: Final = dt.timedelta(days=14)
"""How long a link works: from the earliest reminder (two weeks ahead) to the due date."""

LINK_SALT: Final = "hdr-desk.mail-link"
"""What every signed link in e-mails is signed with; each kind names its own purpose."""

PURPOSE: Final = "reminder-answer"
_ANSWERS: Final = frozenset(kind.value for kind in AnswerKind)

LINK_LABELS: Final = {
    AnswerKind.DONE: mark("Completed"),
    AnswerKind.SNOOZE: mark("Snooze"),
    AnswerKind.PROBLEM: mark("Problem"),
}
"""The label of each answer's link, in the order the e-mail lists them."""


@dataclass(frozen=True)
class AnswerLink:
    """What a link answers: reminder `reminder_id`, as user `user_id`, with `answer`."""

    reminder_id: int
    user_id: int
    answer: AnswerKind


class AnswerLinkError(DomainError):
    """The link cannot be used; nothing was changed."""


class AnswerLinkExpired(AnswerLinkError):
    """The link was genuine but is too old."""


class AnswerLinkInvalid(AnswerLinkError):
    """The link was not made by hdr-desk, or was changed or cut on the way."""


class AnswerLinkWrongPurpose(AnswerLinkError):
    """The link was made by hdr-desk, for something else than answering a reminder."""


EXPIRED: Final = mark("This link has expired. Please use the links in the latest reminder.")
INVALID: Final = mark(
    "This link is not valid: it may have been cut or changed. Please open it again from the e-mail."
)
WRONG_PURPOSE: Final = mark("This link is not for answering a reminder.")


class _ClockSigner(TimestampSigner):
    """Dates tokens by `core.clock`, so expiry follows the clock the rest of hdr-desk uses."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt=LINK_SALT, signer=_ClockSigner)


def answer_link_token(link: AnswerLink) -> str:
    """The signed token of `link`, dated now."""
    return _serializer().dumps([PURPOSE, link.reminder_id, link.user_id, link.answer.value])


def answer_link_url(link: AnswerLink) -> str:
    """The address of the answer form for `link`."""
    return get_settings().base_url.rstrip("/") + ANSWER_PATH + answer_link_token(link)


def email_answer_links(*, reminder_id: int, user_id: int, locale: str) -> list[dict[str, str]]:
    """The answer links of a reminder e-mail in the outbox payload's form (see
    `bot.email.compose`): Done, Snooze, Problem, labelled in `locale`."""
    return [
        {
            "label": translate(label, locale),
            "url": answer_link_url(AnswerLink(reminder_id, user_id, answer)),
        }
        for answer, label in LINK_LABELS.items()
    ]


def verify_answer_link(token: str) -> AnswerLink:
    """What the link with `token` answers. Raises AnswerLinkExpired, AnswerLinkInvalid (not
    signed with our key, changed, cut, malformed) or AnswerLinkWrongPurpose."""
    max_age = int(ANSWER_LINK_VALIDITY.total_seconds())
    try:
        data: Any = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise AnswerLinkExpired(EXPIRED) from None
    except BadSignature:
        raise AnswerLinkInvalid(INVALID) from None
    if not isinstance(data, list) or not data:
        raise AnswerLinkInvalid(INVALID)
    if data[0] != PURPOSE:
        raise AnswerLinkWrongPurpose(WRONG_PURPOSE)
    match data:
        case [_, int(reminder_id), int(user_id), str(answer)] if answer in _ANSWERS:
            return AnswerLink(reminder_id, user_id, AnswerKind(answer))
    raise AnswerLinkInvalid(INVALID)


async def answer_by_link(token: str, *, snooze_days: int = 0, comment: str = "") -> RecordedAnswer:
    """Records the answer the link with `token` names, as its person, by e-mail:
    `snooze_days` (1, 3 or 7) for Snooze, `comment` for Problem.

    Raises as `verify_answer_link`; NotFound when the person's account is gone; otherwise as
    `core.obligations.answers` (InvalidInput for a bad snooze or comment, PermissionDenied,
    IllegalTransition). Once the link's answer is recorded, using it again returns that
    answer with `already_recorded` and changes nothing, whatever it is sent with.
    """
    link = verify_answer_link(token)
    user = await User.get_or_none(id=link.user_id)
    if user is None:
        raise NotFound("This reminder no longer exists, so there is nothing to answer.")
    async with in_transaction():
        reminder = await Reminder.get_or_none(id=link.reminder_id).select_related("obligation")
        if reminder is None:
            raise NotFound("This reminder no longer exists, so there is nothing to answer.")
        # Locked as an answer locks it, so that a link sent twice at once records once.
        await Obligation.select_for_update().get(id=reminder.obligation.id)
        used = await recorded_answer(link)
        if used is not None:
            return used
        return await _record(link, user, snooze_days=snooze_days, comment=comment)


async def recorded_answer(link: AnswerLink) -> RecordedAnswer | None:
    """The answer `link` has already recorded (`already_recorded`), or None."""
    used = (
        await ReminderAnswer.filter(
            reminder_id=link.reminder_id, user_id=link.user_id, answer=link.answer
        )
        .select_related("obligation")
        .first()
    )
    return None if used is None else RecordedAnswer(used, used.obligation, already_recorded=True)


async def _record(
    link: AnswerLink, user: User, *, snooze_days: int, comment: str
) -> RecordedAnswer:
    reminder_id, channel = link.reminder_id, Channel.EMAIL
    if link.answer is AnswerKind.DONE:
        return await mark_done(reminder_id=reminder_id, user=user, channel=channel)
    if link.answer is AnswerKind.SNOOZE:
        return await snooze(reminder_id=reminder_id, user=user, channel=channel, days=snooze_days)
    return await report_problem(
        reminder_id=reminder_id, user=user, channel=channel, comment=comment
    )
