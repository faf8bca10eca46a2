"""The coordinator's administration of obligations: the obligations with filters and the
form to add one, and each obligation's page (move the due date, put it under another policy,
cancel it). The reminder policies' pages (`forms.admin_reminder_policies`) come with this
module's router.

The rules are `core.obligations.administration`'s; this module reads the forms and shows the
outcome. Only the coordinator opens these pages (403 for everyone else). A refused form
comes back (422) with what was typed and the reason next to each bad field, and nothing is
written; a change that went through leads (303) to the page that shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from core import overview
from core.errors import DomainError, InvalidInput
from core.i18n import mark
from core.models import (
    Obligation,
    ObligationKind,
    ObligationStatus,
    Reminder,
    ReminderAnswer,
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
    policy_by_code,
)
from core.obligations.listing import PAGE_SIZE, ObligationFilter, obligations_for
from core.obligations.manual import ROLES_WITH_TASKS, Assignment, add_obligation
from core.obligations.policies import install_default_policy
from core.obligations.reminder_messages import local_time
from core.obligations.reminders import REMINDED_STATUSES
from forms.admin import ADMIN_PATH, Coordinator
from forms.admin_forms import field_of, messages_of
from forms.admin_reminder_policies import FORM_ERROR, Typed, redirect_with_notice
from forms.admin_reminder_policies import router as policies_router
from forms.auth import CsrfProtected, PageError
from forms.hdr import ANSWER_LABELS, OBLIGATION_KIND_LABELS, OBLIGATION_STATUS_LABELS
from forms.templating import render
from forms.ticket_pages import local_moment
from forms.visitors import visitor_of

OBLIGATIONS_PATH: Final = ADMIN_PATH + "/terminy"
EVERY_SCHOOL: Final = "kazda"
"""The school choice that gives each active school an obligation of its own."""
OBLIGATION_FIELDS: Final = ("title", "description", "due_date", "assignee", "policy")
NOTICES: Final = {
    "dodano": mark("The obligation is added."),
    "termin": mark("The due date is changed and the reminders are planned again."),
    "polityka": mark("The reminder policy is changed and the reminders are planned again."),
    "anulowano": mark("The obligation is cancelled; nobody will be reminded of it."),
}
REMINDER_KIND_LABELS: Final = {
    ReminderKind.BEFORE_DUE: mark("before the due date"),
    ReminderKind.DUE: mark("on the due date"),
    ReminderKind.OVERDUE: mark("overdue"),
    ReminderKind.ESCALATION: mark("escalation to the coordinator"),
}
REMINDER_STATUS_LABELS: Final = {
    ReminderStatus.SCHEDULED: mark("planned"),
    ReminderStatus.QUEUED: mark("sent"),
    ReminderStatus.SKIPPED: mark("skipped"),
}
_LARGEST_ID: Final = 2**31 - 1

router = APIRouter(dependencies=[CsrfProtected])


@router.get(OBLIGATIONS_PATH)
async def obligation_list(request: Request, user: Coordinator) -> Response:
    return await _render_list(request, user, Typed())


@router.post(OBLIGATIONS_PATH)
async def add(
    request: Request,
    user: Coordinator,
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    due_date: Annotated[str, Form()] = "",
    person: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    school: Annotated[str, Form()] = "",
    policy: Annotated[str, Form()] = "",
) -> Response:
    typed = Typed(
        "add",
        {
            "title": title,
            "description": description,
            "due_date": due_date,
            "person": person,
            "role": role,
            "school": school,
            "policy": policy,
        },
    )
    errors: dict[str, DomainError] = {}
    due = assignment = chosen = None
    try:
        due = _date_of(due_date)
    except InvalidInput as error:
        errors["due_date"] = error
    try:
        assignment = await _assignment(person, role, school)
    except InvalidInput as error:
        errors["assignee"] = error
    try:
        chosen = await policy_by_code(policy)
    except InvalidInput as error:
        errors["policy"] = error
    if due is not None and assignment is not None and chosen is not None:
        try:
            await add_obligation(
                title=title,
                description=description,
                due_date=due,
                assignment=assignment,
                policy=chosen,
                added_by=user,
            )
        except DomainError as error:
            errors[field_of(error, OBLIGATION_FIELDS)] = error
        else:
            return redirect_with_notice(OBLIGATIONS_PATH, "dodano")
    typed.errors = messages_of(errors, visitor_of(request).locale)
    return await _render_list(request, user, typed, status_code=422)


@router.get(OBLIGATIONS_PATH + "/{obligation_id}")
async def obligation_page(request: Request, user: Coordinator, obligation_id: int) -> Response:
    obligation = await _obligation(obligation_id)
    return await _render_obligation(request, obligation, Typed())


@router.post(OBLIGATIONS_PATH + "/{obligation_id}/termin")
async def move_due_date(
    request: Request,
    user: Coordinator,
    obligation_id: int,
    due_date: Annotated[str, Form()] = "",
) -> Response:
    obligation = await _obligation(obligation_id)
    typed = Typed("due_date", {"due_date": due_date})
    try:
        await change_due_date(obligation, _date_of(due_date), actor=user)
    except DomainError as error:
        return await _refused(request, obligation, typed, error, "due_date")
    return redirect_with_notice(_obligation_path(obligation.id), "termin")


@router.post(OBLIGATIONS_PATH + "/{obligation_id}/polityka")
async def move_to_policy(
    request: Request,
    user: Coordinator,
    obligation_id: int,
    policy: Annotated[str, Form()] = "",
) -> Response:
    obligation = await _obligation(obligation_id)
    typed = Typed("policy", {"policy": policy})
    try:
        await change_obligation_policy(obligation, await policy_by_code(policy), actor=user)
    except DomainError as error:
        return await _refused(request, obligation, typed, error, "policy")
    return redirect_with_notice(_obligation_path(obligation.id), "polityka")


@router.post(OBLIGATIONS_PATH + "/{obligation_id}/anuluj")
async def cancel(
    request: Request,
    user: Coordinator,
    obligation_id: int,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    obligation = await _obligation(obligation_id)
    typed = Typed("cancel", {"confirm": confirm})
    try:
        if confirm != "1":
            raise InvalidInput("Tick the box to confirm the cancellation.", field="confirm")
        await cancel_obligation(obligation, actor=user)
    except DomainError as error:
        return await _refused(request, obligation, typed, error, "confirm")
    return redirect_with_notice(_obligation_path(obligation.id), "anulowano")


def _obligation_path(obligation_id: int) -> str:
    return f"{OBLIGATIONS_PATH}/{obligation_id}"


def _date_of(text: str) -> dt.date:
    """A date typed into a date field (2026-12-08); raises InvalidInput when it is not one."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("Give the due date, e.g. 08.12.2026.", field="due_date") from None


async def _assignment(person: str, role: str, school: str) -> Assignment:
    """Who the new obligation is for, as chosen in the form; raises InvalidInput (field
    "assignee") for a choice the lists did not offer."""
    user = None
    if person:
        user = await User.get_or_none(id=int(person)) if _is_id(person) else None
        if user is None:
            raise InvalidInput("Choose the person from the list.", field="assignee")
    chosen_role = None
    if role:
        chosen_role = next((r for r in ROLES_WITH_TASKS if r.value == role), None)
        if chosen_role is None:
            raise InvalidInput("Choose the role from the list.", field="assignee")
    schools: list[School] = []
    if school == EVERY_SCHOOL:
        schools = list(await overview.active_schools())
    elif school:
        found = await School.get_or_none(id=int(school)) if _is_id(school) else None
        if found is None:
            raise InvalidInput("Choose the school from the list.", field="assignee")
        schools = [found]
    return Assignment(user=user, role=chosen_role, schools=schools)


def _is_id(text: str) -> bool:
    return text.isdigit() and 0 < int(text) <= _LARGEST_ID


async def _obligation(obligation_id: int) -> Obligation:
    obligation = (
        await Obligation.get_or_none(id=obligation_id) if _is_id(str(obligation_id)) else None
    )
    if obligation is None:
        raise PageError(
            404, mark("Not found"), mark("Obligation {id} was not found."), id=obligation_id
        )
    return obligation


async def _refused(
    request: Request, obligation: Obligation, typed: Typed, error: DomainError, name: str
) -> Response:
    typed.errors = {name: error.translated(visitor_of(request).locale)}
    # The stored row: a change may have been refused because it changed meanwhile.
    current = await Obligation.get_or_none(id=obligation.id) or obligation
    return await _render_obligation(request, current, typed, status_code=422)


@dataclass(frozen=True)
class _FilterChoice:
    """The list's filters as typed (`values`), what they ask for, and the reasons for the
    ones that make no sense, by field."""

    values: dict[str, str]
    wanted: ObligationFilter
    errors: dict[str, str]


def _filter_of(request: Request, schools: list[School]) -> _FilterChoice:
    query = request.query_params
    values = {name: query.get(name, "") for name in ("status", "rodzaj", "szkola")}
    errors: dict[str, str] = {}
    locale = visitor_of(request).locale
    statuses = {status.value: status for status in ObligationStatus}
    kinds = {kind.value: kind for kind in ObligationKind}
    school_ids = {str(school.id): school.id for school in schools}
    if values["status"] and values["status"] not in statuses:
        errors["status"] = InvalidInput("Choose the status from the list.").translated(locale)
    if values["rodzaj"] and values["rodzaj"] not in kinds:
        errors["rodzaj"] = InvalidInput("Choose the kind from the list.").translated(locale)
    if values["szkola"] and values["szkola"] not in school_ids:
        errors["szkola"] = InvalidInput("Choose the school from the list.").translated(locale)
    wanted = ObligationFilter(
        school_id=school_ids.get(values["szkola"]),
        kind=kinds.get(values["rodzaj"]),
        status=statuses.get(values["status"]),
    )
    return _FilterChoice(values, wanted, errors)


async def _render_list(
    request: Request, user: User, typed: Typed, *, status_code: int = 200
) -> Response:
    # The form preselects the default policy, so it exists before anything was generated.
    default_policy = await install_default_policy()
    schools = list(await overview.active_schools())
    choice = _filter_of(request, schools)
    page = None if choice.errors else await obligations_for(user=user, wanted=choice.wanted)
    if not typed.form:
        typed = Typed("add", {"policy": default_policy.code})
    return render(
        request,
        "admin_obligations.html",
        {
            "page": page,
            "page_size": PAGE_SIZE,
            "filter": choice,
            "schools": schools,
            "people": await User.filter(is_active=True, role__in=list(ROLES_WITH_TASKS))
            .order_by("full_name", "id")
            .prefetch_related("school"),
            "roles": [role for role in Role if role in ROLES_WITH_TASKS],
            "every_school": EVERY_SCHOOL,
            "policies": await ReminderPolicy.all().order_by("name", "id"),
            "kind_labels": OBLIGATION_KIND_LABELS,
            "status_labels": OBLIGATION_STATUS_LABELS,
            "typed": typed,
            "form_error": FORM_ERROR,
            "notice": NOTICES.get(request.query_params.get("zapisano", "")),
            "path": OBLIGATIONS_PATH,
        },
        status_code=400 if choice.errors and status_code == 200 else status_code,
    )


async def _render_obligation(
    request: Request, obligation: Obligation, typed: Typed, *, status_code: int = 200
) -> Response:
    await obligation.fetch_related("school", "assignee", "policy")
    reminders = (
        await Reminder.filter(obligation_id=obligation.id)
        .order_by("scheduled_for", "id")
        .prefetch_related("recipient")
    )
    answers = (
        await ReminderAnswer.filter(obligation_id=obligation.id)
        .order_by("at", "id")
        .prefetch_related("user")
    )
    values = {
        "due_date": obligation.due_date.isoformat(),
        "policy": obligation.policy.code if obligation.policy else "",
    } | typed.values
    return render(
        request,
        "admin_obligation.html",
        {
            "obligation": obligation,
            "path": _obligation_path(obligation.id),
            "list_path": OBLIGATIONS_PATH,
            "may_change": obligation.status in REMINDED_STATUSES,
            "reminders": reminders,
            "answers": answers,
            "policies": await ReminderPolicy.all().order_by("name", "id"),
            "kind_labels": OBLIGATION_KIND_LABELS,
            "status_labels": OBLIGATION_STATUS_LABELS,
            "answer_labels": ANSWER_LABELS,
            "reminder_kind_labels": REMINDER_KIND_LABELS,
            "reminder_status_labels": REMINDER_STATUS_LABELS,
            "local_moment": local_moment,
            "local_time": local_time,
            "typed": Typed(typed.form, values, typed.errors),
            "notice": NOTICES.get(request.query_params.get("zapisano", "")),
        },
        status_code=status_code,
    )


router.include_router(policies_router)
