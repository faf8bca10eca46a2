"""Importing schools and users from XLSX: all rows or none, every problem by row and column."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.models import Channel, Role, School, User
from core.people.xlsx_import import ImportRejected, ImportReport, import_schools, import_users
from tests.factories import make_school, make_user

SCHOOL_HEADERS = ("Kod", "Nazwa", "Nazwa skrócona", "Adres", "Liczba uczniów")
GOOD_SCHOOLS = (
    ("sp1", "Szkoła Podstawowa nr 1 w Lubartowie", "SP 1", "ul. Szkolna 1", 120),
    ("sp2", "Szkoła Podstawowa nr 2 w Lubartowie", "SP 2", "ul. Lipowa 2", 95),
    ("zs", "Zespół Szkół w Lubartowie", None, None, None),
)
USER_HEADERS = ("Imię i nazwisko", "E-mail", "Rola", "Kod szkoły", "Kanał", "Język")
GOOD_USERS = (
    ("Anna Nowak", "anna.nowak@sp1.example.pl", "nauczyciel", "sp1", "telegram", "pl"),
    ("Jan Kowalski", "jan.kowalski@sp1.example.pl", "dyrektor", "SP1", None, None),
    ("Ewa Wiśniewska", "ewa@gmina.example.pl", "informatyk", None, "www", "en"),
    ("Piotr Zieliński", "piotr@gmina.example.pl", "coordinator", None, "e-mail", None),
)


def xlsx(*rows: Sequence[object]) -> bytes:
    """A workbook whose first sheet holds `rows`, from row 1."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def problems(rejected: pytest.ExceptionInfo[ImportRejected]) -> list[str]:
    return [str(error) for error in rejected.value.errors]


async def import_rejected_schools(data: bytes) -> list[str]:
    """The problems reported for `data`, after checking that no school was written."""
    count_before = await School.all().count()
    with pytest.raises(ImportRejected) as rejected:
        await import_schools(data)
    assert await School.all().count() == count_before
    return problems(rejected)


async def import_rejected_users(data: bytes) -> list[str]:
    """The problems reported for `data`, after checking that no user was written or changed."""
    before = [tuple(user) for user in await User.all().values_list()]
    with pytest.raises(ImportRejected) as rejected:
        await import_users(data)
    assert [tuple(user) for user in await User.all().values_list()] == before
    return problems(rejected)


async def make_lubartow_schools() -> None:
    await make_school(code="sp1")
    await make_school(code="sp2")


# Schools


async def test_a_good_schools_file_creates_every_school(database: str) -> None:
    report = await import_schools(xlsx(SCHOOL_HEADERS, *GOOD_SCHOOLS))

    assert report == ImportReport(created=3)
    sp1 = await School.get(code="sp1")
    assert (sp1.name, sp1.short_name, sp1.address, sp1.pupils) == (
        "Szkoła Podstawowa nr 1 w Lubartowie",
        "SP 1",
        "ul. Szkolna 1",
        120,
    )
    zs = await School.get(code="zs")
    assert (zs.short_name, zs.address, zs.pupils) == ("Zespół Szkół w Lubartowie", "", None)


async def test_a_schools_file_is_read_from_a_path(database: str, tmp_path: Path) -> None:
    path = tmp_path / "szkoly.xlsx"
    path.write_bytes(xlsx(SCHOOL_HEADERS, *GOOD_SCHOOLS))

    assert await import_schools(path) == ImportReport(created=3)


async def test_reimporting_a_schools_file_changes_nothing(database: str) -> None:
    data = xlsx(SCHOOL_HEADERS, *GOOD_SCHOOLS)
    await import_schools(data)

    report = await import_schools(data)

    assert report == ImportReport(unchanged=3)
    assert await School.all().count() == 3


async def test_a_row_with_a_known_code_updates_that_school(database: str) -> None:
    await import_schools(xlsx(SCHOOL_HEADERS, *GOOD_SCHOOLS))
    renamed = ("SP1", "Szkoła Podstawowa nr 1 im. Jana Pawła II", "SP 1", "ul. Szkolna 1", 130)

    report = await import_schools(xlsx(SCHOOL_HEADERS, renamed, *GOOD_SCHOOLS[1:]))

    assert report == ImportReport(updated=1, unchanged=2)
    sp1 = await School.get(code="sp1")
    assert (sp1.name, sp1.pupils) == ("Szkoła Podstawowa nr 1 im. Jana Pawła II", 130)


async def test_blank_optional_cells_keep_what_a_school_has(database: str) -> None:
    await import_schools(xlsx(SCHOOL_HEADERS, *GOOD_SCHOOLS))

    report = await import_schools(xlsx(("Kod", "Nazwa"), GOOD_SCHOOLS[0][:2]))

    assert report == ImportReport(unchanged=1)
    sp1 = await School.get(code="sp1")
    assert (sp1.short_name, sp1.address, sp1.pupils) == ("SP 1", "ul. Szkolna 1", 120)


async def test_headers_match_in_any_order_case_and_spacing(database: str) -> None:
    headers = ("  nazwa ", "LICZBA   UCZNIÓW", "kod")

    report = await import_schools(xlsx(headers, ("Szkoła Podstawowa nr 3", 40, "sp3")))

    assert report == ImportReport(created=1)
    assert (await School.get(code="sp3")).pupils == 40


async def test_empty_rows_are_skipped(database: str) -> None:
    data = xlsx(SCHOOL_HEADERS, GOOD_SCHOOLS[0], (None, "  ", None), (), GOOD_SCHOOLS[1])

    assert await import_schools(data) == ImportReport(created=2)


async def test_a_file_with_a_wrong_used_range_is_read_in_full(database: str) -> None:
    data = with_sheet_xml_edited(
        GOOD_SCHOOLS_FILE,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', xml),
    )

    assert await import_schools(data) == ImportReport(created=3)


async def test_a_wrong_header_is_reported_with_the_missing_column(database: str) -> None:
    headers = ("Kod", "Nazwa szkoły", "Adres")

    found = await import_rejected_schools(xlsx(headers, ("sp1", "Szkoła", "ul. Szkolna 1")))

    assert found == [
        "wiersz 1, kolumna B (Nazwa szkoły): nieznana kolumna; dostępne kolumny: Kod, Nazwa, "
        "Nazwa skrócona, Adres, Liczba uczniów",
        "wiersz 1 (Nazwa): brak wymaganej kolumny",
    ]


async def test_a_missing_required_column_is_refused(database: str) -> None:
    found = await import_rejected_schools(xlsx(("Nazwa", "Adres"), ("Szkoła", "ul. Szkolna 1")))

    assert found == ["wiersz 1 (Kod): brak wymaganej kolumny"]


async def test_an_extra_column_is_refused_by_name(database: str) -> None:
    rows = [(*school, "81 855 00 00") for school in GOOD_SCHOOLS]

    found = await import_rejected_schools(xlsx((*SCHOOL_HEADERS, "Telefon"), *rows))

    assert len(found) == 1
    assert found[0].startswith("wiersz 1, kolumna F (Telefon): nieznana kolumna")


async def test_values_under_an_empty_header_are_refused(database: str) -> None:
    found = await import_rejected_schools(
        xlsx(("Kod", "Nazwa", None), ("sp1", "Szkoła", "zapomniany nagłówek"))
    )

    assert found == ["wiersz 1, kolumna C: kolumna bez nagłówka zawiera dane"]


async def test_a_repeated_column_is_refused(database: str) -> None:
    found = await import_rejected_schools(xlsx(("Kod", "Nazwa", "kod"), ("sp1", "Szkoła", "sp1")))

    assert found == ["wiersz 1, kolumna C (kod): kolumna powtarza kolumnę A"]


async def test_a_duplicate_school_code_names_the_first_row(database: str) -> None:
    data = xlsx(SCHOOL_HEADERS, *GOOD_SCHOOLS, ("SP2", "Inna szkoła", None, None, None))

    found = await import_rejected_schools(data)

    assert found == ["wiersz 5, kolumna A (Kod): ta sama wartość co w wierszu 3"]


async def test_three_good_rows_and_one_bad_import_nothing(database: str) -> None:
    bad = ("sp 4", "", None, None, -5)

    found = await import_rejected_schools(xlsx(SCHOOL_HEADERS, *GOOD_SCHOOLS, bad))

    assert found == [
        "wiersz 5, kolumna A (Kod): niepoprawny kod szkoły „sp 4”: dozwolone są tylko litery "
        "a–z, cyfry, „-” i „_”",
        "wiersz 5, kolumna B (Nazwa): pole jest wymagane",
        "wiersz 5, kolumna E (Liczba uczniów): „-5” nie jest liczbą całkowitą ≥ 0",
    ]
    assert await School.all().count() == 0


async def test_more_pupils_than_any_school_has_is_refused(database: str) -> None:
    too_many = ("sp4", "Szkoła Podstawowa nr 4", None, None, 10_000_000)

    found = await import_rejected_schools(xlsx(SCHOOL_HEADERS, too_many))

    assert found == ["wiersz 2, kolumna E (Liczba uczniów): najwyżej 100000 uczniów"]
    assert await School.all().count() == 0


def zip_of(files: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return output.getvalue()


def with_sheet_xml_edited(workbook: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["xl/worksheets/sheet1.xml"] = edit(files["xl/worksheets/sheet1.xml"])
    return zip_of(files)


GOOD_SCHOOLS_FILE = xlsx(SCHOOL_HEADERS, *GOOD_SCHOOLS)
NOT_WORKBOOKS = {
    "csv": "Kod;Nazwa\nsp1;Szkoła\n".encode(),
    "empty": b"",
    "truncated": GOOD_SCHOOLS_FILE[: len(GOOD_SCHOOLS_FILE) // 2],
    "other zip": zip_of({"readme.txt": b"hello"}),
    "broken sheet": with_sheet_xml_edited(GOOD_SCHOOLS_FILE, lambda xml: xml[:200]),
    "old xls": bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504),
}


async def test_the_rejection_counts_the_errors_and_says_nothing_was_imported(
    database: str,
) -> None:
    too_long = ("sp4", "Szkoła Podstawowa nr 4", "S" * 101, None, "dużo")

    with pytest.raises(ImportRejected) as rejected:
        await import_schools(xlsx(SCHOOL_HEADERS, *GOOD_SCHOOLS, too_long))

    assert rejected.value.translated() == "Plik zawiera błędy (2); nic nie zaimportowano."
    assert problems(rejected)[0] == (
        "wiersz 5, kolumna C (Nazwa skrócona): za długi tekst: najwyżej 100 znaków"
    )


@pytest.mark.parametrize("data", NOT_WORKBOOKS.values(), ids=NOT_WORKBOOKS.keys())
async def test_a_file_that_is_not_xlsx_gets_one_clear_error(database: str, data: bytes) -> None:
    with pytest.raises(ImportRejected) as rejected:
        await import_schools(data)

    assert rejected.value.errors == []
    assert "nie jest skoroszytem XLSX" in rejected.value.translated()
    assert await School.all().count() == 0


async def test_a_sheet_without_headers_is_refused(database: str) -> None:
    with pytest.raises(ImportRejected, match="column headers"):
        await import_schools(xlsx())


# Users


async def test_a_good_users_file_creates_every_user(database: str) -> None:
    await make_lubartow_schools()

    report = await import_users(xlsx(USER_HEADERS, *GOOD_USERS))

    assert report == ImportReport(created=4)
    anna = await User.get(email="anna.nowak@sp1.example.pl").prefetch_related("school")
    assert (anna.full_name, anna.role, anna.school.code) == ("Anna Nowak", Role.TEACHER, "sp1")
    assert (anna.preferred_channel, anna.locale) == (Channel.TELEGRAM, "pl")
    jan = await User.get(email="jan.kowalski@sp1.example.pl")
    assert (jan.role, jan.preferred_channel, jan.locale) == (Role.DIRECTOR, Channel.EMAIL, "pl")
    ewa = await User.get(email="ewa@gmina.example.pl")
    assert (ewa.role, ewa.school_id, ewa.preferred_channel, ewa.locale) == (
        Role.IT,
        None,
        Channel.WEB,
        "en",
    )
    assert (await User.get(email="piotr@gmina.example.pl")).role == Role.COORDINATOR


async def test_reimporting_a_users_file_changes_nothing(database: str) -> None:
    await make_lubartow_schools()
    data = xlsx(USER_HEADERS, *GOOD_USERS)
    await import_users(data)

    report = await import_users(data)

    assert report == ImportReport(unchanged=4)
    assert await User.all().count() == 4


async def test_a_row_with_a_known_email_updates_that_user(database: str) -> None:
    await make_lubartow_schools()
    await import_users(xlsx(USER_HEADERS, *GOOD_USERS))
    moved = ("Anna Nowak", "anna.nowak@SP1.example.pl", "dyrektor", "sp2", None, None)

    report = await import_users(xlsx(USER_HEADERS, moved))

    assert report == ImportReport(updated=1)
    anna = await User.get(email="anna.nowak@sp1.example.pl").prefetch_related("school")
    assert (anna.role, anna.school.code) == (Role.DIRECTOR, "sp2")
    assert anna.preferred_channel == Channel.TELEGRAM


async def test_a_blank_channel_keeps_what_the_user_chose(database: str) -> None:
    school = await make_school(code="sp1")
    await make_user(
        full_name="Anna Nowak",
        email="anna@sp1.example.pl",
        school=school,
        preferred_channel=Channel.TELEGRAM,
    )

    report = await import_users(
        xlsx(USER_HEADERS[:4], ("Anna Nowak", "anna@sp1.example.pl", "nauczyciel", "sp1"))
    )

    assert report == ImportReport(unchanged=1)
    assert (await User.get(email="anna@sp1.example.pl")).preferred_channel == Channel.TELEGRAM


async def test_a_bad_email_is_reported_by_row_and_column(database: str) -> None:
    await make_lubartow_schools()
    bad = ("Jan Nowak", "jan@", "nauczyciel", "sp1", None, None)

    found = await import_rejected_users(xlsx(USER_HEADERS, *GOOD_USERS[:2], bad))

    assert found == ["wiersz 4, kolumna B (E-mail): niepoprawny adres e-mail „jan@”"]


async def test_an_unknown_school_is_refused_even_when_the_file_is_otherwise_good(
    database: str,
) -> None:
    await make_lubartow_schools()
    bad = ("Jan Nowak", "jan.nowak@sp9.example.pl", "nauczyciel", "sp9", None, None)

    found = await import_rejected_users(xlsx(USER_HEADERS, *GOOD_USERS[:3], bad))

    assert found == [
        "wiersz 5, kolumna D (Kod szkoły): w bazie nie ma szkoły o kodzie „sp9” "
        "(najpierw zaimportuj szkoły)"
    ]


async def test_an_unknown_role_is_refused(database: str) -> None:
    await make_lubartow_schools()
    bad = ("Jan Nowak", "jan.nowak@sp1.example.pl", "woźny", "sp1", None, None)

    found = await import_rejected_users(xlsx(USER_HEADERS, bad))

    assert len(found) == 1
    assert found[0].startswith("wiersz 2, kolumna C (Rola): nieznana wartość „woźny”")


async def test_a_duplicate_email_names_the_first_row(database: str) -> None:
    await make_lubartow_schools()
    again = ("Anna Nowak-Kowalska", "anna.nowak@SP1.EXAMPLE.PL", "nauczyciel", "sp2", None, None)

    found = await import_rejected_users(xlsx(USER_HEADERS, *GOOD_USERS, again))

    assert found == ["wiersz 6, kolumna B (E-mail): ta sama wartość co w wierszu 2"]


async def test_a_teacher_without_a_school_is_refused_at_the_school_column(database: str) -> None:
    bad = ("Jan Nowak", "jan.nowak@sp1.example.pl", "teacher", None, None, None)

    found = await import_rejected_users(xlsx(USER_HEADERS, bad))

    assert found == [
        "wiersz 2, kolumna D (Kod szkoły): nauczyciel i dyrektor muszą być przypisani do szkoły"
    ]


async def test_every_problem_of_a_row_is_reported(database: str) -> None:
    bad = ("", "jan@", "koordynator", None, "gołąb pocztowy", "de")

    found = await import_rejected_users(xlsx(USER_HEADERS, bad))

    assert [problem.split(":")[0] for problem in found] == [
        "wiersz 2, kolumna A (Imię i nazwisko)",
        "wiersz 2, kolumna B (E-mail)",
        "wiersz 2, kolumna E (Kanał)",
        "wiersz 2, kolumna F (Język)",
    ]


async def test_a_users_file_that_is_not_xlsx_imports_nothing(database: str) -> None:
    await make_user()

    with pytest.raises(ImportRejected) as rejected:
        await import_users(b"PK\x03\x04 not really a zip")

    assert rejected.value.errors == []
    assert await User.all().count() == 1
