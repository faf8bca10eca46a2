"""The coordinator's pages of fault categories with SLA targets and of the requirement profile:
what they show, what a save changes (a new ticket's due times, an asset's verdict), every
refused form (kept as typed, errors marked, nothing written), and that nobody else gets in."""

from __future__ import annotations

import re

import httpx
import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.inventory.profiles import install_requirement_profiles
from core.models import (
    AssetKind,
    AssetPurpose,
    Category,
    Channel,
    Priority,
    RequirementRule,
    Role,
    School,
    SlaPolicy,
    Ticket,
    User,
)
from core.tickets import create_ticket
from core.tickets.defaults import install_categories_and_sla_policies
from tests.conftest import warsaw
from tests.core.inventory.builders import MEETS_2024_PUPIL_RULE, make_asset
from tests.factories import make_user
from tests.forms.browsing import Visit, csrf_token_of

pytestmark = pytest.mark.usefixtures("data_dir")


CATEGORIES = "/admin/kategorie"
REQUIREMENTS = "/admin/wymagania"
NEW_CATEGORY = {
    "code": "network_printers",
    "name_pl": "Drukarki sieciowe",
    "name_en": "Network printers",
    "sort_order": "",
}
SLA_FORM = {
    "first_response_hours": "0",
    "first_response_rest": "30",
    "resolution_hours": "9",
    "resolution_rest": "0",
    "near_breach_percent": "50",
}


@pytest.fixture(autouse=True)
async def reference_data(database: str) -> None:
    await install_categories_and_sla_policies()
    await install_requirement_profiles()


@pytest.fixture
async def admin(visit: Visit, coordinator: User) -> httpx.AsyncClient:
    return await visit(coordinator)


async def post_form(
    client: httpx.AsyncClient, path: str, data: dict[str, str], *, form_page: str = ""
) -> httpx.Response:
    """Sends the form at `path` as the page showing it (`form_page`, else `path`) does."""
    page = await client.get(form_page or path)
    return await client.post(path, data=data | {"csrf_token": csrf_token_of(page.text)})


async def _categories() -> list[tuple[str, str, str, bool, int, bool]]:
    return [
        (
            c.code,
            c.name_pl,
            c.name_en,
            c.notifies_data_protection_officer,
            c.sort_order,
            c.is_active,
        )
        for c in await Category.all().order_by("id")
    ]


async def _policies() -> list[tuple[str, int, int, int]]:
    return [
        (p.priority.value, p.first_response_minutes, p.resolution_minutes, p.near_breach_percent)
        for p in await SlaPolicy.all().order_by("priority")
    ]


async def _rules() -> list[dict[str, object]]:
    return list(await RequirementRule.all().order_by("id").values())


async def _pupil_desktop_rule() -> RequirementRule:
    return await RequirementRule.get(
        profile__code="2024", asset_kind=AssetKind.DESKTOP, purpose=AssetPurpose.PUPIL
    )


def assert_refused(response: httpx.Response, field: str, typed: str = "") -> None:
    """The form came back (422) with the error next to `field`, summarised in an alert, and
    the field marked invalid and still holding what was typed."""
    assert response.status_code == 422
    page = response.text
    assert 'role="alert"' in page
    assert f'id="{field}-error"' in page
    field_input = re.search(f'<input [^>]*id="{field}"[^>]*>', page)
    assert field_input is not None
    assert re.search(f'aria-describedby="[^"]*{field}-error', field_input.group())
    assert 'aria-invalid="true"' in field_input.group()
    if typed:
        assert f'value="{typed}"' in page


# Categories


async def test_the_page_lists_the_categories_and_the_sla_targets_in_working_time(
    admin: httpx.AsyncClient,
) -> None:
    page = (await admin.get(CATEGORIES)).text

    assert "Incydent bezpieczeństwa" in page
    assert f'href="{CATEGORIES}/security_incident"' in page
    assert "od 08:00 do 16:00" in page  # the targets are working time
    assert "przeliczone według nowych czasów tylko wtedy" in page  # what a change affects
    assert "4:00" in page  # critical: resolution in 4 working hours
    for priority in Priority:
        assert f'href="/admin/sla/{priority.value}"' in page


async def test_a_category_is_added_at_the_end_of_the_list(admin: httpx.AsyncClient) -> None:
    response = await post_form(
        admin, CATEGORIES, NEW_CATEGORY | {"notifies_data_protection_officer": "1"}
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"{CATEGORIES}?zapisano=1"
    assert "Zapisano." in (await admin.get(response.headers["location"])).text
    added = await Category.get(code="network_printers")
    assert (added.name_pl, added.sort_order, added.notifies_data_protection_officer) == (
        "Drukarki sieciowe",
        120,
        True,
    )


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("code", ""),
        ("code", "Drukarki"),
        ("code", "network-printers"),
        ("code", "x" * 33),
        ("code", "printer"),  # taken
        ("name_pl", " "),
        ("name_pl", "x" * 101),
        ("name_en", ""),
        ("name_en", "y" * 101),
        ("sort_order", "-5"),
        ("sort_order", "pierwsza"),
        ("sort_order", "10000"),
    ],
)
async def test_a_bad_new_category_is_refused_as_typed_and_nothing_is_added(
    admin: httpx.AsyncClient, field: str, typed: str
) -> None:
    before = await _categories()

    response = await post_form(admin, CATEGORIES, NEW_CATEGORY | {field: typed})

    assert_refused(response, field, typed.strip() and typed)
    assert 'value="Drukarki sieciowe"' in response.text or field == "name_pl"
    assert await _categories() == before


async def test_a_new_category_sent_with_a_forged_flag_is_refused(admin: httpx.AsyncClient) -> None:
    before = await _categories()

    response = await post_form(
        admin, CATEGORIES, NEW_CATEGORY | {"notifies_data_protection_officer": "tak"}
    )

    assert_refused(response, "notifies_data_protection_officer")
    assert await _categories() == before


async def test_a_category_is_renamed_reordered_and_flagged(admin: httpx.AsyncClient) -> None:
    response = await post_form(
        admin,
        f"{CATEGORIES}/printer",
        {
            "name_pl": "Drukarki i skanery",
            "name_en": "Printers and scanners",
            "sort_order": "5",
            "notifies_data_protection_officer": "1",
        },
    )

    assert response.status_code == 303
    printer = await Category.get(code="printer")
    assert (printer.name_pl, printer.name_en, printer.sort_order) == (
        "Drukarki i skanery",
        "Printers and scanners",
        5,
    )
    assert printer.notifies_data_protection_officer
    assert "Zapisano." in (await admin.get(response.headers["location"])).text


@pytest.mark.parametrize(
    ("field", "typed"),
    [("name_pl", ""), ("name_en", "z" * 101), ("sort_order", ""), ("sort_order", "3.5")],
)
async def test_a_bad_change_of_a_category_is_refused_and_nothing_is_written(
    admin: httpx.AsyncClient, field: str, typed: str
) -> None:
    before = await _categories()
    form = {"name_pl": "Drukarki i skanery", "name_en": "Printers", "sort_order": "5"}

    response = await post_form(admin, f"{CATEGORIES}/printer", form | {field: typed})

    assert_refused(response, field, typed)
    assert 'value="Drukarki i skanery"' in response.text or field == "name_pl"
    assert await _categories() == before


async def test_a_category_taken_out_of_use_is_not_offered_to_a_new_report(
    visit: Visit, admin: httpx.AsyncClient, teacher: User
) -> None:
    response = await post_form(
        admin, f"{CATEGORIES}/printer/wylacz", {}, form_page=f"{CATEGORIES}/printer"
    )

    assert response.status_code == 303
    assert not (await Category.get(code="printer")).is_active
    assert "wyłączona z użycia" in (await admin.get(response.headers["location"])).text
    report_form = (await (await visit(teacher)).get("/zgloszenia/nowe")).text
    assert "Drukarka" not in report_form
    assert "Sieć i Wi-Fi" in report_form


async def test_a_category_is_put_back_in_use(admin: httpx.AsyncClient) -> None:
    await Category.filter(code="printer").update(is_active=False)

    response = await post_form(
        admin, f"{CATEGORIES}/printer/wlacz", {}, form_page=f"{CATEGORIES}/printer"
    )

    assert response.status_code == 303
    assert (await Category.get(code="printer")).is_active


async def test_the_last_category_in_use_stays_in_use(admin: httpx.AsyncClient) -> None:
    await Category.exclude(code="other").update(is_active=False)

    response = await post_form(
        admin, f"{CATEGORIES}/other/wylacz", {}, form_page=f"{CATEGORIES}/other"
    )

    assert response.status_code == 409
    assert 'role="alert"' in response.text
    assert "ostatnią w użyciu" in response.text
    assert (await Category.get(code="other")).is_active


async def test_putting_a_category_in_use_back_in_use_is_refused(admin: httpx.AsyncClient) -> None:
    response = await post_form(
        admin, f"{CATEGORIES}/printer/wlacz", {}, form_page=f"{CATEGORIES}/printer"
    )

    assert response.status_code == 409
    assert "jest już w użyciu" in response.text


async def test_an_unknown_category_is_not_found(admin: httpx.AsyncClient) -> None:
    assert (await admin.get(f"{CATEGORIES}/no_such_code")).status_code == 404


# SLA targets


async def test_the_sla_form_shows_the_targets_in_working_hours_and_minutes(
    admin: httpx.AsyncClient,
) -> None:
    page = (await admin.get("/admin/sla/normal")).text

    assert 'name="first_response_hours" value="4"' in page
    assert 'name="resolution_hours" value="24"' in page
    assert 'name="near_breach_percent" value="80"' in page


async def test_changed_sla_targets_are_used_for_a_new_ticket(
    admin: httpx.AsyncClient, school: School, teacher: User, now: ManualClock
) -> None:
    response = await post_form(admin, "/admin/sla/high", SLA_FORM)

    assert response.status_code == 303
    assert await SlaPolicy.get(priority=Priority.HIGH).values_list(
        "first_response_minutes", "resolution_minutes", "near_breach_percent"
    ) == (30, 540, 50)
    now.set(warsaw(2026, 11, 17, 10, 0))
    ticket = await create_ticket(
        school=school,
        reporter=teacher,
        channel=Channel.WEB,
        category=await Category.get(code="printer"),
        description="Drukarka nie drukuje.",
        priority=Priority.HIGH,
    )
    stored = await Ticket.get(id=ticket.id)
    assert stored.first_response_due_at == warsaw(2026, 11, 17, 10, 30)
    assert stored.resolution_due_at == warsaw(2026, 11, 18, 11, 0)


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"first_response_hours": "0", "first_response_rest": "0"}, "first_response_minutes"),
        ({"first_response_hours": "pół"}, "first_response_minutes"),
        ({"first_response_rest": "75"}, "first_response_minutes"),
        ({"resolution_hours": "1000"}, "resolution_minutes"),
        ({"resolution_hours": "-2"}, "resolution_minutes"),
        ({"resolution_hours": "0", "resolution_rest": "20"}, "resolution_minutes"),  # < 30
        ({"near_breach_percent": "0"}, "near_breach_percent"),
        ({"near_breach_percent": "100"}, "near_breach_percent"),
        ({"near_breach_percent": ""}, "near_breach_percent"),
    ],
)
async def test_bad_sla_targets_are_refused_as_typed_and_nothing_is_written(
    admin: httpx.AsyncClient, sent: dict[str, str], field: str
) -> None:
    before = await _policies()

    response = await post_form(admin, "/admin/sla/high", SLA_FORM | sent)

    assert_refused(response, field)
    for name, typed in sent.items():
        assert f'name="{name}" value="{typed}"' in response.text
    assert await _policies() == before


async def test_an_unknown_priority_is_not_found(admin: httpx.AsyncClient) -> None:
    assert (await admin.get("/admin/sla/urgent")).status_code == 404


# The requirement profile


async def test_the_page_shows_the_profile_in_use_its_rules_and_how_to_choose_another(
    admin: httpx.AsyncClient,
) -> None:
    page = (await admin.get(REQUIREMENTS)).text

    assert "według profilu 2024" in page
    assert "HDR_REQUIREMENT_PROFILE" in page
    assert "Wcześniejszy poziom wymagań" in page  # the other installed profile
    rule = await _pupil_desktop_rule()
    assert f'href="{REQUIREMENTS}/{rule.id}"' in page


async def test_a_profile_not_installed_is_said_plainly(
    admin: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "requirement_profile", "2030")

    page = (await admin.get(REQUIREMENTS)).text

    assert 'role="alert"' in page
    assert "Profil 2030 wybrany w konfiguracji nie jest zainstalowany" in page


async def test_a_lowered_minimum_changes_the_verdict_on_the_equipment_table(
    admin: httpx.AsyncClient, school: School
) -> None:
    await make_asset(school, inventory_number="SP/D/1", **(MEETS_2024_PUPIL_RULE | {"ram_gb": 8}))
    table = f"/sprzet?szkola={school.code}"
    assert "nie spełnia wymagań" in (await admin.get(table)).text
    rule = await _pupil_desktop_rule()
    form = {
        "min_crossmark": "1200",
        "min_procyon": "5400",
        "min_ram_gb": "8",
        "min_storage_gb": "512",
        "min_ports": "3",
        "min_wifi_generation": "6",
        "min_bluetooth_version": "5,0",
        "requires_ssd": "1",
        "requires_camera": "1",
        "requires_microphone": "1",
    }

    response = await post_form(admin, f"{REQUIREMENTS}/{rule.id}", form)

    assert response.status_code == 303
    assert (await RequirementRule.get(id=rule.id)).min_ram_gb == 8
    assert "Zapisano." in (await admin.get(response.headers["location"])).text
    assert "nie spełnia wymagań" not in (await admin.get(table)).text


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("min_ram_gb", "-1"),
        ("min_ram_gb", "szesnaście"),
        ("min_storage_gb", "512.5"),
        ("min_crossmark", "100001"),
        ("min_wifi_generation", "10"),
        ("min_ports", "65"),
        ("min_bluetooth_version", "5.15"),
        ("min_bluetooth_version", "0"),
        ("min_bluetooth_version", "piąta"),
        ("requires_ssd", "tak"),
    ],
)
async def test_a_bad_threshold_refuses_the_whole_rule_as_typed(
    admin: httpx.AsyncClient, field: str, typed: str
) -> None:
    rule = await _pupil_desktop_rule()
    before = await _rules()
    form = {"min_ram_gb": "8", "min_storage_gb": "256", "requires_camera": "1"}

    response = await post_form(admin, f"{REQUIREMENTS}/{rule.id}", form | {field: typed})

    assert_refused(response, field, "" if field == "requires_ssd" else typed)
    assert 'name="min_storage_gb" value="256"' in response.text or field == "min_storage_gb"
    assert await _rules() == before


async def test_a_rule_of_a_profile_not_in_use_is_not_found(admin: httpx.AsyncClient) -> None:
    rule = await RequirementRule.get(
        profile__code="2022", asset_kind=AssetKind.DESKTOP, purpose=AssetPurpose.PUPIL
    )

    assert (await admin.get(f"{REQUIREMENTS}/{rule.id}")).status_code == 404


# Who may


PAGES = [CATEGORIES, f"{CATEGORIES}/printer", "/admin/sla/high", REQUIREMENTS]
FORMS = [
    (CATEGORIES, NEW_CATEGORY),
    (f"{CATEGORIES}/printer", {"name_pl": "X", "name_en": "X", "sort_order": "1"}),
    (f"{CATEGORIES}/printer/wylacz", {}),
    (f"{CATEGORIES}/printer/wlacz", {}),
    ("/admin/sla/high", SLA_FORM),
]


@pytest.fixture(params=[Role.TEACHER, Role.DIRECTOR, Role.IT])
async def outsider(
    request: pytest.FixtureRequest, visit: Visit, school: School
) -> httpx.AsyncClient:
    role: Role = request.param
    user = await make_user(role=role, school=school if role != Role.IT else None)
    return await visit(user)


@pytest.mark.parametrize("path", PAGES)
async def test_other_roles_may_not_open_the_pages(outsider: httpx.AsyncClient, path: str) -> None:
    assert (await outsider.get(path)).status_code == 403


async def test_other_roles_may_not_open_a_rule(outsider: httpx.AsyncClient) -> None:
    rule = await _pupil_desktop_rule()

    assert (await outsider.get(f"{REQUIREMENTS}/{rule.id}")).status_code == 403


@pytest.mark.parametrize(("path", "data"), FORMS)
async def test_other_roles_may_not_send_the_forms_and_nothing_changes(
    outsider: httpx.AsyncClient, path: str, data: dict[str, str]
) -> None:
    before = (await _categories(), await _policies())
    token = csrf_token_of((await outsider.get("/panel")).text)

    response = await outsider.post(path, data=data | {"csrf_token": token})

    assert response.status_code == 403
    assert (await _categories(), await _policies()) == before


async def test_other_roles_may_not_change_a_rule(outsider: httpx.AsyncClient) -> None:
    rule = await _pupil_desktop_rule()
    before = await _rules()
    token = csrf_token_of((await outsider.get("/panel")).text)

    response = await outsider.post(
        f"{REQUIREMENTS}/{rule.id}", data={"min_ram_gb": "1", "csrf_token": token}
    )

    assert response.status_code == 403
    assert await _rules() == before
