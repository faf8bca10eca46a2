"""The Bot API's wire format: request bodies in, checked message text and markup out.

PTB sends form-encoded bodies, or multipart ones when a file is attached; every error
the fake answers is an `ApiError`, which carries its own response body.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

Json = dict[str, Any]

# Parameters PTB sends as bare strings; every other value arrives JSON-encoded.
_TEXT_PARAMS = frozenset(
    {"text", "caption", "parse_mode", "callback_query_id", "url", "secret_token", "file_id"}
)
_HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a"}
    | {"tg-emoji", "code", "pre", "blockquote"}
)
_HTML_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][\w-]*)[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);|[<&]"
)
_HEADER_PARAM = re.compile(r';\s*([\w*-]+)=(?:"([^"]*)"|([^;\s]*))')


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content: bytes
    mime_type: str


class ApiError(Exception):
    """A refusal as Telegram words it: `status` becomes both HTTP status and `error_code`."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> Json:
        body: Json = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def parse_params(content_type: str, body: bytes) -> Json:
    """The request's parameters, JSON-decoded where PTB encoded them."""
    kind, options = _header_value(content_type)
    if kind == "multipart/form-data":
        fields = _multipart_fields(body, options["boundary"])
    else:
        fields = list(parse_qsl(body.decode(), keep_blank_values=True))
    return {name: _decoded(name, value) for name, value in fields}


def message_text(params: Json) -> str:
    """The `text` of a sendMessage or edit as shown; raises ApiError when Telegram would."""
    text = _rendered(params, "text")
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    return text


def caption(params: Json) -> Json:
    """The message fields for a file's caption: none when it is empty."""
    text = _rendered(params, "caption")
    if len(text) > 1024:
        raise ApiError(400, "Bad Request: message caption is too long")
    return {"caption": text} if text else {}


def inline_markup(params: Json) -> Json:
    """The reply_markup Telegram returns with a message: inline keyboards only."""
    markup = params.get("reply_markup")
    if not isinstance(markup, dict) or not any(markup.get("inline_keyboard", [])):
        return {}
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return {"reply_markup": markup}


def _rendered(params: Json, name: str) -> str:
    """The text as the user sees it: HTML markup is checked, then stripped."""
    text = str(params.get(name, ""))
    if str(params.get("parse_mode", "")).lower() == "html":
        return _render_html(text)
    return text


def _render_html(text: str) -> str:
    """Plain text of Telegram-flavoured HTML; raises 400 where Telegram would refuse it."""
    plain: list[str] = []
    open_tags: list[str] = []
    position = 0
    for token in _HTML_TOKEN.finditer(text):
        plain.append(text[position : token.start()])
        position = token.end()
        closing, tag = token.group(1), (token.group(2) or "").lower()
        offset = len(text[: token.start()].encode())
        if not tag and len(token.group(0)) == 1:
            raise ApiError(
                400,
                f"Bad Request: can't parse entities: unescaped {token.group(0)!r} at byte "
                f"offset {offset}",
            )
        if not tag:
            plain.append(html.unescape(token.group(0)))
        elif tag not in _HTML_TAGS:
            raise ApiError(
                400,
                f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}" at byte '
                f"offset {offset}",
            )
        elif not closing:
            open_tags.append(tag)
        elif not open_tags or open_tags.pop() != tag:
            raise ApiError(
                400, f"Bad Request: can't parse entities: Unmatched end tag at byte offset {offset}"
            )
    if open_tags:
        raise ApiError(
            400,
            "Bad Request: can't parse entities: Can't find end tag corresponding to start "
            f'tag "{open_tags[-1]}"',
        )
    return "".join([*plain, text[position:]])


def _decoded(name: str, value: str | UploadedFile) -> object:
    if isinstance(value, UploadedFile) or name in _TEXT_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # a string that PTB sent bare, such as "@channel"


def _multipart_fields(body: bytes, boundary: str) -> list[tuple[str, str | UploadedFile]]:
    fields: list[tuple[str, str | UploadedFile]] = []
    for part in body.split(b"--" + boundary.encode())[1:-1]:
        head, _, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        headers = dict(
            (name.strip().lower(), value.strip())
            for name, _, value in (line.partition(":") for line in head.decode().split("\r\n"))
        )
        _, disposition = _header_value(headers["content-disposition"])
        if "filename" in disposition:
            mime_type = headers.get("content-type", "application/octet-stream")
            fields.append(
                (disposition["name"], UploadedFile(disposition["filename"], content, mime_type))
            )
        else:
            fields.append((disposition["name"], content.decode()))
    return fields


def _header_value(value: str) -> tuple[str, dict[str, str]]:
    """`text/plain; a="b"` → ("text/plain", {"a": "b"})."""
    main = value.split(";", 1)[0].strip().lower()
    return main, {
        match[1].lower(): match[2] if match[2] is not None else match[3]
        for match in _HEADER_PARAM.finditer(value)
    }
