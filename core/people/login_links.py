"""Signing in by a link sent by e-mail: no passwords to forget, reuse or leak.

A registered person types their e-mail address; hdr-desk mails them a link,
`{HDR_BASE_URL}/logowanie/{token}` (LOGIN_PATH). Opening it shows a button; pressing the
button signs that browser in. Opening alone changes nothing, because mail scanners open
every link in a message before the person does.

The token is signed with `HDR_SECRET_KEY` (itsdangerous) for this purpose alone (a token of
another kind of link is refused), is dated, and works for LINK_VALIDITY. It works once: the
database keeps its SHA-256 and when it was used. Signing in with one link also retires the
person's other links still out, so an older mail cannot be used afterwards.

Asking for a link answers the same for every well-formed address, registered or not, active
or not: the page never tells who has an account. Only an active user with that address is
mailed. Requests are limited per address (LINKS_PER_ADDRESS in RATE_WINDOW, so nobody's
mailbox can be flooded) and per client address (REQUESTS_PER_CLIENT, generous enough for a
whole school behind one public address); the count is kept in the database, so it holds
across processes and restarts. Two requests arriving at the very same moment may both pass
the last free place: the limit may be exceeded by the number of requests in flight at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from typing import Any, Final

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from itsdangerous.timed import TimestampSigner
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core import clock
from core.config import get_settings
from core.errors import DomainError, InvalidInput
from core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, mark, translate
from core.models import Channel, LoginRequest, LoginToken, User
from core.outbox import enqueue_message
from core.people.users import normalise_email
from core.people.web_sessions import StartedSession, start_session

LOGIN_PATH: Final = "/logowanie/"
"""The web route of the sign-in link; the token follows it."""

LINK_VALIDITY: Final = dt.timedelta(minutes=15)
RATE_WINDOW: Final = dt.timedelta(hours=1)
LINKS_PER_ADDRESS: Final = 5
REQUESTS_PER_CLIENT: Final = 100
NEXT_PATH_MAX_LENGTH: Final = 500  # the length of `login_token.next_path`

LINK_SALT: Final = "hdr-desk.login-link"
PURPOSE: Final = "login"
_NONCE_BYTES: Final = 16

EMAIL_REQUIRED: Final = mark("Enter your e-mail address.")
TOO_MANY: Final = mark(
    "Too many sign-in links have been asked for with this address or from this network. "
    "Please try again in {minutes} min."
)
EXPIRED: Final = mark("This sign-in link has expired. Ask for a new one below.")
INVALID: Final = mark(
    "This sign-in link is not valid: it may have been cut or changed. "
    "Open it again from the e-mail, or ask for a new one below."
)
USED: Final = mark("This sign-in link has already been used. Ask for a new one below.")
INACTIVE: Final = mark("This account is not active. Ask the HDR coordinator.")
SUBJECT: Final = mark("Your sign-in link to hdr-desk")
BODY: Final = mark(
    "Hello {name},\n\n"
    "someone, most likely you, asked to sign in to hdr-desk with this e-mail address. "
    "Open this link and press “Sign in” within {minutes} minutes:\n\n"
    "{url}\n\n"
    "The link works once. If you did not ask for it, ignore this message: nobody can sign "
    "in without it."
)


class LoginLinkError(DomainError):
    """The sign-in link cannot be used; nothing was changed."""


class LoginLinkExpired(LoginLinkError):
    """The link was genuine but is too old, or a newer sign-in retired it."""


class LoginLinkInvalid(LoginLinkError):
    """The link was not made by hdr-desk for signing in, or was changed or cut on the way."""


class LoginLinkUsed(LoginLinkError):
    """The link has signed someone in already."""


class TooManyLoginRequests(DomainError):
    """The address or the client asked for too many links; `retry_after` says how long until
    one more is allowed. Nothing was recorded or sent."""

    def __init__(self, retry_after: dt.timedelta) -> None:
        minutes = max(1, math.ceil(retry_after.total_seconds() / 60))
        super().__init__(TOO_MANY, minutes=minutes)
        self.retry_after = retry_after


@dataclass(frozen=True)
class LoginLink:
    """A usable link: whom it signs in, and where they were going when asked to sign in."""

    user: User
    next_path: str


@dataclass(frozen=True)
class SignedIn:
    """The outcome of using a link: the new session, and where to go now."""

    started: StartedSession
    next_path: str


async def request_login_link(*, email: str, client: str, next_path: str = "") -> None:
    """Asks for a sign-in link for `email`, from the client address `client`; `next_path`
    (a path of the web application) is where the link leads after signing in.

    Returns the same for every well-formed address: the link goes, as an outbox e-mail in
    the person's language, only to an active user with that address (compared without
    regard to case, as mail servers do). Raises InvalidInput for a blank or malformed
    address and TooManyLoginRequests over the limits; nothing is recorded then.
    """
    address = normalise_email(email)
    if address is None:
        raise InvalidInput(EMAIL_REQUIRED)
    now = clock.now()
    address_key = _keyed("address", address.lower())
    client_key = _keyed("client", client)
    await _forget_old_requests(now)
    await _check_limit(Q(address_key=address_key), LINKS_PER_ADDRESS, now)
    await _check_limit(Q(client_key=client_key), REQUESTS_PER_CLIENT, now)
    async with in_transaction():
        await LoginRequest.create(address_key=address_key, client_key=client_key, requested_at=now)
        user = await _user_with_address(address)
        if user is not None and user.is_active and user.email:
            await _send_link(user, next_path=next_path, now=now)


async def check_login_link(token: str) -> LoginLink:
    """What the link with `token` would do, without using it (for the page that asks to
    confirm). Raises LoginLinkExpired, LoginLinkInvalid, LoginLinkUsed, or LoginLinkError
    when its user is no longer active."""
    stored = await _usable_token(token)
    return LoginLink(user=stored.user, next_path=stored.next_path)


async def sign_in_with_link(token: str, *, replacing: str | None = None) -> SignedIn:
    """Uses the link with `token`: a new session of its user, replacing the browser's session
    `replacing`, and the person's other links retired. Raises as `check_login_link`; of
    several uses of one link at once exactly one signs in, and the others raise
    LoginLinkUsed. Nothing is changed when it raises."""
    stored = await _usable_token(token)
    now = clock.now()
    async with in_transaction():
        claimed = await LoginToken.filter(id=stored.id, used_at__isnull=True).update(used_at=now)
        if claimed == 0:
            raise LoginLinkUsed(USED)
        await LoginToken.filter(user_id=stored.user_id, used_at__isnull=True).update(expires_at=now)
        started = await start_session(user=stored.user, replacing=replacing)
    return SignedIn(started=started, next_path=stored.next_path)


def login_link_url(token: str) -> str:
    """The address of the page that signs in with `token`."""
    return get_settings().base_url.rstrip("/") + LOGIN_PATH + token


async def _send_link(user: User, *, next_path: str, now: dt.datetime) -> None:
    nonce = secrets.token_urlsafe(_NONCE_BYTES)
    token = _serializer().dumps([PURPOSE, nonce])
    await LoginToken.create(
        token_hash=_hash(nonce),
        user=user,
        next_path=next_path if len(next_path) <= NEXT_PATH_MAX_LENGTH else "",
        created_at=now,
        expires_at=now + LINK_VALIDITY,
    )
    locale = user.locale if user.locale in SUPPORTED_LOCALES else DEFAULT_LOCALE
    minutes = int(LINK_VALIDITY.total_seconds() // 60)
    # The link is in the text itself, not only under it as a button: should the mail bounce,
    # the outbox sends the same text by Telegram, where only the text arrives.
    await enqueue_message(
        channel=Channel.EMAIL,
        address=str(user.email),
        recipient=user,
        subject=translate(SUBJECT, locale),
        body_text=translate(
            BODY, locale, name=user.full_name, minutes=minutes, url=login_link_url(token)
        ),
        payload={"locale": locale},
    )


async def _user_with_address(address: str) -> User | None:
    """The user with `address`: the exact one, else the only one that differs in case."""
    exact = await User.get_or_none(email=address)
    if exact is not None:
        return exact
    same_but_case = await User.filter(email__iexact=address).limit(2)
    return same_but_case[0] if len(same_but_case) == 1 else None


async def _check_limit(whose: Q, limit: int, now: dt.datetime) -> None:
    recent = LoginRequest.filter(whose, requested_at__gt=now - RATE_WINDOW)
    count = await recent.count()
    if count < limit:
        return
    # One more is allowed once the request that puts the count at the limit leaves the window.
    freeing = await recent.order_by("requested_at").offset(count - limit).first()
    assert freeing is not None
    raise TooManyLoginRequests(freeing.requested_at + RATE_WINDOW - now)


async def _forget_old_requests(now: dt.datetime) -> None:
    """Requests outside the window and links past their time no longer matter to anything."""
    await LoginRequest.filter(requested_at__lte=now - RATE_WINDOW).delete()
    await LoginToken.filter(expires_at__lte=now - LINK_VALIDITY).delete()


async def _usable_token(token: str) -> LoginToken:
    nonce = _signed_nonce(token)
    stored = await LoginToken.get_or_none(token_hash=_hash(nonce)).select_related("user")
    if stored is None:
        # Signed by us, but its row is gone: only expired rows are removed.
        raise LoginLinkExpired(EXPIRED)
    if stored.used_at is not None:
        raise LoginLinkUsed(USED)
    if clock.now() >= stored.expires_at:
        raise LoginLinkExpired(EXPIRED)
    if not stored.user.is_active:
        raise LoginLinkError(INACTIVE)
    return stored


def _signed_nonce(token: str) -> str:
    """The random part of a genuine, unexpired token. The row is found by it rather than by
    the token's text, which is not unique: base64 leaves spare bits in a last character."""
    try:
        data: Any = _serializer().loads(token, max_age=int(LINK_VALIDITY.total_seconds()))
    except SignatureExpired:
        raise LoginLinkExpired(EXPIRED) from None
    except BadSignature:
        raise LoginLinkInvalid(INVALID) from None
    match data:
        case [str(purpose), str(nonce)] if purpose == PURPOSE:
            return nonce
    raise LoginLinkInvalid(INVALID)


class _ClockSigner(TimestampSigner):
    """Dates tokens by `core.clock`, so expiry follows the clock the rest of hdr-desk uses."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt=LINK_SALT, signer=_ClockSigner)


def _keyed(kind: str, value: str) -> str:
    """`value` as a keyed hash: requests can be counted without keeping who made them."""
    key = f"login-request:{get_settings().secret_key}".encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()
