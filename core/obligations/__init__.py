"""Obligations with due dates: where they come from and who owes them."""
