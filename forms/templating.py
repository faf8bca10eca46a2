"""The one Jinja2 environment of the web pages, and what every template may use.

Every page extends `base.html` and is rendered with `templates` (or `render`), which gives
templates:

- `_("English msgid", name=value)`: the text in the visitor's language, through
  `core.i18n.translate`; add the Polish to `messages.po`. The text and every value are
  escaped (a value marked `|safe` is kept as markup), so placeholders may hold text from
  users. `tests/forms/test_template_texts.py` checks that each has its Polish.
- `csrf_field()`: the hidden input with the visitor's CSRF token; put it in every form that
  posts (the routers check it, see `forms.auth.CsrfProtected`).
- `role_name(role)`: a role as people call it, in the visitor's language.
- `visitor` (`forms.visitors.Visitor`: `visitor.user`, `visitor.locale`) and `gmina_name`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from core.config import Settings
from core.i18n import translate
from core.models import Role
from core.people.roles import role_label
from forms.visitors import CSRF_FIELD, visitor_of

TEMPLATES_DIR: Final = Path(__file__).parent / "templates"


def _common_context(request: Request) -> dict[str, Any]:
    settings: Settings = request.app.state.settings
    return {"visitor": visitor_of(request), "gmina_name": settings.gmina_name}


templates = Jinja2Templates(directory=TEMPLATES_DIR, context_processors=[_common_context])


@pass_context
def _translated(context: Context, message: str, **params: object) -> str:
    """The text in the visitor's language. With `params` the result is markup in which each
    value is escaped unless it is markup already (`"<code>x</code>"|safe`)."""
    text = translate(message, visitor_of(context["request"]).locale)
    return Markup.escape(text).format(**params) if params else text


@pass_context
def _csrf_field(context: Context) -> Markup:
    token = visitor_of(context["request"]).csrf_token()
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token)


@pass_context
def _role_name(context: Context, role: Role) -> str:
    return role_label(role, visitor_of(context["request"]).locale)


templates.env.globals.update(_=_translated, csrf_field=_csrf_field, role_name=_role_name)


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The page `name` rendered for `request`'s visitor."""
    return templates.TemplateResponse(
        request, name, dict(context or {}), status_code=status_code, headers=headers
    )


def translated(request: Request, message: str, **params: object) -> str:
    """`message` in the language of `request`'s visitor, for text built in a route."""
    return translate(message, visitor_of(request).locale, **params)
