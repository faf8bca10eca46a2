"""The coordinator's reminder policies on the web: the table with how many open obligations
each reminds of, the form to add one, and each policy's page to change its settings (which
plans the reminders of its open obligations again). Part of `forms.admin_obligations`'
router.

The rules are `core.obligations.policy_settings`'. Only the coordinator opens these pages
(403 for everyone else). A refused form comes back (422) with what was typed and the reason
next to each bad field, and nothing is written; a change that went through leads (303) to
the page that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core.errors import DomainError
from core.i18n import mark
from core.models import ReminderPolicy
from core.obligations.policies import install_default_policy
from core.obligations.policy_settings import (
    PolicyDraft,
    PolicyRefused,
    change_policy_settings,
    create_policy,
    open_obligations_under,
)
from forms.admin import ADMIN_PATH, Coordinator
from forms.auth import CsrfProtected, PageError
from forms.templating import render
from forms.visitors import visitor_of

POLICIES_PATH: Final = ADMIN_PATH + "/przypomnienia"
FORM_ERROR: Final = "form"
"""The key of a refusal that is about the whole form, not one field."""
POLICY_FIELDS: Final = (
    "code",
    "name",
    "offsets_days",
    "overdue_every_working_days",
    "escalate_after_overdue_days",
    "window_start",
    "window_end",
)
NOTICES: Final = {
    "nowa": mark("The reminder policy is added."),
    "zapisano": mark("The settings are saved and the reminders are planned again."),
}

router = APIRouter(dependencies=[CsrfProtected])


@dataclass
class Typed:
    """What was typed into the form `form` that was refused, and the reason for each bad
    field (translated), by field name."""

    form: str = ""
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


@router.get(POLICIES_PATH)
async def policy_list(request: Request, user: Coordinator) -> Response:
    return await _render_policies(request, Typed("new", _draft_values(PolicyDraft())))


@router.post(POLICIES_PATH)
async def add_policy(request: Request, user: Coordinator) -> Response:
    draft = await _draft_sent(request, with_code=True)
    try:
        await create_policy(draft, actor=user)
    except DomainError as error:
        typed = Typed("new", _draft_values(draft), _policy_errors(request, error))
        return await _render_policies(request, typed, status_code=422)
    return redirect_with_notice(POLICIES_PATH, "nowa")


@router.get(POLICIES_PATH + "/{code}")
async def policy_page(request: Request, user: Coordinator, code: str) -> Response:
    policy = await _stored_policy(code)
    return await _render_policy(
        request, policy, Typed("edit", _draft_values(PolicyDraft.of(policy)))
    )


@router.post(POLICIES_PATH + "/{code}")
async def change_policy(request: Request, user: Coordinator, code: str) -> Response:
    policy = await _stored_policy(code)
    draft = await _draft_sent(request, with_code=False)
    try:
        await change_policy_settings(policy, draft, actor=user)
    except DomainError as error:
        typed = Typed("edit", _draft_values(draft), _policy_errors(request, error))
        return await _render_policy(request, policy, typed, status_code=422)
    return redirect_with_notice(_policy_path(policy.code), "zapisano")


def _policy_path(code: str) -> str:
    return f"{POLICIES_PATH}/{code}"


def redirect_with_notice(path: str, notice: str) -> Response:
    """To `path` after a change that went through, naming the notice to show there."""
    return RedirectResponse(f"{path}?zapisano={notice}", status_code=303)


async def _stored_policy(code: str) -> ReminderPolicy:
    policy = await ReminderPolicy.get_or_none(code=code)
    if policy is None:
        raise PageError(404, mark("Not found"), mark("There is no reminder policy with this code."))
    return policy


async def _draft_sent(request: Request, *, with_code: bool) -> PolicyDraft:
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in POLICY_FIELDS}
    if not with_code:
        values["code"] = ""
    return PolicyDraft(**values)


def _draft_values(draft: PolicyDraft) -> dict[str, str]:
    return {name: getattr(draft, name) for name in POLICY_FIELDS}


def _policy_errors(request: Request, error: DomainError) -> dict[str, str]:
    locale = visitor_of(request).locale
    if isinstance(error, PolicyRefused):
        return {name: problem.translated(locale) for name, problem in error.problems.items()}
    return {FORM_ERROR: error.translated(locale)}


async def _render_policies(request: Request, typed: Typed, *, status_code: int = 200) -> Response:
    # The default policy is listed, and can be set, before anything was generated.
    await install_default_policy()
    policies = await ReminderPolicy.all().order_by("name", "id")
    rows = [
        (policy, PolicyDraft.of(policy), await open_obligations_under(policy))
        for policy in policies
    ]
    return render(
        request,
        "admin_reminder_policies.html",
        {
            "rows": rows,
            "typed": typed,
            "form_error": FORM_ERROR,
            "path": POLICIES_PATH,
            "notice": NOTICES.get(request.query_params.get("zapisano", "")),
        },
        status_code=status_code,
    )


async def _render_policy(
    request: Request, policy: ReminderPolicy, typed: Typed, *, status_code: int = 200
) -> Response:
    return render(
        request,
        "admin_reminder_policy.html",
        {
            "policy": policy,
            "open_count": await open_obligations_under(policy),
            "typed": typed,
            "form_error": FORM_ERROR,
            "path": _policy_path(policy.code),
            "list_path": POLICIES_PATH,
            "notice": NOTICES.get(request.query_params.get("zapisano", "")),
        },
        status_code=status_code,
    )
