"""A school's network sheet on the web: the form with its Internet link, Wi-Fi coverage,
network quality and notes, and who saved it last and when.

Who: as on the equipment pages (`forms.inventory`), the director for their own school (another
school's code is answered 404, as if it did not exist), the IT specialist and the
coordinator for the school they choose (`?szkola=CODE`). Teachers get 403.

Every field is checked by `core.inventory.network_sheets` before anything is written, so a
refused form comes back (422) with what was typed and every bad field marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core import overview
from core.errors import DomainError, InvalidInput
from core.i18n import mark, translate_label
from core.inventory.network_sheets import (
    NETWORK_SHEET_FIELDS,
    checked_network_sheet_field,
    choice_label,
    network_sheet_of,
    save_network_sheet,
)
from core.models import (
    LinkType,
    NetworkQuality,
    School,
    SchoolNetworkSheet,
    WifiCoverage,
)
from forms.asset_form import form_text, typed_whole_number
from forms.auth import CsrfProtected, PageError
from forms.equipment_access import EQUIPMENT_PATH, EquipmentKeeper, school_for
from forms.templating import render
from forms.ticket_pages import local_moment
from forms.visitors import visitor_of

NETWORK_SHEET_PATH: Final = EQUIPMENT_PATH + "/siec"

router = APIRouter(dependencies=[CsrfProtected])

FIELD_LABELS: Final = {
    "link_type": mark("network sheet field|Type of Internet link"),
    "download_mbps": mark("network sheet field|Download speed (Mb/s)"),
    "upload_mbps": mark("network sheet field|Upload speed (Mb/s)"),
    "wifi_coverage": mark("network sheet field|Wi-Fi coverage"),
    "network_quality": mark("network sheet field|How well the network works"),
    "notes": mark("network sheet field|Notes"),
}
SPEED_FIELDS: Final = frozenset({"download_mbps", "upload_mbps"})
CHOICE_FIELDS: Final = {
    "link_type": LinkType,
    "wifi_coverage": WifiCoverage,
    "network_quality": NetworkQuality,
}


@dataclass(frozen=True)
class FormField:
    """One input of the sheet: `widget` is select, number or textarea; `choices` gives a
    select's values and how each reads ("" first: not recorded)."""

    name: str
    label: str
    widget: str
    choices: tuple[tuple[str, str], ...] = ()


def form_fields(locale: str) -> list[FormField]:
    """The sheet's inputs in the order shown."""
    not_recorded = ("", translate_label(mark("network sheet|not recorded"), locale))
    fields = []
    for name in NETWORK_SHEET_FIELDS:
        label = translate_label(FIELD_LABELS[name], locale)
        if name in CHOICE_FIELDS:
            choices = tuple(
                (value.value, choice_label(value, locale)) for value in CHOICE_FIELDS[name]
            )
            fields.append(FormField(name, label, "select", (not_recorded, *choices)))
        elif name in SPEED_FIELDS:
            fields.append(FormField(name, label, "number"))
        else:
            fields.append(FormField(name, label, "textarea"))
    return fields


def _typed_value(name: str, text: str) -> object:
    """What was typed into `name`, as the core expects it; a speed that cannot be read as a
    whole number is passed on as typed, so the core's check names what is wrong with it."""
    text = text.strip()
    if name in SPEED_FIELDS:
        return typed_whole_number(text)
    if name in CHOICE_FIELDS:
        return text or None
    return text


@dataclass
class SheetForm:
    """What was typed into the sheet, and what is wrong with it, by field."""

    values: dict[str, str]
    errors: dict[str, DomainError] = field(default_factory=dict)

    @classmethod
    def of(cls, sheet: SchoolNetworkSheet | None) -> SheetForm:
        return cls(
            {
                name: form_text(getattr(sheet, name)) if sheet is not None else ""
                for name in NETWORK_SHEET_FIELDS
            }
        )

    @classmethod
    async def sent(cls, request: Request) -> SheetForm:
        form = await request.form()
        return cls({name: str(form.get(name, "")) for name in NETWORK_SHEET_FIELDS})

    def checked(self) -> dict[str, object]:
        """The fields as the core would store them; every bad one is marked in `errors`."""
        checked: dict[str, object] = {}
        for name in NETWORK_SHEET_FIELDS:
            try:
                checked[name] = checked_network_sheet_field(
                    name, _typed_value(name, self.values[name])
                )
            except InvalidInput as error:
                self.errors[name] = error
        return checked


def sheet_path(school: School) -> str:
    return f"{NETWORK_SHEET_PATH}?szkola={school.code}"


@router.get(NETWORK_SHEET_PATH)
async def network_sheet_page(
    request: Request, user: EquipmentKeeper, szkola: str = "", zapisano: str = ""
) -> Response:
    """The school's sheet as a form; staff without a chosen school get the list of schools."""
    school = await school_for(user, szkola)
    if school is None:
        return render(
            request, "network_sheet_schools.html", {"schools": await overview.active_schools()}
        )
    sheet = await network_sheet_of(school)
    return _render_sheet(request, school, sheet, SheetForm.of(sheet), saved=bool(zapisano))


@router.post(NETWORK_SHEET_PATH)
async def save_sheet(request: Request, user: EquipmentKeeper, szkola: str = "") -> Response:
    school = await school_for(user, szkola)
    if school is None:
        raise PageError(404, mark("Not found"), mark("There is no school with this code."))
    form = await SheetForm.sent(request)
    fields = form.checked()
    if not form.errors:
        try:
            await save_network_sheet(school=school, actor=user, **fields)
        except DomainError as error:
            form.errors[str(error.params.get("field", "form"))] = error
        else:
            return RedirectResponse(f"{sheet_path(school)}&zapisano=1", status_code=303)
    sheet = await network_sheet_of(school)
    return _render_sheet(request, school, sheet, form, status_code=422)


def _render_sheet(
    request: Request,
    school: School,
    sheet: SchoolNetworkSheet | None,
    form: SheetForm,
    *,
    saved: bool = False,
    status_code: int = 200,
) -> Response:
    locale = visitor_of(request).locale
    last_saved: dict[str, Any] | None = None
    if sheet is not None:
        saver = sheet.updated_by
        last_saved = {
            "at": local_moment(sheet.updated_at),
            "who": saver.full_name if saver is not None else "hdr-desk",
        }
    return render(
        request,
        "network_sheet.html",
        {
            "school": school,
            "form": form,
            "errors": {name: error.translated(locale) for name, error in form.errors.items()},
            "fields": form_fields(locale),
            "action": sheet_path(school),
            "table_path": f"{EQUIPMENT_PATH}?szkola={school.code}",
            "last_saved": last_saved,
            "saved": saved,
        },
        status_code=status_code,
    )
