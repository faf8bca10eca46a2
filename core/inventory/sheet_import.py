"""Reading an uploaded inventory sheet into a plan of changes, and carrying the plan out.

`plan_sheet` checks every cell with the asset service's own checks and collects every problem
(row, column, value, why); a file with any problem is refused whole. Otherwise it returns
the plan: the new assets, the fields each existing asset changes (old and new value), and how
many rows change nothing. `apply_plan` writes the plan through `create_asset` and
`update_asset`, so each change gets its history row, all in one transaction: if any write
fails, nothing is written. Assets whose rows are missing from the file are left as they are.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from tortoise.exceptions import DoesNotExist, IntegrityError
from tortoise.transactions import in_transaction

from core.errors import DomainError, IllegalTransition, InvalidInput
from core.i18n import mark
from core.inventory.assets import checked_new_asset_field, create_asset, update_asset
from core.inventory.sheet_reading import (
    CellError,
    SheetRejected,
    read_sheet,
    rejected,
)
from core.inventory.sheet_workbook import (
    CHOICE,
    COLUMNS,
    KEEPS_WHEN_BLANK,
    KEY,
    NUMBER,
    VERSION,
    YES_NO,
    SheetColumn,
)
from core.models import Asset, AssetStatus, Channel, School, User
from core.workbook_cells import cell_text, is_blank

FLAG_WORDS: Final = {"yes": True, "no": False}
_COLUMN_OF: Final = {column.field: column for column in COLUMNS if column.field is not None}


@dataclass(frozen=True)
class NewAsset:
    row: int
    fields: Mapping[str, object]


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class AssetUpdate:
    row: int
    asset_id: int
    inventory_number: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class SheetPlan:
    """What applying the sheet would do."""

    new_assets: tuple[NewAsset, ...]
    updates: tuple[AssetUpdate, ...]
    unchanged: int

    @property
    def digest(self) -> str:
        """A fingerprint of the plan, the same for the same changes from the same values."""
        described = {
            "new": [
                sorted((k, _plain(v)) for k, v in new.fields.items()) for new in self.new_assets
            ],
            "updates": [
                [update.asset_id, [[c.field, _plain(c.old), _plain(c.new)] for c in update.changes]]
                for update in self.updates
            ],
            "unchanged": self.unchanged,
        }
        return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    return getattr(value, "value", value)


async def plan_sheet(*, school: School, data: bytes) -> SheetPlan:
    """The plan for the uploaded workbook `data` of `school`'s equipment. Raises
    SheetRejected for a file that is not such a workbook, and with every problem found in
    its cells; nothing is written either way."""
    letters, rows = read_sheet(data)
    assets = {a.public_id: a for a in await Asset.filter(school_id=school.id)}
    errors: list[CellError] = []
    first_rows: dict[tuple[str, str], int] = {}
    new_assets: list[NewAsset] = []
    updates: list[AssetUpdate] = []
    unchanged = 0
    for number, cells in rows:
        row = _RowReader(number, cells, letters, errors)
        key = cell_text(cells.get(KEY))
        asset = assets.get(key) if key else None
        if key and asset is None:
            row.refuse(KEY, InvalidInput("no equipment of this school has this identifier"))
            continue
        if key:
            row.check_first(KEY, key, first_rows)
        fields = await row.fields(school, asset)
        if "inventory_number" in fields:
            row.check_first(_COLUMN_OF["inventory_number"], fields["inventory_number"], first_rows)
        if asset is not None and "status" in fields:
            row.check_decommissioned(asset, fields["status"])
        if row.failed:
            continue
        if asset is None:
            new_assets.append(NewAsset(number, fields))
            continue
        changes = _changes(asset, fields)
        if changes:
            updates.append(AssetUpdate(number, asset.id, asset.inventory_number, changes))
        else:
            unchanged += 1
    if errors:
        raise rejected(errors)
    return SheetPlan(tuple(new_assets), tuple(updates), unchanged)


def _changes(asset: Asset, fields: Mapping[str, object]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, getattr(asset, name), value)
        for name, value in fields.items()
        if getattr(asset, name) != value
    )


async def apply_plan(plan: SheetPlan, *, school: School, actor: User) -> None:
    """Carries out `plan` for `school` as `actor` (channel: web) in one transaction. Raises
    what the asset service raises, or SheetRejected when the data changed meanwhile in a
    way the database refuses; nothing is written then."""
    try:
        async with in_transaction():
            # Changes first: an inventory number a changed asset gives up is then free.
            for update in plan.updates:
                await update_asset(
                    await Asset.get(id=update.asset_id, school_id=school.id),
                    actor=actor,
                    channel=Channel.WEB,
                    changes={change.field: change.new for change in update.changes},
                )
            for new in plan.new_assets:
                await create_asset(school=school, actor=actor, channel=Channel.WEB, **new.fields)
    except (IntegrityError, DoesNotExist):
        raise SheetRejected(
            mark(
                "The equipment changed while the sheet was being saved. Nothing was saved; "
                "upload the file again."
            )
        ) from None


class _RowReader:
    """Checks one row's cells, recording each problem against its column."""

    def __init__(
        self,
        number: int,
        cells: Mapping[SheetColumn, object],
        letters: Mapping[SheetColumn, str],
        errors: list[CellError],
    ) -> None:
        self.number = number
        self._cells = cells
        self._letters = letters
        self._errors = errors
        self.failed = False

    def refuse(self, column: SheetColumn, problem: DomainError) -> None:
        self.failed = True
        value = cell_text(self._cells.get(column))
        self._errors.append(
            CellError(self.number, self._letters.get(column), column.header, value, problem)
        )

    async def fields(self, school: School, asset: Asset | None) -> dict[str, object]:
        """The row's values as the asset service would store them; each bad one refused."""
        fields: dict[str, object] = {}
        for column, raw in self._cells.items():
            name = column.field
            if name is None:
                continue
            if (
                is_blank(raw)
                and name in KEEPS_WHEN_BLANK
                and (asset is not None or name not in ("kind", "inventory_number"))
            ):
                continue
            try:
                value = _cell_value(column, raw)
                if (
                    asset is not None
                    and name == "inventory_number"
                    and value == asset.inventory_number
                ):
                    # An asset keeps its own number: only a new or changed one must be free.
                    fields[name] = value
                    continue
                fields[name] = await checked_new_asset_field(school=school, field=name, value=value)
            except DomainError as problem:
                self.refuse(column, problem)
        return fields

    def check_first(
        self, column: SheetColumn, value: object, first_rows: dict[tuple[str, str], int]
    ) -> None:
        """Refuses a key or an inventory number an earlier row of the file has."""
        first = first_rows.setdefault((column.header, str(value)), self.number)
        if first != self.number:
            self.refuse(column, InvalidInput("the same value as in row {row}", row=first))

    def check_decommissioned(self, asset: Asset, status: object) -> None:
        if asset.status == AssetStatus.DECOMMISSIONED and status != AssetStatus.DECOMMISSIONED:
            refused = IllegalTransition("Decommissioned equipment stays decommissioned")
            self.refuse(_COLUMN_OF["status"], refused)


def _cell_value(column: SheetColumn, raw: object) -> object:
    """A cell as the asset service expects its field; a value that cannot be read as the
    column's type is passed on as written, so the service's check names what is wrong."""
    if column.kind == CHOICE:
        return _choice(column, raw)
    if column.kind == NUMBER:
        if is_blank(raw):
            return None
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        text = cell_text(raw)
        return int(text) if isinstance(raw, str) and text.isdigit() else raw
    if column.kind == VERSION:
        if is_blank(raw):
            return None
        try:
            return Decimal(cell_text(raw).replace(",", "."))
        except InvalidOperation:
            return cell_text(raw)
    return cell_text(raw)


def _choice(column: SheetColumn, raw: object) -> object:
    """The value a choice cell stands for: its Polish word or the stored value, in any case
    (and yes or no for a flag). Raises InvalidInput for anything else."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        return raw
    text = cell_text(raw).casefold()
    for word, meant in column.words.items():
        if text in (word.casefold(), str(_plain(meant)).casefold()):
            return meant
    if column.words is YES_NO and text in FLAG_WORDS:
        return FLAG_WORDS[text]
    raise InvalidInput(
        "unknown value “{value}”; choose one of: {choices}",
        value=cell_text(raw),
        choices=", ".join(column.words),
    )
