"""Delivering the outbox: claim one due message, send it through its channel, record what
happened. A job calls `deliver_one` until it returns False.

Delivery is at least once: a process that dies after sending and before recording leaves
its claim to expire (`DeliveryPolicy.lease`), and the message is sent again by whoever
claims it next, so duplicates are bounded by the messages in flight at the crash.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from core import clock
from core.models import Channel, OutboxMessage, OutboxStatus, User
from core.outbox.transport import TransportError

logger = logging.getLogger(__name__)


class Sender(Protocol):
    """One channel's transport."""

    async def send(self, message: OutboxMessage) -> str:
        """Sends `message` to its address; returns the provider's message id, raises
        TransportError on failure."""
        ...


@dataclass(frozen=True)
class DeliveryPolicy:
    """How long a claim holds, how retries back off, and when to stop trying."""

    lease: timedelta = timedelta(minutes=5)
    first_retry: timedelta = timedelta(seconds=30)
    longest_retry: timedelta = timedelta(hours=1)
    give_up_after: timedelta = timedelta(days=2)

    def retry_delay(self, attempts: int, *, retry_after: float | None = None) -> timedelta:
        """Exponential backoff with full jitter, never sooner than the provider asked."""
        ceiling = min(self.first_retry * 2 ** max(attempts - 1, 0), self.longest_retry)
        delay = timedelta(seconds=random.uniform(0.5, 1.0) * ceiling.total_seconds())
        if retry_after is not None:
            delay = max(delay, timedelta(seconds=retry_after))
        return delay


DEFAULT_POLICY = DeliveryPolicy()
CANDIDATES_PER_CLAIM = 10
FALLBACK_FROM = "fallback_from"


async def deliver_one(
    senders: Mapping[Channel, Sender], *, worker: str, policy: DeliveryPolicy = DEFAULT_POLICY
) -> bool:
    """Claims the next due message of a channel in `senders` and delivers it; False when
    nothing was due. Messages of other channels wait for a process that can send them."""
    message = await claim_next(worker=worker, channels=senders.keys(), policy=policy)
    if message is None:
        return False
    try:
        provider_id = await senders[message.channel].send(message)
    except TransportError as error:
        await _record_failure(message, error, policy)
    else:
        await _record_sent(message, provider_id)
    return True


async def claim_next(
    *, worker: str, channels: Iterable[Channel], policy: DeliveryPolicy = DEFAULT_POLICY
) -> OutboxMessage | None:
    """Marks the oldest due message of `channels` as being sent by `worker` until the lease
    ends.

    A message is due when pending and its time has come, or when the claim of another
    worker has expired. The claim is a conditional update, so of several workers racing for
    one message exactly one wins; on PostgreSQL the candidates are also locked with SKIP
    LOCKED, so that racing workers pick different messages instead of losing to each other.
    """
    now = clock.now()
    async with in_transaction() as connection:
        query = OutboxMessage.filter(_due(now), channel__in=list(channels)).order_by(
            "next_attempt_at", "id"
        )
        if connection.capabilities.dialect == "postgres":
            query = query.select_for_update(skip_locked=True)
        candidates = await query.limit(CANDIDATES_PER_CLAIM).values_list(
            "id", "status", "claimed_by"
        )
        for message_id, status, previous_worker in candidates:
            won = await OutboxMessage.filter(_due(now), id=message_id).update(
                status=OutboxStatus.SENDING,
                claimed_by=worker,
                lease_until=now + policy.lease,
                attempts=F("attempts") + 1,
            )
            if won:
                if status == OutboxStatus.SENDING:
                    # The one way a message can go out twice; the log is its count.
                    logger.warning(
                        "Outbox message %s taken over from %s, whose claim expired: "
                        "it may have been sent already",
                        message_id,
                        previous_worker,
                    )
                return await OutboxMessage.get(id=message_id)
    return None


def _due(now: datetime) -> Q:
    return Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboxStatus.SENDING, lease_until__lt=now
    )


async def _record_sent(message: OutboxMessage, provider_id: str) -> None:
    await OutboxMessage.filter(id=message.id).update(
        status=OutboxStatus.SENT,
        provider_message_id=provider_id,
        sent_at=clock.now(),
        lease_until=None,
        last_error="",
    )


async def _record_failure(
    message: OutboxMessage, error: TransportError, policy: DeliveryPolicy
) -> None:
    now = clock.now()
    if error.permanent and not error.address_failed:
        await _fail(message, str(error))
        return
    if error.permanent:
        await _fall_back_or_fail(message, str(error))
        return
    next_attempt_at = now + policy.retry_delay(message.attempts, retry_after=error.retry_after)
    if next_attempt_at > message.created_at + policy.give_up_after:
        await _fail(message, f"gave up after {message.attempts} attempts: {error}")
        return
    await OutboxMessage.filter(id=message.id).update(
        status=OutboxStatus.PENDING,
        next_attempt_at=next_attempt_at,
        lease_until=None,
        last_error=str(error),
    )


async def _fall_back_or_fail(message: OutboxMessage, reason: str) -> None:
    """The address will not work again: that is remembered, and the message goes by the
    recipient's other channel when they have one that still works."""
    now = clock.now()
    recipient = await User.get_or_none(id=message.recipient_id) if message.recipient_id else None
    if recipient is None:
        await _fail(message, reason)
        return
    await _mark_unreachable(recipient, message.channel, now)
    # One fallback per message, so two failing channels cannot pass it back and forth.
    fallback = (
        None if FALLBACK_FROM in message.payload else _other_address(recipient, message.channel)
    )
    if fallback is None:
        await _fail(message, reason)
        return
    channel, address = fallback
    await OutboxMessage.filter(id=message.id).update(
        channel=channel,
        address=address,
        payload=message.payload | {FALLBACK_FROM: message.channel.value},
        subject=message.subject or _subject_from(message.body_text),
        status=OutboxStatus.PENDING,
        next_attempt_at=now,
        lease_until=None,
        attempts=0,
        last_error=f"{message.channel} failed, sent by {channel} instead: {reason}",
    )


async def _mark_unreachable(user: User, channel: Channel, now: datetime) -> None:
    field = "telegram_unreachable_at" if channel is Channel.TELEGRAM else "email_unreachable_at"
    await User.filter(id=user.id).update(**{field: now})


def _other_address(user: User, failed: Channel) -> tuple[Channel, str] | None:
    if failed is Channel.TELEGRAM and user.email and user.email_unreachable_at is None:
        return Channel.EMAIL, user.email
    if (
        failed is Channel.EMAIL
        and user.telegram_chat_id is not None
        and user.telegram_unreachable_at is None
    ):
        return Channel.TELEGRAM, str(user.telegram_chat_id)
    return None


def _subject_from(text: str) -> str:
    """A Telegram message has no subject; its first line serves when it goes by e-mail."""
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    return first_line[:120]


async def _fail(message: OutboxMessage, reason: str) -> None:
    await OutboxMessage.filter(id=message.id).update(
        status=OutboxStatus.FAILED, lease_until=None, last_error=reason
    )
