"""`hdr-desk obligations`: the school year's legal deadlines, and tasks added by hand."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from core.calendar.school_year import SchoolYear
from core.errors import InvalidInput
from core.models import Role, School, User
from core.obligations.generation import generate_school_year_obligations
from core.obligations.manual import Assignment, add_obligation
from hdr_desk.runtime import fail, run_with_database, settings_or_exit

obligations_app = typer.Typer(help="Obligations with due dates.", no_args_is_help=True)


@obligations_app.command("generate")
def generate_obligations(
    school_year: Annotated[
        int, typer.Option(help="Start year of the school year, e.g. 2026 for 2026/2027.")
    ],
) -> None:
    """Create the school year's legal deadlines for every school (safe to repeat)."""
    settings = settings_or_exit()
    created = run_with_database(
        lambda: generate_school_year_obligations(
            school_year=SchoolYear(school_year), kurator_opinion=settings.arkusz_kurator_opinion
        )
    )
    typer.echo(f"{created} new obligations for {SchoolYear(school_year).label}.")


@obligations_app.command("add")
def add(
    title: Annotated[str, typer.Option(help="What is to be done.")],
    due: Annotated[str, typer.Option(help="The due date, YYYY-MM-DD.")],
    to_email: Annotated[
        str | None, typer.Option(help="The person it is for, by their e-mail address.")
    ] = None,
    to_role: Annotated[
        Role | None, typer.Option(help="Or the role it is for: director, it or coordinator.")
    ] = None,
    school: Annotated[
        list[str] | None, typer.Option(help="With --to-role: a school's code (repeatable).")
    ] = None,
    all_schools: Annotated[
        bool, typer.Option(help="With --to-role: one obligation for every active school.")
    ] = False,
    description: Annotated[str, typer.Option(help="Details for the reminders.")] = "",
) -> None:
    """Add a task with a due date; it is reminded like every other obligation."""
    try:
        due_date = dt.date.fromisoformat(due)
    except ValueError:
        fail(f"--due: write the date as YYYY-MM-DD (got {due!r}).")

    async def work() -> int:
        assignment = Assignment(
            user=await _user(to_email) if to_email else None,
            role=to_role,
            schools=await _schools(school or [], all_schools=all_schools),
        )
        added = await add_obligation(
            title=title, due_date=due_date, assignment=assignment, description=description
        )
        return len(added)

    typer.echo(f"{run_with_database(work)} obligations added, due {due_date:%d.%m.%Y}.")


async def _user(email: str) -> User:
    user = await User.get_or_none(email=email.strip().lower())
    if user is None:
        raise InvalidInput("No user has the address {email}.", email=email)
    return user


async def _schools(codes: list[str], *, all_schools: bool) -> list[School]:
    if all_schools:
        return await School.filter(is_active=True).order_by("code")
    schools = []
    for code in codes:
        found = await School.get_or_none(code=code)
        if found is None:
            raise InvalidInput("There is no school with the code {code}.", code=code)
        schools.append(found)
    return schools
