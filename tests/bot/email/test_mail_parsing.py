"""Reading e-mails as schools' mail programs write them, including the broken ones."""

from __future__ import annotations

import pytest

from bot.email.mail_parsing import TEXT_LIMIT, parse_mail
from tests.mail_builders import delivery_report, legacy_mail, raw_mail


@pytest.mark.parametrize("charset", ["windows-1250", "iso-8859-2"])
def test_polish_text_and_subject_in_old_charsets_are_decoded(charset: str) -> None:
    parsed = parse_mail(
        legacy_mail(
            sender="sekretariat@sp1.example.pl",
            subject="Zażółć gęślą jaźń",
            body="Łódź, źdźbło, żółw.",
            charset=charset,
        )
    )

    assert (parsed.subject, parsed.text, parsed.notes) == (
        "Zażółć gęślą jaźń",
        "Łódź, źdźbło, żółw.",
        (),
    )


def test_an_unknown_charset_is_read_as_polish_windows_1250_with_a_note() -> None:
    raw = (
        b"From: a@sp1.example.pl\r\nSubject: =?x-mac-nieznany?q?Drukarka_=B3?=\r\n"
        b"Content-Type: text/plain; charset=x-mac-nieznany\r\n\r\n"
        + "Drukarka nie działa".encode("cp1250")
    )

    parsed = parse_mail(raw)

    assert (parsed.subject, parsed.text) == ("Drukarka ł", "Drukarka nie działa")
    assert "unknown charset 'x-mac-nieznany'" in parsed.notes


def test_text_that_is_not_what_its_charset_says_is_decoded_with_a_note() -> None:
    raw = (
        b"From: a@sp1.example.pl\r\nSubject: x\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + "Proszę o pomoc".encode("cp1250")
    )

    parsed = parse_mail(raw)

    assert parsed.text == "Proszę o pomoc"
    assert "text not valid in its charset 'utf-8'" in parsed.notes


def test_raw_8_bit_headers_are_decoded() -> None:
    raw = "From: Józef Żak <jozef@sp1.example.pl>\r\nSubject: Żółty ekran\r\n\r\nTreść".encode()

    parsed = parse_mail(raw)

    assert (parsed.sender_name, parsed.subject) == ("Józef Żak", "Żółty ekran")


def test_an_html_only_mail_becomes_plain_text() -> None:
    raw = (
        b"From: a@sp1.example.pl\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<html><head><style>p {color: red}</style></head><body>"
        b"<p>Tablica&nbsp;w sali <b>5</b> &amp; 6</p><div>nie dzia\xc5\x82a</div></body></html>"
    )

    parsed = parse_mail(raw)

    assert parsed.text == "Tablica w sali 5 & 6\n\nnie działa"


def test_a_huge_body_is_cut_with_a_note() -> None:
    parsed = parse_mail(raw_mail(sender="a@sp1.example.pl", body="a" * (TEXT_LIMIT + 500)))

    assert len(parsed.text) == TEXT_LIMIT
    assert f"body cut from {TEXT_LIMIT + 500} to {TEXT_LIMIT} characters" in parsed.notes


def test_attachments_keep_their_encoded_polish_names_and_content() -> None:
    parsed = parse_mail(
        raw_mail(
            sender="a@sp1.example.pl",
            attachments=(("zdjęcie sali źródło.jpg", "image/jpeg", b"\xff\xd8\xff"),),
        )
    )

    [attached] = parsed.attachments
    assert (attached.filename, attached.content_type, attached.content) == (
        "zdjęcie sali źródło.jpg",
        "image/jpeg",
        b"\xff\xd8\xff",
    )


def test_a_file_name_in_rfc_2047_words_as_outlook_writes_it_is_decoded() -> None:
    raw = (
        b"From: a@sp1.example.pl\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=B\r\n"
        b"\r\n--B\r\nContent-Type: text/plain\r\n\r\nW za\xc5\x82\xc4\x85czniku.\r\n--B\r\n"
        b'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="'
        b'=?iso-8859-2?q?Proto=B3=F3=B1.pdf?="\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        b"JVBERg==\r\n--B--\r\n"
    )

    parsed = parse_mail(raw)

    assert [(f.filename, f.content) for f in parsed.attachments] == [("Protołóą.pdf", b"%PDF")]


def test_broken_mime_is_read_as_far_as_it_goes_with_a_note() -> None:
    raw = (
        b"From: a@sp1.example.pl\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=B\r\n"
        b"\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDrukarka.\r\n--B\r\n"
        b"Content-Type: image/png\r\nContent-Disposition: attachment; filename=a.png\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n!!nie-base64"
    )

    parsed = parse_mail(raw)

    assert parsed.text == "Drukarka."
    assert [f.filename for f in parsed.attachments] == ["a.png"]
    assert any(note.startswith("damaged MIME structure") for note in parsed.notes)


def test_headers_that_tell_of_loops_and_noise_are_read() -> None:
    parsed = parse_mail(
        raw_mail(
            sender="a@SP1.Example.PL",
            headers={
                "Auto-Submitted": "auto-replied",
                "Precedence": "bulk",
                "X-Autoreply": "yes",
                "List-Id": "<nauczyciele.sp1.example.pl>",
                "X-Spam-Flag": "YES",
                "In-Reply-To": "<a@x>",
                "References": "<b@x> <a@x>",
            },
        )
    )

    assert parsed.sender == "a@sp1.example.pl"
    assert (parsed.auto_submitted, parsed.precedence, parsed.autoreply_header) == (
        "auto-replied",
        "bulk",
        True,
    )
    assert (parsed.list_id, parsed.spam_flag) == ("<nauczyciele.sp1.example.pl>", True)
    assert (parsed.in_reply_to, parsed.references) == ("<a@x>", "<b@x> <a@x>")


def test_a_bounce_is_a_delivery_status_report_with_an_empty_return_path() -> None:
    parsed = parse_mail(delivery_report(about="nauczyciel@sp1.example.pl"))

    assert (parsed.report_type, parsed.return_path) == ("delivery-status", "")


def test_a_message_without_a_usable_sender_has_an_empty_address() -> None:
    parsed = parse_mail(b"From: nobody\r\nSubject: x\r\n\r\ntext")

    assert parsed.sender == ""


def test_a_file_name_the_standard_library_fails_on_gets_a_plain_name_and_a_note() -> None:
    raw = (
        b"From: a@sp1.example.pl\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=B\r\n"
        b"\r\n--B\r\nContent-Type: text/plain\r\n\r\nSkan w zalaczniku.\r\n--B\r\n"
        b"Content-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=\x00tf-8''skan.pdf\r\n\r\n%PDF\r\n--B--\r\n"
    )

    parsed = parse_mail(raw)

    assert parsed.text == "Skan w zalaczniku."
    assert [(f.filename, f.content_type) for f in parsed.attachments] == [
        ("plik.pdf", "application/pdf")
    ]
    assert any("unreadable file name" in note for note in parsed.notes)
