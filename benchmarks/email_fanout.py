"""E-mail fan-out: one reminder e-mail to each of N people through the product's SMTP
sender (`bot.email.smtp.SmtpSender`, given the outbox rows of the reminders with 8 of
them in flight, as the delivery job keeps them), against the limit of the transport itself:
a bare aiosmtplib loop sending the very same messages over one connection, with nothing
to compose, look up or pool. Both send to one local SMTP server (aiosmtpd, the one the
tests use, in a process of its own), in the same run.

Also shown, without a target: the same rows delivered end to end by the delivery job
(`scheduler.jobs.deliver_outbox`), which adds the outbox's own work per message (claiming
the row, recording the outcome) in a fresh SQLite database.

Prints the sender's rate as a ratio of the bare loop's, and the messages lost or delivered
twice; exits 1 when the target (ratio >= 0.8, none lost, none duplicated) is missed.

From the repository root: `python -m benchmarks.email_fanout [--messages N]`
(`python benchmarks/email_fanout.py` works too).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.message import Message
from multiprocessing.connection import Connection
from pathlib import Path

if not __package__:
    # Run as a file: the SMTP server is in the test package at the repository root.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiosmtplib import SMTP

from bot.email.compose import EmailComposer
from bot.email.smtp import SmtpSender
from core import db
from core.config import Settings
from core.models import Channel, OutboxMessage, OutboxStatus, Role, User
from core.obligations.answer_links import email_answer_links
from core.outbox import enqueue_message
from scheduler.jobs import DELIVERY_LANES, deliver_outbox
from tests.bot.email.smtpserver import HOST, SmtpServer, free_port

TARGET_RATIO = 0.8

logger = logging.getLogger("email_fanout")


@dataclass(frozen=True)
class Run:
    """What one way of sending did: how long it took, and what the server got."""

    messages: int
    seconds: float
    lost: int
    duplicates: int

    @property
    def rate(self) -> float:
        return self.messages / self.seconds

    @property
    def complete(self) -> bool:
        return self.lost == self.duplicates == 0


@dataclass(frozen=True)
class Outcome:
    """The fastest of the rounds of the bare loop and of the sender, and the one run of the
    delivery job; `complete` when no run of any lost or repeated a message."""

    rounds: int
    bare: Run
    sender: Run
    delivery_job: Run
    complete: bool

    @property
    def ratio(self) -> float:
        return self.sender.rate / self.bare.rate

    @property
    def job_ratio(self) -> float:
        return self.delivery_job.rate / self.bare.rate

    @property
    def meets_target(self) -> bool:
        return self.ratio >= TARGET_RATIO and self.complete

    def report(self) -> str:
        verdict = "meets" if self.meets_target else "MISSES"
        return "\n".join(
            [
                f"e-mail fan-out: {self.bare.messages} reminder e-mails to "
                f"{self.bare.messages} people, fastest of {self.rounds} rounds",
                f"bare aiosmtplib loop, one connection: {self.bare.seconds:.2f} s = "
                f"{self.bare.rate:.0f} msg/s",
                f"SmtpSender, {DELIVERY_LANES} in flight: {self.sender.seconds:.2f} s = "
                f"{self.sender.rate:.0f} msg/s",
                f"ratio {self.ratio:.2f} (SmtpSender / bare loop)",
                f"delivery job end to end (outbox on SQLite): {self.delivery_job.seconds:.2f} s "
                f"= {self.delivery_job.rate:.0f} msg/s, ratio {self.job_ratio:.2f} (no target)",
                "every run delivered each message once"
                if self.complete
                else "some run LOST or REPEATED messages (see the warnings)",
                f"{verdict} the target: ratio >= {TARGET_RATIO}, none lost, none duplicated",
            ]
        )


class _ServerProcess:
    """The SMTP server in a process of its own, as a real one would be: its work does not
    share this process's interpreter with the senders measured."""

    def __init__(self) -> None:
        self.port = free_port()
        self._pipe, child_end = multiprocessing.Pipe()
        context = multiprocessing.get_context("spawn")
        self._process = context.Process(target=_serve, args=(self.port, child_end), daemon=True)

    def __enter__(self) -> _ServerProcess:
        self._process.start()
        self._pipe.recv()  # listening
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._pipe.send("stop")
        self._process.join(timeout=30)

    @property
    def received(self) -> list[list[str]]:
        """The recipients of each message accepted so far, in order."""
        self._pipe.send("received")
        received: list[list[str]] = self._pipe.recv()
        return received


def _serve(port: int, pipe: Connection) -> None:
    with SmtpServer(port=port) as server:
        pipe.send("listening")
        while pipe.recv() == "received":
            pipe.send([mail.recipients for mail in server.received])


async def fan_out(*, messages: int, rounds: int) -> Outcome:
    """Queues one reminder e-mail for each of `messages` people, then sends them to one
    server: `rounds` times by the bare loop and by the sender in turn (the machine may be
    busy with other work for a moment), then once by the delivery job."""
    with _ServerProcess() as server, tempfile.TemporaryDirectory() as folder:
        settings = SmtpServer(port=server.port).settings(data_dir=Path(folder))
        database_url = f"sqlite://{Path(folder) / 'fanout.sqlite3'}"
        await db.apply_migrations(database_url)
        async with db.connected(database_url):
            addresses = [await _queue_reminder(number) for number in range(1, messages + 1)]
            rows = await OutboxMessage.all().order_by("id")
            emails = [await EmailComposer(settings).compose(row) for row in rows]
            bare_runs, sender_runs = [], []
            for _ in range(rounds):
                bare_runs.append(
                    await _counted(server, addresses, lambda: _bare_loop(server, settings, emails))
                )
                sender_runs.append(
                    await _counted(server, addresses, lambda: _through_the_sender(settings, rows))
                )
            job = await _counted(server, addresses, lambda: _through_the_delivery_job(settings))
    runs = [*bare_runs, *sender_runs, job]
    for run in runs:
        if not run.complete:
            logger.warning("a run lost %s and repeated %s messages", run.lost, run.duplicates)
    return Outcome(
        rounds=rounds,
        bare=min(bare_runs, key=lambda run: run.seconds),
        sender=min(sender_runs, key=lambda run: run.seconds),
        delivery_job=job,
        complete=all(run.complete for run in runs),
    )


async def _bare_loop(server: _ServerProcess, settings: Settings, emails: list[Message]) -> None:
    async with SMTP(hostname=HOST, port=server.port, start_tls=False) as client:
        for email in emails:
            await client.send_message(
                email, sender=settings.mail_from, recipients=[str(email["To"])]
            )


async def _through_the_sender(settings: Settings, rows: list[OutboxMessage]) -> None:
    sender = SmtpSender(settings)
    waiting = list(reversed(rows))

    async def lane() -> None:
        while waiting:
            await sender.send(waiting.pop())

    await asyncio.gather(*(lane() for _ in range(DELIVERY_LANES)))
    await sender.aclose()


async def _through_the_delivery_job(settings: Settings) -> None:
    sender = SmtpSender(settings)
    while await deliver_outbox({Channel.EMAIL: sender}, worker="benchmark"):
        pass
    await sender.aclose()
    failed = await OutboxMessage.exclude(status=OutboxStatus.SENT).count()
    if failed:
        logger.warning("%s messages not sent", failed)


async def _counted(
    server: _ServerProcess, addresses: list[str], send: Callable[[], Awaitable[None]]
) -> Run:
    """Times `send` and counts, per address, what the server got meanwhile."""
    already = len(server.received)
    started = time.monotonic()
    await send()
    seconds = time.monotonic() - started
    received = Counter(
        recipient for recipients in server.received[already:] for recipient in recipients
    )
    return Run(
        messages=len(addresses),
        seconds=seconds,
        lost=sum(1 for address in addresses if received[address] == 0),
        duplicates=sum(count - 1 for count in received.values() if count > 1),
    )


async def _queue_reminder(number: int) -> str:
    """A director and the e-mail of their reminder, with its answer links; returns the
    director's address."""
    address = f"dyrektor{number}@szkola{number}.example.pl"
    person = await User.create(role=Role.DIRECTOR, full_name=f"Dyrektor {number}", email=address)
    await enqueue_message(
        channel=Channel.EMAIL,
        address=address,
        recipient=person,
        subject="Przypomnienie: Przekazanie arkusza organizacji organowi prowadzącemu",
        body_text=(
            "Przypomnienie: Przekazanie arkusza organizacji organowi prowadzącemu\n"
            "Termin: 21.04.2027 (środa)\n"
            "Zostało 14 dni."
        ),
        payload={
            "reminder_id": number,
            "locale": "pl",
            "links": email_answer_links(reminder_id=number, user_id=person.id, locale="pl"),
        },
    )
    return address


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--messages",
        type=int,
        default=1000,
        help="how many people get one reminder e-mail each (default 1000)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="rounds of the bare loop and the sender, the fastest of each counts (default 5)",
    )
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    outcome = asyncio.run(fan_out(messages=arguments.messages, rounds=arguments.rounds))
    print(outcome.report())
    sys.exit(0 if outcome.meets_target else 1)


if __name__ == "__main__":
    main()
