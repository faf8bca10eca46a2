"""A fake Telegram Bot API server, so tests can drive the real python-telegram-bot.

`FakeBotApi` runs in-process on a loopback port and speaks the Bot API's HTTP protocol:
form-encoded or multipart requests to `{base_url}{token}/{method}`, answers
`{"ok": true, "result": ...}` or a non-2xx status with `{"ok": false, "error_code": ...}`.
Point PTB at it with `.base_url(api.base_url).base_file_url(api.base_file_url)`, play
users with `api.user(...)` personas, and await the bot's replies with `api.wait_for_sent`.

Messages are plain dicts in the Bot API's JSON shape. Their `date` comes from
`core.clock.now()`, so a test's `ManualClock` governs it too; rate limits are measured in
real time, because they are about how fast the real client sends.

Modules: `server` (the HTTP server, call recording, fault injection), `methods` (the Bot
API methods and the chats, files and updates they act on), `personas` (the user's side),
`protocol` (request parsing, HTML parse mode, inline markup), `limits` (send limits).
"""

from tests.telegram.fakebot.methods import StoredFile
from tests.telegram.fakebot.personas import Persona, buttons, polling
from tests.telegram.fakebot.protocol import Json, UploadedFile
from tests.telegram.fakebot.server import ApiCall, FakeBotApi

__all__ = [
    "ApiCall",
    "FakeBotApi",
    "Json",
    "Persona",
    "StoredFile",
    "UploadedFile",
    "buttons",
    "polling",
]
