"""The coordinator's administration of what tickets and equipment are measured by: the fault
categories with the SLA targets per priority (`/admin/kategorie`), and the thresholds of the
requirement profile in use (`/admin/wymagania`).

Coordinator only; everyone else gets 403. Each form is checked field by field by the core
services before anything is written, so a refused form comes back (422) with what was typed
and every bad field marked; a successful one redirects (303) back with "Saved.".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from core.config import get_settings
from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from core.i18n import mark, translate
from core.inventory.labels import kind_label
from core.inventory.requirement_rules import (
    BLUETOOTH_THRESHOLD,
    NUMBER_THRESHOLDS,
    REQUIRED_FEATURES,
    THRESHOLD_FIELDS,
    change_rule_thresholds,
    profile_code_in_use,
    profile_in_use,
    rule_in_use,
    rules_of,
    threshold_errors,
)
from core.models import Category, Priority, RequirementProfile, RequirementRule
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
from forms.asset_form import PURPOSE_LABELS
from forms.auth import CsrfProtected, PageError
from forms.templating import render
from forms.visitors import visitor_of

CATEGORIES_PATH: Final = ADMIN_PATH + "/kategorie"
SLA_PATH: Final = ADMIN_PATH + "/sla"
REQUIREMENTS_PATH: Final = ADMIN_PATH + "/wymagania"

router = APIRouter(dependencies=[CsrfProtected])

Errors = dict[str, DomainError]

CATEGORY_LABELS: Final = {
    "code": mark("category field|Code (small letters, digits and _; cannot be changed later)"),
    "name_pl": mark("category field|Name in Polish"),
    "name_en": mark("category field|Name in English"),
    "notifies_data_protection_officer": mark(
        "category field|A report in this category also notifies the data protection officer"
    ),
    "sort_order": mark("category field|Position in the list (smaller comes first)"),
}
RULE_LABELS: Final = {
    "min_crossmark": mark("rule field|Lowest CrossMark score"),
    "min_procyon": mark("rule field|Lowest Procyon Office score"),
    "min_ram_gb": mark("rule field|Least RAM (GB)"),
    "min_storage_gb": mark("rule field|Least disk size (GB)"),
    "min_ports": mark("rule field|Fewest USB ports"),
    "min_wifi_generation": mark("rule field|Lowest Wi-Fi generation (e.g. 6)"),
    "min_bluetooth_version": mark("rule field|Lowest Bluetooth version (e.g. 5.0)"),
    "requires_ssd": mark("rule field|An SSD disk is required"),
    "requires_camera": mark("rule field|A camera is required"),
    "requires_microphone": mark("rule field|A microphone is required"),
}
_CHECKED = "1"


def _label(msgid: str, locale: str) -> str:
    """The part after "|": the part before tells translators what the text is."""
    return translate(msgid, locale).rpartition("|")[2]


def _flag_sent(form: FormData, name: str) -> object:
    """A ticked checkbox is True and a missing one False; anything else is passed on as
    sent, for the core's check to refuse."""
    value = str(form.get(name, ""))
    if value in ("", _CHECKED):
        return value == _CHECKED
    return value


def _yes_and_no(locale: str) -> dict[str, str]:
    return {"yes": _label(mark("flag|yes"), locale), "no": _label(mark("flag|no"), locale)}


def _messages(errors: Errors, locale: str) -> dict[str, str]:
    return {name: error.translated(locale) for name, error in errors.items()}


def _field_of(error: DomainError) -> str:
    return str(error.params.get("field", "form"))


# Categories and the SLA table


@router.get(CATEGORIES_PATH)
async def categories_page(request: Request, user: Coordinator, zapisano: str = "") -> Response:
    return await _render_categories(request, _blank_category(), {}, saved=bool(zapisano))


@router.post(CATEGORIES_PATH)
async def add_category(request: Request, user: Coordinator) -> Response:
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in CATEGORY_FIELDS}
    flag = _flag_sent(form, "notifies_data_protection_officer")
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
            errors[_field_of(error)] = error
        else:
            return RedirectResponse(f"{CATEGORIES_PATH}?zapisano=1", status_code=303)
    values["notifies_data_protection_officer"] = _form_flag(flag)
    return await _render_categories(request, values, errors, status_code=422)


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


def _form_flag(value: object) -> str:
    return _CHECKED if value is True else ""


def _category_values(category: Category) -> dict[str, str]:
    return {
        "code": category.code,
        "name_pl": category.name_pl,
        "name_en": category.name_en,
        "notifies_data_protection_officer": _form_flag(category.notifies_data_protection_officer),
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
            "errors": _messages(errors, locale),
            "labels": {name: _label(msgid, locale) for name, msgid in CATEGORY_LABELS.items()},
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
        | _yes_and_no(locale),
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
    flag = _flag_sent(form, "notifies_data_protection_officer")
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
    values["notifies_data_protection_officer"] = _form_flag(flag)
    return _render_category(request, category, values, errors, status_code=422)


@router.post(CATEGORIES_PATH + "/{code}/wylacz")
async def take_category_out_of_use(request: Request, code: str, user: Coordinator) -> Response:
    category = await _category(code)
    try:
        await deactivate_category(category)
    except IllegalTransition as refused:
        return _render_category(
            request, category, _category_values(category), {}, use_error=refused, status_code=409
        )
    return RedirectResponse(f"{CATEGORIES_PATH}/{category.code}?zapisano=1", status_code=303)


@router.post(CATEGORIES_PATH + "/{code}/wlacz")
async def put_category_back_in_use(request: Request, code: str, user: Coordinator) -> Response:
    category = await _category(code)
    try:
        await reactivate_category(category)
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
            "errors": _messages(errors, locale),
            "labels": {name: _label(msgid, locale) for name, msgid in CATEGORY_LABELS.items()},
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
        errors = {_field_of(error): error for error in sla_policy_errors(**typed)}
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
            "errors": _messages(errors, locale),
            "action": f"{SLA_PATH}/{priority.value}",
            "list_path": CATEGORIES_PATH,
            "work_start": settings.work_start.strftime("%H:%M"),
            "work_end": settings.work_end.strftime("%H:%M"),
        },
        status_code=status_code,
    )


# The requirement profile


@router.get(REQUIREMENTS_PATH)
async def requirements_page(request: Request, user: Coordinator, zapisano: str = "") -> Response:
    locale = visitor_of(request).locale
    profile: RequirementProfile | None
    try:
        profile = await profile_in_use()
    except NotFound:
        profile = None
    rules = await rules_of(profile) if profile is not None else []
    return render(
        request,
        "admin_requirements.html",
        {
            "profile": profile,
            "profile_code": profile_code_in_use(),
            "profiles": await RequirementProfile.all().order_by("-code"),
            "rules": [_rule_row(rule, locale) for rule in rules],
            "saved": bool(zapisano),
        }
        | _yes_and_no(locale),
    )


def _purpose_name(rule: RequirementRule, locale: str) -> str:
    if rule.purpose is None:
        return _label(mark("rule purpose|any other use"), locale)
    return _label(PURPOSE_LABELS[rule.purpose], locale)


def _shown_threshold(value: object, locale: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _label(mark("flag|yes") if value else mark("flag|no"), locale)
    return str(value)


def _rule_row(rule: RequirementRule, locale: str) -> dict[str, Any]:
    return {
        "kind": kind_label(rule.asset_kind, locale),
        "purpose": _purpose_name(rule, locale),
        "thresholds": [_shown_threshold(getattr(rule, name), locale) for name in THRESHOLD_FIELDS],
        "edit_path": f"{REQUIREMENTS_PATH}/{rule.id}",
    }


async def _rule(rule_id: int) -> RequirementRule:
    try:
        return await rule_in_use(rule_id)
    except NotFound:
        raise PageError(
            404, mark("Not found"), mark("There is no such rule in the requirement profile in use.")
        ) from None


def _rule_values(rule: RequirementRule) -> dict[str, str]:
    return {name: _form_text(getattr(rule, name)) for name in THRESHOLD_FIELDS}


def _form_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _form_flag(value)
    return str(value)


@router.get(REQUIREMENTS_PATH + "/{rule_id}")
async def rule_page(request: Request, rule_id: int, user: Coordinator) -> Response:
    rule = await _rule(rule_id)
    return _render_rule(request, rule, _rule_values(rule), {})


@router.post(REQUIREMENTS_PATH + "/{rule_id}")
async def edit_rule(request: Request, rule_id: int, user: Coordinator) -> Response:
    rule = await _rule(rule_id)
    form = await request.form()
    thresholds: dict[str, object] = {
        name: str(form.get(name, "")) for name in (*NUMBER_THRESHOLDS, BLUETOOTH_THRESHOLD)
    }
    thresholds |= {name: _flag_sent(form, name) for name in REQUIRED_FEATURES}
    errors: Errors = dict(threshold_errors(thresholds))
    if not errors:
        await change_rule_thresholds(rule, thresholds)
        return RedirectResponse(f"{REQUIREMENTS_PATH}?zapisano=1", status_code=303)
    values = {
        name: _form_flag(value) if name in REQUIRED_FEATURES else str(value)
        for name, value in thresholds.items()
    }
    return _render_rule(request, rule, values, errors, status_code=422)


def _render_rule(
    request: Request,
    rule: RequirementRule,
    values: Mapping[str, str],
    errors: Errors,
    *,
    status_code: int = 200,
) -> Response:
    locale = visitor_of(request).locale
    return render(
        request,
        "admin_requirement_rule.html",
        {
            "kind": kind_label(rule.asset_kind, locale),
            "purpose": _purpose_name(rule, locale),
            "profile_code": profile_code_in_use(),
            "values": values,
            "errors": _messages(errors, locale),
            "labels": {name: _label(msgid, locale) for name, msgid in RULE_LABELS.items()},
            "numbers": (*NUMBER_THRESHOLDS, BLUETOOTH_THRESHOLD),
            "features": REQUIRED_FEATURES,
            "action": f"{REQUIREMENTS_PATH}/{rule.id}",
            "list_path": REQUIREMENTS_PATH,
        },
        status_code=status_code,
    )
