"""The text a person wrote in an e-mail reply, and whether it is only a thank-you.

A reply quotes the mail it answers, and a signature follows it; a ticket's history should
keep neither, so `own_text` cuts them off. What counts as the quoted part is what the common
mail programs put there, in Polish and English: `>`-quoted lines, an attribution line ("On
… wrote:", "W dniu … pisze:", Gmail's "… napisał(a):"), Outlook's "-----Original
Message-----" or its "From:/Sent:" block, and the `-- ` signature separator.

A *courtesy reply* (`is_courtesy_reply`) is a short thank-you that needs no work, such as
"Dziękuję bardzo, pozdrawiam, Anna Nowak" or "Thanks, all good now". Precisely: the
reply's own text, in lower case with Polish letters folded to ASCII and punctuation
dropped, has at most `COURTESY_MAX_WORDS` words; one of them thanks (`THANKS_STEMS`); none
says the problem is still there (`STILL_BROKEN_WORDS`) and there is no question mark; and
apart from thanks and `COURTESY_WORDS` at most `SIGNATURE_WORDS` words are left (a name).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


COURTESY_MAX_WORDS: Final = 12
SIGNATURE_WORDS: Final = 3

THANKS_STEMS: Final = ("dziek", "thank", "thx", "podziekow")
"""Word beginnings that thank: dziękuję, dzięki, dziękujemy, thanks, thank-you, …"""

STILL_BROKEN_WORDS: Final = _words(
    "nie nadal wciaz dalej ciagle znowu ponownie problem problemy blad awaria jednak niestety "
    "ale tylko not no still again but however unfortunately problems error"
)
"""Words that turn a thank-you into a report that something is still wrong."""

COURTESY_WORDS: Final = _words(
    "bardzo serdecznie uprzejmie pieknie za pomoc szybka szybko pozdrawiam pozdrowienia "
    "serdeczne dzien dobry witam juz wszystko dziala ok okej super swietnie i oraz z "
    "powazaniem you very much so a lot for the your help all good now works working great "
    "regards best kind cheers many and with"
)
"""Words a thank-you is padded with."""

_ATTRIBUTION: Final = re.compile(
    r"^[^\n]*(wrote|napisał\(a\)|napisał|napisała|pisze|napisano)\s*:\s*$", re.IGNORECASE
)
_ATTRIBUTION_TAIL: Final = re.compile(
    r"^\s*(wrote|napisał\(a\)|napisał|napisała|pisze|napisano)\s*:\s*$", re.IGNORECASE
)
_ORIGINAL_MESSAGE: Final = re.compile(
    r"^\s*-{2,}\s*(original message|wiadomość oryginalna|oryginalna wiadomość|"
    r"forwarded message|wiadomość przekazana dalej)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_OUTLOOK_FROM: Final = re.compile(r"^\s*\**(from|od)\s*:\**\s+\S", re.IGNORECASE)
_OUTLOOK_NEXT: Final = re.compile(
    r"^\s*\**(sent|date|to|wysłano|data|do|temat|subject)\s*:", re.IGNORECASE
)
_SIGNATURE_SEPARATOR: Final = "-- "
_WORD: Final = re.compile(r"[a-z0-9]+")


def own_text(body: str) -> str:
    """`body` without the quoted mail it answers and without the signature, stripped."""
    lines = body.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _ATTRIBUTION.match(line):
            # Gmail wraps a long attribution: "W dniu … <jan@…>" / "napisał(a):".
            if _ATTRIBUTION_TAIL.match(line) and kept and kept[-1].strip():
                kept.pop()
            break
        if _ends_the_own_text(line, lines[index + 1 : index + 2]):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def _ends_the_own_text(line: str, following: list[str]) -> bool:
    """Whether `line` (with the line `following` it) starts a signature or a forwarded or
    quoted original."""
    if line == _SIGNATURE_SEPARATOR or _ORIGINAL_MESSAGE.match(line):
        return True
    return bool(_OUTLOOK_FROM.match(line) and following and _OUTLOOK_NEXT.match(following[0]))


def is_courtesy_reply(body: str) -> bool:
    """Whether the reply `body` is only a thank-you (see the module docstring)."""
    text = own_text(body)
    if "?" in text:
        return False
    words = _WORD.findall(_folded(text))
    if not words or len(words) > COURTESY_MAX_WORDS:
        return False
    thanks = [word for word in words if word.startswith(THANKS_STEMS)]
    if not thanks or any(word in STILL_BROKEN_WORDS for word in words):
        return False
    rest = [word for word in words if word not in COURTESY_WORDS and word not in thanks]
    return len(rest) <= SIGNATURE_WORDS


def _folded(text: str) -> str:
    """`text` in lower case with diacritics removed: "Dziękuję" → "dziekuje"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ł", "l"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))
