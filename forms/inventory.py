"""A school's equipment on the web: the table with each computer's verdict against the
requirement profile, the form to add or edit an asset (with its history of changes), the
decommission button, and printable sheets of QR labels.

Who may look at which school's equipment is `forms.equipment_access`; the asset form and its
field-by-field checks are `forms.asset_form` (a refused form comes back with 422).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core import overview
from core.config import get_settings
from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from core.i18n import mark, translate, translate_label
from core.inventory.assets import (
    asset_history,
    create_asset,
    decommission_asset,
    update_asset,
)
from core.inventory.label_sheets import DEFAULT_LAYOUT, LAYOUTS, labels_for, sheets
from core.inventory.labels import asset_status_label, kind_label
from core.inventory.requirement_rules import profile_code_in_use
from core.inventory.requirements import (
    Evaluation,
    Verdict,
    compliance_summary,
    evaluate_asset,
    profile_rules,
    rule_for,
)
from core.models import (
    Asset,
    AssetChange,
    AssetKind,
    AssetStatus,
    Channel,
    Role,
    School,
)
from forms.asset_form import (
    FIELD_LABELS,
    NO,
    YES,
    AssetForm,
    choices_of,
    field_labels,
    form_fields,
)
from forms.auth import CsrfProtected, PageError
from forms.equipment_access import (
    EQUIPMENT_PATH,
    EquipmentKeeper,
    asset_for,
    asset_path,
    equipment_path,
    school_for,
)
from forms.templating import render
from forms.ticket_pages import local_moment
from forms.visitors import visitor_of

NEW_ASSET_PATH: Final = EQUIPMENT_PATH + "/nowy"
LABELS_PATH: Final = EQUIPMENT_PATH + "/etykiety"


router = APIRouter(dependencies=[CsrfProtected])

VERDICT_LABELS: Final = {
    Verdict.MEETS: mark("compliance|meets the requirements"),
    Verdict.FAILS: mark("compliance|does not meet the requirements"),
    Verdict.UNKNOWN: mark("compliance|unknown: specifications missing"),
    Verdict.EXEMPT: mark("compliance|exempt"),
    Verdict.NOT_APPLICABLE: mark("compliance|no requirements for this equipment"),
}
CHANNEL_LABELS: Final = {
    Channel.WEB: mark("channel|web page"),
    Channel.TELEGRAM: mark("channel|Telegram"),
    Channel.EMAIL: mark("channel|e-mail"),
}


async def _evaluations(assets: list[Asset]) -> dict[int, Evaluation] | None:
    """Each asset's verdict under the gmina's profile; None when the profile is not installed."""
    try:
        rules = await profile_rules(profile_code_in_use())
    except NotFound:
        return None
    return {asset.id: evaluate_asset(asset, rule_for(asset, rules)) for asset in assets}


@dataclass(frozen=True)
class Filters:
    room: str
    kind: str
    status: str


def _checked_filters(room: str, kind: str, status: str) -> tuple[Filters, list[DomainError]]:
    errors: list[DomainError] = []
    if kind and kind not in tuple(AssetKind):
        errors.append(InvalidInput("Unknown kind of equipment {kind}", kind=kind))
        kind = ""
    if status and status not in tuple(AssetStatus):
        errors.append(InvalidInput("Unknown equipment status {status}", status=status))
        status = ""
    return Filters(room.strip(), kind, status), errors


@router.get(EQUIPMENT_PATH)
async def equipment_table(
    request: Request,
    user: EquipmentKeeper,
    szkola: str = "",
    sala: str = "",
    rodzaj: str = "",
    stan: str = "",
) -> Response:
    """The school's assets with their verdicts and the school's compliance summary; staff
    without a chosen school get the list of schools."""
    school = await school_for(user, szkola)
    if school is None:
        return render(request, "inventory_schools.html", {"schools": await _schools()})
    locale = visitor_of(request).locale
    filters, filter_errors = _checked_filters(sala, rodzaj, stan)
    assets = Asset.filter(school_id=school.id)
    if filters.room:
        assets = assets.filter(room__iexact=filters.room)
    if filters.kind:
        assets = assets.filter(kind=AssetKind(filters.kind))
    if filters.status:
        assets = assets.filter(status=AssetStatus(filters.status))
    listed = await assets.order_by("inventory_number", "id")
    evaluations = await _evaluations(listed)
    summary = None
    if evaluations is not None:
        summary = await compliance_summary(profile_code=profile_code_in_use(), school=school)
    rooms: list[str] = sorted(
        {
            str(room)
            for room in await Asset.filter(school_id=school.id).values_list("room", flat=True)
        }
        - {""},
        key=str.casefold,
    )
    return render(
        request,
        "inventory_table.html",
        {
            "school": school,
            "rows": [_row(asset, evaluations, locale) for asset in listed],
            "summary": summary,
            "kind_name": lambda kind: kind_label(kind, locale),
            "profile_code": profile_code_in_use(),
            "filters": filters,
            "filter_errors": [error.translated(locale) for error in filter_errors],
            "rooms": rooms,
            "kinds": choices_of("kind", locale),
            "statuses": choices_of("status", locale, current_status=AssetStatus.DECOMMISSIONED),
            "new_path": f"{NEW_ASSET_PATH}?szkola={school.code}",
            "labels_path": f"{LABELS_PATH}?szkola={school.code}",
            "staff": user.role != Role.DIRECTOR,
            "labels": field_labels(locale),
        },
    )


async def _schools() -> list[School]:
    return await overview.active_schools()


def _row(asset: Asset, evaluations: Mapping[int, Evaluation] | None, locale: str) -> dict[str, Any]:
    evaluation = evaluations.get(asset.id) if evaluations is not None else None
    return {
        "path": asset_path(asset),
        "inventory_number": asset.inventory_number,
        "kind": kind_label(asset.kind, locale),
        "make_model": " ".join(part for part in (asset.make, asset.model) if part),
        "room": asset.room,
        "status": asset_status_label(asset.status, locale),
        "decommissioned": asset.status == AssetStatus.DECOMMISSIONED,
        "year": asset.year or "",
        "ram_gb": asset.ram_gb or "",
        "verdict": evaluation.verdict.value if evaluation else "",
        "verdict_name": translate_label(VERDICT_LABELS[evaluation.verdict], locale)
        if evaluation
        else "",
        "reasons": (
            [failure.describe(locale) for failure in evaluation.failed]
            + [criterion.label(locale) for criterion in evaluation.missing]
            if evaluation
            else []
        ),
    }


@router.get(NEW_ASSET_PATH)
async def newasset_form(request: Request, user: EquipmentKeeper, szkola: str = "") -> Response:
    school = await school_for(user, szkola)
    if school is None:
        return render(request, "inventory_schools.html", {"schools": await _schools()})
    return _render_form(request, school, AssetForm.blank(), asset=None)


@router.post(NEW_ASSET_PATH)
async def add_asset(
    request: Request, user: EquipmentKeeper, szkola: Annotated[str, Form()] = ""
) -> Response:
    school = await school_for(user, szkola)
    if school is None:
        raise PageError(404, mark("Not found"), mark("There is no school with this code."))
    form = await AssetForm.sent(request)
    fields = await form.checked(school)
    if not form.errors:
        try:
            asset = await create_asset(school=school, actor=user, channel=Channel.WEB, **fields)
        except DomainError as error:
            form.errors[str(error.params.get("field", "form"))] = error
        else:
            return RedirectResponse(f"{asset_path(asset)}?zapisano=1", status_code=303)
    return _render_form(request, school, form, asset=None, status_code=422)


@router.get(LABELS_PATH)
async def label_sheets(
    request: Request, user: EquipmentKeeper, szkola: str = "", sala: str = "", uklad: str = ""
) -> Response:
    """A printable page of QR labels for the school's (or one room's) equipment in use."""
    school = await school_for(user, szkola)
    if school is None:
        return render(request, "inventory_schools.html", {"schools": await _schools()})
    layout = LAYOUTS.get(uklad or DEFAULT_LAYOUT)
    if layout is None:
        raise PageError(
            404, mark("Not found"), mark("There is no label layout {layout}."), layout=uklad
        )
    assets = Asset.filter(school_id=school.id)
    if sala.strip():
        assets = assets.filter(room__iexact=sala.strip())
    bot = get_settings().telegram_bot_username
    labels = (
        labels_for(await assets.order_by("room", "inventory_number", "id"), school, bot)
        if bot
        else []
    )
    locale = visitor_of(request).locale
    return render(
        request,
        "inventory_labels.html",
        {
            "school": school,
            "room": sala.strip(),
            "layout": layout,
            "layouts": [(code, translate(each.name, locale)) for code, each in LAYOUTS.items()],
            "sheets": sheets(labels, layout),
            "bot_configured": bool(bot),
            "table_path": equipment_path(school),
        },
    )


@router.get(EQUIPMENT_PATH + "/{public_id}")
async def asset_page(
    request: Request, public_id: str, user: EquipmentKeeper, zapisano: str = ""
) -> Response:
    asset = await asset_for(user, public_id)
    return await _render_asset(request, asset, AssetForm.of(asset), saved=bool(zapisano))


@router.post(EQUIPMENT_PATH + "/{public_id}")
async def edit_asset(request: Request, public_id: str, user: EquipmentKeeper) -> Response:
    asset = await asset_for(user, public_id)
    form = await AssetForm.sent(request)
    changes = await form.checked(asset.school, current=asset)
    if not form.errors:
        try:
            await update_asset(asset, actor=user, channel=Channel.WEB, changes=changes)
        except DomainError as error:
            form.errors[str(error.params.get("field", "form"))] = error
        else:
            return RedirectResponse(f"{asset_path(asset)}?zapisano=1", status_code=303)
    return await _render_asset(request, asset, form, status_code=422)


@router.post(EQUIPMENT_PATH + "/{public_id}/wycofaj")
async def decommission(
    request: Request,
    public_id: str,
    user: EquipmentKeeper,
    potwierdzam: Annotated[str, Form()] = "",
) -> Response:
    """Takes the asset out of use once the confirmation box is ticked."""
    asset = await asset_for(user, public_id)
    error: DomainError | None = None
    if potwierdzam != "1":
        error = InvalidInput("Tick the box to confirm that this equipment leaves use for good.")
    else:
        try:
            await decommission_asset(asset, actor=user, channel=Channel.WEB)
        except IllegalTransition as refused:
            error = refused
    if error is None:
        return RedirectResponse(f"{asset_path(asset)}?zapisano=1", status_code=303)
    return await _render_asset(
        request,
        asset,
        AssetForm.of(asset),
        decommission_error=error,
        status_code=409 if isinstance(error, IllegalTransition) else 422,
    )


async def _render_asset(
    request: Request,
    asset: Asset,
    form: AssetForm,
    *,
    saved: bool = False,
    decommission_error: DomainError | None = None,
    status_code: int = 200,
) -> Response:
    locale = visitor_of(request).locale
    history = [_history_row(change, locale) for change in await asset_history(asset)]
    return _render_form(
        request,
        asset.school,
        form,
        asset=asset,
        extra={
            "history": list(reversed(history)),
            "saved": saved,
            "decommission_error": (
                decommission_error.translated(locale) if decommission_error else ""
            ),
            "decommissioned": asset.status == AssetStatus.DECOMMISSIONED,
        },
        status_code=status_code,
    )


def _render_form(
    request: Request,
    school: School,
    form: AssetForm,
    *,
    asset: Asset | None,
    extra: Mapping[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    locale = visitor_of(request).locale
    current_status = asset.status.value if asset is not None else ""
    return render(
        request,
        "inventory_asset.html",
        {
            "school": school,
            "asset": asset,
            "form": form,
            "errors": {name: error.translated(locale) for name, error in form.errors.items()},
            "fields": form_fields(locale, current_status=current_status),
            "flag_names": {
                "": translate_label(mark("flag|not recorded"), locale),
                YES: translate_label(mark("flag|yes"), locale),
                NO: translate_label(mark("flag|no"), locale),
            },
            "action": asset_path(asset) if asset is not None else NEW_ASSET_PATH,
            "table_path": equipment_path(school),
            "history": [],
            "saved": False,
            "decommission_error": "",
            "decommissioned": False,
        }
        | dict(extra or {}),
        status_code=status_code,
    )


def _history_row(change: AssetChange, locale: str) -> dict[str, Any]:
    actor = change.actor
    return {
        "at": local_moment(change.at),
        "who": actor.full_name if actor is not None else "hdr-desk",
        "channel": translate_label(CHANNEL_LABELS[change.channel], locale),
        "changes": [
            (
                translate_label(FIELD_LABELS.get(name, name), locale),
                _shown(name, old, locale),
                _shown(name, new, locale),
            )
            for name, (old, new) in change.changes.items()
        ],
    }


def _shown(name: str, value: object, locale: str) -> str:
    """A value from the history as people read it; "—" for one not recorded."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return translate_label(mark("flag|yes") if value else mark("flag|no"), locale)
    text = str(value)
    readable = {value: label for value, label in choices_of(name, locale, current_status=text)}
    return str(readable.get(text, text))
