"""Every text a page template shows through `_()` has its Polish, with the same placeholders.

`tests/test_translations.py` reads the Python sources; this reads the templates.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from core.i18n import _catalog
from forms.templating import TEMPLATES_DIR


def _template_messages() -> list[tuple[str, str]]:
    found = []
    for filename, line, message, *_ in extract_from_dir(
        TEMPLATES_DIR,
        method_map=[("**.html", "jinja2.ext:babel_extract")],
        keywords={"_": None},
    ):
        text = message[0] if isinstance(message, tuple) else message
        if text:
            found.append((f"{Path(filename).name}:{line}", text))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_templates_have_texts_to_check() -> None:
    assert any(text == "Sign in" for _, text in _template_messages())


@pytest.mark.parametrize(("where", "message_id"), _template_messages())
def test_a_template_text_has_polish_with_its_placeholders(where: str, message_id: str) -> None:
    polish = _catalog("pl")

    assert message_id in polish, f"{where}: no Polish for {message_id!r}"
    assert _placeholders(polish[message_id]) == _placeholders(message_id)
