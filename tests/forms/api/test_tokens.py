"""API tokens: who a token acts as, and every way a request is refused without one."""

from __future__ import annotations

import datetime as dt
import hashlib

import httpx
import pytest

from core import clock
from core.errors import IllegalTransition, InvalidInput, NotFound
from core.models import ApiToken, User
from core.people.api_tokens import create_api_token, revoke_api_token
from tests.forms.api.conftest import bearer

REFUSED = "Wymagany jest ważny token API (Authorization: Bearer …)."


async def test_a_token_is_stored_only_as_its_hash(teacher: User, now: clock.ManualClock) -> None:
    issued = await create_api_token(user=teacher, name="Dziennik")

    stored = await ApiToken.get(id=issued.token.id)
    assert stored.token_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in {stored.token_hash, stored.name}
    assert len(issued.secret) > 40


async def test_each_token_is_different(teacher: User, now: clock.ManualClock) -> None:
    first = await create_api_token(user=teacher)
    second = await create_api_token(user=teacher)

    assert first.secret != second.secret


async def test_a_request_without_a_token_is_refused(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/v1/tickets")

    assert response.status_code == 401
    assert response.json() == {"detail": REFUSED}
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "authorization",
    ["Bearer hdr_not-a-token", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer ", "hdr_x"],
)
async def test_a_request_with_a_bad_token_is_refused(
    api: httpx.AsyncClient, authorization: str
) -> None:
    response = await api.get("/api/v1/tickets", headers={"Authorization": authorization})

    assert response.status_code == 401
    assert response.json() == {"detail": REFUSED}


async def test_a_revoked_token_is_refused(api: httpx.AsyncClient, teacher: User) -> None:
    issued = await create_api_token(user=teacher)
    headers = {"Authorization": f"Bearer {issued.secret}"}
    assert (await api.get("/api/v1/tickets", headers=headers)).status_code == 200

    await revoke_api_token(issued.token.id)

    assert (await api.get("/api/v1/tickets", headers=headers)).status_code == 401


async def test_the_token_of_a_deactivated_user_is_refused(
    api: httpx.AsyncClient, teacher: User
) -> None:
    headers = await bearer(teacher)
    await User.filter(id=teacher.id).update(is_active=False)

    assert (await api.get("/api/v1/tickets", headers=headers)).status_code == 401


async def test_a_use_is_recorded(
    api: httpx.AsyncClient, teacher: User, now: clock.ManualClock
) -> None:
    issued = await create_api_token(user=teacher)

    await api.get("/api/v1/tickets", headers={"Authorization": f"Bearer {issued.secret}"})

    assert (await ApiToken.get(id=issued.token.id)).last_used_at == clock.now()


async def test_a_later_use_moves_last_used(
    api: httpx.AsyncClient, teacher: User, now: clock.ManualClock
) -> None:
    issued = await create_api_token(user=teacher)
    headers = {"Authorization": f"Bearer {issued.secret}"}
    await api.get("/api/v1/tickets", headers=headers)

    now.advance(dt.timedelta(hours=2))
    await api.get("/api/v1/tickets", headers=headers)

    assert (await ApiToken.get(id=issued.token.id)).last_used_at == clock.now()


async def test_an_inactive_user_gets_no_token(teacher: User, now: clock.ManualClock) -> None:
    await User.filter(id=teacher.id).update(is_active=False)
    await teacher.refresh_from_db()

    with pytest.raises(InvalidInput):
        await create_api_token(user=teacher)
    assert await ApiToken.all().count() == 0


async def test_a_token_name_over_the_limit_is_refused(
    teacher: User, now: clock.ManualClock
) -> None:
    with pytest.raises(InvalidInput, match="at most 100"):
        await create_api_token(user=teacher, name="x" * 101)
    assert await ApiToken.all().count() == 0


async def test_revoking_twice_is_refused(teacher: User, now: clock.ManualClock) -> None:
    issued = await create_api_token(user=teacher)
    await revoke_api_token(issued.token.id)

    with pytest.raises(IllegalTransition):
        await revoke_api_token(issued.token.id)


async def test_revoking_an_unknown_token_is_refused(database: str) -> None:
    with pytest.raises(NotFound):
        await revoke_api_token(12345)
