"""The Telegram channel: a python-telegram-bot application that turns chats into core calls."""
