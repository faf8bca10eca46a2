"""The coordinator's changes to obligations and reminder policies, checked through the real
planner and sender on a stopped clock (Tuesday 17 November 2026, 10:00 in Warsaw)."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from core.calendar.school_year import SchoolYear
from core.clock import ManualClock
from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.models import (
    HdrAction,
    HdrActionStatus,
    Obligation,
    ObligationKind,
    ObligationStatus,
    OutboxMessage,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    ReminderStatus,
    Role,
    School,
    User,
)
from core.obligations.administration import (
    cancel_obligation,
    change_due_date,
    change_obligation_policy,
)
from core.obligations.generation import (
    generate_hdr_action_obligations,
    generate_school_year_obligations,
)
from core.obligations.manual import Assignment, add_obligation
from core.obligations.policies import install_default_policy
from core.obligations.policy_settings import (
    PolicyDraft,
    PolicyRefused,
    change_policy_settings,
    create_policy,
    open_obligations_under,
)
from core.obligations.reminder_delivery import send_due_reminders
from core.obligations.reminders import plan_reminders
from tests.conftest import WARSAW, warsaw

SHORT_NOTICE = PolicyDraft(
    code="short-notice",
    name="Krótkie terminy: 9 dni przed",
    offsets_days="9",
    overdue_every_working_days="1",
    escalate_after_overdue_days="1",
    window_start="09:00",
    window_end="15:00",
)


async def director_obligation(school: School, due: dt.date) -> Obligation:
    """An obligation of the director of `school` due on `due`, under the default policy."""
    return await Obligation.create(
        source_key=f"test:{school.code}:{due}",
        kind=ObligationKind.MANUAL,
        title="Przesłać wykaz sprzętu",
        school=school,
        assignee_role=Role.DIRECTOR,
        due_date=due,
        policy=await install_default_policy(),
        created_at=clock.now(),
    )


async def scheduled(obligation: Obligation) -> list[tuple[ReminderKind, dt.datetime]]:
    """The kind and Warsaw time of each scheduled reminder of `obligation`, in order."""
    reminders = await Reminder.filter(
        obligation=obligation, status=ReminderStatus.SCHEDULED
    ).order_by("scheduled_for")
    return [(r.kind, r.scheduled_for.astimezone(WARSAW)) for r in reminders]


async def queued_to(user: User) -> list[tuple[ReminderKind, dt.datetime]]:
    reminders = await Reminder.filter(recipient=user, status=ReminderStatus.QUEUED).order_by(
        "scheduled_for"
    )
    return [(r.kind, r.scheduled_for.astimezone(WARSAW)) for r in reminders]


async def tick_daily(now: ManualClock, first: dt.date, last: dt.date) -> None:
    """What the scheduler's jobs do at 8:00 and 12:00 of every day from `first` to `last`."""
    day = first
    while day <= last:
        for hour in (8, 12):
            now.set(dt.datetime.combine(day, dt.time(hour), tzinfo=WARSAW))
            await plan_reminders()
            await send_due_reminders()
        day += dt.timedelta(days=1)


# Moving the due date


async def test_moving_the_due_date_later_removes_the_reminders_it_no_longer_calls_for(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    obligation = await director_obligation(school, dt.date(2026, 11, 26))
    await plan_reminders()
    assert await scheduled(obligation) == [(ReminderKind.BEFORE_DUE, warsaw(2026, 11, 19, 8, 0))]

    await change_due_date(obligation, dt.date(2026, 12, 10), actor=coordinator)

    assert await scheduled(obligation) == []
    await tick_daily(now, dt.date(2026, 11, 17), dt.date(2026, 11, 26))
    # Nothing on the 19th; the first reminder is 14 days before the new date.
    assert await queued_to(director) == [(ReminderKind.BEFORE_DUE, warsaw(2026, 11, 26, 8, 0))]


async def test_moving_the_due_date_nearer_plans_its_reminders_at_once(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    obligation = await director_obligation(school, dt.date(2026, 12, 10))
    await plan_reminders()
    assert await scheduled(obligation) == []

    await change_due_date(obligation, dt.date(2026, 11, 20), actor=coordinator)

    assert await scheduled(obligation) == [
        (ReminderKind.BEFORE_DUE, warsaw(2026, 11, 17, 8, 0)),
        (ReminderKind.BEFORE_DUE, warsaw(2026, 11, 19, 8, 0)),
    ]
    await send_due_reminders()
    assert await queued_to(director) == [(ReminderKind.BEFORE_DUE, warsaw(2026, 11, 17, 8, 0))]


async def test_a_sent_reminder_stays_and_its_person_is_not_reminded_twice_that_day(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    obligation = await director_obligation(school, dt.date(2026, 11, 20))
    await plan_reminders()
    await send_due_reminders()

    await change_due_date(obligation, dt.date(2026, 11, 17), actor=coordinator)

    assert await queued_to(director) == [(ReminderKind.BEFORE_DUE, warsaw(2026, 11, 17, 8, 0))]
    assert await scheduled(obligation) == [(ReminderKind.OVERDUE, warsaw(2026, 11, 19, 8, 0))]


async def test_the_due_date_cannot_be_moved_into_the_past(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    obligation = await director_obligation(school, dt.date(2026, 11, 26))
    await plan_reminders()

    with pytest.raises(InvalidInput) as refused:
        await change_due_date(obligation, dt.date(2026, 11, 16), actor=coordinator)

    assert refused.value.params["field"] == "due_date"
    assert (await Obligation.get(id=obligation.id)).due_date == dt.date(2026, 11, 26)
    assert await scheduled(obligation) == [(ReminderKind.BEFORE_DUE, warsaw(2026, 11, 19, 8, 0))]


@pytest.mark.parametrize("finished", [ObligationStatus.DONE, ObligationStatus.CANCELLED])
async def test_a_finished_obligation_cannot_be_changed(
    school: School, coordinator: User, now: ManualClock, finished: ObligationStatus
) -> None:
    obligation = await director_obligation(school, dt.date(2026, 11, 26))
    await Obligation.filter(id=obligation.id).update(status=finished)
    policy = await create_policy(SHORT_NOTICE, actor=coordinator)

    with pytest.raises(IllegalTransition):
        await change_due_date(obligation, dt.date(2026, 12, 1), actor=coordinator)
    with pytest.raises(IllegalTransition):
        await change_obligation_policy(obligation, policy, actor=coordinator)
    with pytest.raises(IllegalTransition):
        await cancel_obligation(obligation, actor=coordinator)

    stored = await Obligation.get(id=obligation.id)
    assert (stored.status, stored.due_date) == (finished, dt.date(2026, 11, 26))
    assert stored.policy_id != policy.id  # type: ignore[attr-defined]


async def test_only_an_active_coordinator_changes_an_obligation(
    school: School, director: User, now: ManualClock
) -> None:
    obligation = await director_obligation(school, dt.date(2026, 11, 26))

    with pytest.raises(PermissionDenied):
        await change_due_date(obligation, dt.date(2026, 12, 1), actor=director)
    with pytest.raises(PermissionDenied):
        await cancel_obligation(obligation, actor=director)

    stored = await Obligation.get(id=obligation.id)
    assert (stored.status, stored.due_date) == (ObligationStatus.OPEN, dt.date(2026, 11, 26))


# Another policy


async def test_putting_an_obligation_under_another_policy_plans_its_reminders_by_it(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    obligation = await director_obligation(school, dt.date(2026, 11, 26))
    await plan_reminders()
    policy = await create_policy(SHORT_NOTICE, actor=coordinator)

    await change_obligation_policy(obligation, policy, actor=coordinator)

    assert await scheduled(obligation) == [(ReminderKind.BEFORE_DUE, warsaw(2026, 11, 17, 9, 0))]
    assert (await Obligation.get(id=obligation.id)).policy_id == policy.id  # type: ignore[attr-defined]


# Cancelling


async def test_a_cancelled_obligation_is_never_reminded_again(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    obligation = await director_obligation(school, dt.date(2026, 11, 20))
    await plan_reminders()

    await cancel_obligation(obligation, actor=coordinator)

    assert await Reminder.filter(obligation=obligation, status=ReminderStatus.SKIPPED).count() == 2
    await tick_daily(now, dt.date(2026, 11, 17), dt.date(2026, 11, 30))
    assert (
        await Reminder.filter(obligation=obligation).exclude(status=ReminderStatus.SKIPPED).count()
        == 0
    )
    assert await OutboxMessage.all().count() == 0
    assert (await Obligation.get(id=obligation.id)).status is ObligationStatus.CANCELLED


async def test_generating_the_school_year_again_does_not_bring_a_cancelled_deadline_back(
    school: School, coordinator: User, now: ManualClock
) -> None:
    year = SchoolYear(2027)
    await generate_school_year_obligations(school_year=year, kurator_opinion=True)
    deadline = await Obligation.filter(source_key__contains="director_submission").get()
    await cancel_obligation(deadline, actor=coordinator)

    created = await generate_school_year_obligations(school_year=year, kurator_opinion=True)

    assert created == 0
    assert await Obligation.filter(source_key=deadline.source_key).count() == 1
    assert (await Obligation.get(id=deadline.id)).status is ObligationStatus.CANCELLED


async def test_generating_hdr_action_ends_again_does_not_bring_a_cancelled_one_back(
    coordinator: User, now: ManualClock
) -> None:
    await HdrAction.create(
        number=7,
        title="Zakup laptopów dla nauczycieli",
        status=HdrActionStatus.IN_PROGRESS,
        ends_on=dt.date(2026, 12, 15),
        updated_at=clock.now(),
    )
    await generate_hdr_action_obligations()
    action_end = await Obligation.get(kind=ObligationKind.HDR_ACTION_END)
    await cancel_obligation(action_end, actor=coordinator)

    created = await generate_hdr_action_obligations()

    assert created == 0
    assert (await Obligation.get(id=action_end.id)).status is ObligationStatus.CANCELLED


# Adding under a chosen policy


async def test_an_added_obligation_is_under_the_chosen_policy(
    school: School, coordinator: User, now: ManualClock
) -> None:
    policy = await create_policy(SHORT_NOTICE, actor=coordinator)

    added = await add_obligation(
        title="Zebrać zgody rodziców",
        due_date=dt.date(2026, 12, 10),
        assignment=Assignment(role=Role.DIRECTOR, schools=[school]),
        policy=policy,
        added_by=coordinator,
    )

    stored = await Obligation.get(id=added[0].id)
    assert stored.policy_id == policy.id  # type: ignore[attr-defined]


async def test_a_refused_obligation_names_the_field_and_writes_nothing(
    school: School, coordinator: User, now: ManualClock
) -> None:
    policy = await install_default_policy()

    with pytest.raises(InvalidInput) as refused:
        await add_obligation(
            title="  ",
            due_date=dt.date(2026, 12, 10),
            assignment=Assignment(role=Role.DIRECTOR, schools=[school]),
            policy=policy,
            added_by=coordinator,
        )

    assert refused.value.params["field"] == "title"
    assert await Obligation.all().count() == 0


# Reminder policies


async def test_a_new_policy_keeps_its_settings_with_the_days_longest_first(
    coordinator: User, now: ManualClock
) -> None:
    draft = PolicyDraft(
        code="exams",
        name="  Egzaminy   ósmoklasisty ",
        offsets_days="1, 14,3 , 0",
        overdue_every_working_days="2",
        escalate_after_overdue_days="1",
        window_start="7:30",
        window_end="15:45",
    )

    await create_policy(draft, actor=coordinator)

    stored = await ReminderPolicy.get(code="exams")
    assert stored.name == "Egzaminy ósmoklasisty"
    assert stored.offsets_days == [14, 3, 1, 0]
    assert (stored.overdue_every_working_days, stored.escalate_after_overdue_days) == (2, 1)
    assert PolicyDraft.of(stored).window_start == "07:30"
    assert PolicyDraft.of(stored).window_end == "15:45"


@pytest.mark.parametrize(
    ("changes", "bad_field"),
    [
        ({"code": ""}, "code"),
        ({"code": "Krótkie Terminy"}, "code"),
        ({"code": "default"}, "code"),
        ({"name": "   "}, "name"),
        ({"offsets_days": ""}, "offsets_days"),
        ({"offsets_days": "a, -1"}, "offsets_days"),
        ({"offsets_days": "7, 3, 7"}, "offsets_days"),
        ({"offsets_days": "366"}, "offsets_days"),
        ({"offsets_days": ", ".join(str(n) for n in range(11))}, "offsets_days"),
        ({"overdue_every_working_days": "0"}, "overdue_every_working_days"),
        ({"overdue_every_working_days": "dwa"}, "overdue_every_working_days"),
        ({"escalate_after_overdue_days": "0"}, "escalate_after_overdue_days"),
        ({"window_start": "25:00"}, "window_start"),
        ({"window_end": "8"}, "window_end"),
        ({"window_start": "16:00", "window_end": "08:00"}, "window_end"),
        ({"window_start": "08:00", "window_end": "08:00"}, "window_end"),
    ],
)
async def test_a_bad_setting_refuses_the_new_policy_and_writes_nothing(
    coordinator: User, now: ManualClock, changes: dict[str, str], bad_field: str
) -> None:
    await install_default_policy()
    draft = PolicyDraft(**(vars(SHORT_NOTICE) | changes))

    with pytest.raises(PolicyRefused) as refused:
        await create_policy(draft, actor=coordinator)

    assert list(refused.value.problems) == [bad_field]
    assert await ReminderPolicy.all().values_list("code", flat=True) == ["default"]


async def test_every_bad_setting_is_named_at_once(coordinator: User, now: ManualClock) -> None:
    draft = PolicyDraft(code="x y", offsets_days="a", window_start="9", window_end="8")

    with pytest.raises(PolicyRefused) as refused:
        await create_policy(draft, actor=coordinator)

    assert set(refused.value.problems) == set(vars(draft))


async def test_changing_a_policy_plans_the_reminders_of_its_open_obligations_again(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    policy = await install_default_policy()
    open_one = await director_obligation(school, dt.date(2026, 11, 26))
    done_one = await director_obligation(
        await School.create(code="sp9", name="SP 9", short_name="SP 9"), dt.date(2026, 11, 26)
    )
    await plan_reminders()
    await Obligation.filter(id=done_one.id).update(status=ObligationStatus.DONE)
    draft = PolicyDraft.of(policy)
    changed = PolicyDraft(**(vars(draft) | {"offsets_days": "9", "window_start": "09:00"}))

    replanned = await change_policy_settings(policy, changed, actor=coordinator)

    assert replanned == 1
    assert await scheduled(open_one) == [(ReminderKind.BEFORE_DUE, warsaw(2026, 11, 17, 9, 0))]
    assert await open_obligations_under(policy) == 1
    assert (await ReminderPolicy.get(id=policy.id)).offsets_days == [9]


async def test_a_refused_change_of_a_policy_leaves_it_and_its_reminders_as_they_were(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    policy = await install_default_policy()
    obligation = await director_obligation(school, dt.date(2026, 11, 26))
    await plan_reminders()
    draft = PolicyDraft.of(policy)

    with pytest.raises(PolicyRefused):
        await change_policy_settings(
            policy,
            PolicyDraft(**(vars(draft) | {"offsets_days": "9", "window_end": "07:00"})),
            actor=coordinator,
        )

    assert (await ReminderPolicy.get(id=policy.id)).offsets_days == [14, 7, 3, 1, 0]
    assert await scheduled(obligation) == [(ReminderKind.BEFORE_DUE, warsaw(2026, 11, 19, 8, 0))]


async def test_only_an_active_coordinator_sets_reminder_policies(
    director: User, now: ManualClock
) -> None:
    policy = await install_default_policy()

    with pytest.raises(PermissionDenied):
        await create_policy(SHORT_NOTICE, actor=director)
    with pytest.raises(PermissionDenied):
        await change_policy_settings(policy, SHORT_NOTICE, actor=director)

    assert await ReminderPolicy.all().count() == 1
