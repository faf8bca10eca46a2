"""A school's equipment on the web: the table with each computer's verdict against the
requirement profile, the form to add or edit an asset (with its history of changes), the
decommission button, and printable sheets of QR labels.

Who: the director, for their own school; the IT specialist and the coordinator, for the
school they choose (`?szkola=CODE`). Teachers get 403: they look a device up by its QR
label in Telegram to report a fault, and the inventory is the school management's record.
An asset or school a director may not see is answered 404, as if it did not exist.

Every field is checked by `core.inventory.assets` one by one before anything is written, so
a refused form comes back (422) with what was typed and every bad field marked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from core import overview
from core.config import get_settings
from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from core.i18n import mark, translate
from core.inventory.assets import (
    asset_history,
    checked_new_asset_field,
    create_asset,
    decommission_asset,
    update_asset,
)
from core.inventory.label_sheets import DEFAULT_LAYOUT, LAYOUTS, labels_for, sheets
from core.inventory.labels import asset_status_label, kind_label
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
    AssetPurpose,
    AssetStatus,
    Channel,
    ExemptionReason,
    Role,
    School,
    StorageType,
    User,
)
from forms.auth import CsrfProtected, PageError, require_role
from forms.templating import render
from forms.ticket_pages import local_moment
from forms.visitors import visitor_of

EQUIPMENT_PATH: Final = "/sprzet"
NEW_ASSET_PATH: Final = EQUIPMENT_PATH + "/nowy"
LABELS_PATH: Final = EQUIPMENT_PATH + "/etykiety"

EquipmentKeeper = Annotated[User, Depends(require_role(Role.DIRECTOR, Role.IT, Role.COORDINATOR))]

router = APIRouter(dependencies=[CsrfProtected])

_YES, _NO = "yes", "no"


@dataclass(frozen=True)
class FormField:
    """One input of the asset form: `widget` is text, number, textarea, select or flag (yes,
    no, or not recorded); `choices` gives a select's values and how each reads."""

    name: str
    label: str
    widget: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False


def _asset_field(msgid: str) -> str:
    """The part after "|" of a field's label: the part before tells translators what it is."""
    return msgid.rpartition("|")[2]


PURPOSE_LABELS: Final = {
    AssetPurpose.PUPIL: mark("asset purpose|pupils"),
    AssetPurpose.TEACHER: mark("asset purpose|teachers"),
    AssetPurpose.ADMINISTRATION: mark("asset purpose|administration"),
    AssetPurpose.SHARED: mark("asset purpose|shared"),
}
EXEMPTION_LABELS: Final = {
    ExemptionReason.GRADES_1_3: mark("asset exemption|equipment for grades 1–3"),
    ExemptionReason.DONATED: mark("asset exemption|donated equipment"),
}
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

FIELD_LABELS: Final = {
    "kind": mark("asset field|Kind of equipment"),
    "inventory_number": mark("asset field|Inventory number"),
    "room": mark("asset field|Room"),
    "status": mark("asset field|Status"),
    "purpose": mark("asset field|Used by"),
    "make": mark("asset field|Make"),
    "model": mark("asset field|Model"),
    "serial_number": mark("asset field|Serial number"),
    "year": mark("asset field|Production year"),
    "cpu": mark("asset field|Processor"),
    "crossmark_score": mark("asset field|CrossMark score"),
    "procyon_score": mark("asset field|Procyon Office score"),
    "ram_gb": mark("asset field|RAM (GB)"),
    "storage_gb": mark("asset field|Disk size (GB)"),
    "storage_type": mark("asset field|Disk type"),
    "ports": mark("asset field|Number of USB ports"),
    "wifi_generation": mark("asset field|Wi-Fi generation (e.g. 6)"),
    "bluetooth_version": mark("asset field|Bluetooth version (e.g. 5.1)"),
    "has_camera": mark("asset field|Camera"),
    "has_microphone": mark("asset field|Microphone"),
    "os": mark("asset field|Operating system"),
    "has_internet": mark("asset field|Connected to the internet"),
    "screen_inches": mark("asset field|Screen size (inches)"),
    "funding_source": mark("asset field|Funding source"),
    "exemption": mark("asset field|Exemption from the requirements"),
    "note": mark("asset field|Note"),
}
NUMBER_FIELDS: Final = frozenset(
    {
        "year",
        "crossmark_score",
        "procyon_score",
        "ram_gb",
        "storage_gb",
        "ports",
        "wifi_generation",
        "screen_inches",
    }
)
FLAG_FIELDS: Final = frozenset({"has_camera", "has_microphone", "has_internet"})
OPTIONAL_CHOICE_FIELDS: Final = frozenset({"storage_type", "exemption"})
FORM_FIELD_NAMES: Final = tuple(FIELD_LABELS)


def _label(msgid: str, locale: str) -> str:
    return _asset_field(translate(msgid, locale))


def field_labels(locale: str) -> dict[str, str]:
    """Each asset field's name in `locale`."""
    return {name: _label(msgid, locale) for name, msgid in FIELD_LABELS.items()}


def _choices(field_name: str, locale: str, *, current_status: str = "") -> tuple[Any, ...]:
    """The values a select offers and how each reads; decommissioned is offered only to an
    asset that already is (the decommission button is how equipment leaves use)."""
    if field_name == "kind":
        return tuple((kind.value, kind_label(kind, locale)) for kind in AssetKind)
    if field_name == "status":
        return tuple(
            (status.value, asset_status_label(status, locale))
            for status in AssetStatus
            if status != AssetStatus.DECOMMISSIONED or current_status == status.value
        )
    if field_name == "purpose":
        return tuple((p.value, _label(PURPOSE_LABELS[p], locale)) for p in AssetPurpose)
    if field_name == "storage_type":
        return tuple((t.value, t.value.upper()) for t in StorageType)
    if field_name == "exemption":
        return tuple((e.value, _label(EXEMPTION_LABELS[e], locale)) for e in ExemptionReason)
    return ()


def form_fields(locale: str, *, current_status: str = "") -> list[FormField]:
    """The asset form's inputs in the order shown."""
    fields = []
    for name, msgid in FIELD_LABELS.items():
        widget = "text"
        if name in NUMBER_FIELDS:
            widget = "number"
        elif name in FLAG_FIELDS:
            widget = "flag"
        elif name == "note":
            widget = "textarea"
        elif name in ("kind", "status", "purpose", "storage_type", "exemption"):
            widget = "select"
        fields.append(
            FormField(
                name=name,
                label=_label(msgid, locale),
                widget=widget,
                choices=_choices(name, locale, current_status=current_status),
                required=name in ("kind", "inventory_number"),
            )
        )
    return fields


def _typed_value(name: str, text: str) -> object:
    """What was typed into `name`, as the core expects it; a value that cannot be read as the
    field's type is passed on as typed, so the core's check names what is wrong with it."""
    text = text.strip()
    if name in NUMBER_FIELDS:
        if not text:
            return None
        return int(text) if text.lstrip("-").isdigit() else text
    if name == "bluetooth_version":
        return text.replace(",", ".") or None
    if name in FLAG_FIELDS:
        if name != "has_internet" and not text:
            return None
        return {_YES: True, _NO: False}.get(text, text)
    if name in OPTIONAL_CHOICE_FIELDS:
        return text or None
    return text


def _form_text(value: object) -> str:
    """A stored value as the form shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _YES if value else _NO
    return str(getattr(value, "value", value))


@dataclass
class AssetForm:
    """What was typed into the asset form, and what is wrong with it, by field."""

    values: dict[str, str]
    errors: dict[str, DomainError] = field(default_factory=dict)

    @classmethod
    def of(cls, asset: Asset) -> AssetForm:
        return cls({name: _form_text(getattr(asset, name)) for name in FORM_FIELD_NAMES})

    @classmethod
    def blank(cls) -> AssetForm:
        return cls(
            {name: "" for name in FORM_FIELD_NAMES}
            | {
                "kind": AssetKind.DESKTOP.value,
                "status": AssetStatus.IN_USE.value,
                "purpose": AssetPurpose.PUPIL.value,
                "has_internet": _YES,
            }
        )

    @classmethod
    async def sent(cls, request: Request) -> AssetForm:
        form = await request.form()
        return cls({name: str(form.get(name, "")) for name in FORM_FIELD_NAMES})

    async def checked(self, school: School, *, current: Asset | None = None) -> dict[str, object]:
        """The fields as the core would store them; every bad one is marked in `errors`. The
        inventory number of an edited asset is checked only when it changes (it is free for
        the asset itself)."""
        checked: dict[str, object] = {}
        for name in FORM_FIELD_NAMES:
            value = _typed_value(name, self.values[name])
            if (
                current is not None
                and name == "inventory_number"
                and value == current.inventory_number
            ):
                checked[name] = value
                continue
            try:
                checked[name] = await checked_new_asset_field(
                    school=school, field=name, value=value
                )
            except InvalidInput as error:
                self.errors[name] = error
        return checked


async def _school_by_code(code: str) -> School:
    school = await School.get_or_none(code=code, is_active=True) if code else None
    if school is None:
        raise PageError(404, mark("Not found"), mark("There is no school with this code."))
    return school


async def _school_for(user: User, code: str) -> School | None:
    """The school whose equipment `user` looks at: a director's own (another school's code is
    answered 404); the school staff chose, or None when they have not chosen yet."""
    if user.role == Role.DIRECTOR:
        own = await School.get_or_none(id=user.school_id or 0)
        if own is None or (code and code != own.code):
            raise PageError(404, mark("Not found"), mark("There is no school with this code."))
        return own
    return await _school_by_code(code) if code else None


async def _asset_for(user: User, public_id: str) -> Asset:
    asset = await Asset.get_or_none(public_id=public_id).select_related("school")
    if asset is None or (user.role == Role.DIRECTOR and asset.school_id != user.school_id):
        raise PageError(404, mark("Not found"), mark("This equipment was not found."))
    return asset


def _equipment_path(school: School) -> str:
    return f"{EQUIPMENT_PATH}?szkola={school.code}"


def asset_path(asset: Asset) -> str:
    return f"{EQUIPMENT_PATH}/{asset.public_id}"


async def _evaluations(assets: list[Asset]) -> dict[int, Evaluation] | None:
    """Each asset's verdict under the gmina's profile; None when the profile is not installed."""
    try:
        rules = await profile_rules(get_settings().requirement_profile)
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
    school = await _school_for(user, szkola)
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
        summary = await compliance_summary(
            profile_code=get_settings().requirement_profile, school=school
        )
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
            "profile_code": get_settings().requirement_profile,
            "filters": filters,
            "filter_errors": [error.translated(locale) for error in filter_errors],
            "rooms": rooms,
            "kinds": _choices("kind", locale),
            "statuses": _choices("status", locale, current_status=AssetStatus.DECOMMISSIONED),
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
        "verdict_name": _label(VERDICT_LABELS[evaluation.verdict], locale) if evaluation else "",
        "reasons": (
            [failure.describe(locale) for failure in evaluation.failed]
            + [criterion.label(locale) for criterion in evaluation.missing]
            if evaluation
            else []
        ),
    }


@router.get(NEW_ASSET_PATH)
async def new_asset_form(request: Request, user: EquipmentKeeper, szkola: str = "") -> Response:
    school = await _school_for(user, szkola)
    if school is None:
        return render(request, "inventory_schools.html", {"schools": await _schools()})
    return _render_form(request, school, AssetForm.blank(), asset=None)


@router.post(NEW_ASSET_PATH)
async def add_asset(
    request: Request, user: EquipmentKeeper, szkola: Annotated[str, Form()] = ""
) -> Response:
    school = await _school_for(user, szkola)
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
    school = await _school_for(user, szkola)
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
            "table_path": _equipment_path(school),
        },
    )


@router.get(EQUIPMENT_PATH + "/{public_id}")
async def asset_page(
    request: Request, public_id: str, user: EquipmentKeeper, zapisano: str = ""
) -> Response:
    asset = await _asset_for(user, public_id)
    return await _render_asset(request, asset, AssetForm.of(asset), saved=bool(zapisano))


@router.post(EQUIPMENT_PATH + "/{public_id}")
async def edit_asset(request: Request, public_id: str, user: EquipmentKeeper) -> Response:
    asset = await _asset_for(user, public_id)
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
    asset = await _asset_for(user, public_id)
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
                "": _label(mark("flag|not recorded"), locale),
                _YES: _label(mark("flag|yes"), locale),
                _NO: _label(mark("flag|no"), locale),
            },
            "action": asset_path(asset) if asset is not None else NEW_ASSET_PATH,
            "table_path": _equipment_path(school),
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
        "channel": _label(CHANNEL_LABELS[change.channel], locale),
        "changes": [
            (
                _label(FIELD_LABELS.get(name, name), locale),
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
        return _label(mark("flag|yes") if value else mark("flag|no"), locale)
    text = str(value)
    readable = {value: label for value, label in _choices(name, locale, current_status=text)}
    return str(readable.get(text, text))
