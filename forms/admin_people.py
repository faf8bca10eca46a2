"""The coordinator's administration of people and schools: the list of users with filters
and a form to add one; a user's page to change their details, deactivate or reactivate them
and hand them a Telegram invite; the list of schools with a form to add one; a school's page
to change it, deactivate or reactivate it. Everyone but the coordinator gets 403.

The rules are `core.people.accounts`' and `core.people.schools`'; this module reads the
forms and shows the outcome. A refused form comes back (422) with what was typed and every
refused field marked, and nothing is written; a refused step (409) says why. A step that
went through leads (303) to the page, which says what was done.

An invite code is shown once, in the answer to the button's POST: it is never in an address
(which browsers keep in their history and servers in their logs) and never cached.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core.config import get_settings
from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, mark
from core.inventory.label_sheets import qr_svg
from core.models import Role, School, User
from core.people import schools as school_rules
from core.people.accounts import (
    FieldsRefused,
    add_user,
    change_user,
    deactivate_account,
    parse_role,
    people,
    reactivate_account,
    user_with_id,
)
from core.people.invites import IssuedInvite, create_invite, invite_deep_link
from forms.admin import ADMIN_PATH, Coordinator
from forms.auth import CsrfProtected, PageError
from forms.templating import render
from forms.ticket_pages import local_moment
from forms.visitors import PRIVATE_PAGE_HEADERS, visitor_of

USERS_PATH: Final = ADMIN_PATH + "/uzytkownicy"
SCHOOLS_PATH: Final = ADMIN_PATH + "/szkoly"
USER_FIELDS: Final = ("full_name", "email", "role", "school", "locale")
SCHOOL_FIELDS: Final = ("code", "name", "short_name", "address", "pupils")
LANGUAGE_NAMES: Final = {"pl": "polski", "en": "English"}
"""Each language in itself, as people look for their own."""
STATE_FILTERS: Final = {"": None, "aktywni": True, "nieaktywni": False}
NOTICES: Final = {
    "dodano": mark("Added."),
    "zapisano": mark("The changes are saved."),
    "dezaktywowano": mark("Deactivated."),
    "aktywowano": mark("Active again."),
}

router = APIRouter(dependencies=[CsrfProtected])


def user_path(user: User) -> str:
    return f"{USERS_PATH}/{user.id}"


def school_path(school: School) -> str:
    return f"{SCHOOLS_PATH}/{school.code}"


@router.get(USERS_PATH)
async def user_list(
    request: Request, coordinator: Coordinator, rola: str = "", szkola: str = "", stan: str = ""
) -> Response:
    """Everyone, or those of one role, school and state; with the form to add someone."""
    return await _render_user_list(request, {"rola": rola, "szkola": szkola, "stan": stan})


@router.post(USERS_PATH)
async def new_user(request: Request, coordinator: Coordinator) -> Response:
    typed = await _sent(request, USER_FIELDS)
    try:
        user = await add_user(**_account_fields(typed))
    except FieldsRefused as refused:
        return await _render_user_list(request, {}, typed=typed, refused=refused)
    return _done(user_path(user), "dodano")


@router.get(USERS_PATH + "/{user_id}")
async def user_page(request: Request, coordinator: Coordinator, user_id: int) -> Response:
    user = await _user(user_id)
    return await _render_user(request, user, typed=_typed_user(user))


@router.post(USERS_PATH + "/{user_id}")
async def edit_user(request: Request, coordinator: Coordinator, user_id: int) -> Response:
    user = await _user(user_id)
    typed = await _sent(request, USER_FIELDS)
    try:
        await change_user(user, **_account_fields(typed))
    except FieldsRefused as refused:
        return await _render_user(request, user, typed=typed, refused=refused)
    return _done(user_path(user), "zapisano")


@router.post(USERS_PATH + "/{user_id}/dezaktywuj")
async def deactivate(request: Request, coordinator: Coordinator, user_id: int) -> Response:
    return await _switch_activity(request, user_id, deactivate_account, "dezaktywowano")


@router.post(USERS_PATH + "/{user_id}/aktywuj")
async def reactivate(request: Request, coordinator: Coordinator, user_id: int) -> Response:
    return await _switch_activity(request, user_id, reactivate_account, "aktywowano")


async def _switch_activity(
    request: Request, user_id: int, switch: Callable[[User], Awaitable[object]], notice: str
) -> Response:
    """Deactivates the account or activates it again, by `switch`; a refusal (it already
    is) is shown on the account's page."""
    user = await _user(user_id)
    try:
        await switch(user)
    except IllegalTransition as refused:
        return await _render_user(request, user, typed=_typed_user(user), step_error=refused)
    return _done(user_path(user), notice)


@router.post(USERS_PATH + "/{user_id}/zaproszenie")
async def invite(request: Request, coordinator: Coordinator, user_id: int) -> Response:
    """A new invite code, shown in this answer only; earlier unused codes stop working."""
    user = await _user(user_id)
    try:
        issued = await create_invite(user=user, created_by=coordinator)
    except DomainError as refused:
        return await _render_user(request, user, typed=_typed_user(user), step_error=refused)
    return await _render_user(request, user, typed=_typed_user(user), issued=issued)


@router.get(SCHOOLS_PATH)
async def school_list(request: Request, coordinator: Coordinator) -> Response:
    return await _render_school_list(request, typed=dict.fromkeys(SCHOOL_FIELDS, ""))


@router.post(SCHOOLS_PATH)
async def new_school(request: Request, coordinator: Coordinator) -> Response:
    typed = await _sent(request, SCHOOL_FIELDS)
    try:
        school = await school_rules.create_school(**typed)
    except FieldsRefused as refused:
        return await _render_school_list(request, typed=typed, refused=refused)
    return _done(school_path(school), "dodano")


@router.get(SCHOOLS_PATH + "/{code}")
async def school_page(request: Request, coordinator: Coordinator, code: str) -> Response:
    school = await _school(code)
    return await _render_school(request, school, typed=_typed_school(school))


@router.post(SCHOOLS_PATH + "/{code}")
async def edit_school(request: Request, coordinator: Coordinator, code: str) -> Response:
    school = await _school(code)
    typed = await _sent(request, SCHOOL_FIELDS[1:])
    try:
        await school_rules.change_school(school, **typed)
    except FieldsRefused as refused:
        return await _render_school(request, school, typed=typed, refused=refused)
    return _done(school_path(school), "zapisano")


@router.post(SCHOOLS_PATH + "/{code}/dezaktywuj")
async def deactivate_school(request: Request, coordinator: Coordinator, code: str) -> Response:
    school = await _school(code)
    try:
        await school_rules.deactivate_school(school)
    except IllegalTransition as refused:
        return await _render_school(
            request, school, typed=_typed_school(school), step_error=refused
        )
    return _done(school_path(school), "dezaktywowano")


@router.post(SCHOOLS_PATH + "/{code}/aktywuj")
async def reactivate_school(request: Request, coordinator: Coordinator, code: str) -> Response:
    school = await _school(code)
    await school_rules.reactivate_school(school)
    return _done(school_path(school), "aktywowano")


async def _user(user_id: int) -> User:
    try:
        return await user_with_id(user_id)
    except NotFound as error:
        raise PageError(404, mark("Not found"), error.message, **error.params) from None


async def _school(code: str) -> School:
    try:
        return await school_rules.school_with_code(code)
    except NotFound as error:
        raise PageError(404, mark("Not found"), error.message, **error.params) from None


def _done(path: str, notice: str) -> Response:
    return RedirectResponse(f"{path}?zapisano={notice}", status_code=303)


async def _sent(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    """The fields `names` of the form sent, "" for any missing."""
    form = await request.form()
    return {name: str(form.get(name, "")) for name in names}


def _account_fields(typed: dict[str, str]) -> dict[str, str]:
    """The user form's fields as `core.people.accounts` names them."""
    fields = dict(typed)
    fields["school_code"] = fields.pop("school")
    return fields


def _notice(request: Request) -> str:
    return NOTICES.get(request.query_params.get("zapisano", ""), "")


def _typed_user(user: User) -> dict[str, str]:
    return {
        "full_name": user.full_name,
        "email": user.email or "",
        "role": Role(user.role).value,
        "school": user.school.code if user.school else "",
        "locale": user.locale,
    }


def _typed_school(school: School) -> dict[str, str]:
    return {
        "code": school.code,
        "name": school.name,
        "short_name": school.short_name,
        "address": school.address,
        "pupils": "" if school.pupils is None else str(school.pupils),
    }


def _errors(request: Request, refused: FieldsRefused | None) -> dict[str, str]:
    """Each refused field's reason in the visitor's language."""
    if refused is None:
        return {}
    locale = visitor_of(request).locale
    return {name: error.translated(locale) for name, error in refused.errors.items()}


async def _choices(current: School | None = None) -> dict[str, Any]:
    """What the user form's selects offer: roles, the active schools (and `current`, the
    person's own school, even when it is deactivated) and languages."""
    active = [school for school in await school_rules.schools() if school.is_active]
    if current is not None and not current.is_active:
        active.append(current)
    return {
        "roles": list(Role),
        "schools": active,
        "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in SUPPORTED_LOCALES],
    }


def _status_code(refused: FieldsRefused | None, step_error: DomainError | None) -> int:
    """422 for a refused form, 409 for a refused step, 200 otherwise."""
    if refused is not None:
        return 422
    return 409 if step_error is not None else 200


async def _render_user_list(
    request: Request,
    filters: dict[str, str],
    *,
    typed: dict[str, str] | None = None,
    refused: FieldsRefused | None = None,
) -> Response:
    locale = visitor_of(request).locale
    filter_errors: list[DomainError] = []
    role = school = None
    active = STATE_FILTERS.get(filters.get("stan", ""))
    if filters.get("rola"):
        try:
            role = parse_role(filters["rola"])
        except InvalidInput as error:
            filter_errors.append(error)
    if filters.get("szkola"):
        try:
            school = await school_rules.school_with_code(filters["szkola"])
        except NotFound as error:
            filter_errors.append(error)
    if filters.get("stan", "") not in STATE_FILTERS:
        filter_errors.append(InvalidInput("Choose the accounts to show from the list."))
    blank = dict.fromkeys(USER_FIELDS, "") | {"locale": DEFAULT_LOCALE}
    return render(
        request,
        "admin_users.html",
        {
            "rows": await people(role=role, school=school, active=active),
            "filters": {"rola": role.value if role else "", "szkola": school.code if school else ""}
            | {"stan": filters.get("stan", "") if active is not None else ""},
            "filter_errors": [error.translated(locale) for error in filter_errors],
            "all_schools": await school_rules.schools(),
            "typed": typed or blank,
            "errors": _errors(request, refused),
            "action": USERS_PATH,
        }
        | await _choices(),
        status_code=422 if refused else 200,
    )


async def _render_user(
    request: Request,
    user: User,
    *,
    typed: dict[str, str],
    refused: FieldsRefused | None = None,
    step_error: DomainError | None = None,
    issued: IssuedInvite | None = None,
) -> Response:
    """The user's page as stored now: a refused step may have been refused because the
    account changed meanwhile."""
    user = await _user(user.id)
    school = user.school
    bot = get_settings().telegram_bot_username
    link = invite_deep_link(issued.code, bot) if issued and bot else ""
    return render(
        request,
        "admin_user.html",
        {
            "person": user,
            "school": school,
            "path": user_path(user),
            "typed": typed,
            "errors": _errors(request, refused),
            "step_error": step_error.translated(visitor_of(request).locale) if step_error else "",
            "notice": _notice(request) if issued is None else "",
            "issued": issued,
            "expires_at": local_moment(issued.invite.expires_at) if issued else "",
            "link": link,
            "qr": qr_svg(link) if link else "",
        }
        | await _choices(school),
        status_code=_status_code(refused, step_error),
        # Every page of a signed-in visitor is not cached; this one says so itself too, for
        # the code on it must never be shown again from a cache.
        headers=PRIVATE_PAGE_HEADERS if issued else None,
    )


async def _render_school_list(
    request: Request, *, typed: dict[str, str], refused: FieldsRefused | None = None
) -> Response:
    return render(
        request,
        "admin_schools.html",
        {
            "rows": await school_rules.schools(),
            "typed": typed,
            "errors": _errors(request, refused),
            "action": SCHOOLS_PATH,
        },
        status_code=422 if refused else 200,
    )


async def _render_school(
    request: Request,
    school: School,
    *,
    typed: dict[str, str],
    refused: FieldsRefused | None = None,
    step_error: DomainError | None = None,
) -> Response:
    await school.refresh_from_db()
    return render(
        request,
        "admin_school.html",
        {
            "school": school,
            "path": school_path(school),
            "typed": typed,
            "errors": _errors(request, refused),
            "step_error": step_error.translated(visitor_of(request).locale) if step_error else "",
            "notice": _notice(request),
            "people": await people(school=school, active=True),
            "users_path": f"{USERS_PATH}?szkola={school.code}&stan=aktywni",
        },
        status_code=_status_code(refused, step_error),
    )
