"""`FakeBotApi`: the HTTP server around `BotMethods`, and what tests ask of it.

Every call is recorded; tests can make the next calls of a method fail, and with
`enforce_limits` sends beyond Telegram's limits are answered 429.
"""

from __future__ import annotations

import asyncio
import socket
from collections import deque
from dataclasses import dataclass
from http import HTTPStatus
from types import TracebackType
from typing import Self

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.telegram.fakebot.limits import SendLimits
from tests.telegram.fakebot.methods import BotMethods
from tests.telegram.fakebot.personas import Persona
from tests.telegram.fakebot.protocol import ApiError, Json, parse_params


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made: the method name as sent and its decoded parameters."""

    method: str
    params: Json


@dataclass
class _Fault:
    error: ApiError
    times: int


class FakeBotApi(BotMethods):
    """The Bot API server; use as `async with FakeBotApi() as api:`.

    With `enforce_limits`, sends beyond Telegram's limits are answered 429 with
    `retry_after`, and counted in `rate_limit_hits`.
    """

    def __init__(
        self,
        *,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "hdr_desk_test_bot",
        enforce_limits: bool = False,
        per_chat_per_second: int = 1,
        per_group_per_minute: int = 20,
        global_per_second: int = 30,
    ) -> None:
        super().__init__(
            bot_user={
                "id": int(token.split(":")[0]),
                "is_bot": True,
                "first_name": "HDR Desk",
                "username": bot_username,
            }
        )
        self.token = token
        self.calls: list[ApiCall] = []
        self.rate_limit_hits = 0
        self._limits = (
            SendLimits(
                per_chat_per_second=per_chat_per_second,
                per_group_per_minute=per_group_per_minute,
                overall=global_per_second,
            )
            if enforce_limits
            else None
        )
        self._faults: dict[str, deque[_Fault]] = {}
        self._failures: list[str] = []
        self._port: int | None = None
        self._server: uvicorn.Server | None = None
        self._serving: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Listens on a free loopback port; requests queue in the backlog until uvicorn serves."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        self._port = listener.getsockname()[1]
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._serve_method, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._serve_file, methods=["GET"]),
            ]
        )
        config = uvicorn.Config(
            app, lifespan="off", log_config=None, access_log=False, timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        self._serving = asyncio.create_task(self._server.serve(sockets=[listener]))

    async def stop(self) -> None:
        """Ends pending long polls, then shuts the server down and waits for it."""
        self._closing = True
        self._pulse()
        if self._server is not None and self._serving is not None:
            self._server.should_exit = True
            await self._serving

    @property
    def base_url(self) -> str:
        return f"{self._origin()}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self._origin()}/file/bot"

    def user(
        self, user_id: int, *, first_name: str = "Test", username: str | None = None
    ) -> Persona:
        """A user with a private chat with the bot (chat id = user id)."""
        user: Json = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username is not None:
            user["username"] = username
        info = {"type": "private"} | {k: v for k, v in user.items() if k != "is_bot"}
        return Persona(self, user, self._register_chat(info))

    def sent(self, chat_id: int) -> list[Json]:
        """The bot's messages in that chat so far, oldest first, with edits applied."""
        chat = self._chats.get(chat_id)
        return list(chat.bot_messages) if chat else []

    # The waits take their own timeout (ASYNC109) so that the failure can say what did arrive.
    async def wait_for_sent(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[Json]:
        """The bot's messages to `chat_id` not yet returned by an earlier call, once there are
        at least `count`; raises AssertionError naming what did arrive when `timeout` passes."""
        chat = self._chats.get(chat_id)
        if chat is None:
            raise AssertionError(f"chat {chat_id} is unknown; create it with api.user(...)")
        try:
            async with asyncio.timeout(timeout):
                await self._wait_until(lambda: len(chat.bot_messages) - chat.handed_out >= count)
        except TimeoutError:
            shown = [m.get("text", m.get("caption")) for m in chat.bot_messages[chat.handed_out :]]
            raise AssertionError(
                f"expected {count} new message(s) to chat {chat_id} within {timeout} s, got "
                f"{shown}; recent failed calls: {self._failures[-5:]}"
            ) from None
        new = chat.bot_messages[chat.handed_out :]
        chat.handed_out = len(chat.bot_messages)
        return new

    def calls_to(self, method: str) -> list[Json]:
        """The parameters of every call of `method`, oldest first."""
        return [call.params for call in self.calls if call.method.lower() == method.lower()]

    async def wait_for_call(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[Json]:
        """`calls_to(method)` once it holds at least `count` answered calls; raises
        AssertionError when `timeout` passes first."""
        try:
            async with asyncio.timeout(timeout):
                await self._wait_until(lambda: len(self.calls_to(method)) >= count)
        except TimeoutError:
            raise AssertionError(
                f"expected {count} call(s) of {method} within {timeout} s, got "
                f"{len(self.calls_to(method))}; recent failed calls: {self._failures[-5:]}"
            ) from None
        return self.calls_to(method)

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """The next `times` calls of `method` fail with `status` (429 carries `retry_after`,
        1 s unless given) instead of taking effect."""
        if status == HTTPStatus.TOO_MANY_REQUESTS and retry_after is None:
            retry_after = 1
        if description is None:
            description = HTTPStatus(status).phrase
            if retry_after is not None:
                description += f": retry after {retry_after}"
        error = ApiError(status, description, retry_after=retry_after)
        self._faults.setdefault(method.lower(), deque()).append(_Fault(error, times))

    def _origin(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeBotApi is not running; use `async with FakeBotApi() as api`")
        return f"http://127.0.0.1:{self._port}"

    async def _serve_method(self, request: Request) -> Response:
        method = request.path_params["method"]
        params = parse_params(request.headers.get("content-type", ""), await request.body())
        try:
            if request.path_params["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            self._raise_injected_fault(method)
            handler = self._methods.get(method.lower())
            if handler is None:
                raise ApiError(404, "Not Found")
            self._throttle(method, params)
            result = await handler(params)
        except ApiError as error:
            self._failures.append(f"{method}: {error.status} {error.description}")
            return JSONResponse(error.body(), status_code=error.status)
        finally:
            # Recorded once answered, so a waiter never sees a call still in progress.
            self.calls.append(ApiCall(method, params))
            self._pulse()
        return JSONResponse({"ok": True, "result": result})

    async def _serve_file(self, request: Request) -> Response:
        path = request.path_params["path"]
        stored = next((f for f in self._files.values() if f.file_path == path), None)
        if request.path_params["token"] != self.token or stored is None:
            return JSONResponse(ApiError(404, "Not Found").body(), status_code=404)
        return Response(stored.content, media_type=stored.mime_type)

    def _raise_injected_fault(self, method: str) -> None:
        faults = self._faults.get(method.lower())
        if not faults:
            return
        fault = faults[0]
        fault.times -= 1
        if fault.times == 0:
            faults.popleft()
        raise fault.error

    def _throttle(self, method: str, params: Json) -> None:
        if self._limits is None or not method.lower().startswith("send"):
            return
        retry_after = self._limits.admit(params.get("chat_id"))
        if retry_after is not None:
            self.rate_limit_hits += 1
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )
