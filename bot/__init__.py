"""The chat channels: Telegram and e-mail. They turn conversations into core service calls."""
