"""The asset form: its fields in the visitor's language, and what was typed into it, checked
field by field by `core.inventory.assets` before anything is written, so that a refused form
comes back with what was typed and every bad field marked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from fastapi import Request

from core.errors import DomainError, InvalidInput
from core.i18n import mark, translate_label
from core.inventory.assets import checked_new_asset_field
from core.inventory.labels import asset_status_label, kind_label
from core.models import (
    Asset,
    AssetKind,
    AssetPurpose,
    AssetStatus,
    ExemptionReason,
    School,
    StorageType,
)

YES, NO = "yes", "no"


@dataclass(frozen=True)
class FormField:
    """One input of the asset form: `widget` is text, number, textarea, select or flag (yes,
    no, or not recorded); `choices` gives a select's values and how each reads."""

    name: str
    label: str
    widget: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False


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


def field_labels(locale: str) -> dict[str, str]:
    """Each asset field's name in `locale`."""
    return {name: translate_label(msgid, locale) for name, msgid in FIELD_LABELS.items()}


def choices_of(field_name: str, locale: str, *, current_status: str = "") -> tuple[Any, ...]:
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
        return tuple((p.value, translate_label(PURPOSE_LABELS[p], locale)) for p in AssetPurpose)
    if field_name == "storage_type":
        return tuple((t.value, t.value.upper()) for t in StorageType)
    if field_name == "exemption":
        return tuple(
            (e.value, translate_label(EXEMPTION_LABELS[e], locale)) for e in ExemptionReason
        )
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
                label=translate_label(msgid, locale),
                widget=widget,
                choices=choices_of(name, locale, current_status=current_status),
                required=name in ("kind", "inventory_number"),
            )
        )
    return fields


def _typed_value(name: str, text: str) -> object:
    """What was typed into `name`, as the core expects it; a value that cannot be read as the
    field's type is passed on as typed, so the core's check names what is wrong with it."""
    text = text.strip()
    if name in NUMBER_FIELDS:
        return typed_whole_number(text)
    if name == "bluetooth_version":
        return text.replace(",", ".") or None
    if name in FLAG_FIELDS:
        if name != "has_internet" and not text:
            return None
        return {YES: True, NO: False}.get(text, text)
    if name in OPTIONAL_CHOICE_FIELDS:
        return text or None
    return text


def typed_whole_number(text: str) -> object:
    """A whole number typed into a number field: None when left empty, the text as typed
    when it is not one, so the core's check names what is wrong with it."""
    text = text.strip()
    if not text:
        return None
    return int(text) if text.lstrip("-").isdigit() else text


def form_text(value: object) -> str:
    """A stored value as the form shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    return str(getattr(value, "value", value))


@dataclass
class AssetForm:
    """What was typed into the asset form, and what is wrong with it, by field."""

    values: dict[str, str]
    errors: dict[str, DomainError] = field(default_factory=dict)

    @classmethod
    def of(cls, asset: Asset) -> AssetForm:
        return cls({name: form_text(getattr(asset, name)) for name in FORM_FIELD_NAMES})

    @classmethod
    def blank(cls) -> AssetForm:
        return cls(
            {name: "" for name in FORM_FIELD_NAMES}
            | {
                "kind": AssetKind.DESKTOP.value,
                "status": AssetStatus.IN_USE.value,
                "purpose": AssetPurpose.PUPIL.value,
                "has_internet": YES,
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
