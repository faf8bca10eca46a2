"""The scheduler's named jobs. Each job repeats one step of a `core` service while there is
work, so a tick costs what is due; the rows say what is due, APScheduler only ticks."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import socket
from collections.abc import AsyncIterator, Mapping

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.config import Settings
from core.export.monthly_mail import send_monthly_summary
from core.models import Channel
from core.obligations.reminder_delivery import send_due_reminders
from core.obligations.reminders import plan_reminders
from core.outbox.delivery import DEFAULT_POLICY, DeliveryPolicy, Sender, deliver_one
from core.tickets.retention import apply_configured_retention
from core.tickets.sla_watch import watch_sla

DELIVERY_INTERVAL_SECONDS = 5
# Plans cover two days ahead (`core.obligations.reminders.PLANNING_HORIZON`), so hourly
# planning leaves a wide margin; due reminders are queued within minutes of their time.
PLANNING_INTERVAL_MINUTES = 60
REMINDER_INTERVAL_MINUTES = 5
SLA_WATCH_INTERVAL_MINUTES = 5
# The job acts once a month; checking every half hour sends it early on the first morning.
MONTHLY_SUMMARY_INTERVAL_MINUTES = 30
# At night, when nobody is working tickets.
RETENTION_HOUR = 2
# A tick stops after this many messages, so a long queue cannot starve the other jobs.
DELIVERIES_PER_TICK = 500
# Messages in flight at once: one at a time, the round trip and not the provider's rate
# limit would set the pace (the rate limiter spaces what these send).
DELIVERY_LANES = 8


def worker_name() -> str:
    """Names this process in the claims it makes: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


async def deliver_outbox(
    senders: Mapping[Channel, Sender], *, worker: str, policy: DeliveryPolicy = DEFAULT_POLICY
) -> int:
    """Delivers due outbox messages until none is due or the tick's share is used up;
    returns how many were handled (sent, retried later, or failed)."""
    budget = DELIVERIES_PER_TICK

    async def lane() -> int:
        nonlocal budget
        handled = 0
        while budget > 0:
            budget -= 1
            if not await deliver_one(senders, worker=worker, policy=policy):
                break
            handled += 1
        return handled

    return sum(await asyncio.gather(*(lane() for _ in range(DELIVERY_LANES))))


def delivery_policy(settings: Settings) -> DeliveryPolicy:
    """The outbox policy with the configured lease (`HDR_OUTBOX_LEASE_SECONDS`)."""
    return DeliveryPolicy(lease=dt.timedelta(seconds=settings.outbox_lease_seconds))


def build_scheduler(
    settings: Settings, senders: Mapping[Channel, Sender], *, worker: str
) -> AsyncIOScheduler:
    """The scheduler with every job of this process, not yet started. Every job is safe to
    run in several processes at once: the rows are claimed or locked before anything is
    written."""
    scheduler = AsyncIOScheduler(
        timezone="UTC", job_defaults={"max_instances": 1, "coalesce": True}
    )
    scheduler.add_job(
        plan_reminders,
        "interval",
        minutes=PLANNING_INTERVAL_MINUTES,
        id="plan-reminders",
        name="Plan the reminders due soon",
        # The first plan at start, not an hour later; APScheduler ticks in real time.
        next_run_time=dt.datetime.now(dt.UTC),
    )
    scheduler.add_job(
        send_due_reminders,
        "interval",
        minutes=REMINDER_INTERVAL_MINUTES,
        id="send-reminders",
        name="Queue the reminders whose time has come",
    )
    scheduler.add_job(
        watch_sla,
        "interval",
        minutes=SLA_WATCH_INTERVAL_MINUTES,
        id="watch-sla",
        name="Warn of tickets near their SLA, tell of breaches",
    )
    scheduler.add_job(
        send_monthly_summary,
        "interval",
        minutes=MONTHLY_SUMMARY_INTERVAL_MINUTES,
        id="send-monthly-summary",
        name="Mail last month's summary workbook on the first working day",
    )
    scheduler.add_job(
        apply_configured_retention,
        "cron",
        hour=RETENTION_HOUR,
        timezone=settings.timezone,
        id="apply-retention",
        name="Anonymise tickets past the retention period (RODO)",
    )
    scheduler.add_job(
        deliver_outbox,
        "interval",
        seconds=DELIVERY_INTERVAL_SECONDS,
        id="deliver-outbox",
        name="Deliver due outbox messages",
        kwargs={"senders": senders, "worker": worker, "policy": delivery_policy(settings)},
    )
    return scheduler


@contextlib.asynccontextmanager
async def running_scheduler(
    settings: Settings, senders: Mapping[Channel, Sender], *, worker: str
) -> AsyncIterator[AsyncIOScheduler]:
    """Runs the jobs on the current event loop for the block."""
    scheduler = build_scheduler(settings, senders, worker=worker)
    scheduler.start()
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=False)
