"""`hdr-desk seed`: reference data every installation needs, and the Lubartów demo.

Everything is keyed by a natural key (a school code, an e-mail, an action number, a
meeting's kind and start, a ticket's reporter and title), so a second run finds what the
first one made and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.relativedelta import TU, relativedelta
from tortoise.transactions import in_transaction

from core import clock
from core.calendar.school_year import SchoolYear
from core.config import get_settings
from core.hdr.periods import parse_period
from core.inventory.assets import create_asset
from core.inventory.profiles import install_requirement_profiles
from core.inventory.rounds import open_inventory_round, submit_inventory
from core.models import (
    AgendaItem,
    Asset,
    Channel,
    HdrAction,
    HdrActionStatus,
    Indicator,
    IndicatorSource,
    InventoryRound,
    InventoryRoundStatus,
    InventorySubmission,
    LinkType,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NetworkQuality,
    Role,
    School,
    SchoolNetworkSheet,
    User,
    WifiCoverage,
)
from core.obligations.generation import (
    generate_hdr_action_obligations,
    generate_school_year_obligations,
)
from core.obligations.policies import install_default_policy
from core.people.users import create_user
from core.seed.demo_tickets import seed_demo_tickets
from core.seed.lubartow_demo import (
    CLASSROOM_EQUIPMENT,
    DEMO_PEOPLE,
    DEMO_SCHOOLS,
    NEW_DESKTOP,
    NEW_LAPTOP,
    OLD_DESKTOP,
    OLD_LAPTOP,
    SchoolSeed,
)
from core.seed.lubartow_hdr import HDR_ACTIONS, HDR_INDICATORS
from core.tickets.defaults import install_categories_and_sla_policies

# Meetings of the HDR's actions that counted towards its indicators: the project team's
# working meetings, the trainings, the debate and the conference.
HDR_MEETINGS: dict[int, MeetingKind] = {
    **dict.fromkeys((1, 3, 4, 7, 8, 11), MeetingKind.PROJECT_TEAM),
    **dict.fromkeys((2, 5, 10, 14), MeetingKind.TRAINING),
    9: MeetingKind.DEBATE,
    18: MeetingKind.CONFERENCE,
}
DEMO_MANUAL_INDICATORS = {"coached_people": 4, "selfie_schools": 7, "course_participants": 8}
SHARED_IT_SINCE = dt.date(2026, 1, 12)
E_SHEET_SINCE = dt.date(2026, 3, 2)
MEETING_HOUR = dt.time(10, 0)


@dataclass(frozen=True)
class SeedReport:
    schools: int
    users: int
    hdr_actions: int
    assets: int
    tickets: int
    meetings: int
    obligations_created: int


async def seed_reference_data() -> None:
    """Categories, SLA policies, requirement profiles and the default reminder policy."""
    await install_categories_and_sla_policies()
    await install_requirement_profiles()
    await install_default_policy()


async def seed_demo() -> SeedReport:
    """The Lubartów demo on top of the reference data; safe to run again."""
    await seed_reference_data()
    schools = await _seed_schools()
    people = await _seed_people(schools)
    await _seed_hdr()
    await _seed_network_sheets(schools)
    await _seed_equipment(schools, installer=people["informatyk"])
    meetings = await _seed_meetings(people)
    await _seed_inventory_rounds(schools, people)
    created = await _seed_obligations()
    tickets = await seed_demo_tickets(people)
    return SeedReport(
        schools=len(schools),
        users=len(people),
        hdr_actions=await HdrAction.all().count(),
        assets=await Asset.all().count(),
        tickets=tickets,
        meetings=meetings,
        obligations_created=created,
    )


async def _seed_schools() -> dict[str, School]:
    schools = {}
    for seed in DEMO_SCHOOLS:
        school, _ = await School.get_or_create(
            code=seed.code,
            defaults={
                "name": seed.name,
                "short_name": seed.short_name,
                "name_is_demo": seed.name_is_demo,
                "shared_it_since": SHARED_IT_SINCE,
                "e_sheet_since": E_SHEET_SINCE,
            },
        )
        schools[seed.code] = school
    return schools


async def _seed_people(schools: dict[str, School]) -> dict[str, User]:
    people = {}
    for seed in DEMO_PEOPLE:
        user = await User.get_or_none(email=seed.email)
        if user is None:
            user = await create_user(
                full_name=seed.full_name,
                role=Role(seed.role),
                email=seed.email,
                school=schools[seed.school_code] if seed.school_code else None,
                preferred_channel=Channel(seed.preferred_channel),
            )
            user.is_demo = True
            await user.save(update_fields=["is_demo"])
        people[seed.email_local] = user
    return people


async def _seed_hdr() -> None:
    today = clock.today()
    for seed in HDR_ACTIONS:
        period = parse_period(seed.period_text) if seed.period_text else None
        await HdrAction.get_or_create(
            number=seed.number,
            defaults={
                "title": seed.title,
                "methods": seed.methods,
                "period_text": seed.period_text,
                "starts_on": period.start if period else None,
                "ends_on": period.end if period else None,
                "resources": seed.resources,
                "responsible": seed.responsible,
                "status": _status_on(today, period.start, period.end)
                if period
                else HdrActionStatus.PLANNED,
                "updated_at": clock.now(),
            },
        )
    for order, indicator in enumerate(HDR_INDICATORS):
        await Indicator.get_or_create(
            code=indicator.code,
            defaults={
                "name": indicator.name,
                "target": indicator.target,
                "action_numbers": list(indicator.action_numbers),
                "documentation": indicator.documentation,
                "source": IndicatorSource(indicator.source),
                "manual_value": DEMO_MANUAL_INDICATORS.get(indicator.code),
                "sort_order": order,
            },
        )


def _status_on(today: dt.date, start: dt.date, end: dt.date) -> HdrActionStatus:
    if end < today:
        return HdrActionStatus.DONE
    return HdrActionStatus.IN_PROGRESS if start <= today else HdrActionStatus.PLANNED


async def _seed_network_sheets(schools: dict[str, School]) -> None:
    for seed in DEMO_SCHOOLS:
        await SchoolNetworkSheet.get_or_create(
            school=schools[seed.code],
            defaults={
                "link_type": LinkType.FIBRE,
                "download_mbps": seed.download_mbps,
                "upload_mbps": seed.download_mbps // 3,
                "wifi_coverage": WifiCoverage(seed.wifi_coverage),
                "network_quality": NetworkQuality(seed.network_quality),
                "updated_at": clock.now(),
            },
        )


async def _seed_equipment(schools: dict[str, School], *, installer: User) -> None:
    for seed in DEMO_SCHOOLS:
        school = schools[seed.code]
        if await Asset.exists(school=school):
            continue
        async with in_transaction():
            for number, fields in enumerate(_equipment_of(seed), start=1):
                await create_asset(
                    school=school,
                    actor=installer,
                    channel=Channel.WEB,
                    inventory_number=f"{seed.code.upper()}/{number:03d}",
                    **fields,
                )


def _equipment_of(seed: SchoolSeed) -> list[dict[str, object]]:
    computers = (
        [{"kind": "desktop", "room": "pracownia", **OLD_DESKTOP}] * seed.old_desktops
        + [{"kind": "desktop", "room": "pracownia", **NEW_DESKTOP}] * seed.new_desktops
        + [{"kind": "laptop", "room": "pokój nauczycielski", **OLD_LAPTOP}] * seed.old_laptops
        + [{"kind": "laptop", "room": "pokój nauczycielski", **NEW_LAPTOP}] * seed.new_laptops
    )
    return computers + [dict(item) for item in CLASSROOM_EQUIPMENT]


async def _seed_meetings(people: dict[str, User]) -> int:
    """The HDR's own meetings, then the directors' monthly meetings of the HDR's school
    months (September 2024 to December 2026, no July or August)."""
    zone = ZoneInfo(get_settings().timezone)
    for seed in HDR_ACTIONS:
        if seed.number in HDR_MEETINGS:
            start = parse_period(seed.period_text).start
            await _meeting(HDR_MEETINGS[seed.number], _short(seed.title), start, zone, seed.number)
    month = dt.date(2024, 9, 1)
    while month <= dt.date(2026, 12, 1):
        if month.month not in (7, 8):
            second_tuesday = month + relativedelta(weekday=TU(+2))
            title = f"Spotkanie z dyrektorami — {second_tuesday:%m.%Y}"
            await _meeting(MeetingKind.DIRECTORS, title, second_tuesday, zone, 15)
        month += relativedelta(months=1)
    await _open_next_agenda(people)
    return await Meeting.all().count()


def _short(title: str) -> str:
    return title if len(title) <= 120 else title[:117].rsplit(" ", 1)[0] + "…"


async def _meeting(
    kind: MeetingKind, title: str, day: dt.date, zone: ZoneInfo, action_number: int
) -> Meeting:
    starts_at = dt.datetime.combine(day, MEETING_HOUR, tzinfo=zone)
    held = starts_at < clock.now()
    meeting, _ = await Meeting.get_or_create(
        kind=kind,
        starts_at=starts_at,
        defaults={
            "title": title,
            "location": "Urząd Gminy Lubartów",
            "status": MeetingStatus.HELD if held else MeetingStatus.PLANNED,
            "hdr_action": await HdrAction.get(number=action_number),
            "created_at": clock.now(),
        },
    )
    return meeting


async def _open_next_agenda(people: dict[str, User]) -> None:
    """Opens the call for items of the next directors' meeting, with two proposals."""
    upcoming = (
        await Meeting.filter(kind=MeetingKind.DIRECTORS, starts_at__gt=clock.now())
        .order_by("starts_at")
        .first()
    )
    if upcoming is None or upcoming.status is not MeetingStatus.PLANNED:
        return
    upcoming.status = MeetingStatus.AGENDA_OPEN
    upcoming.agenda_call_deadline = upcoming.starts_at - dt.timedelta(days=3)
    await upcoming.save()
    proposals = (
        ("dyrektor.zsp-skrobow", "Harmonogram wymiany komputerów w pracowniach"),
        ("dyrektor.sp-demo-3", "Zasięg Wi-Fi w salach na piętrze"),
    )
    for author, title in proposals:
        director = people[author]
        await AgendaItem.create(
            meeting=upcoming,
            proposed_by=director,
            school_id=director.school_id,
            title=title,
            channel=Channel.WEB,
            created_at=clock.now(),
        )


async def _seed_inventory_rounds(schools: dict[str, School], people: dict[str, User]) -> None:
    """The 2024 diagnosis round, submitted by every school; the current round, by three."""
    if await InventoryRound.exists():
        return
    coordinator = people["koordynator"]
    await _seed_diagnosis_round(schools, people)
    today = clock.today()
    current = await open_inventory_round(
        name=f"Inwentaryzacja {SchoolYear.containing(today).label}",
        deadline=today + dt.timedelta(days=14),
        opened_by=coordinator,
    )
    for code in list(schools)[:3]:
        await submit_inventory(
            inventory_round=current,
            school=schools[code],
            submitted_by=people[f"dyrektor.{code}"],
            channel=Channel.WEB,
        )


async def _seed_diagnosis_round(schools: dict[str, School], people: dict[str, User]) -> None:
    """HDR action 6: every director filled in the inventory sheet in October 2024."""
    zone = ZoneInfo(get_settings().timezone)
    opened = dt.datetime(2024, 10, 1, 9, 0, tzinfo=zone)
    diagnosis = await InventoryRound.create(
        name="Inwentaryzacja 2024 (diagnoza HDR)",
        opened_at=opened,
        deadline=dt.date(2024, 10, 31),
        opened_by=people["koordynator"],
        status=InventoryRoundStatus.CLOSED,
        closed_at=dt.datetime(2024, 11, 4, 9, 0, tzinfo=zone),
    )
    for day, code in enumerate(schools, start=14):
        await InventorySubmission.create(
            round=diagnosis,
            school=schools[code],
            submitted_by=people[f"dyrektor.{code}"],
            submitted_at=dt.datetime(2024, 10, day, 12, 0, tzinfo=zone),
            channel=Channel.EMAIL,
        )


async def _seed_obligations() -> int:
    """The legal calendar of this school year and the next, and the HDR actions' ends."""
    current = SchoolYear.containing(clock.today())
    kurator = get_settings().arkusz_kurator_opinion
    created = 0
    for school_year in (current, SchoolYear(current.start_year + 1)):
        created += await generate_school_year_obligations(
            school_year=school_year, kurator_opinion=kurator
        )
    return created + await generate_hdr_action_obligations()
