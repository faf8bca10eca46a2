"""The coordinator's administration of the requirement profile in use (`/admin/wymagania`):
its rules with their thresholds, each changed by a form of its own. Which profile is in use is
the HDR_REQUIREMENT_PROFILE setting, so the page says which one it is and how to change it.

Coordinator only; everyone else gets 403. A refused form comes back (422) with what was typed
and every bad field marked, and nothing is written; a saved one redirects back with "Saved.".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core.errors import NotFound
from core.i18n import mark, translate_label
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
from core.models import RequirementProfile, RequirementRule
from forms.admin import ADMIN_PATH, Coordinator
from forms.admin_forms import Errors, flag_sent, form_flag, messages_of, yes_and_no
from forms.asset_form import PURPOSE_LABELS
from forms.auth import CsrfProtected, PageError
from forms.templating import render
from forms.visitors import visitor_of

REQUIREMENTS_PATH: Final = ADMIN_PATH + "/wymagania"

router = APIRouter(dependencies=[CsrfProtected])

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
        | yes_and_no(locale),
    )


def _purpose_name(rule: RequirementRule, locale: str) -> str:
    if rule.purpose is None:
        return translate_label(mark("rule purpose|any other use"), locale)
    return translate_label(PURPOSE_LABELS[rule.purpose], locale)


def _shown_threshold(value: object, locale: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return translate_label(mark("flag|yes") if value else mark("flag|no"), locale)
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
        return form_flag(value)
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
    thresholds |= {name: flag_sent(form, name) for name in REQUIRED_FEATURES}
    errors: Errors = dict(threshold_errors(thresholds))
    if not errors:
        await change_rule_thresholds(rule, thresholds)
        return RedirectResponse(f"{REQUIREMENTS_PATH}?zapisano=1", status_code=303)
    values = {
        name: form_flag(value) if name in REQUIRED_FEATURES else str(value)
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
            "errors": messages_of(errors, locale),
            "labels": {name: translate_label(msgid, locale) for name, msgid in RULE_LABELS.items()},
            "numbers": (*NUMBER_THRESHOLDS, BLUETOOTH_THRESHOLD),
            "features": REQUIRED_FEATURES,
            "action": f"{REQUIREMENTS_PATH}/{rule.id}",
            "list_path": REQUIREMENTS_PATH,
        },
        status_code=status_code,
    )
