"""`/raport [YYYY-MM]`: the coordinator gets the monthly summary workbook as a document.

The workbook is written in memory (`core.export`) and sent as one file; without a month it
is last month's, counted in the gmina's time zone.
"""

from __future__ import annotations

import io

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.replies import reply
from core.errors import InvalidInput
from core.export import (
    Month,
    MonthFormatError,
    check_exportable,
    default_month,
    workbook_filename,
    write_monthly_workbook,
)
from core.i18n import translate
from core.models import Role


async def monthly_report(update: Update, context: BotContext) -> None:
    """`/raport [YYYY-MM]`: the workbook of the given month, or of the last one."""
    locale = context.locale
    if context.user.role is not Role.COORDINATOR:
        await reply(update, translate("Only the coordinator can get the monthly summary.", locale))
        return
    month = requested_month(context.args or [])
    if month is None:
        await reply(
            update,
            translate(
                "Give the month as YYYY-MM, e.g. /raport {example}, or send /raport alone "
                "for last month.",
                locale,
                example=f"{default_month()}",
            ),
        )
        return
    try:
        check_exportable(month)
    except InvalidInput as refused:
        await reply(update, refused.translated(locale))
        return
    label = month.label(locale)
    await reply(
        update,
        translate("Preparing the monthly summary workbook for {month}…", locale, month=label),
    )
    workbook = io.BytesIO()
    await write_monthly_workbook(month=month, target=workbook)
    message = update.effective_message
    assert message is not None  # a command always comes in a message
    await message.reply_document(
        document=workbook.getvalue(),
        filename=workbook_filename(month),
        caption=translate("The monthly summary workbook for {month}.", locale, month=label),
    )


def requested_month(args: list[str]) -> Month | None:
    """The month the arguments name as YYYY-MM, last month without arguments, None when
    they do not name one month."""
    if not args:
        return default_month()
    if len(args) > 1:
        return None
    try:
        return Month.parse(args[0])
    except MonthFormatError:
        return None
