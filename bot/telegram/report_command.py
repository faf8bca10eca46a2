"""`/raport [YYYY-MM]`: the coordinator asks for the monthly summary workbook.

hdr-desk does not produce the workbook yet, so the coordinator is told so plainly instead
of being sent a placeholder file.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from babel.dates import format_date
from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.replies import reply
from core import clock
from core.i18n import DEFAULT_LOCALE, translate
from core.models import Role

MONTH_ARGUMENT = re.compile(r"(\d{4})-(\d{2})")


async def monthly_report(update: Update, context: BotContext) -> None:
    """`/raport [YYYY-MM]`: the summary of the given month, or of the last one."""
    if context.user.role is not Role.COORDINATOR:
        await reply(update, translate("Only the coordinator can get the monthly summary."))
        return
    last_month = previous_month(clock.now().astimezone(ZoneInfo(context.settings.timezone)))
    month = requested_month(context.args or [], default=last_month)
    if month is None:
        await reply(
            update,
            translate(
                "Give the month as YYYY-MM, e.g. /raport {example}, or send /raport alone "
                "for last month.",
                example=f"{last_month:%Y-%m}",
            ),
        )
        return
    await reply(
        update,
        translate(
            "The monthly summary workbook for {month} is not available yet: hdr-desk cannot "
            "prepare it so far.",
            month=format_date(month, "LLLL y", locale=DEFAULT_LOCALE),
        ),
    )


def previous_month(moment: dt.datetime) -> dt.date:
    """The first day of the month before the one `moment` falls in."""
    return (moment.date().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def requested_month(args: list[str], *, default: dt.date) -> dt.date | None:
    """The first day of the month the arguments name as YYYY-MM, `default` without
    arguments, None when they do not name one month."""
    if not args:
        return default
    match = MONTH_ARGUMENT.fullmatch(args[0])
    if len(args) > 1 or match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), 1)
    except ValueError:  # month 00 or 13, year 0000
        return None
