"""Everything a person can be shown has its Polish text, with the same placeholders."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from core.i18n import _catalog

ROOT = Path(__file__).parent.parent
SOURCE_DIRS = ("core", "bot", "forms", "hdr_desk", "scheduler")
# The calls whose first argument is an English message id.
KEYWORDS: dict[str, None] = dict.fromkeys(
    (
        "translate",
        "mark",
        "DomainError",
        "NotFound",
        "InvalidInput",
        "IllegalTransition",
        "IllegalTicketTransition",
        "PermissionDenied",
    )
)


def _marked_messages() -> list[tuple[str, str]]:
    found = []
    for folder in SOURCE_DIRS:
        if not (ROOT / folder).is_dir():
            continue
        for filename, line, message, *_ in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            text = message[0] if isinstance(message, tuple) else message
            if text:
                found.append((f"{folder}/{filename}:{line}", text))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_marked_message_has_a_polish_translation() -> None:
    polish = _catalog("pl")

    untranslated = [
        f"{where}: {text!r}" for where, text in _marked_messages() if text not in polish
    ]

    assert untranslated == []


@pytest.mark.parametrize("message_id", sorted(_catalog("pl")))
def test_a_translation_keeps_the_placeholders_of_its_message(message_id: str) -> None:
    assert _placeholders(_catalog("pl")[message_id]) == _placeholders(message_id)
