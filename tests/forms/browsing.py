"""Driving the web application as a browser does, through the real ASGI app: cookies kept,
forms read from the page and sent back with their CSRF token, the sign-in link read from the
e-mail queued in the outbox."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
from fastapi import FastAPI

from core.models import OutboxMessage, User

CLIENT_IP = "192.0.2.10"
_CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
_LOGIN_LINK = re.compile(r"https?://\S+/logowanie/(\S+)")


@asynccontextmanager
async def browser(
    app: FastAPI, *, base_url: str = "http://testserver", client_ip: str = CLIENT_IP
) -> AsyncIterator[httpx.AsyncClient]:
    """A browser on `client_ip` visiting `app` at `base_url`, with its own cookies."""
    transport = httpx.ASGITransport(app=app, client=(client_ip, 50000))
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
        yield client


def csrf_token_of(page: str) -> str:
    """The CSRF token in the first form of `page`."""
    match = _CSRF_INPUT.search(page)
    assert match is not None, "the page has no form with a CSRF token"
    return match.group(1)


async def form_token(client: httpx.AsyncClient, path: str = "/logowanie") -> str:
    """The CSRF token of the forms on the page at `path`, as the browser got it."""
    response = await client.get(path)
    return csrf_token_of(response.text)


async def latest_login_token(user: User) -> str:
    """The token of the sign-in link in the last e-mail queued for `user`."""
    message = await OutboxMessage.filter(recipient_id=user.id).order_by("-id").first()
    assert message is not None, f"no e-mail was queued for {user.email}"
    match = _LOGIN_LINK.search(message.body_text)
    assert match is not None, message.body_text
    return match.group(1)


async def ask_for_link(
    client: httpx.AsyncClient, email: str, *, next_path: str = ""
) -> httpx.Response:
    """Fills in the login form with `email` and sends it."""
    token = await form_token(client)
    return await client.post(
        "/logowanie", data={"email": email, "dalej": next_path, "csrf_token": token}
    )


async def use_link(client: httpx.AsyncClient, token: str) -> httpx.Response:
    """Opens the sign-in link and presses its button."""
    page = await client.get(f"/logowanie/{token}")
    return await client.post(f"/logowanie/{token}", data={"csrf_token": csrf_token_of(page.text)})


async def sign_in(client: httpx.AsyncClient, user: User) -> httpx.Response:
    """Signs `user` in the whole way: the login form, the e-mail, the link, the button."""
    await ask_for_link(client, str(user.email))
    return await use_link(client, await latest_login_token(user))


Visit = Callable[[User], Awaitable[httpx.AsyncClient]]
"""Opens a browser signed in, the whole way, as the given person (the `visit` fixture)."""


@asynccontextmanager
async def signed_in_browsers(app: FastAPI) -> AsyncIterator[Visit]:
    """Browsers on `app`, each signed in as the person asked for, closed at the end."""
    async with AsyncExitStack() as stack:

        async def signed_in(user: User) -> httpx.AsyncClient:
            client = await stack.enter_async_context(browser(app))
            await sign_in(client, user)
            return client

        yield signed_in
