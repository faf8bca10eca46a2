"""Uploaded inventory sheets waiting for their preview to be confirmed.

The preview must lead to exactly what it showed. So the upload is kept under the data
directory (`inventory-uploads/<token>.upload`: one line of JSON saying who uploaded it for
which school, when, and the fingerprint of the plan previewed; then the file's bytes), and
confirming reads it again and plans again. A plan that differs from the one previewed (the
equipment was edited meanwhile) is not applied: it is kept as the new preview instead.

An upload belongs to the user who sent it and the school it was sent for, and lasts
`UPLOAD_LIFETIME`; it is used up by being applied or discarded. A confirmation is claimed
by renaming the file, so two confirmations of one upload cannot both apply it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from core import clock
from core.config import get_settings
from core.errors import NotFound
from core.i18n import mark
from core.inventory.sheet_import import SheetPlan, apply_plan, plan_sheet
from core.models import School, User

UPLOAD_LIFETIME: Final = dt.timedelta(hours=1)
UPLOADS_FOLDER: Final = "inventory-uploads"
_TOKEN: Final = re.compile(r"[A-Za-z0-9_-]{32}")
_WAITING, _CLAIMED = ".upload", ".claimed"


class UploadGone(NotFound):
    """The upload was applied or discarded already, has expired, or is someone else's."""

    def __init__(self) -> None:
        super().__init__(
            mark(
                "This upload was already applied or cancelled, or it has expired. Nothing was "
                "changed; upload the file again if you still need to."
            )
        )


@dataclass(frozen=True)
class PendingUpload:
    token: str
    user_id: int
    school_id: int
    uploaded_at: dt.datetime
    digest: str
    data: bytes


@dataclass(frozen=True)
class Confirmation:
    """What confirming did: `applied` is False when the plan changed since the preview and
    `plan` is the new preview (kept under the same token)."""

    school: School
    plan: SheetPlan
    applied: bool


def uploads_folder() -> Path:
    return get_settings().data_dir / UPLOADS_FOLDER


def keep_upload(*, data: bytes, user: User, school: School, plan: SheetPlan) -> str:
    """Stores `data`, previewed as `plan`, for `user` to confirm; returns its token. Uploads
    past their lifetime are removed meanwhile."""
    remove_expired_uploads()
    token = secrets.token_urlsafe(24)
    _write(
        PendingUpload(token, user.id, school.id, clock.now(), plan.digest, data),
        _path(token, _WAITING),
    )
    return token


async def confirm_upload(*, token: str, user: User, school: School) -> Confirmation:
    """Applies the upload `token` of `user` for `school` when its plan is still the one
    previewed.

    Raises UploadGone for a token that is not `user`'s waiting upload for `school` (used up,
    expired, someone else's or another school's, or never made); SheetRejected when the file
    now has errors, and what `apply_plan` raises. The upload is used up then, and when
    applied.
    """
    claimed = _claim(token, user, school)
    try:
        plan = await plan_sheet(school=school, data=claimed.data)
        if plan.digest != claimed.digest:
            _write(
                PendingUpload(
                    token, user.id, school.id, claimed.uploaded_at, plan.digest, claimed.data
                ),
                _path(token, _WAITING),
            )
            return Confirmation(school, plan, applied=False)
        await apply_plan(plan, school=school, actor=user)
        return Confirmation(school, plan, applied=True)
    finally:
        _path(token, _CLAIMED).unlink(missing_ok=True)


def discard_upload(*, token: str, user: User, school: School) -> None:
    """Removes `user`'s waiting upload `token` for `school`; raises UploadGone as
    `confirm_upload` does."""
    _claim(token, user, school)
    _path(token, _CLAIMED).unlink(missing_ok=True)


def remove_expired_uploads() -> None:
    """Deletes every upload, waiting or claimed, older than `UPLOAD_LIFETIME`."""
    folder = uploads_folder()
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.suffix not in (_WAITING, _CLAIMED):
            continue
        try:
            upload = _read(path)
        except (OSError, ValueError, KeyError):
            path.unlink(missing_ok=True)
            continue
        if _expired(upload):
            path.unlink(missing_ok=True)


def _claim(token: str, user: User, school: School) -> PendingUpload:
    """The waiting upload `token` of `user` for `school`, renamed so that no one else can
    claim it."""
    if not _TOKEN.fullmatch(token):
        raise UploadGone()
    try:
        _path(token, _WAITING).rename(_path(token, _CLAIMED))
    except FileNotFoundError:
        raise UploadGone() from None
    upload = _read(_path(token, _CLAIMED))
    if (upload.user_id, upload.school_id) != (user.id, school.id):
        # Someone else's, or meant for another school: put it back untouched.
        _path(token, _CLAIMED).rename(_path(token, _WAITING))
        raise UploadGone()
    if _expired(upload):
        _path(token, _CLAIMED).unlink(missing_ok=True)
        raise UploadGone()
    return upload


def _expired(upload: PendingUpload) -> bool:
    return clock.now() - upload.uploaded_at > UPLOAD_LIFETIME


def _path(token: str, suffix: str) -> Path:
    return uploads_folder() / f"{token}{suffix}"


def _write(upload: PendingUpload, path: Path) -> None:
    header = {
        "user": upload.user_id,
        "school": upload.school_id,
        "uploaded_at": upload.uploaded_at.isoformat(),
        "digest": upload.digest,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(json.dumps(header).encode() + b"\n" + upload.data)
    partial.replace(path)


def _read(path: Path) -> PendingUpload:
    header_line, _, data = path.read_bytes().partition(b"\n")
    header = json.loads(header_line)
    return PendingUpload(
        token=path.stem,
        user_id=int(header["user"]),
        school_id=int(header["school"]),
        uploaded_at=dt.datetime.fromisoformat(header["uploaded_at"]),
        digest=str(header["digest"]),
        data=data,
    )
