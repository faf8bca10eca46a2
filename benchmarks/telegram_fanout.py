"""Telegram fan-out: one reminder to each of N private chats, sent the way the product sends
reminders: N outbox rows in a fresh SQLite database, delivered by the delivery job
(`scheduler.jobs.deliver_outbox`) through the Telegram sender on the bot that
`build_application` builds, with its rate limiter, to the fake Bot API server enforcing
Telegram's send limits.

Prints the achieved rate as a ratio of the allowed overall rate, the 429 answers, and the
messages lost or delivered twice; exits 1 when the target (ratio >= 0.9, no 429, none lost,
none duplicated) is missed.

From the repository root: `python -m benchmarks.telegram_fanout [--messages N]`
(`python benchmarks/telegram_fanout.py` works too).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if not __package__:
    # Run as a file: the fake Bot API server is in the test package at the repository root.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.telegram.app import build_application
from bot.telegram.context import HdrApplication
from bot.telegram.sender import TelegramSender
from core import db
from core.config import Settings
from core.models import Channel, OutboxMessage, OutboxStatus
from core.outbox import ActionButton, enqueue_message
from core.outbox.delivery import Sender
from scheduler.jobs import DELIVERY_LANES, deliver_outbox
from tests.telegram.fakebot import FakeBotApi

# Telegram's limit for bulk sends (Bot API FAQ), which the fake server enforces as at most
# this many sends in any one-second window. The bot's rate limiter is set for this very
# limit, so the run is kept short by the number of messages, not by a scaled-down rate.
TELEGRAM_MESSAGES_PER_SECOND = 30
TARGET_RATIO = 0.9
FIRST_CHAT_ID = 5_000_000

logger = logging.getLogger("telegram_fanout")


@dataclass(frozen=True)
class Outcome:
    messages: int
    senders: int
    seconds: float
    rate_limited: int
    lost: int
    duplicates: int
    allowed_rate: float = TELEGRAM_MESSAGES_PER_SECOND

    @property
    def achieved_rate(self) -> float:
        return (self.messages - self.lost) / self.seconds

    @property
    def ratio(self) -> float:
        return self.achieved_rate / self.allowed_rate

    @property
    def meets_target(self) -> bool:
        return self.ratio >= TARGET_RATIO and self.rate_limited == self.lost == self.duplicates == 0

    def report(self) -> str:
        verdict = "meets" if self.meets_target else "MISSES"
        return "\n".join(
            [
                f"telegram fan-out: {self.messages} messages to {self.messages} chats, "
                f"{self.senders} delivery lanes, {self.seconds:.1f} s",
                f"achieved {self.achieved_rate:.1f} msg/s / allowed {self.allowed_rate:.0f} "
                f"msg/s = ratio {self.ratio:.2f}",
                f"429 answers: {self.rate_limited}, lost: {self.lost}, "
                f"duplicates: {self.duplicates}",
                f"{verdict} the target: ratio >= {TARGET_RATIO}, no 429, none lost, "
                "none duplicated",
            ]
        )


async def fan_out(*, messages: int) -> Outcome:
    """Queues one reminder for each of `messages` chats, lets the delivery job send them,
    and counts what the server received."""
    async with (
        FakeBotApi(enforce_limits=True, global_per_second=TELEGRAM_MESSAGES_PER_SECOND) as api,
    ):
        chat_ids = [api.user(FIRST_CHAT_ID + n).chat_id for n in range(messages)]
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_token=api.token,
            telegram_api_url=api.base_url,
        )
        application = build_application(settings)
        assert isinstance(application, HdrApplication)
        senders: dict[Channel, Sender] = {
            Channel.TELEGRAM: TelegramSender(application.bot, application.buttons)
        }
        with tempfile.TemporaryDirectory() as folder:
            database_url = f"sqlite://{Path(folder) / 'fanout.sqlite3'}"
            await db.apply_migrations(database_url)
            async with db.connected(database_url), application.bot:
                for chat_id in chat_ids:
                    await _queue_reminder(chat_id)
                started = time.monotonic()
                while await deliver_outbox(senders, worker="benchmark"):
                    pass
                seconds = time.monotonic() - started
                failed = await OutboxMessage.exclude(status=OutboxStatus.SENT).count()
        received = [len(api.sent(chat_id)) for chat_id in chat_ids]
        if failed:
            logger.warning("%s messages not sent", failed)
        return Outcome(
            messages=messages,
            senders=DELIVERY_LANES,
            seconds=seconds,
            rate_limited=api.rate_limit_hits,
            lost=received.count(0),
            duplicates=sum(count - 1 for count in received if count > 1),
        )


async def _queue_reminder(chat_id: int) -> None:
    await enqueue_message(
        channel=Channel.TELEGRAM,
        address=str(chat_id),
        body_text=(
            f"Przypomnienie ({chat_id}): arkusz organizacji szkoły trzeba przekazać "
            "organowi prowadzącemu do 21 kwietnia."
        ),
        buttons=[[ActionButton("Zrobione", "rem.done", (chat_id,))]],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--messages",
        type=int,
        default=900,
        help="how many chats get one message each (default 900, about 30 s at 30/s)",
    )
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    outcome = asyncio.run(fan_out(messages=arguments.messages))
    print(outcome.report())
    sys.exit(0 if outcome.meets_target else 1)


if __name__ == "__main__":
    main()
