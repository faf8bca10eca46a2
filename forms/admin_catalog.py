"""The coordinator's administration of what tickets and equipment are measured by: the fault
categories with the SLA targets per priority (`/admin/kategorie`), and, included here, the
thresholds of the requirement profile in use (`forms.admin_requirements`).

Coordinator only; everyone else gets 403. Each form is checked field by field by the core
services before anything is written, so a refused form comes back (422) with what was typed
and every bad field marked; a successful one redirects (303) back with "Saved.".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core.config import get_settings
from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from core.i18n import mark, translate_label
from core.models import Category, Priority
from core.tickets.categories import (
    CATEGORY_FIELDS,
    all_categories,
    category_by_code,
    change_category,
    checked_category_field,
    create_category,
    deactivate_category,
    reactivate_category,
)
from core.tickets.sla import sla_targets
from core.tickets.sla_policies import (
    as_hours_and_minutes,
    change_sla_policy,
    minutes_of,
    sla_policy_errors,
    sla_policy_rows,
    typed_percent,
)
from core.tickets.states import priority_label
from forms.admin import ADMIN_PATH, Coordinator
from forms.admin_forms import Errors, field_of, flag_sent, form_flag, messages_of, yes_and_no
from forms.admin_requirements import router as requirements_router
from forms.auth import CsrfProtected, PageError
from forms.templating import render
from forms.visitors import visitor_of

CATEGORIES_PATH: Final = ADMIN_PATH + "/kategorie"
SLA_PATH: Final = ADMIN_PATH + "/sla"

router = APIRouter(dependencies=[CsrfProtected])
router.include_router(requirements_router)


CATEGORY_LABELS: Final = {
    "code": mark("category field|Code (small letters, digits and _; cannot be changed later)"),
    "name_pl": mark("category field|Name in Polish"),
    "name_en": mark("category field|Name in English"),
    "notifies_data_protection_officer": mark(
        "category field|A report in this category also notifies the data protection officer"
    ),
    "sort_order": mark("category field|Position in the list (smaller comes first)"),
}
# Categories and the SLA table


@router.get(CATEGORIES_PATH)
async def categories_page(request: Request, user: Coordinator, zapisano: str = "") -> Response:
    return await _render_categories(request, _blank_category(), {}, saved=bool(zapisano))


@router.post(CATEGORIES_PATH)
async def add_category(request: Request, user: Coordinator) -> Response:
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in CATEGORY_FIELDS}
    flag = flag_sent(form, "notifies_data_protection_officer")
    fields: dict[str, object] = {name: values[name] for name in ("code", "name_pl", "name_en")} | {
        "notifies_data_protection_officer": flag
    }
    # An empty position puts the new category after the last one.
    if values["sort_order"].strip():
        fields["sort_order"] = values["sort_order"]
    errors = _category_field_errors(fields)
    if not errors:
        try:
            await create_category(
                code=values["code"],
                name_pl=values["name_pl"],
                name_en=values["name_en"],
                notifies_data_protection_officer=flag is True,
                sort_order=values["sort_order"].strip() or None,
            )
        except InvalidInput as error:
            errors[field_of(error)] = error
        else:
            return RedirectResponse(f"{CATEGORIES_PATH}?zapisano=1", status_code=303)
    values["notifies_data_protection_officer"] = form_flag(flag)
    return await _render_categories(request, values, errors, status_code=422)


def _category_labels(locale: str) -> dict[str, str]:
    return {name: translate_label(msgid, locale) for name, msgid in CATEGORY_LABELS.items()}


def _category_field_errors(fields: Mapping[str, object]) -> Errors:
    errors: Errors = {}
    for name, value in fields.items():
        try:
            checked_category_field(name, value)
        except InvalidInput as error:
            errors[name] = error
    return errors


def _blank_category() -> dict[str, str]:
    return {name: "" for name in CATEGORY_FIELDS}


def _category_values(category: Category) -> dict[str, str]:
    return {
        "code": category.code,
        "name_pl": category.name_pl,
        "name_en": category.name_en,
        "notifies_data_protection_officer": form_flag(category.notifies_data_protection_officer),
        "sort_order": str(category.sort_order),
    }


async def _render_categories(
    request: Request,
    values: Mapping[str, str],
    errors: Errors,
    *,
    saved: bool = False,
    status_code: int = 200,
) -> Response:
    locale = visitor_of(request).locale
    settings = get_settings()
    return render(
        request,
        "admin_categories.html",
        {
            "categories": await all_categories(),
            "values": values,
            "errors": messages_of(errors, locale),
            "labels": {
                name: translate_label(msgid, locale) for name, msgid in CATEGORY_LABELS.items()
            },
            "policies": [
                {
                    "priority": priority_label(row.priority, locale),
                    "first_response": _duration(row.targets.first_response),
                    "resolution": _duration(row.targets.resolution),
                    "near_breach_percent": row.targets.near_breach_percent,
                    "edit_path": f"{SLA_PATH}/{row.priority.value}",
                }
                for row in await sla_policy_rows()
            ],
            "work_start": settings.work_start.strftime("%H:%M"),
            "work_end": settings.work_end.strftime("%H:%M"),
            "saved": saved,
            "action": CATEGORIES_PATH,
        }
        | yes_and_no(locale),
        status_code=status_code,
    )


def _duration(budget: timedelta) -> str:
    hours, minutes = as_hours_and_minutes(budget)
    return f"{hours}:{minutes:02d}"


async def _category(code: str) -> Category:
    try:
        return await category_by_code(code)
    except NotFound:
        raise PageError(
            404, mark("Not found"), mark("There is no category with this code.")
        ) from None


@router.get(CATEGORIES_PATH + "/{code}")
async def category_page(
    request: Request, code: str, user: Coordinator, zapisano: str = ""
) -> Response:
    category = await _category(code)
    return _render_category(request, category, _category_values(category), {}, saved=bool(zapisano))


@router.post(CATEGORIES_PATH + "/{code}")
async def edit_category(request: Request, code: str, user: Coordinator) -> Response:
    category = await _category(code)
    form = await request.form()
    values = _category_values(category) | {
        name: str(form.get(name, "")) for name in ("name_pl", "name_en", "sort_order")
    }
    flag = flag_sent(form, "notifies_data_protection_officer")
    fields: dict[str, object] = {
        name: values[name] for name in ("name_pl", "name_en", "sort_order")
    } | {"notifies_data_protection_officer": flag}
    errors = _category_field_errors(fields)
    if not errors:
        await change_category(
            category,
            name_pl=values["name_pl"],
            name_en=values["name_en"],
            notifies_data_protection_officer=flag is True,
            sort_order=values["sort_order"],
        )
        return RedirectResponse(f"{CATEGORIES_PATH}/{category.code}?zapisano=1", status_code=303)
    values["notifies_data_protection_officer"] = form_flag(flag)
    return _render_category(request, category, values, errors, status_code=422)


@router.post(CATEGORIES_PATH + "/{code}/wylacz")
async def take_category_out_of_use(request: Request, code: str, user: Coordinator) -> Response:
    return await _switch_use(request, code, deactivate_category)


@router.post(CATEGORIES_PATH + "/{code}/wlacz")
async def put_category_back_in_use(request: Request, code: str, user: Coordinator) -> Response:
    return await _switch_use(request, code, reactivate_category)


async def _switch_use(
    request: Request, code: str, switch: Callable[[Category], Awaitable[object]]
) -> Response:
    """Takes the category out of use or puts it back, by `switch`; a refusal (it already is)
    is shown on the category's page."""
    category = await _category(code)
    try:
        await switch(category)
    except IllegalTransition as refused:
        return _render_category(
            request, category, _category_values(category), {}, use_error=refused, status_code=409
        )
    return RedirectResponse(f"{CATEGORIES_PATH}/{category.code}?zapisano=1", status_code=303)


def _render_category(
    request: Request,
    category: Category,
    values: Mapping[str, str],
    errors: Errors,
    *,
    saved: bool = False,
    use_error: DomainError | None = None,
    status_code: int = 200,
) -> Response:
    locale = visitor_of(request).locale
    return render(
        request,
        "admin_category.html",
        {
            "category": category,
            "values": values,
            "errors": messages_of(errors, locale),
            "labels": {
                name: translate_label(msgid, locale) for name, msgid in CATEGORY_LABELS.items()
            },
            "saved": saved,
            "use_error": use_error.translated(locale) if use_error else "",
            "action": f"{CATEGORIES_PATH}/{category.code}",
            "list_path": CATEGORIES_PATH,
        },
        status_code=status_code,
    )


def _priority(value: str) -> Priority:
    if value not in tuple(Priority):
        raise PageError(404, mark("Not found"), mark("There is no such priority."))
    return Priority(value)


SLA_FORM_FIELDS: Final = (
    "first_response_hours",
    "first_response_rest",
    "resolution_hours",
    "resolution_rest",
    "near_breach_percent",
)


@router.get(SLA_PATH + "/{priority}")
async def sla_policy_page(request: Request, priority: str, user: Coordinator) -> Response:
    chosen = _priority(priority)
    targets = await sla_targets(chosen)
    first_hours, first_rest = as_hours_and_minutes(targets.first_response)
    resolution_hours, resolution_rest = as_hours_and_minutes(targets.resolution)
    values = {
        "first_response_hours": str(first_hours),
        "first_response_rest": str(first_rest),
        "resolution_hours": str(resolution_hours),
        "resolution_rest": str(resolution_rest),
        "near_breach_percent": str(targets.near_breach_percent),
    }
    return _render_sla_policy(request, chosen, values, {})


@router.post(SLA_PATH + "/{priority}")
async def edit_sla_policy(request: Request, priority: str, user: Coordinator) -> Response:
    chosen = _priority(priority)
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in SLA_FORM_FIELDS}
    errors: Errors = {}
    typed: dict[str, int] = {}
    for target in ("first_response", "resolution"):
        field = f"{target}_minutes"
        try:
            typed[field] = minutes_of(
                field, hours=values[f"{target}_hours"], minutes=values[f"{target}_rest"]
            )
        except InvalidInput as error:
            errors[field] = error
    try:
        typed["near_breach_percent"] = typed_percent(values["near_breach_percent"])
    except InvalidInput as error:
        errors["near_breach_percent"] = error
    if not errors:
        errors = {field_of(error): error for error in sla_policy_errors(**typed)}
    if errors:
        return _render_sla_policy(request, chosen, values, errors, status_code=422)
    await change_sla_policy(chosen, **typed)
    return RedirectResponse(f"{CATEGORIES_PATH}?zapisano=1#sla-heading", status_code=303)


def _render_sla_policy(
    request: Request,
    priority: Priority,
    values: Mapping[str, str],
    errors: Errors,
    *,
    status_code: int = 200,
) -> Response:
    locale = visitor_of(request).locale
    settings = get_settings()
    return render(
        request,
        "admin_categories_sla.html",
        {
            "priority_name": priority_label(priority, locale),
            "values": values,
            "errors": messages_of(errors, locale),
            "action": f"{SLA_PATH}/{priority.value}",
            "list_path": CATEGORIES_PATH,
            "work_start": settings.work_start.strftime("%H:%M"),
            "work_end": settings.work_end.strftime("%H:%M"),
        },
        status_code=status_code,
    )


# The requirement profile
