"""The school's equipment as a spreadsheet: download the prefilled XLSX sheet, edit it in
Excel, upload it back, check the preview of the changes, and apply them.

Who: the director, for their own school (another school's code is answered 404, as on the
equipment pages); the IT specialist and the coordinator, for the school they choose
(`?szkola=CODE`). Teachers get 403.

The rules are `core.inventory.sheet_import`'s and `core.inventory.sheet_uploads`': a file
with any problem comes back (422) with every problem in a table and nothing written; a good
one shows the preview, whose confirmation applies exactly what it showed, all or nothing.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated, Any, Final

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from core import clock
from core.errors import DomainError
from core.i18n import mark, translate_label
from core.inventory.labels import asset_status_label, kind_label
from core.inventory.round_progress import rounds_with_progress
from core.inventory.sheet_import import SheetPlan, plan_sheet
from core.inventory.sheet_reading import MAX_UPLOAD_BYTES, CellError, SheetRejected
from core.inventory.sheet_uploads import (
    UploadGone,
    confirm_upload,
    discard_upload,
    keep_upload,
)
from core.inventory.sheet_workbook import school_sheet
from core.models import AssetKind, AssetPurpose, AssetStatus, ExemptionReason, Role, School, User
from forms.asset_form import EXEMPTION_LABELS, PURPOSE_LABELS, field_labels
from forms.auth import CsrfProtected, PageError
from forms.equipment_access import EQUIPMENT_PATH, EquipmentKeeper, school_for
from forms.templating import render, translated
from forms.visitors import visitor_of

SHEET_PATH: Final = EQUIPMENT_PATH + "/arkusz"
DOWNLOAD_PATH: Final = SHEET_PATH + ".xlsx"
CONFIRM_PATH: Final = SHEET_PATH + "/zatwierdz"
DISCARD_PATH: Final = SHEET_PATH + "/anuluj"
XLSX_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROUNDS_PATH: Final = EQUIPMENT_PATH + "/inwentaryzacja"
"""The inventory rounds page (`forms.inventory_rounds`), where a school's sheet is submitted."""
SAVED: Final = mark("Saved: {created} new, {updated} changed.")
CANCELLED: Final = mark("The upload was cancelled; nothing was changed.")
NOTHING_CHANGED: Final = mark("Nothing was changed")

router = APIRouter(dependencies=[CsrfProtected])


@router.get(DOWNLOAD_PATH)
async def download_sheet(user: EquipmentKeeper, szkola: str = "") -> Response:
    """The school's prefilled sheet, named with its code and today's date."""
    school = await school_for(user, szkola)
    if school is None:
        return RedirectResponse(EQUIPMENT_PATH, status_code=303)
    filename = f"sprzet-{school.code}-{clock.today().isoformat()}.xlsx"
    return Response(
        await school_sheet(school),
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(SHEET_PATH)
async def upload_form(
    request: Request,
    user: EquipmentKeeper,
    szkola: str = "",
    zapisano: str = "",
    nowe: str = "",
    zmienione: str = "",
    anulowano: str = "",
) -> Response:
    school = await school_for(user, szkola)
    if school is None:
        return RedirectResponse(EQUIPMENT_PATH, status_code=303)
    notice = ""
    if zapisano:
        notice = translated(request, SAVED, created=_count(nowe), updated=_count(zmienione))
    elif anulowano:
        notice = translated(request, CANCELLED)
    return await _render_upload(request, user, school, notice=notice, applied=bool(zapisano))


@router.post(SHEET_PATH)
async def upload_sheet(
    request: Request,
    user: EquipmentKeeper,
    szkola: Annotated[str, Form()] = "",
    plik: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Checks the uploaded file: every problem, or the preview of what it changes."""
    school = await school_for(user, szkola)
    if school is None:
        raise PageError(404, mark("Not found"), mark("There is no school with this code."))
    # One byte over the limit is enough to know the file is too large.
    data = await plik.read(MAX_UPLOAD_BYTES + 1) if plik is not None else b""
    try:
        plan = await plan_sheet(school=school, data=data)
    except SheetRejected as refused:
        return await _render_upload(request, user, school, refused=refused, status_code=422)
    token = keep_upload(data=data, user=user, school=school, plan=plan)
    return _render_preview(request, school, plan, token)


@router.post(CONFIRM_PATH)
async def confirm_sheet(
    request: Request,
    user: EquipmentKeeper,
    token: Annotated[str, Form()] = "",
    szkola: Annotated[str, Form()] = "",
) -> Response:
    """Applies the previewed upload; shows the new preview instead when the equipment
    changed since."""
    school = await school_for(user, szkola)
    if school is None:
        raise PageError(404, mark("Not found"), mark("There is no school with this code."))
    try:
        confirmation = await confirm_upload(token=token, user=user, school=school)
    except UploadGone as gone:
        return render(
            request,
            "error.html",
            {
                "title": translated(request, NOTHING_CHANGED),
                "message": gone.translated(visitor_of(request).locale),
            },
            status_code=410,
        )
    except DomainError as refused:
        # The file has errors by now, or the equipment changed while it was being applied.
        return await _render_upload(request, user, school, refused=refused, status_code=422)
    plan = confirmation.plan
    if not confirmation.applied:
        return _render_preview(request, school, plan, token, changed=True)
    return RedirectResponse(
        f"{SHEET_PATH}?szkola={school.code}&zapisano=1"
        f"&nowe={len(plan.new_assets)}&zmienione={len(plan.updates)}",
        status_code=303,
    )


@router.post(DISCARD_PATH)
async def discard_sheet(
    user: EquipmentKeeper,
    token: Annotated[str, Form()] = "",
    szkola: Annotated[str, Form()] = "",
) -> Response:
    """Drops the previewed upload; nothing is changed."""
    school = await school_for(user, szkola)
    if school is None:
        raise PageError(404, mark("Not found"), mark("There is no school with this code."))
    with suppress(UploadGone):  # an upload already gone is what was asked for
        discard_upload(token=token, user=user, school=school)
    return RedirectResponse(f"{SHEET_PATH}?szkola={school.code}&anulowano=1", status_code=303)


async def _render_upload(
    request: Request,
    user: User,
    school: School,
    *,
    refused: DomainError | None = None,
    notice: str = "",
    applied: bool = False,
    status_code: int = 200,
) -> Response:
    locale = visitor_of(request).locale
    open_rounds = [
        progress
        for progress in await rounds_with_progress(school=school)
        if progress.is_open and progress.submitted == 0
    ]
    return render(
        request,
        "inventory_sheet_upload.html",
        {
            "school": school,
            "download_path": f"{DOWNLOAD_PATH}?szkola={school.code}",
            "table_path": f"{EQUIPMENT_PATH}?szkola={school.code}",
            "rounds_path": ROUNDS_PATH,
            "action": SHEET_PATH,
            "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
            "problem": refused.translated(locale) if refused else "",
            "errors": (
                [_error_row(error, locale) for error in refused.errors]
                if isinstance(refused, SheetRejected)
                else []
            ),
            "notice": notice,
            "submit_rounds": [p.round for p in open_rounds]
            if applied and user.role == Role.DIRECTOR
            else [],
        },
        status_code=status_code,
    )


def _count(text: str) -> int:
    """A count from the query string; 0 for anything that is not one."""
    return int(text) if text.isdigit() else 0


def _error_row(error: CellError, locale: str) -> dict[str, Any]:
    column = error.header or "—"
    if error.column:
        column = f"{error.column} ({error.header})" if error.header else error.column
    return {
        "row": error.row or "—",
        "column": column,
        "value": error.value,
        "problem": error.problem.translated(locale),
    }


def _render_preview(
    request: Request, school: School, plan: SheetPlan, token: str, *, changed: bool = False
) -> Response:
    locale = visitor_of(request).locale
    labels = field_labels(locale)
    return render(
        request,
        "inventory_sheet_preview.html",
        {
            "school": school,
            "token": token,
            "changed": changed,
            "confirm_path": CONFIRM_PATH,
            "discard_path": DISCARD_PATH,
            "new_assets": [
                {
                    "row": new.row,
                    "inventory_number": new.fields.get("inventory_number", ""),
                    "fields": [
                        (labels[name], shown(name, value, locale))
                        for name, value in new.fields.items()
                        if name != "inventory_number" and value not in (None, "")
                    ],
                }
                for new in plan.new_assets
            ],
            "updates": [
                {
                    "row": update.row,
                    "inventory_number": update.inventory_number,
                    "changes": [
                        (
                            labels[change.field],
                            shown(change.field, change.old, locale),
                            shown(change.field, change.new, locale),
                        )
                        for change in update.changes
                    ],
                }
                for update in plan.updates
            ],
            "unchanged": plan.unchanged,
            "nothing_to_do": not plan.new_assets and not plan.updates,
        },
    )


def shown(name: str, value: object, locale: str) -> str:
    """A value of the asset field `name` as people read it; "—" for one not recorded."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return translate_label(mark("flag|yes") if value else mark("flag|no"), locale)
    if name == "kind":
        return kind_label(AssetKind(str(value)), locale)
    if name == "status":
        return asset_status_label(AssetStatus(str(value)), locale)
    if name == "purpose":
        return translate_label(PURPOSE_LABELS[AssetPurpose(str(value))], locale)
    if name == "exemption":
        return translate_label(EXEMPTION_LABELS[ExemptionReason(str(value))], locale)
    return str(getattr(value, "value", value)).upper() if name == "storage_type" else str(value)
