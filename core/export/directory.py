"""The names a monthly summary shows beside the ids its queries return: schools, ticket
categories and people, read once per export (a voivodeship has thousands of them, not
hundreds of thousands)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.models import Category, School, User


@dataclass(frozen=True)
class SchoolInfo:
    id: int
    name: str
    short_name: str
    is_active: bool


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    name: str
    sort_order: int


@dataclass(frozen=True)
class Directory:
    schools: Mapping[int, SchoolInfo]
    """Every school, active or not, in name order."""
    categories: Mapping[int, CategoryInfo]
    """Every ticket category, in display order."""

    def school_name(self, school_id: int | None) -> str:
        school = self.schools.get(school_id) if school_id is not None else None
        return school.name if school is not None else ""

    def category_name(self, category_id: int) -> str:
        return self.categories[category_id].name if category_id in self.categories else ""

    def active_school_ids(self) -> list[int]:
        return [school.id for school in self.schools.values() if school.is_active]


async def load_directory() -> Directory:
    schools = (
        await School.all()
        .order_by("name", "id")
        .values_list("id", "name", "short_name", "is_active")
    )
    categories = (
        await Category.all()
        .order_by("sort_order", "code")
        .values_list("id", "name_pl", "sort_order")
    )
    return Directory(
        schools={row[0]: SchoolInfo(*row) for row in schools},
        categories={row[0]: CategoryInfo(*row) for row in categories},
    )


async def user_names(user_ids: Iterable[int | None]) -> dict[int | None, str]:
    """The full names of the users among `user_ids` (None has none)."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    rows = await User.filter(id__in=wanted).values_list("id", "full_name")
    return dict(rows)
