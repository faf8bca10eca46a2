"""`/pomoc` and the bot's command menu: what the bot can do, for the person asking."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import BotCommand, Update
from telegram.ext import Application

from bot.telegram.context import BotContext
from core.i18n import mark, translate
from core.models import Role

EVERYONE = frozenset(Role)


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    roles: frozenset[Role] = EVERYONE
    in_menu: bool = False


COMMANDS = (
    Command("zglos", mark("report a fault"), in_menu=True),
    Command("moje", mark("your open tickets"), in_menu=True),
    Command("kolejka", mark("the open ticket queue"), frozenset({Role.IT, Role.COORDINATOR})),
    Command(
        "sprzet",
        mark("find and update your school's equipment"),
        frozenset({Role.DIRECTOR, Role.IT, Role.COORDINATOR}),
    ),
    Command(
        "agenda",
        mark("propose an item for the next meeting"),
        frozenset({Role.DIRECTOR, Role.COORDINATOR}),
    ),
    Command("raport", mark("the monthly summary workbook"), frozenset({Role.COORDINATOR})),
    Command("anuluj", mark("cancel what you started"), in_menu=True),
    Command("pomoc", mark("this help"), in_menu=True),
)


def help_text(role: Role) -> str:
    """The commands a person with `role` can use, one per line."""
    lines = [
        f"/{command.name} — {translate(command.description)}"
        for command in COMMANDS
        if role in command.roles
    ]
    return "\n".join([translate("Commands:"), *lines])


async def show_help(update: Update, context: BotContext) -> None:
    """`/pomoc`: what the bot can do for this person."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(help_text(context.user.role))


async def install_command_menu(application: Application) -> None:
    """Sets the menu Telegram shows beside the text field: the commands everyone uses."""
    await application.bot.set_my_commands(
        [
            BotCommand(command.name, translate(command.description))
            for command in COMMANDS
            if command.in_menu
        ]
    )


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """`/anuluj` when no conversation is running: say so rather than stay silent."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(translate("There is nothing to cancel."))
