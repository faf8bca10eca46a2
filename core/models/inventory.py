"""Equipment per school, its history, network sheets, requirement profiles, inventory rounds."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from core.models.people import Channel

if TYPE_CHECKING:
    from core.models.people import School, User


class AssetKind(StrEnum):
    DESKTOP = "desktop"
    LAPTOP = "laptop"
    TABLET = "tablet"
    INTERACTIVE_WHITEBOARD = "interactive_whiteboard"
    INTERACTIVE_MONITOR = "interactive_monitor"
    PROJECTOR = "projector"
    PRINTER = "printer"
    NETWORK_DEVICE = "network_device"
    SERVER = "server"
    OTHER = "other"


class AssetStatus(StrEnum):
    IN_USE = "in_use"
    IN_REPAIR = "in_repair"
    SPARE = "spare"
    DECOMMISSIONED = "decommissioned"


class AssetPurpose(StrEnum):
    PUPIL = "pupil"
    TEACHER = "teacher"
    ADMINISTRATION = "administration"
    SHARED = "shared"


class StorageType(StrEnum):
    SSD = "ssd"
    HDD = "hdd"


class ExemptionReason(StrEnum):
    """Why the requirement profile does not apply (the 2024 regulation's exemptions)."""

    GRADES_1_3 = "grades_1_3"
    DONATED = "donated"


class LinkType(StrEnum):
    FIBRE = "fibre"
    RADIO = "radio"
    MOBILE = "mobile"
    DSL = "dsl"
    CABLE = "cable"
    SATELLITE = "satellite"
    OTHER = "other"


class WifiCoverage(StrEnum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class NetworkQuality(StrEnum):
    POOR = "poor"
    FAIR = "fair"
    GOOD = "good"


class InventoryRoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Asset(Model):
    id = fields.IntField(primary_key=True)
    public_id = fields.CharField(max_length=24, unique=True)
    school: fields.ForeignKeyRelation[School] = fields.ForeignKeyField(
        "models.School", related_name="assets", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(AssetKind, max_length=32)
    inventory_number = fields.CharField(max_length=64)
    make = fields.CharField(max_length=100, default="")
    model = fields.CharField(max_length=100, default="")
    serial_number = fields.CharField(max_length=100, default="")
    year = fields.SmallIntField(null=True)
    cpu = fields.CharField(max_length=100, default="")
    crossmark_score = fields.IntField(null=True)
    procyon_score = fields.IntField(null=True)
    ram_gb = fields.IntField(null=True)
    storage_gb = fields.IntField(null=True)
    storage_type = fields.CharEnumField(StorageType, max_length=8, null=True)
    ports = fields.SmallIntField(null=True)
    wifi_generation = fields.SmallIntField(null=True)
    bluetooth_version = fields.DecimalField(max_digits=3, decimal_places=1, null=True)
    has_camera = fields.BooleanField(null=True)
    has_microphone = fields.BooleanField(null=True)
    os = fields.CharField(max_length=100, default="")
    room = fields.CharField(max_length=100, default="")
    purpose = fields.CharEnumField(AssetPurpose, max_length=16, default=AssetPurpose.PUPIL)
    status = fields.CharEnumField(AssetStatus, max_length=16, default=AssetStatus.IN_USE)
    has_internet = fields.BooleanField(default=True)
    screen_inches = fields.SmallIntField(null=True)
    funding_source = fields.CharField(max_length=200, default="")
    exemption = fields.CharEnumField(ExemptionReason, max_length=16, null=True)
    note = fields.TextField(default="")
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    school_id: int

    class Meta:
        table = "asset"
        unique_together = (("school", "inventory_number"),)
        ordering = ("school_id", "inventory_number")


class AssetChange(Model):
    """One edit of an asset: who, when, by which channel, and each field's old and new value."""

    id = fields.IntField(primary_key=True)
    asset: fields.ForeignKeyRelation[Asset] = fields.ForeignKeyField(
        "models.Asset", related_name="changes", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="asset_changes", null=True, on_delete=fields.SET_NULL
    )
    channel = fields.CharEnumField(Channel, max_length=16)
    changes: dict[str, list[object]] = fields.JSONField()

    asset_id: int

    class Meta:
        table = "asset_change"
        ordering = ("at", "id")


class SchoolNetworkSheet(Model):
    id = fields.IntField(primary_key=True)
    school: fields.OneToOneRelation[School] = fields.OneToOneField(
        "models.School", related_name="network_sheet", on_delete=fields.CASCADE
    )
    link_type = fields.CharEnumField(LinkType, max_length=16, null=True)
    download_mbps = fields.IntField(null=True)
    upload_mbps = fields.IntField(null=True)
    wifi_coverage = fields.CharEnumField(WifiCoverage, max_length=16, null=True)
    network_quality = fields.CharEnumField(NetworkQuality, max_length=16, null=True)
    notes = fields.TextField(default="")
    updated_at = fields.DatetimeField()
    updated_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="network_sheet_updates", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "school_network_sheet"


class RequirementProfile(Model):
    """A named level of minimum requirements for school computers (e.g. the 2024 regulation)."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
    legal_basis = fields.CharField(max_length=300, default="")

    class Meta:
        table = "requirement_profile"


class RequirementRule(Model):
    """The minimum one kind and purpose of computer must meet under a profile (null: no rule)."""

    id = fields.IntField(primary_key=True)
    profile: fields.ForeignKeyRelation[RequirementProfile] = fields.ForeignKeyField(
        "models.RequirementProfile", related_name="rules", on_delete=fields.CASCADE
    )
    asset_kind = fields.CharEnumField(AssetKind, max_length=32)
    purpose = fields.CharEnumField(AssetPurpose, max_length=16, null=True)
    min_crossmark = fields.IntField(null=True)
    min_procyon = fields.IntField(null=True)
    min_ram_gb = fields.IntField(null=True)
    min_storage_gb = fields.IntField(null=True)
    requires_ssd = fields.BooleanField(default=False)
    min_ports = fields.SmallIntField(null=True)
    min_wifi_generation = fields.SmallIntField(null=True)
    min_bluetooth_version = fields.DecimalField(max_digits=3, decimal_places=1, null=True)
    requires_camera = fields.BooleanField(default=False)
    requires_microphone = fields.BooleanField(default=False)

    profile_id: int

    class Meta:
        table = "requirement_rule"
        unique_together = (("profile", "asset_kind", "purpose"),)


class InventoryRound(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    opened_at = fields.DatetimeField()
    deadline = fields.DateField()
    opened_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="opened_inventory_rounds", null=True, on_delete=fields.SET_NULL
    )
    status = fields.CharEnumField(
        InventoryRoundStatus, max_length=16, default=InventoryRoundStatus.OPEN
    )
    closed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "inventory_round"
        ordering = ("-opened_at",)


class InventorySubmission(Model):
    id = fields.IntField(primary_key=True)
    round: fields.ForeignKeyRelation[InventoryRound] = fields.ForeignKeyField(
        "models.InventoryRound", related_name="submissions", on_delete=fields.CASCADE
    )
    school: fields.ForeignKeyRelation[School] = fields.ForeignKeyField(
        "models.School", related_name="inventory_submissions", on_delete=fields.CASCADE
    )
    submitted_at = fields.DatetimeField()
    submitted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="inventory_submissions", null=True, on_delete=fields.SET_NULL
    )
    channel = fields.CharEnumField(Channel, max_length=16)
    note = fields.TextField(default="")

    round_id: int
    school_id: int

    class Meta:
        table = "inventory_submission"
        unique_together = (("round", "school"),)
