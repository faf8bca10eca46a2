"""`hdr-desk api-token …`: tokens with which integrations call the JSON API as a user."""

from __future__ import annotations

from typing import Annotated

import typer

from core.models import ApiToken
from core.people.api_tokens import NAME_MAX_LENGTH, api_tokens, create_api_token, revoke_api_token
from core.people.users import user_with_email
from hdr_desk.runtime import run_with_database

api_token_app = typer.Typer(
    help="API tokens: each acts as one user, with that user's role and rights.",
    no_args_is_help=True,
)

MAX_TOKEN_ID = 2**31 - 1


@api_token_app.command("create")
def create_command(
    user: Annotated[str, typer.Option("--user", help="E-mail of the user the token acts as.")],
    name: Annotated[
        str, typer.Option("--name", help=f"What it is for (at most {NAME_MAX_LENGTH} characters).")
    ] = "",
) -> None:
    """Issue a token; it is shown only now, so keep it somewhere safe."""

    async def issue() -> tuple[int, str]:
        issued = await create_api_token(user=await user_with_email(user), name=name)
        return issued.token.id, issued.secret

    token_id, secret = run_with_database(issue)
    typer.echo(f"API token {token_id} for {user.strip()}: {secret}")
    typer.echo("It is shown only once. Send it as: Authorization: Bearer <token>")


@api_token_app.command("list")
def list_command() -> None:
    """Every token: number, user, name, when created and last used, whether revoked."""
    tokens = run_with_database(api_tokens)
    if not tokens:
        typer.echo("No API tokens.")
    for token in tokens:
        typer.echo(_line(token))


@api_token_app.command("revoke")
def revoke_command(
    token_id: Annotated[
        int,
        typer.Argument(
            min=1, max=MAX_TOKEN_ID, metavar="ID", help="The token's number (see `list`)."
        ),
    ],
) -> None:
    """Stop a token from working, at once."""
    run_with_database(lambda: revoke_api_token(token_id))
    typer.echo(f"API token {token_id} revoked.")


def _line(token: ApiToken) -> str:
    used = token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "never"
    state = "revoked" if token.revoked_at else "active"
    return (
        f"{token.id}\t{token.user.email or token.user.full_name}\t{token.name or '-'}\t"
        f"created {token.created_at.isoformat(timespec='minutes')}\tlast used {used}\t{state}"
    )
