"""The reply's own text, and which replies are only a thank-you."""

from __future__ import annotations

import pytest

from core.tickets.mail_text import is_courtesy_reply, own_text


@pytest.mark.parametrize(
    "body",
    [
        "Nadal nie działa.\n\n> Czy projektor działa?\n> Helpdesk",
        "Nadal nie działa.\n\nW dniu 17.11.2026 o 10:00, Helpdesk IT pisze:\n> Czy działa?",
        "Nadal nie działa.\n\nwt., 17 lis 2026 o 10:00 Helpdesk <helpdesk@gmina.pl>\n"
        "napisał(a):\n> Czy działa?",
        "Nadal nie działa.\n\nOn Tue, 17 Nov 2026 at 10:00, Helpdesk wrote:\nCzy działa?",
        "Nadal nie działa.\n\n-----Wiadomość oryginalna-----\nOd: Helpdesk\nCzy działa?",
        "Nadal nie działa.\n\nOd: Helpdesk IT <helpdesk@gmina.pl>\nWysłano: wtorek\nCzy?",
        "Nadal nie działa.\n-- \nAnna Nowak\nSP nr 1",
    ],
)
def test_the_quoted_mail_and_the_signature_are_cut_off(body: str) -> None:
    assert own_text(body) == "Nadal nie działa."


def test_a_reply_written_below_the_quote_keeps_its_own_lines() -> None:
    assert own_text("> Czy działa?\nNie, nadal nie.") == "Nie, nadal nie."


@pytest.mark.parametrize(
    "body",
    [
        "Dziękuję!",
        "DZIĘKUJĘ",
        "dziekuje",
        "Dzięki :)",
        "Dziękuję bardzo, pozdrawiam\nAnna Nowak",
        "Dziękuję za szybką pomoc, wszystko już działa.",
        "Thank you!",
        "Thanks, all good now",
        "Super, dziękuję!\n\nW dniu 17.11.2026 Helpdesk pisze:\n> Nie działa? Proszę opisać.",
    ],
)
def test_a_short_thank_you_is_a_courtesy_reply(body: str) -> None:
    assert is_courtesy_reply(body)


@pytest.mark.parametrize(
    "body",
    [
        "Dziękuję, ale nadal nie działa.",
        "Dziękuję. Czy można jeszcze podłączyć drukarkę?",
        "Projektor znowu gaśnie, dziękuję",
        "Thanks, but it is still broken",
        "Ok",
        "Dziękuję za pomoc. Przy okazji: w sali 14 laptop nie ładuje baterii od wczoraj wieczorem.",
        "",
    ],
)
def test_anything_more_than_thanks_is_not_a_courtesy_reply(body: str) -> None:
    assert not is_courtesy_reply(body)
