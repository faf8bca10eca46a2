"""The requirement profile in use and the coordinator's changes to its rules' thresholds.

Which profile is in use is the gmina's setting `HDR_REQUIREMENT_PROFILE` (a profile's code;
the shipped ones are in `core.inventory.profiles`); changing it is a change of the server's
configuration. What the coordinator changes here are the minimums of each rule of that
profile: the verdicts on the equipment (`core.inventory.requirements`) read them at once.

A save changes one rule's thresholds all together or not at all: every value is checked
first (`threshold_errors`), and nothing is written while one is wrong. A number left empty
means "no minimum". Installing the reference data again keeps these changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Final

from core.config import get_settings
from core.errors import InvalidInput, NotFound
from core.models import RequirementProfile, RequirementRule

NUMBER_THRESHOLDS: Final[Mapping[str, int]] = {
    "min_crossmark": 100_000,
    "min_procyon": 100_000,
    "min_ram_gb": 4096,
    "min_storage_gb": 1_000_000,
    "min_ports": 64,
    "min_wifi_generation": 9,
}
"""Each whole-number minimum and the highest value it may have (an asset's own limit)."""
REQUIRED_FEATURES: Final = ("requires_ssd", "requires_camera", "requires_microphone")
BLUETOOTH_THRESHOLD: Final = "min_bluetooth_version"
THRESHOLD_FIELDS: Final = (*NUMBER_THRESHOLDS, BLUETOOTH_THRESHOLD, *REQUIRED_FEATURES)

_LOWEST_BLUETOOTH = Decimal("1.0")
_HIGHEST_BLUETOOTH = Decimal("9.9")


def profile_code_in_use() -> str:
    """The code of the profile the gmina uses (`HDR_REQUIREMENT_PROFILE`)."""
    return get_settings().requirement_profile


async def profile_in_use() -> RequirementProfile:
    """The profile the gmina uses; raises NotFound when no profile has its code."""
    code = profile_code_in_use()
    profile = await RequirementProfile.get_or_none(code=code)
    if profile is None:
        raise NotFound("Unknown requirement profile {code}", code=code)
    return profile


async def rules_of(profile: RequirementProfile) -> list[RequirementRule]:
    """The profile's rules by kind and purpose of equipment."""
    return await RequirementRule.filter(profile_id=profile.id).order_by("asset_kind", "purpose")


async def rule_in_use(rule_id: int) -> RequirementRule:
    """The rule `rule_id` of the profile in use; raises NotFound for a rule of another
    profile or none at all."""
    profile = await profile_in_use()
    rule = await RequirementRule.get_or_none(id=rule_id, profile_id=profile.id)
    if rule is None:
        raise NotFound("There is no such rule in the requirement profile in use.")
    return rule


def _whole_number(field: str, value: object) -> int | None:
    """A minimum from 0 to its limit, given as a number or as typed text; empty: none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: object = value
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,9}\s*", value):
        number = int(value)
    high = NUMBER_THRESHOLDS[field]
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= high:
        raise InvalidInput(
            "Expected a whole number from {low} to {high}, got {value}",
            field=field,
            low=0,
            high=high,
            value=value,
        )
    return number


def _bluetooth_version(field: str, value: object) -> Decimal | None:
    """A version such as 5 or "5.1" (a decimal comma is read too); empty: no minimum."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    refused = InvalidInput(
        "Expected a version from {low} to {high} with at most one decimal place, got {value}",
        field=field,
        low=_LOWEST_BLUETOOTH,
        high=_HIGHEST_BLUETOOTH,
        value=value,
    )
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise refused
    try:
        version = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise refused from None
    if (
        not version.is_finite()
        or not _LOWEST_BLUETOOTH <= version <= _HIGHEST_BLUETOOTH
        or version != version.quantize(Decimal("0.1"))
    ):
        raise refused
    return version.quantize(Decimal("0.1"))


def _required(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput("Expected yes or no, got {value}", field=field, value=value)
    return value


def checked_threshold(field: str, value: object) -> object:
    """`value` of the rule's threshold `field` as it would be stored. Raises InvalidInput
    naming `field` when it is unknown or the value is not acceptable."""
    if field in NUMBER_THRESHOLDS:
        return _whole_number(field, value)
    if field == BLUETOOTH_THRESHOLD:
        return _bluetooth_version(field, value)
    if field in REQUIRED_FEATURES:
        return _required(field, value)
    raise InvalidInput("Unknown rule field {field}", field=field)


def threshold_errors(thresholds: Mapping[str, object]) -> dict[str, InvalidInput]:
    """What is wrong with `thresholds`, by field; empty when every value is acceptable."""
    errors: dict[str, InvalidInput] = {}
    for field, value in thresholds.items():
        try:
            checked_threshold(field, value)
        except InvalidInput as error:
            errors[field] = error
    return errors


async def change_rule_thresholds(
    rule: RequirementRule, thresholds: Mapping[str, object]
) -> RequirementRule:
    """Sets the given thresholds of `rule` in one write, or none of them: raises the first
    error of `threshold_errors` when a value is not acceptable."""
    errors = threshold_errors(thresholds)
    if errors:
        raise next(iter(errors.values()))
    checked = {field: checked_threshold(field, value) for field, value in thresholds.items()}
    if checked:
        await RequirementRule.filter(id=rule.id).update(**checked)
    await rule.refresh_from_db()
    return rule
