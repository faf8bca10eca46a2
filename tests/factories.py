"""Builders of test data with sensible defaults; pass only what a test is about."""

from __future__ import annotations

import itertools
from typing import Any

from core.models import Category, Role, School, User

_sequence = itertools.count(1)


async def make_school(**fields: Any) -> School:
    n = next(_sequence)
    defaults: dict[str, Any] = {"code": f"sp{n}", "name": f"Szkoła Podstawowa nr {n}"}
    defaults["short_name"] = defaults["name"]
    return await School.create(**(defaults | fields))


async def make_user(*, role: Role = Role.TEACHER, **fields: Any) -> User:
    n = next(_sequence)
    defaults: dict[str, Any] = {"full_name": f"Osoba {n}", "email": f"osoba{n}@szkola.example.pl"}
    return await User.create(role=role, **(defaults | fields))


async def make_category(**fields: Any) -> Category:
    n = next(_sequence)
    defaults: dict[str, Any] = {"code": f"cat{n}", "name_pl": f"Kategoria {n}"}
    defaults["name_en"] = f"Category {n}"
    return await Category.create(**(defaults | fields))
