"""Sheets of QR labels to stick on a school's equipment, on common A4 label stock.

Each label carries the asset's inventory number, the school's short name and a QR code of
the asset's Telegram deep link (`lookup.asset_deep_link`): scanning it opens the chat with
the bot on that very device, to report a fault or see its record. Decommissioned equipment
gets no label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final

import qrcode
from qrcode.image.svg import SvgPathImage

from core.i18n import mark
from core.inventory.lookup import asset_deep_link
from core.models import Asset, AssetStatus, School


@dataclass(frozen=True)
class LabelLayout:
    """A sheet of `columns` × `rows` labels of `width_mm` × `height_mm` on A4 (210 × 297 mm),
    the first one `top_mm` from the top and `left_mm` from the left edge, with `gap_mm`
    between columns (rows touch)."""

    code: str
    name: str
    columns: int
    rows: int
    width_mm: Decimal
    height_mm: Decimal
    top_mm: Decimal
    left_mm: Decimal
    gap_mm: Decimal

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows


LAYOUTS: Final = MappingProxyType(
    {
        layout.code: layout
        for layout in (
            # Stock such as Avery 3475 / Herma 4453: 70 × 37 mm, no margins at the sides.
            LabelLayout(
                code="3x8",
                name=mark("24 labels 70 × 37 mm (3 × 8)"),
                columns=3,
                rows=8,
                width_mm=Decimal(70),
                height_mm=Decimal(37),
                top_mm=Decimal("0.5"),
                left_mm=Decimal(0),
                gap_mm=Decimal(0),
            ),
            # Stock such as Avery L7163: 99.1 × 38.1 mm.
            LabelLayout(
                code="2x7",
                name=mark("14 labels 99.1 × 38.1 mm (2 × 7)"),
                columns=2,
                rows=7,
                width_mm=Decimal("99.1"),
                height_mm=Decimal("38.1"),
                top_mm=Decimal("15.15"),
                left_mm=Decimal("4.65"),
                gap_mm=Decimal("2.5"),
            ),
        )
    }
)
DEFAULT_LAYOUT: Final = "3x8"


@dataclass(frozen=True)
class Label:
    inventory_number: str
    school_name: str
    link: str
    qr_svg: str
    """An SVG element; it scales to the box it is put in."""


def qr_svg(text: str) -> str:
    """A QR code of `text` as an SVG element (the `qrcode` package's path factory), with the
    quiet zone the standard asks for; the page's CSS sets its size on the label."""
    image = qrcode.make(
        text,
        image_factory=SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    svg: str = image.to_string(encoding="unicode")
    return svg


def labels_for(assets: Sequence[Asset], school: School, bot_username: str) -> list[Label]:
    """A label for each asset that is not decommissioned, in the order given."""
    return [
        Label(
            inventory_number=asset.inventory_number,
            school_name=school.short_name or school.name,
            link=(link := asset_deep_link(asset.public_id, bot_username)),
            qr_svg=qr_svg(link),
        )
        for asset in assets
        if asset.status != AssetStatus.DECOMMISSIONED
    ]


def sheets(labels: Sequence[Label], layout: LabelLayout) -> list[list[Label]]:
    """`labels` split into A4 sheets of `layout.per_sheet`."""
    size = layout.per_sheet
    return [list(labels[start : start + size]) for start in range(0, len(labels), size)]
