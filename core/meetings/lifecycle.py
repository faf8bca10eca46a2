"""A meeting's course as the coordinator runs it, and the obligations each step creates.

- Opening the call for agenda items (PLANNED → AGENDA_OPEN) gives every active school an
  obligation for its director, due the day the call closes. A director who proposes an item
  has answered it (`agenda.propose_agenda_item` marks it done); one with nothing to propose
  answers Done to the reminder.
- The coordinator accepts or rejects each proposed item and orders the accepted ones.
- Publishing the agenda (AGENDA_OPEN → AGENDA_PUBLISHED) needs every item decided. It
  cancels the call's unanswered obligations, sends the agenda through the outbox to every
  active director and participant, and gives each school with an accepted item an
  obligation to prepare it, due the day of the meeting.
- Recording the minutes (the meeting has started → HELD) stores them with their action
  items; each action item becomes an obligation of its owner, due its date, and answering
  Done to its reminder marks the action item done.

Moving and cancelling a meeting are in `core.meetings.changes`.

Every step is for the coordinator alone and is one transaction: refused, it writes nothing.
Obligation titles are stored in Polish, like the other generated obligations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from core import clock
from core.calendar.configured import configured_calendar
from core.errors import IllegalTransition, InvalidInput, NotFound, PermissionDenied
from core.i18n import translate
from core.meetings.agenda import checked_title
from core.models import (
    ActionItem,
    AgendaItem,
    AgendaItemStatus,
    Meeting,
    MeetingStatus,
    Obligation,
    ObligationKind,
    ObligationStatus,
    Role,
    School,
    User,
)
from core.obligations.policies import install_default_policy
from core.outbox import enqueue_message
from core.people.addresses import reachable_address
from core.people.roles import is_active_coordinator

MINUTES_LIMIT = 20_000
"""Minutes longer than this belong in an attached document."""
UNFINISHED = (ObligationStatus.OPEN, ObligationStatus.SNOOZED, ObligationStatus.PROBLEM)


@dataclass(frozen=True)
class ActionItemDraft:
    """An action item as the coordinator writes it into the minutes."""

    title: str
    owner_id: int
    due_date: dt.date


async def open_agenda_call(meeting: Meeting, *, actor: User, closes_at: dt.datetime) -> Meeting:
    """Opens `meeting`'s call for agenda items until `closes_at`. Raises PermissionDenied
    for anyone but the coordinator, IllegalTransition unless the meeting is PLANNED,
    InvalidInput unless `closes_at` lies between now and the meeting's start."""
    require_coordinator(actor)
    if not clock.now() < closes_at <= meeting.starts_at:
        raise InvalidInput("The call must close after now and no later than the meeting starts.")
    async with in_transaction():
        current = await _locked(meeting, expected=MeetingStatus.PLANNED)
        current.status = MeetingStatus.AGENDA_OPEN
        current.agenda_call_deadline = closes_at
        await current.save()
        policy = await install_default_policy()
        for school in await School.filter(is_active=True).order_by("code"):
            await Obligation.create(
                source_key=f"meeting:{current.id}:agenda-call:{school.code}",
                kind=ObligationKind.AGENDA_CALL,
                title=f"Propozycje punktów porządku: {current.title}",
                description=f"Zgłoszenia przyjmowane do {in_gmina_time(closes_at):%d.%m.%Y %H:%M}.",
                school=school,
                assignee_role=Role.DIRECTOR,
                due_date=in_gmina_time(closes_at).date(),
                meeting=current,
                policy=policy,
                created_at=clock.now(),
            )
    return current


async def decide_agenda_item(
    item: AgendaItem, *, actor: User, accept: bool, position: int | None = None
) -> AgendaItem:
    """Accepts (at `position` on the agenda, last when None) or rejects a proposed item of a
    meeting whose agenda is not yet published."""
    require_coordinator(actor)
    async with in_transaction():
        meeting = await Meeting.select_for_update().get(id=item.meeting_id)
        if meeting.status is not MeetingStatus.AGENDA_OPEN:
            raise IllegalTransition("The agenda of “{meeting}” is settled.", meeting=meeting.title)
        if accept and position is None:
            accepted = AgendaItem.filter(meeting=meeting, status=AgendaItemStatus.ACCEPTED)
            position = await accepted.exclude(id=item.id).count() + 1
        item.status = AgendaItemStatus.ACCEPTED if accept else AgendaItemStatus.REJECTED
        item.position = position if accept else None
        await item.save()
    return item


async def publish_agenda(meeting: Meeting, *, actor: User) -> Meeting:
    """Publishes `meeting`'s agenda; see the module docstring. Raises IllegalTransition
    when the call is not open or some item is still undecided."""
    require_coordinator(actor)
    async with in_transaction():
        current = await _locked(meeting, expected=MeetingStatus.AGENDA_OPEN)
        undecided = await AgendaItem.filter(
            meeting=current, status=AgendaItemStatus.PROPOSED
        ).count()
        if undecided:
            raise IllegalTransition(
                "Accept or reject every proposed item first ({count} still undecided).",
                count=undecided,
            )
        current.status = MeetingStatus.AGENDA_PUBLISHED
        current.agenda_published_at = clock.now()
        await current.save()
        await Obligation.filter(
            meeting=current, kind=ObligationKind.AGENDA_CALL, status__in=UNFINISHED
        ).update(status=ObligationStatus.CANCELLED)
        items = await AgendaItem.filter(meeting=current, status=AgendaItemStatus.ACCEPTED).order_by(
            "position", "id"
        )
        await _create_preparation_obligations(current, items)
        await _send_agenda(current, items)
    return current


async def record_minutes(
    meeting: Meeting, *, actor: User, minutes: str, action_items: Sequence[ActionItemDraft]
) -> list[ActionItem]:
    """Records the minutes of a meeting that has started and its action items, each an
    obligation of its owner. Raises InvalidInput for empty or too long minutes, a bad title,
    an owner who is not an active user, or a due date in the past."""
    require_coordinator(actor)
    minutes = minutes.strip()
    if not minutes or len(minutes) > MINUTES_LIMIT:
        raise InvalidInput("Write the minutes (at most {limit} characters).", limit=MINUTES_LIMIT)
    drafts = [await _checked_draft(draft) for draft in action_items]
    async with in_transaction():
        current = await Meeting.select_for_update().get(id=meeting.id)
        if current.status is MeetingStatus.CANCELLED or clock.now() < current.starts_at:
            raise IllegalTransition(
                "Minutes are recorded once “{meeting}” has taken place.", meeting=current.title
            )
        current.status = MeetingStatus.HELD
        current.minutes = minutes
        await current.save()
        policy = await install_default_policy()
        created = []
        for title, owner, due_date in drafts:
            item = await ActionItem.create(
                meeting=current, title=title, owner=owner, due_date=due_date, created_at=clock.now()
            )
            await Obligation.create(
                source_key=f"meeting:{current.id}:action:{item.id}",
                kind=ObligationKind.ACTION_ITEM,
                title=title,
                description=f"Ustalenie ze spotkania: {current.title}",
                school_id=owner.school_id,
                assignee=owner,
                due_date=due_date,
                meeting=current,
                action_item=item,
                policy=policy,
                created_at=clock.now(),
            )
            created.append(item)
    return created


async def _checked_draft(draft: ActionItemDraft) -> tuple[str, User, dt.date]:
    title = checked_title(draft.title)
    owner = await User.get_or_none(id=draft.owner_id, is_active=True)
    if owner is None:
        raise InvalidInput("The owner of “{title}” is not an active user.", title=title)
    if draft.due_date < in_gmina_time(clock.now()).date():
        raise InvalidInput("The due date of “{title}” has passed.", title=title)
    return title, owner, draft.due_date


async def _create_preparation_obligations(meeting: Meeting, items: list[AgendaItem]) -> None:
    policy = await install_default_policy()
    for item in items:
        if item.school_id is None:
            continue
        await Obligation.create(
            source_key=f"meeting:{meeting.id}:item:{item.id}",
            kind=ObligationKind.AGENDA_PUBLISHED,
            title=f"Przygotowanie punktu „{item.title}”",
            description=preparation_description(meeting),
            school_id=item.school_id,
            assignee_role=Role.DIRECTOR,
            due_date=in_gmina_time(meeting.starts_at).date(),
            meeting=meeting,
            policy=policy,
            created_at=clock.now(),
        )


def preparation_description(meeting: Meeting) -> str:
    """What a school's obligation to prepare its item says of the meeting (in Polish, like
    the other generated obligations)."""
    return f"Spotkanie: {meeting.title}, {in_gmina_time(meeting.starts_at):%d.%m.%Y %H:%M}"


async def _audience(meeting: Meeting) -> list[User]:
    """Every active director and the meeting's active participants, each once."""
    directors = await User.filter(role=Role.DIRECTOR, is_active=True)
    participants = await meeting.participants.filter(is_active=True)
    return list({user.id: user for user in [*directors, *participants]}.values())


async def tell_meeting_audience(
    meeting: Meeting,
    *,
    subject: Callable[[str], str],
    body: Callable[[str], str],
    news: str,
) -> None:
    """Queues a message to each of the audience (`_audience`) who can be reached, written in their
    language (`subject` and `body` take the locale). `news` names what it tells, so that a
    person is told each piece of news once."""
    for user in await _audience(meeting):
        address = reachable_address(user)
        if address is None:
            continue
        channel, to = address
        await enqueue_message(
            channel=channel,
            address=to,
            recipient=user,
            subject=subject(user.locale),
            body_text=body(user.locale),
            payload={"meeting_id": meeting.id},
            dedupe_key=f"meeting:{meeting.id}:{news}:{user.id}",
        )


async def _send_agenda(meeting: Meeting, items: list[AgendaItem]) -> None:
    await tell_meeting_audience(
        meeting,
        subject=lambda locale: translate("Agenda: {meeting}", locale, meeting=meeting.title),
        body=lambda locale: _agenda_text(meeting, items, locale),
        news="agenda",
    )


def _agenda_text(meeting: Meeting, items: list[AgendaItem], locale: str) -> str:
    when = f"{in_gmina_time(meeting.starts_at):%d.%m.%Y %H:%M}"
    heading = translate(
        "Agenda of “{meeting}”, {when}, {place}:",
        locale,
        meeting=meeting.title,
        when=when,
        place=meeting.location,
    )
    if not items:
        return heading + "\n\n" + translate("No items were put on the agenda.", locale)
    lines = [f"{number}. {item.title}" for number, item in enumerate(items, start=1)]
    return heading + "\n\n" + "\n".join(lines)


async def _locked(meeting: Meeting, *, expected: MeetingStatus) -> Meeting:
    current = await Meeting.select_for_update().get_or_none(id=meeting.id)
    if current is None:
        raise NotFound("This meeting no longer exists.")
    if current.status is not expected:
        raise IllegalTransition(
            "“{meeting}” cannot take this step in its present state.", meeting=current.title
        )
    return current


def require_coordinator(actor: User) -> None:
    if not is_active_coordinator(actor):
        raise PermissionDenied("Only the coordinator runs meetings.")


def in_gmina_time(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(ZoneInfo(configured_calendar().timezone))
