"""The coordinator's reminder policies: adding one and changing its settings.

A policy is typed as text (`PolicyDraft`, e.g. the offsets as "14, 7, 3, 1, 0") and every
field is checked before anything is written; a refusal names each bad field
(`PolicyRefused.problems`). A policy's code is its name in the system and never changes
(the default policy is found by it). Changing the settings of a policy plans again, in the
same transaction, the scheduled reminders of every unfinished obligation under it
(`core.obligations.administration`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, TypeVar

from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from core.models import Obligation, ReminderPolicy, User
from core.obligations.administration import replan_obligations_of, require_coordinator
from core.obligations.reminders import REMINDED_STATUSES, policy_rules

logger = logging.getLogger(__name__)

CODE_LIMIT: Final = 32
NAME_LIMIT: Final = 200
MOST_OFFSETS: Final = 10
LONGEST_OFFSET_DAYS: Final = 365
LONGEST_OVERDUE_PAUSE: Final = 60
"""Working days; the limit of both the overdue interval and the escalation delay."""
_CODE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TIME: Final = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_T = TypeVar("_T")


@dataclass(frozen=True)
class PolicyDraft:
    """A policy as typed into the form; `code` is read only when the policy is added."""

    code: str = ""
    name: str = ""
    offsets_days: str = ""
    overdue_every_working_days: str = ""
    escalate_after_overdue_days: str = ""
    window_start: str = ""
    window_end: str = ""

    @classmethod
    def of(cls, policy: ReminderPolicy) -> PolicyDraft:
        """The draft that shows `policy`'s settings as they are."""
        rules = policy_rules(policy)
        return cls(
            code=policy.code,
            name=policy.name,
            offsets_days=", ".join(str(days) for days in rules.offsets_days),
            overdue_every_working_days=str(rules.overdue_every_working_days),
            escalate_after_overdue_days=str(rules.escalate_after_overdue_days),
            window_start=f"{rules.window_start:%H:%M}",
            window_end=f"{rules.window_end:%H:%M}",
        )


class PolicyRefused(InvalidInput):
    """Some fields of a policy are wrong: `problems` holds the reason for each, by field
    name (the `PolicyDraft` attribute); the error itself reads as the first."""

    def __init__(self, problems: dict[str, InvalidInput]) -> None:
        first = next(iter(problems.values()))
        super().__init__(first.message, **first.params)
        self.problems = problems


@dataclass(frozen=True)
class _Settings:
    name: str
    offsets_days: list[int]
    overdue_every_working_days: int
    escalate_after_overdue_days: int
    window_start: dt.time
    window_end: dt.time


async def create_policy(draft: PolicyDraft, *, actor: User) -> ReminderPolicy:
    """A new policy with the settings of `draft`.

    Raises PermissionDenied unless `actor` is an active coordinator; PolicyRefused for a
    code that is not a slug of lowercase letters, digits and hyphens or is taken, and for
    any setting `change_policy_settings` refuses."""
    require_coordinator(actor)
    problems: dict[str, InvalidInput] = {}
    code = draft.code.strip()
    if not code:
        problems["code"] = InvalidInput("Give the policy a code, e.g. short-deadlines.")
    elif len(code) > CODE_LIMIT or not _CODE.fullmatch(code):
        problems["code"] = InvalidInput(
            "The code is lowercase letters, digits and hyphens, at most {limit} characters.",
            limit=CODE_LIMIT,
        )
    elif await ReminderPolicy.exists(code=code):
        problems["code"] = InvalidInput("The code {code} is taken by another policy.", code=code)
    settings = _checked(draft, problems)
    if settings is None or problems:
        raise PolicyRefused(problems)
    policy = await ReminderPolicy.create(code=code, **vars(settings))
    logger.info("User %s added reminder policy %s", actor.id, policy.code)
    return policy


async def change_policy_settings(policy: ReminderPolicy, draft: PolicyDraft, *, actor: User) -> int:
    """Gives `policy` the settings of `draft` (not its code) and plans again the scheduled
    reminders of the unfinished obligations under it, all in one transaction; returns how
    many obligations that was.

    Raises PermissionDenied unless `actor` is an active coordinator; PolicyRefused for an
    empty or too long name, offsets that are not whole days from 0 to 365 separated by
    commas (none, repeated, or more than ten of them), an overdue interval below 1 or an
    escalation delay below 0 working days (either above 60), a time that is not HH:MM, or a
    window that does not end after it starts."""
    require_coordinator(actor)
    problems: dict[str, InvalidInput] = {}
    settings = _checked(draft, problems)
    if settings is None:
        raise PolicyRefused(problems)
    async with in_transaction():
        locked = await ReminderPolicy.select_for_update().get(id=policy.id)
        for name, value in vars(settings).items():
            setattr(locked, name, value)
        await locked.save()
        replanned = await replan_obligations_of(locked)
    logger.info(
        "User %s changed reminder policy %s; %s obligations planned again",
        actor.id,
        locked.code,
        replanned,
    )
    return replanned


async def open_obligations_under(policy: ReminderPolicy) -> int:
    """How many unfinished obligations `policy` reminds of."""
    return await Obligation.filter(policy_id=policy.id, status__in=REMINDED_STATUSES).count()


def parse_offsets(text: str) -> list[int]:
    """The days before the due date typed as "14, 7, 3, 1, 0", longest first.

    Raises InvalidInput (field "offsets_days") as `change_policy_settings` describes."""
    parts = [part.strip() for part in text.replace(";", ",").split(",")]
    if parts == [""]:
        raise InvalidInput(
            "Give at least one day before the due date, e.g. 14, 7, 3, 1, 0.",
            field="offsets_days",
        )
    if not all(part.isdigit() and int(part) <= LONGEST_OFFSET_DAYS for part in parts):
        raise InvalidInput(
            "Give whole days from 0 to {limit} separated by commas, e.g. 14, 7, 3, 1, 0.",
            limit=LONGEST_OFFSET_DAYS,
            field="offsets_days",
        )
    offsets = [int(part) for part in parts]
    if len(set(offsets)) != len(offsets):
        raise InvalidInput("Each day may be given once.", field="offsets_days")
    if len(offsets) > MOST_OFFSETS:
        raise InvalidInput(
            "At most {limit} reminders before the due date.",
            limit=MOST_OFFSETS,
            field="offsets_days",
        )
    return sorted(offsets, reverse=True)


def _checked(draft: PolicyDraft, problems: dict[str, InvalidInput]) -> _Settings | None:
    """The settings of `draft`, or None with the reason for each bad field in `problems`."""
    name = " ".join(draft.name.split())
    if not name:
        problems["name"] = InvalidInput("The policy needs a name.")
    elif len(name) > NAME_LIMIT:
        problems["name"] = InvalidInput(
            "The name is too long (at most {limit} characters).", limit=NAME_LIMIT
        )
    offsets = _field(problems, "offsets_days", parse_offsets, draft.offsets_days)
    overdue_every = _field(
        problems, "overdue_every_working_days", _working_days, draft.overdue_every_working_days, 1
    )
    # Escalation comes after the due date has passed, so at least one working day later.
    escalate_after = _field(
        problems, "escalate_after_overdue_days", _working_days, draft.escalate_after_overdue_days, 1
    )
    start = _field(problems, "window_start", _time_of_day, draft.window_start)
    end = _field(problems, "window_end", _time_of_day, draft.window_end)
    if start is not None and end is not None and end <= start:
        problems["window_end"] = InvalidInput(
            "The window must end after it starts ({start}).", start=f"{start:%H:%M}"
        )
    if (
        problems
        or offsets is None
        or overdue_every is None
        or escalate_after is None
        or start is None
        or end is None
    ):
        return None
    return _Settings(name, offsets, overdue_every, escalate_after, start, end)


def _field(
    problems: dict[str, InvalidInput], name: str, parse: Callable[..., _T], *args: object
) -> _T | None:
    """`parse(*args)`, or None with its refusal in `problems` under `name`."""
    try:
        return parse(*args)
    except InvalidInput as error:
        problems[name] = error
        return None


def _working_days(text: str, least: int) -> int:
    text = text.strip()
    if not text.isdigit() or not least <= int(text) <= LONGEST_OVERDUE_PAUSE:
        raise InvalidInput(
            "Give a whole number of working days from {least} to {most}.",
            least=least,
            most=LONGEST_OVERDUE_PAUSE,
        )
    return int(text)


def _time_of_day(text: str) -> dt.time:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise InvalidInput("Give the time as HH:MM, e.g. 08:00.")
    return dt.time(int(match.group(1)), int(match.group(2)))
