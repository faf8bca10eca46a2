"""What a new deployment's help desk starts with: SLA targets per priority and the list of
fault categories. Both are data; a gmina changes them through `SlaPolicy` and `Category` rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import timedelta
from types import MappingProxyType
from typing import Final

from core.models import Category, Priority, SlaPolicy


@dataclass(frozen=True, kw_only=True)
class SlaTargets:
    """How much business time one priority allows for the first response and for resolution,
    and at what share of that budget a target counts as near breach."""

    first_response: timedelta
    resolution: timedelta
    near_breach_percent: int = 80


DEFAULT_SLA_POLICIES: Final[Mapping[Priority, SlaTargets]] = MappingProxyType(
    {
        Priority.CRITICAL: SlaTargets(
            first_response=timedelta(hours=1), resolution=timedelta(hours=4)
        ),
        Priority.HIGH: SlaTargets(first_response=timedelta(hours=2), resolution=timedelta(hours=8)),
        Priority.NORMAL: SlaTargets(
            first_response=timedelta(hours=4), resolution=timedelta(hours=24)
        ),
        Priority.LOW: SlaTargets(first_response=timedelta(hours=8), resolution=timedelta(hours=40)),
    }
)
"""Targets in business hours, used for a priority that has no `SlaPolicy` row."""


@dataclass(frozen=True, kw_only=True)
class CategoryDefinition:
    """One fault category; the fields are those of the `Category` model."""

    code: str
    name_pl: str
    name_en: str
    notifies_data_protection_officer: bool = False
    sort_order: int


DEFAULT_CATEGORIES: Final[tuple[CategoryDefinition, ...]] = (
    CategoryDefinition(
        code="e_register",
        name_pl="E-dziennik i konta użytkowników",
        name_en="E-register and user accounts",
        sort_order=10,
    ),
    CategoryDefinition(
        code="network", name_pl="Sieć i Wi-Fi", name_en="Network and Wi-Fi", sort_order=20
    ),
    CategoryDefinition(
        code="internet_link", name_pl="Łącze internetowe", name_en="Internet link", sort_order=30
    ),
    CategoryDefinition(
        code="whiteboard_projector",
        name_pl="Tablica interaktywna lub projektor",
        name_en="Interactive whiteboard or projector",
        sort_order=40,
    ),
    CategoryDefinition(code="printer", name_pl="Drukarka", name_en="Printer", sort_order=50),
    CategoryDefinition(
        code="hardware", name_pl="Sprzęt komputerowy", name_en="Computer hardware", sort_order=60
    ),
    CategoryDefinition(
        code="software",
        name_pl="Oprogramowanie i licencje",
        name_en="Software and licences",
        sort_order=70,
    ),
    CategoryDefinition(code="email", name_pl="Poczta e-mail", name_en="E-mail", sort_order=80),
    CategoryDefinition(
        code="pupil_laptops", name_pl="Laptopy uczniowskie", name_en="Pupil laptops", sort_order=90
    ),
    CategoryDefinition(
        code="security_incident",
        name_pl="Incydent bezpieczeństwa (złośliwe oprogramowanie, phishing, naruszenie danych)",
        name_en="Security incident (malware, phishing, personal-data breach)",
        notifies_data_protection_officer=True,
        sort_order=100,
    ),
    CategoryDefinition(code="other", name_pl="Inne", name_en="Other", sort_order=110),
)
"""The categories of the design, in display order. A security incident also notifies the data
protection officer (IOD), as the law on personal-data breaches requires."""


async def install_categories_and_sla_policies() -> None:
    """Creates the default categories and SLA policies that are missing; rows the
    coordinator has edited are left as they are."""
    for category in DEFAULT_CATEGORIES:
        await Category.get_or_create(code=category.code, defaults=asdict(category))
    for priority, targets in DEFAULT_SLA_POLICIES.items():
        await SlaPolicy.get_or_create(
            priority=priority,
            defaults={
                "first_response_minutes": targets.first_response // timedelta(minutes=1),
                "resolution_minutes": targets.resolution // timedelta(minutes=1),
                "near_breach_percent": targets.near_breach_percent,
            },
        )
