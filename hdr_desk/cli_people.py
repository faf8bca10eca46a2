"""`hdr-desk import …` and `hdr-desk invite …`: people and schools from the command line."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from core.people.invites import create_invite, invite_deep_link
from core.people.users import user_with_email
from core.people.xlsx_import import ImportReport, import_schools, import_users
from core.people.xlsx_templates import schools_template, users_template
from hdr_desk.runtime import run_with_database, settings_or_exit

import_app = typer.Typer(help="Import schools and users from XLSX workbooks.", no_args_is_help=True)
invite_app = typer.Typer(help="Invite codes that link a Telegram account.", no_args_is_help=True)

ExistingFile = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="An .xlsx workbook.")
]


class TemplateKind(StrEnum):
    SCHOOLS = "schools"
    USERS = "users"


def _import(work: Callable[[], Awaitable[ImportReport]]) -> None:
    report = run_with_database(work)
    typer.echo(
        f"Imported: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged."
    )


@import_app.command("schools")
def import_schools_command(path: ExistingFile) -> None:
    """Create or update schools from a workbook (all rows or none)."""
    _import(lambda: import_schools(path))


@import_app.command("users")
def import_users_command(path: ExistingFile) -> None:
    """Create or update users from a workbook (all rows or none)."""
    _import(lambda: import_users(path))


@import_app.command("template")
def template_command(
    kind: Annotated[TemplateKind, typer.Argument(help="Which workbook to write.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the .xlsx file.")],
) -> None:
    """Write an empty workbook with the expected columns and instructions."""
    content = schools_template() if kind is TemplateKind.SCHOOLS else users_template()
    out.write_bytes(content)
    typer.echo(f"Written {out}")


@invite_app.command("create")
def invite_create_command(
    email: Annotated[str, typer.Argument(help="E-mail of the user to invite.")],
) -> None:
    """Issue a single-use code for the user; earlier unused codes stop working."""
    settings = settings_or_exit()

    async def issue() -> str:
        user = await user_with_email(email)
        return (await create_invite(user=user, created_by=None)).code

    code = run_with_database(issue)
    typer.echo(f"Invite code: {code}")
    if settings.telegram_bot_username:
        typer.echo(f"Telegram link: {invite_deep_link(code, settings.telegram_bot_username)}")
    else:
        typer.echo("Send it to the bot as: /start " + code)
