"""The answer page of reminder e-mails: `/odpowiedz/{token}`, opened from a signed link,
no login (see `core.obligations.answer_links` for what a token names and how long it works).

GET only shows the page: the obligation (title, due date, school), what the link will record
and one button. Mail scanners and link previewers open every link in a mail, so a GET never
records anything. POST records the link's answer through `answer_by_link` and shows it.

What a person gets, and why:

- 200 and the form, while the link can still be answered.
- 200 and the recorded answer, for a link whose answer is already recorded (the form sent
  twice, the page reloaded, the link opened again later): the link has done its one thing,
  so this is the outcome the person wanted, not a failure; nothing is written again.
- 422 and the form again, with the field marked, for a snooze without a valid choice or a
  problem without a description or with too long a one; nothing is written.
- 400 for a link that is not ours, was changed or cut, or is not for answering a reminder;
  410 for one that has expired, or whose reminder or person no longer exists; 403 when the
  person may no longer answer (account deactivated, no longer owes it); 409 when the
  obligation was done another way or cancelled. Each with a page that says so in words, and
  nothing is written.

There is no CSRF token in the form, by design. A CSRF token stops another site from making a
browser send a request that rides on credentials the browser adds by itself (a session
cookie). This page has none: the only credential is the token in the address, which names one
reminder, one person and one answer. A page that wants to post a forged answer must already
know that token, and whoever knows it can post the form directly; a hidden field derived from
it would be printed on the same page, so it would add no secret. What matters is that the
token does not leak: the pages are sent with `Referrer-Policy: no-referrer`, are never cached
(`Cache-Control: no-store`) and ask search engines not to index them.

Texts are English msgids translated into the language of the person the link names (Polish
by default); templates refer to them by key (TEXTS), so that every one of them is checked
for a Polish translation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Final

from babel.dates import format_date
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from core.config import get_settings
from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound, PermissionDenied
from core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, mark, translate
from core.models import AnswerKind, Obligation, School, User
from core.obligations.answer_links import (
    ANSWER_PATH,
    AnswerLink,
    AnswerLinkError,
    AnswerLinkExpired,
    answer_by_link,
    recorded_answer,
    verify_answer_link,
)
from core.obligations.answers import (
    PROBLEM_COMMENT_LIMIT,
    SNOOZE_DAYS,
    RecordedAnswer,
    answerable_reminder,
)
from core.obligations.reminder_messages import format_day, local_time

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

# The token is the last part of the address; `path` lets anything after ANSWER_PATH reach
# the page that explains it is no valid link, rather than a bare 404.
ROUTE: Final = ANSWER_PATH + "{token:path}"

PRIVATE_HEADERS: Final = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}

TEXTS: Final = {
    "page_title": mark("Answer a reminder"),
    "error_title": mark("Error: {title}"),
    "obligation": mark("Obligation"),
    "due_date": mark("Due date"),
    "school": mark("School"),
    "answering_as": mark("You are answering as {name}."),
    "done_intro": mark(
        "Press the button to confirm that this is done. Reminders about it will stop."
    ),
    "done_button": mark("Mark as done"),
    "snooze_legend": mark("Pause the reminders for"),
    "due_date_stays": mark("The due date does not change."),
    "snooze_1": mark("1 day"),
    "snooze_3": mark("3 days"),
    "snooze_7": mark("a week"),
    "snooze_button": mark("Snooze"),
    "problem_label": mark("What is the problem?"),
    "problem_hint": mark(
        "Describe it in a few words, at most {limit} characters. "
        "The HDR coordinator will get your description."
    ),
    "problem_button": mark("Report the problem"),
    "nothing_yet": mark("Nothing is saved until you press the button."),
    "not_saved": mark("The answer was not saved"),
    "saved_title": mark("Answer saved"),
    "saved_done": mark("Saved: done."),
    "saved_done_next": mark("No more reminders about it will be sent."),
    "saved_snooze": mark("Saved: snoozed until {date}."),
    "saved_snooze_next": mark(
        "Until then you get no reminders about it; the due date does not change."
    ),
    "saved_problem": mark("Saved: problem reported."),
    "saved_problem_next": mark("The HDR coordinator gets your description."),
    "your_description": mark("Your description"),
    "already": mark("This answer was already recorded on {moment}; nothing was changed."),
    "close": mark("You can close this page."),
    "refused_title": mark("This link cannot be used"),
    "refused_next": mark(
        "Nothing was saved. If something still needs an answer, use the links in the latest "
        "reminder e-mail or contact the HDR coordinator."
    ),
}

GONE: Final = mark("This reminder no longer exists, so there is nothing to answer.")

# The form field each answer asks for, where a refused value is marked, and the id of the
# control the error summary leads to (the first choice of a group).
FIELD_OF: Final = {AnswerKind.SNOOZE: "snooze_days", AnswerKind.PROBLEM: "comment"}
TARGET_OF: Final = {AnswerKind.SNOOZE: f"snooze-{SNOOZE_DAYS[0]}", AnswerKind.PROBLEM: "comment"}


class Texts:
    """The page's texts in one language: `t("key", **params)` in templates."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def __call__(self, key: str, **params: object) -> str:
        return translate(TEXTS[key], self.locale, **params)


@dataclass(frozen=True)
class Refused:
    """The link cannot be answered: why, in the person's language, and the HTTP status."""

    status: int
    message: str
    locale: str


@dataclass(frozen=True)
class Answered:
    """The link's answer is recorded (now, or `already_recorded` before)."""

    recorded: RecordedAnswer
    locale: str


@dataclass(frozen=True)
class Answerable:
    """The link may be answered: what it answers, about which obligation, as whom."""

    link: AnswerLink
    obligation: Obligation
    person: User
    locale: str


@dataclass(frozen=True)
class ObligationFacts:
    """What the pages say about the obligation a link answers."""

    title: str
    description: str
    due_date: dt.date
    due_text: str
    school: str


@dataclass(frozen=True)
class FormInput:
    """What the form was sent with, kept to show it again when it is refused."""

    snooze_days: str = ""
    comment: str = ""
    error: str = ""


router = APIRouter(include_in_schema=False)


@router.get(ROUTE, response_class=HTMLResponse)
async def answer_page(request: Request, token: str) -> HTMLResponse:
    """The page of the link: the form, the recorded answer or why it cannot be used."""
    return await _render(request, await _link_state(token), FormInput())


@router.post(ROUTE, response_class=HTMLResponse)
async def send_answer(
    request: Request,
    token: str,
    snooze_days: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Records the link's answer; a refused value shows the form again with it marked."""
    state = await _link_state(token)
    if not isinstance(state, Answerable):
        return await _render(request, state, FormInput())
    # Browsers send a line break in a text area as CRLF, but count it as one character
    # against `maxlength`; counted the browser's way, a description the form let through
    # must not be refused as too long.
    comment = comment.replace("\r\n", "\n")
    try:
        recorded = await answer_by_link(token, snooze_days=_days(snooze_days), comment=comment)
    except InvalidInput as error:
        sent = FormInput(snooze_days, comment, error.translated(state.locale))
        return await _render(request, state, sent)
    except DomainError as error:  # the obligation changed since the page was shown
        return await _render(request, _refused(error, state.locale), FormInput())
    return await _render(request, Answered(recorded, state.locale), FormInput())


async def _link_state(token: str) -> Refused | Answered | Answerable:
    """What the link with `token` can do now, checked as `answer_by_link` checks it, and in
    the same order, without writing anything."""
    try:
        link = verify_answer_link(token)
    except AnswerLinkError as error:
        return _refused(error, _locale_of(None))
    person = await User.get_or_none(id=link.user_id)
    locale = _locale_of(person)
    if person is None:
        return Refused(410, translate(GONE, locale), locale)
    used = await recorded_answer(link)
    if used is not None:
        return Answered(used, locale)
    try:
        reminder = await answerable_reminder(reminder_id=link.reminder_id, user=person)
    except DomainError as error:
        return _refused(error, locale)
    return Answerable(link, reminder.obligation, person, locale)


def _refused(error: DomainError, locale: str) -> Refused:
    """The page for a link `error` stops, with the status that says why."""
    return Refused(_status_of(error), error.translated(locale), locale)


def _status_of(error: DomainError) -> int:
    if isinstance(error, AnswerLinkExpired | NotFound):
        return 410
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, IllegalTransition):
        return 409
    return 400


def _locale_of(person: User | None) -> str:
    """The person's language; for a link that names nobody we can read, the gmina's."""
    wanted = person.locale if person is not None else get_settings().locale
    return wanted if wanted in SUPPORTED_LOCALES else DEFAULT_LOCALE


def _days(value: str) -> int:
    """The chosen number of days; 0 (which the snooze refuses) for anything else, such as
    a number too long to be one of the choices."""
    value = value.strip()
    return int(value) if value.isdecimal() and len(value) <= 3 else 0


async def _render(
    request: Request, state: Refused | Answered | Answerable, sent: FormInput
) -> HTMLResponse:
    t = Texts(state.locale)
    context: dict[str, object] = {
        "t": t,
        "locale": state.locale,
        "gmina_name": request.app.state.settings.gmina_name,
    }
    if isinstance(state, Refused):
        name, status = "answer_error.html", state.status
        context["message"] = state.message
    elif isinstance(state, Answered):
        name, status = "answer_done.html", 200
        context |= await _answered_context(state, t)
    else:
        name, status = "answer_form.html", 422 if sent.error else 200
        context |= await _form_context(state, sent, t)
    return templates.TemplateResponse(
        request, name, context, status_code=status, headers=PRIVATE_HEADERS
    )


async def _form_context(state: Answerable, sent: FormInput, t: Texts) -> dict[str, object]:
    kind = state.link.answer
    return {
        "kind": kind.value,
        "obligation": await _obligation_facts(state.obligation, t),
        "person_name": state.person.full_name,
        "snooze_choices": [(days, t(f"snooze_{days}")) for days in SNOOZE_DAYS],
        "comment_limit": PROBLEM_COMMENT_LIMIT,
        "sent": sent,
        "error_field": FIELD_OF.get(kind, "") if sent.error else "",
        "error_target": TARGET_OF.get(kind, "main"),
    }


async def _answered_context(state: Answered, t: Texts) -> dict[str, object]:
    answer = state.recorded.answer
    if answer.answer is AnswerKind.DONE:
        heading, next_step = t("saved_done"), t("saved_done_next")
    elif answer.answer is AnswerKind.SNOOZE:
        assert answer.snooze_until is not None  # every snooze has its date
        heading = t("saved_snooze", date=format_day(answer.snooze_until))
        next_step = t("saved_snooze_next")
    else:
        heading, next_step = t("saved_problem"), t("saved_problem_next")
    moment = f"{local_time(answer.at):%d.%m.%Y, %H:%M}"
    return {
        "heading": heading,
        "next_step": next_step,
        "already": t("already", moment=moment) if state.recorded.already_recorded else "",
        "comment": answer.comment,
        "obligation": await _obligation_facts(state.recorded.obligation, t),
    }


async def _obligation_facts(obligation: Obligation, t: Texts) -> ObligationFacts:
    school = await School.get_or_none(id=obligation.school_id) if obligation.school_id else None
    weekday = format_date(obligation.due_date, "EEEE", locale=t.locale)
    return ObligationFacts(
        title=obligation.title,
        description=obligation.description.strip(),
        due_date=obligation.due_date,
        due_text=f"{format_day(obligation.due_date)} ({weekday})",
        school=school.name if school is not None else "",
    )
