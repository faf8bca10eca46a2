"""Translations of user-facing text. Messages are English msgids with `{placeholders}`;
the Polish catalog (`core/locale/pl/LC_MESSAGES/messages.po`) is read with Babel.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

DEFAULT_LOCALE = "pl"
SUPPORTED_LOCALES = ("pl", "en")
LOCALE_DIR = Path(__file__).parent / "locale"


def mark(message: str) -> str:
    """Marks a literal for extraction without translating it (the `N_` of gettext)."""
    return message


@lru_cache(maxsize=len(SUPPORTED_LOCALES))
def _catalog(locale: str) -> dict[str, str]:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def translate(message: str, locale: str = DEFAULT_LOCALE, **params: object) -> str:
    """`message` in `locale` with `params` filled in; the English msgid when untranslated."""
    template = _catalog(locale).get(message, message) if locale in SUPPORTED_LOCALES else message
    return template.format(**params) if params else template


def translate_label(message: str, locale: str = DEFAULT_LOCALE) -> str:
    """A short label marked "context|label" (the context tells translators what the word
    is, as gettext's pgettext does): translated, and without its context."""
    return translate(message, locale).rpartition("|")[2]
