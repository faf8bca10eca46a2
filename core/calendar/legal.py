"""Legal and yearly deadlines of a gmina's schools, as pure data.

The deadlines with fixed calendar dates are rule tables (`ORGANISATION_SHEET_RULES`,
`YEARLY_RULES`) that a gmina with other arrangements can replace by passing its own rules.
Due dates are the dates the law names; they are not moved off weekends or holidays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from core.calendar.business import BusinessCalendar
from core.calendar.school_year import SchoolYear

AssigneeRole = Literal["director", "coordinator"]


@dataclass(frozen=True, kw_only=True)
class LegalDeadline:
    """Something someone must have done by the end of `due`.

    `key` is stable and unique within a school year; `per_school` says whether the deadline
    applies to every school separately or once to the gmina; titles and texts are Polish.
    """

    key: str
    title: str
    due: date
    assignee_role: AssigneeRole
    per_school: bool
    legal_basis: str
    description: str


@dataclass(frozen=True, kw_only=True)
class DeadlineRule:
    """A deadline that falls on the same calendar day every school year: `day` of `month`
    in the school year's start year plus `year_offset`.
    """

    key: str
    title: str
    month: int
    day: int
    year_offset: int
    assignee_role: AssigneeRole
    per_school: bool
    legal_basis: str
    description: str

    def deadline_for(self, school_year: SchoolYear) -> LegalDeadline:
        """This rule's deadline in `school_year`."""
        return LegalDeadline(
            key=self.key,
            title=self.title,
            due=date(school_year.start_year + self.year_offset, self.month, self.day),
            assignee_role=self.assignee_role,
            per_school=self.per_school,
            legal_basis=self.legal_basis,
            description=self.description,
        )


_ORGANISATION_REGULATION: Final = (
    "§ 17 rozp. MEN z 28.02.2019 r. w sprawie szczegółowej organizacji publicznych szkół "
    "i publicznych przedszkoli"
)

KURATOR_OPINION_KEY: Final = "arkusz.kurator_opinion"
"""The organisation-sheet step that `kurator_opinion=False` leaves out."""

ORGANISATION_SHEET_RULES: Final[tuple[DeadlineRule, ...]] = (
    DeadlineRule(
        key="arkusz.union_opinion",
        title="Opinia związków zawodowych o arkuszu organizacji",
        month=4,
        day=19,
        year_offset=0,
        assignee_role="director",
        per_school=True,
        legal_basis=_ORGANISATION_REGULATION,
        description=(
            "Dyrektor uzyskuje opinię zakładowych organizacji związkowych o arkuszu "
            "organizacji; mają one 10 dni roboczych od jego otrzymania, "
            "nie dłużej niż do 19 kwietnia."
        ),
    ),
    DeadlineRule(
        key="arkusz.director_submission",
        title="Przekazanie arkusza organizacji organowi prowadzącemu",
        month=4,
        day=21,
        year_offset=0,
        assignee_role="director",
        per_school=True,
        legal_basis=_ORGANISATION_REGULATION,
        description=(
            "Dyrektor przekazuje zaopiniowany arkusz organizacji szkoły organowi prowadzącemu."
        ),
    ),
    DeadlineRule(
        key=KURATOR_OPINION_KEY,
        title="Opinia kuratora oświaty o arkuszu organizacji",
        month=5,
        day=20,
        year_offset=0,
        assignee_role="coordinator",
        per_school=True,
        legal_basis=_ORGANISATION_REGULATION,
        description=(
            "Kurator oświaty opiniuje arkusz organizacji szkoły; organ prowadzący "
            "pilnuje, by opinia wpłynęła przed zatwierdzeniem arkusza."
        ),
    ),
    DeadlineRule(
        key="arkusz.organ_approval",
        title="Zatwierdzenie arkusza organizacji przez organ prowadzący",
        month=5,
        day=29,
        year_offset=0,
        assignee_role="coordinator",
        per_school=True,
        legal_basis=_ORGANISATION_REGULATION,
        description="Organ prowadzący zatwierdza arkusz organizacji szkoły.",
    ),
    DeadlineRule(
        key="arkusz.kurator_notification",
        title="Poinformowanie kuratora oświaty o zatwierdzeniu arkusza",
        month=6,
        day=5,
        year_offset=0,
        assignee_role="coordinator",
        per_school=True,
        legal_basis=_ORGANISATION_REGULATION,
        description=(
            "Organ prowadzący informuje kuratora oświaty o zatwierdzeniu arkusza w ciągu "
            "7 dni od zatwierdzenia; termin liczony od ostatniego dnia na zatwierdzenie "
            "(29 maja)."
        ),
    ),
)

_SIO_BASIS: Final = (
    "ustawa o systemie informacji oświatowej; "
    "rozp. MEN z 28.08.2019 r. w sprawie danych dziedzinowych SIO"
)
_DEVELOPMENT_FUND_BASIS: Final = (
    "art. 70a KN; "
    "rozp. MEN z 23.08.2019 r. w sprawie dofinansowania doskonalenia zawodowego nauczycieli"
)

YEARLY_RULES: Final[tuple[DeadlineRule, ...]] = (
    DeadlineRule(
        key="sio.snapshot_30_september",
        title="Stan danych w SIO na 30 września",
        month=9,
        day=30,
        year_offset=0,
        assignee_role="director",
        per_school=True,
        legal_basis=_SIO_BASIS,
        description=(
            "Dane szkoły w SIO muszą odpowiadać stanowi na 30 września; "
            "od nich zależą środki gminy na zadania oświatowe."
        ),
    ),
    DeadlineRule(
        key="sio.october_submission",
        title="Przekazanie danych SIO według stanu na 30 września",
        month=10,
        day=10,
        year_offset=0,
        assignee_role="director",
        per_school=True,
        legal_basis=_SIO_BASIS,
        description=(
            "Dyrektor kończy uzupełnianie i przekazywanie danych SIO według stanu na 30 września."
        ),
    ),
    DeadlineRule(
        key="council.education_report",
        title="Informacja o stanie realizacji zadań oświatowych",
        month=10,
        day=31,
        year_offset=0,
        assignee_role="coordinator",
        per_school=False,
        legal_basis="art. 11 ust. 7 ustawy – Prawo oświatowe",
        description=(
            "Wójt (burmistrz) przedstawia radzie gminy informację o stanie realizacji zadań "
            "oświatowych za poprzedni rok szkolny, z wynikami egzaminów."
        ),
    ),
    DeadlineRule(
        key="development_fund.director_requests",
        title="Wnioski o dofinansowanie doskonalenia zawodowego nauczycieli",
        month=10,
        day=31,
        year_offset=0,
        assignee_role="director",
        per_school=True,
        legal_basis=_DEVELOPMENT_FUND_BASIS,
        description=(
            "Dyrektor składa organowi prowadzącemu wnioski o dofinansowanie doskonalenia "
            "zawodowego nauczycieli na następny rok budżetowy."
        ),
    ),
    DeadlineRule(
        key="sio.january_wages_and_computers",
        title="Dane SIO o wynagrodzeniach i komputerach za poprzedni rok",
        month=1,
        day=10,
        year_offset=1,
        assignee_role="director",
        per_school=True,
        legal_basis=_SIO_BASIS,
        description=(
            "Dyrektor przekazuje do SIO roczne dane o wynagrodzeniach i o sprzęcie "
            "komputerowym za poprzedni rok kalendarzowy."
        ),
    ),
    DeadlineRule(
        key="teacher_pay.average_salary_analysis",
        title="Analiza średnich wynagrodzeń nauczycieli",
        month=1,
        day=20,
        year_offset=1,
        assignee_role="coordinator",
        per_school=False,
        legal_basis="art. 30a ust. 1 KN",
        description=(
            "Organ prowadzący analizuje wydatki na wynagrodzenia nauczycieli w poprzednim "
            "roku kalendarzowym wobec średnich wynagrodzeń na stopniach awansu."
        ),
    ),
    DeadlineRule(
        key="development_fund.plan",
        title="Plan dofinansowania doskonalenia zawodowego nauczycieli",
        month=1,
        day=31,
        year_offset=1,
        assignee_role="coordinator",
        per_school=False,
        legal_basis=_DEVELOPMENT_FUND_BASIS,
        description=(
            "Organ prowadzący ustala plan dofinansowania form doskonalenia zawodowego "
            "nauczycieli na rok kalendarzowy, uwzględniając wnioski dyrektorów."
        ),
    ),
    DeadlineRule(
        key="teacher_pay.top_up_payment",
        title="Wypłata jednorazowego dodatku uzupełniającego",
        month=1,
        day=31,
        year_offset=1,
        assignee_role="coordinator",
        per_school=False,
        legal_basis="art. 30a KN",
        description=(
            "Jeśli średnie wynagrodzenia nie zostały osiągnięte, różnicę wypłaca się "
            "nauczycielom jako jednorazowy dodatek uzupełniający."
        ),
    ),
    DeadlineRule(
        key="teacher_pay.report",
        title="Sprawozdanie z wysokości średnich wynagrodzeń nauczycieli",
        month=2,
        day=10,
        year_offset=1,
        assignee_role="coordinator",
        per_school=False,
        legal_basis="art. 30a KN",
        description=(
            "Organ prowadzący przekazuje sprawozdanie radzie gminy, regionalnej izbie "
            "obrachunkowej, dyrektorom szkół i związkom zawodowym."
        ),
    ),
)


def organisation_sheet_deadlines(
    school_year: SchoolYear,
    *,
    kurator_opinion: bool = True,
    rules: Iterable[DeadlineRule] = ORGANISATION_SHEET_RULES,
) -> list[LegalDeadline]:
    """The spring steps of preparing the organisation sheet (arkusz organizacji) for
    `school_year`, in the spring of its start year, sorted by due date.

    `kurator_opinion=False` leaves out the kurator's opinion (rule key `KURATOR_OPINION_KEY`),
    for rules that no longer require it.
    """
    chosen = (rule for rule in rules if kurator_opinion or rule.key != KURATOR_OPINION_KEY)
    return _sorted_by_due(rule.deadline_for(school_year) for rule in chosen)


def yearly_deadlines(
    school_year: SchoolYear, *, rules: Iterable[DeadlineRule] = YEARLY_RULES
) -> list[LegalDeadline]:
    """The recurring deadlines of `school_year` (SIO, reports, pay, professional development),
    sorted by due date.
    """
    return _sorted_by_due(rule.deadline_for(school_year) for rule in rules)


_APPROVAL_DAYS: Final = timedelta(days=7)
_ANEKS_KURATOR_WORKING_DAYS: Final = 4


def organisation_sheet_change_deadlines(
    submitted_on: date,
    *,
    school_year: SchoolYear,
    calendar: BusinessCalendar,
    kurator_opinion: bool = True,
) -> list[LegalDeadline]:
    """The steps for a change (aneks) to an approved organisation sheet submitted to the
    organ prowadzący on `submitted_on`, sorted by due date.

    Up to and including 30 September of the school year's start year the change needs
    opinions: the kurator's within 4 working days of submission (left out with
    `kurator_opinion=False`), then the organ's approval, which the law gives no term for and
    which is therefore due 7 days after the opinion's due date (7 days after submission
    without the kurator's step). After 30 September the organ approves alone within 7 days.
    Keys carry the submission date, so several changes in one school year stay distinct.
    """
    key_prefix = f"aneks.{submitted_on.isoformat()}"
    if submitted_on > date(school_year.start_year, 9, 30):
        return [_late_change_approval(key_prefix, submitted_on)]
    if not kurator_opinion:
        return [_early_change_approval_without_kurator(key_prefix, submitted_on)]
    opinion_due = calendar.add_working_days(submitted_on, _ANEKS_KURATOR_WORKING_DAYS)
    return [
        _change_kurator_opinion(key_prefix, opinion_due),
        _early_change_approval_after_kurator(key_prefix, opinion_due),
    ]


def _change_kurator_opinion(key_prefix: str, due: date) -> LegalDeadline:
    return LegalDeadline(
        key=f"{key_prefix}.kurator_opinion",
        title="Opinia kuratora oświaty o zmianie arkusza organizacji",
        due=due,
        assignee_role="coordinator",
        per_school=True,
        legal_basis=_ORGANISATION_REGULATION,
        description=(
            "Kurator oświaty opiniuje zmianę arkusza organizacji w ciągu 4 dni roboczych "
            "od jej otrzymania."
        ),
    )


def _early_change_approval_after_kurator(key_prefix: str, opinion_due: date) -> LegalDeadline:
    return _change_approval(
        key_prefix,
        opinion_due + _APPROVAL_DAYS,
        "Organ prowadzący zatwierdza zmianę po zasięgnięciu opinii; przepis nie wskazuje "
        "terminu, przyjęto 7 dni od terminu opinii kuratora oświaty "
        f"({opinion_due:%d.%m.%Y}).",
    )


def _early_change_approval_without_kurator(key_prefix: str, submitted_on: date) -> LegalDeadline:
    return _change_approval(
        key_prefix,
        submitted_on + _APPROVAL_DAYS,
        "Organ prowadzący zatwierdza zmianę po zasięgnięciu opinii; przepis nie wskazuje "
        "terminu, przyjęto 7 dni od przekazania zmiany.",
    )


def _late_change_approval(key_prefix: str, submitted_on: date) -> LegalDeadline:
    return _change_approval(
        key_prefix,
        submitted_on + _APPROVAL_DAYS,
        "Po 30 września organ prowadzący zatwierdza zmianę sam, w ciągu 7 dni od jej otrzymania.",
    )


def _change_approval(key_prefix: str, due: date, description: str) -> LegalDeadline:
    return LegalDeadline(
        key=f"{key_prefix}.organ_approval",
        title="Zatwierdzenie zmiany arkusza organizacji",
        due=due,
        assignee_role="coordinator",
        per_school=True,
        legal_basis=_ORGANISATION_REGULATION,
        description=description,
    )


def _sorted_by_due(deadlines: Iterable[LegalDeadline]) -> list[LegalDeadline]:
    return sorted(deadlines, key=lambda deadline: deadline.due)
