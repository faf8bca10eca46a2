"""All-or-nothing import of schools and users from XLSX workbooks the coordinator fills in.

Only the first worksheet is read. Row 1 holds the headers (`core.people.xlsx_templates`), in
any order, with case and spacing ignored; every further row is one school or one user, and
entirely empty rows are skipped. Every row is validated before anything is written and every
problem is reported with its row and column; if there is any, nothing is written at all.

A row whose key (the school code, the e-mail address) is in the database updates that record;
any other row creates one. A blank optional cell keeps what an existing record has and takes
the default for a new one, so re-importing an old file does not undo later changes, such as a
user switching their channel to Telegram.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from core.errors import DomainError, InvalidInput
from core.i18n import DEFAULT_LOCALE, translate
from core.models import Channel, Role, School, User
from core.people import xlsx_templates as layout
from core.people.schools import normalise_pupils, normalise_school_code
from core.people.users import (
    check_school_matches_role,
    create_user,
    normalise_email,
    normalise_full_name,
    normalise_locale,
)
from core.people.xlsx_templates import Column
from core.workbook_cells import NOT_A_WORKBOOK, cell_text, header_key, is_blank, value_at

T = TypeVar("T")
Source = Path | bytes

HEADER_ROW = 1
ROLES_BY_NAME = layout.ROLE_NAMES | {role.value: role for role in Role}
CHANNELS_BY_NAME = layout.CHANNEL_NAMES | {channel.value: channel for channel in Channel}
# What openpyxl and the zip and XML readers under it raise on a file that is not a workbook.


@dataclass(frozen=True)
class RowError:
    """One problem in an imported sheet, described in Polish.

    `column` is the column letter, None when the problem is that the column is missing;
    `header` is empty for a column without a header.
    """

    row: int
    column: str | None
    header: str
    message: str

    def __str__(self) -> str:
        if self.column is None:
            template = "row {row} ({header}): {problem}"
        elif self.header:
            template = "row {row}, column {column} ({header}): {problem}"
        else:
            template = "row {row}, column {column}: {problem}"
        return translate(
            template, row=self.row, column=self.column, header=self.header, problem=self.message
        )


class ImportRejected(DomainError):
    """The file was refused and nothing was imported; `errors` lists every problem found."""

    def __init__(self, message: str, *, errors: Sequence[RowError] = (), **params: object) -> None:
        super().__init__(message, **params)
        self.errors = list(errors)

    def details(self) -> list[str]:
        return [str(error) for error in self.errors]


@dataclass(frozen=True)
class ImportReport:
    """How many rows created a record, changed one, or matched one exactly."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


async def import_schools(source: Source) -> ImportReport:
    """Creates and updates schools from the workbook at `source` (a path or its bytes).

    The school code is the key; a new school's short name defaults to its name. Raises
    ImportRejected listing every problem in the file; nothing is written then.
    """
    sheet = _read_sheet(source, layout.SCHOOL_COLUMNS)
    existing = {school.code: school for school in await School.all()}
    plan, errors, first_rows = _Plan(), list[RowError](), dict[str, int]()
    for row in sheet.rows:
        cells = _RowCells(sheet, row, errors)
        code = cells.read(layout.SCHOOL_CODE, normalise_school_code)
        name = cells.read(layout.SCHOOL_NAME, str)
        given = {
            "short_name": cells.read(layout.SCHOOL_SHORT_NAME, str),
            "address": cells.read(layout.SCHOOL_ADDRESS, str),
            "pupils": cells.read(layout.SCHOOL_PUPILS, normalise_pupils),
        }
        if code is None or name is None:
            continue
        cells.check(layout.SCHOOL_CODE, partial(_check_first_occurrence, code, row, first_rows))
        school = existing.get(code)
        if school is None and given["short_name"] is None:
            cells.check(layout.SCHOOL_SHORT_NAME, partial(_check_fits_short_name, name))
        if not cells.failed:
            _plan_school(plan, school, code=code, name=name, given=given)
    return await plan.carry_out(errors)


async def import_users(source: Source) -> ImportReport:
    """Creates and updates users from the workbook at `source` (a path or its bytes).

    The e-mail address is the key. Each row obeys the rules of `create_user`. A school code
    must be in the database already: a school added earlier in the same file does not count,
    so schools are imported first. Raises ImportRejected listing every problem in the file;
    nothing is written then.
    """
    sheet = _read_sheet(source, layout.USER_COLUMNS)
    schools = {school.code: school for school in await School.all()}
    existing = {user.email: user for user in await User.filter(email__not_isnull=True)}
    plan, errors, first_rows = _Plan(), list[RowError](), dict[str, int]()
    for row in sheet.rows:
        cells = _RowCells(sheet, row, errors)
        full_name = cells.read(layout.USER_FULL_NAME, normalise_full_name)
        email = cells.read(layout.USER_EMAIL, normalise_email)
        role = cells.read(layout.USER_ROLE, partial(_parse_choice, ROLES_BY_NAME))
        school = cells.read(layout.USER_SCHOOL, partial(_find_school, schools))
        channel = cells.read(layout.USER_CHANNEL, partial(_parse_choice, CHANNELS_BY_NAME))
        locale = cells.read(layout.USER_LOCALE, normalise_locale)
        if role is not None and not cells.failed_in(layout.USER_SCHOOL):
            rule = partial(check_school_matches_role, role=role, school=school)
            cells.check(layout.USER_SCHOOL, rule)
        if email is not None:
            cells.check(layout.USER_EMAIL, partial(_check_first_occurrence, email, row, first_rows))
        if cells.failed or full_name is None or email is None or role is None:
            continue
        wanted = {"full_name": full_name, "email": email, "role": role, "school": school}
        _plan_user(plan, existing.get(email), wanted, channel=channel, locale=locale)
    return await plan.carry_out(errors)


@dataclass(frozen=True)
class _Row:
    number: int
    cells: dict[Column, object]


@dataclass(frozen=True)
class _Sheet:
    letters: dict[Column, str]
    rows: list[_Row]


def _read_sheet(source: Source, columns: Sequence[Column]) -> _Sheet:
    table = _read_table(source.read_bytes() if isinstance(source, Path) else source)
    if not table or all(is_blank(value) for value in table[0]):
        raise ImportRejected("Row 1 of the first sheet must hold the column headers.")
    positions = _match_headers(table, columns)
    rows = [
        _Row(number, {column: value_at(values, index) for column, index in positions.items()})
        for number, values in enumerate(table[HEADER_ROW:], start=HEADER_ROW + 1)
        if not all(is_blank(value) for value in values)
    ]
    letters = {column: get_column_letter(index + 1) for column, index in positions.items()}
    return _Sheet(letters, rows)


def _read_table(data: bytes) -> list[tuple[object, ...]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                return []
            sheet = workbook.worksheets[0]
            # Some programs write a wrong used range; without it every stored cell is read.
            sheet.reset_dimensions()
            return [tuple(values) for values in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except NOT_A_WORKBOOK:
        raise ImportRejected(
            "The file is not an XLSX workbook. Save it in Excel as “Excel Workbook (*.xlsx)”."
        ) from None


def _match_headers(table: list[tuple[object, ...]], columns: Sequence[Column]) -> dict[Column, int]:
    """Where each column is; raises ImportRejected for unknown, repeated or missing columns
    and for values under an empty header."""
    known = {header_key(column.header): column for column in columns}
    positions: dict[Column, int] = {}
    errors: list[RowError] = []

    def refuse(letter: str | None, header: str, error: DomainError) -> None:
        errors.append(RowError(HEADER_ROW, letter, header, error.translated()))

    # Rows are as long as their last stored cell, so data may reach past the last header.
    for index in range(max(len(values) for values in table)):
        header, letter = cell_text(value_at(table[0], index)), get_column_letter(index + 1)
        column = known.get(header_key(header))
        if not header:
            if any(not is_blank(value_at(values, index)) for values in table[HEADER_ROW:]):
                refuse(letter, "", InvalidInput("values in a column without a header"))
        elif column is None:
            expected = ", ".join(each.header for each in columns)
            refuse(
                letter,
                header,
                InvalidInput("unknown column; the columns are: {expected}", expected=expected),
            )
        elif column in positions:
            first = get_column_letter(positions[column] + 1)
            refuse(letter, header, InvalidInput("the column repeats column {first}", first=first))
        else:
            positions[column] = index
    for column in columns:
        if column.required and column not in positions:
            refuse(None, column.header, InvalidInput("a required column is missing"))
    if errors:
        raise _rejected(errors)
    return positions


class _RowCells:
    """Reads one row's cells through parsers, recording each failure against its column."""

    def __init__(self, sheet: _Sheet, row: _Row, errors: list[RowError]) -> None:
        self._sheet = sheet
        self._row = row
        self._errors = errors
        self._failed: set[Column] = set()

    @property
    def failed(self) -> bool:
        return bool(self._failed)

    def failed_in(self, column: Column) -> bool:
        return column in self._failed

    def read(self, column: Column, parse: Callable[[str], T]) -> T | None:
        """The parsed cell; None when it is blank or refused (then an error is recorded)."""
        text = cell_text(self._row.cells.get(column))
        if not text:
            if column.required:
                self._record(column, InvalidInput("a value is required"))
            return None
        if column.max_length is not None and len(text) > column.max_length:
            limit = column.max_length
            self._record(column, InvalidInput("too long: at most {limit} characters", limit=limit))
            return None
        try:
            return parse(text)
        except DomainError as error:
            self._record(column, error)
            return None

    def check(self, column: Column, rule: Callable[[], object]) -> None:
        """Runs `rule`, recording the DomainError it raises against `column`."""
        try:
            rule()
        except DomainError as error:
            self._record(column, error)

    def _record(self, column: Column, error: DomainError) -> None:
        self._failed.add(column)
        letter = self._sheet.letters.get(column)
        message = error.translated(DEFAULT_LOCALE)
        self._errors.append(RowError(self._row.number, letter, column.header, message))


@dataclass
class _Plan:
    """The writes the valid rows call for, counted by what each does."""

    writes: list[Callable[[], Awaitable[object]]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def create(self, write: Callable[[], Awaitable[object]]) -> None:
        self.writes.append(write)
        self.created += 1

    def update(self, record: Model, wanted: dict[str, object]) -> None:
        changes = {name: value for name, value in wanted.items() if getattr(record, name) != value}
        if changes:
            self.writes.append(partial(_update_record, record, changes))
            self.updated += 1
        else:
            self.unchanged += 1

    async def carry_out(self, errors: list[RowError]) -> ImportReport:
        """Writes everything in one transaction; raises ImportRejected for any `errors`."""
        if errors:
            raise _rejected(errors)
        try:
            async with in_transaction():
                for write in self.writes:
                    await write()
        except IntegrityError:
            # Someone else added the same school code or e-mail after the file was checked.
            raise ImportRejected(
                "The data changed while the file was imported. Nothing was imported; try again."
            ) from None
        return ImportReport(created=self.created, updated=self.updated, unchanged=self.unchanged)


def _plan_school(
    plan: _Plan, school: School | None, *, code: str, name: str, given: dict[str, Any]
) -> None:
    filled: dict[str, Any] = {"name": name} | {
        key: value for key, value in given.items() if value is not None
    }
    if school is None:
        plan.create(partial(School.create, **({"code": code, "short_name": name} | filled)))
    else:
        plan.update(school, filled)


def _plan_user(
    plan: _Plan,
    user: User | None,
    wanted: dict[str, Any],
    *,
    channel: Channel | None,
    locale: str | None,
) -> None:
    if user is None:
        channel, locale = channel or Channel.EMAIL, locale or DEFAULT_LOCALE
        plan.create(partial(create_user, **wanted, preferred_channel=channel, locale=locale))
        return
    school = wanted.pop("school")
    wanted["school_id"] = school.id if school else None
    wanted["preferred_channel"] = channel or user.preferred_channel
    wanted["locale"] = locale or user.locale
    plan.update(user, wanted)


async def _update_record(record: Model, changes: dict[str, object]) -> None:
    await type(record).filter(pk=record.pk).update(**changes)


def _rejected(errors: list[RowError]) -> ImportRejected:
    return ImportRejected(
        "The file has errors ({count}); nothing was imported.", errors=errors, count=len(errors)
    )


def _parse_choice(names: dict[str, T], text: str) -> T:
    choice = names.get(text.lower())
    if choice is None:
        raise InvalidInput(
            "unknown value “{value}”; choose one of: {choices}",
            value=text,
            choices=", ".join(names),
        )
    return choice


def _find_school(schools: dict[str, School], text: str) -> School:
    school = schools.get(text.lower())
    if school is None:
        raise InvalidInput(
            "there is no school with code “{code}” in the database; import the schools first",
            code=text,
        )
    return school


def _check_fits_short_name(name: str) -> None:
    limit = layout.SCHOOL_SHORT_NAME.max_length
    if limit is not None and len(name) > limit:
        raise InvalidInput("required when the name is longer than {limit} characters", limit=limit)


def _check_first_occurrence(key: str, row: _Row, first_rows: dict[str, int]) -> None:
    first = first_rows.setdefault(key, row.number)
    if first != row.number:
        raise InvalidInput("the same value as in row {row}", row=first)
