"""Demo data for Gmina Lubartów beyond the HDR document: schools, people, equipment,
network sheets and ticket stories, so every page and export has something to show.

Only "Zespół Szkolno-Przedszkolny w Skrobowie" is named in the documents; the other six
schools, all people and all equipment are invented and marked as demo. The equipment mix
reproduces the diagnosis: 10 of 12 desktops (83%) and 18 of 25 laptops (72%) fail the
2024 requirements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEMO_EMAIL_DOMAIN = "lubartow.example.pl"


@dataclass(frozen=True)
class SchoolSeed:
    code: str
    name: str
    short_name: str
    name_is_demo: bool
    old_desktops: int
    new_desktops: int
    old_laptops: int
    new_laptops: int
    download_mbps: int
    network_quality: str
    wifi_coverage: str


DEMO_SCHOOLS: tuple[SchoolSeed, ...] = (
    SchoolSeed("zsp-skrobow", "Zespół Szkolno-Przedszkolny w Skrobowie", "ZSP Skrobów",
               False, 3, 1, 4, 2, 600, "good", "full"),
    SchoolSeed("sp-demo-1", "Szkoła Podstawowa nr 1 (nazwa demonstracyjna)", "SP demo 1",
               True, 2, 0, 3, 1, 300, "fair", "partial"),
    SchoolSeed("sp-demo-2", "Szkoła Podstawowa nr 2 (nazwa demonstracyjna)", "SP demo 2",
               True, 1, 1, 2, 1, 300, "good", "full"),
    SchoolSeed("sp-demo-3", "Szkoła Podstawowa nr 3 (nazwa demonstracyjna)", "SP demo 3",
               True, 1, 0, 3, 1, 150, "poor", "partial"),
    SchoolSeed("sp-demo-4", "Szkoła Podstawowa nr 4 (nazwa demonstracyjna)", "SP demo 4",
               True, 1, 0, 2, 1, 150, "fair", "partial"),
    SchoolSeed("sp-demo-5", "Szkoła Podstawowa nr 5 (nazwa demonstracyjna)", "SP demo 5",
               True, 1, 0, 2, 0, 100, "poor", "none"),
    SchoolSeed("sp-demo-6", "Szkoła Podstawowa nr 6 (nazwa demonstracyjna)", "SP demo 6",
               True, 1, 0, 2, 1, 300, "fair", "full"),
)  # fmt: skip


@dataclass(frozen=True)
class PersonSeed:
    email_local: str
    full_name: str
    role: str
    school_code: str | None = None
    preferred_channel: str = "email"

    @property
    def email(self) -> str:
        return f"{self.email_local}@{DEMO_EMAIL_DOMAIN}"


DEMO_PEOPLE: tuple[PersonSeed, ...] = (
    PersonSeed("koordynator", "Koordynatorka SZAS (demo)", "coordinator"),
    PersonSeed("informatyk", "Informatyk gminny (demo)", "it", preferred_channel="telegram"),
    *(
        PersonSeed(f"dyrektor.{school.code}", f"Dyrektor — {school.short_name} (demo)",
                   "director", school.code)
        for school in DEMO_SCHOOLS
    ),
    PersonSeed("anna.nowak", "Anna Nowak (demo)", "teacher", "zsp-skrobow", "telegram"),
    PersonSeed("piotr.wisniewski", "Piotr Wiśniewski (demo)", "teacher", "sp-demo-1"),
    PersonSeed("ewa.zielinska", "Ewa Zielińska (demo)", "teacher", "sp-demo-4"),
)  # fmt: skip


# Specs of the equipment generations found by the diagnosis: old units fail the 2024
# profile on every count, new ones meet it.
OLD_DESKTOP: dict[str, Any] = {
    "make": "Dell", "model": "OptiPlex 3020", "year": 2014, "cpu": "Intel Core i3-4150",
    "crossmark_score": 620, "ram_gb": 4, "storage_gb": 500, "storage_type": "hdd",
    "ports": 6, "os": "Windows 10 Pro", "purpose": "pupil", "funding_source": "budżet gminy",
}  # fmt: skip
NEW_DESKTOP: dict[str, Any] = {
    "make": "Dell", "model": "OptiPlex 7010", "year": 2024, "cpu": "Intel Core i5-13500",
    "crossmark_score": 1650, "procyon_score": 6100, "ram_gb": 16, "storage_gb": 512,
    "storage_type": "ssd", "ports": 6, "wifi_generation": 6, "bluetooth_version": "5.2",
    "has_camera": True, "has_microphone": True, "os": "Windows 11 Pro", "purpose": "pupil",
    "funding_source": "KPO — Cyfrowa szkoła",
}  # fmt: skip
OLD_LAPTOP: dict[str, Any] = {
    "make": "Lenovo", "model": "ThinkPad E570", "year": 2017, "cpu": "Intel Core i5-7200U",
    "crossmark_score": 780, "procyon_score": 3200, "ram_gb": 8, "storage_gb": 256,
    "storage_type": "ssd", "ports": 3, "wifi_generation": 5, "bluetooth_version": "4.1",
    "has_camera": True, "has_microphone": True, "os": "Windows 10 Pro", "purpose": "teacher",
    "funding_source": "Laptop dla nauczyciela",
}  # fmt: skip
NEW_LAPTOP: dict[str, Any] = {
    "make": "Lenovo", "model": "ThinkPad E14 Gen 5", "year": 2024, "cpu": "AMD Ryzen 5 7530U",
    "crossmark_score": 1500, "procyon_score": 5800, "ram_gb": 16, "storage_gb": 512,
    "storage_type": "ssd", "ports": 3, "wifi_generation": 6, "bluetooth_version": "5.1",
    "has_camera": True, "has_microphone": True, "os": "Windows 11 Pro", "purpose": "teacher",
    "funding_source": "KPO — Cyfrowa szkoła",
}  # fmt: skip
CLASSROOM_EQUIPMENT: tuple[dict[str, Any], ...] = (
    {"kind": "projector", "make": "Epson", "model": "EB-W49", "year": 2019, "room": "12"},
    {"kind": "interactive_whiteboard", "make": "Avtek", "model": "TT-Board 80", "year": 2016,
     "room": "7"},
    {"kind": "interactive_monitor", "make": "Newline", "model": "Lyra 65", "year": 2024,
     "screen_inches": 65, "room": "3"},
    {"kind": "printer", "make": "Brother", "model": "MFC-L2710DW", "year": 2020,
     "room": "sekretariat", "purpose": "administration"},
    {"kind": "network_device", "make": "MikroTik", "model": "hAP ax3", "year": 2023,
     "room": "serwerownia", "purpose": "shared"},
)  # fmt: skip


@dataclass(frozen=True)
class TicketStory:
    """A demo ticket and what happened to it, `days_ago` working from its creation."""

    reporter: str
    title: str
    description: str
    category: str
    priority: str
    room: str
    days_ago: int
    steps: tuple[str, ...] = field(default_factory=tuple)
    rating: int | None = None


DEMO_TICKETS: tuple[TicketStory, ...] = (
    TicketStory("anna.nowak", "Projektor w sali 12 nie włącza się",
                "Projektor w sali 12 nie włącza się, dioda miga na pomarańczowo.",
                "whiteboard_projector", "normal", "12", 12,
                ("assign", "in_progress", "resolved"), rating=5),
    TicketStory("piotr.wisniewski", "Brak Wi-Fi w sali gimnastycznej",
                "W sali gimnastycznej nie ma zasięgu sieci Wi-Fi dla uczniów.",
                "network", "high", "sala gimnastyczna", 9,
                ("assign", "in_progress", "waiting_vendor")),
    TicketStory("dyrektor.sp-demo-2", "Drukarka w sekretariacie zacina papier",
                "Drukarka w sekretariacie zacina papier przy druku dwustronnym.",
                "printer", "low", "sekretariat", 2),
    TicketStory("anna.nowak", "Nie mogę zalogować się do e-dziennika",
                "Po zmianie hasła e-dziennik odrzuca logowanie.",
                "e_register", "high", "pokój nauczycielski", 1,
                ("assign", "in_progress")),
    TicketStory("dyrektor.sp-demo-3", "Podejrzany e-mail z prośbą o hasło",
                "Nauczyciele dostali e-mail podszywający się pod dziennik z prośbą o hasło.",
                "security_incident", "critical", "", 20,
                ("assign", "in_progress", "resolved", "closed")),
    TicketStory("ewa.zielinska", "Laptop uczniowski nie ładuje baterii",
                "Laptop nr 14 z wózka nie ładuje baterii, zasilacz świeci.",
                "pupil_laptops", "normal", "5", 6, ("assign", "waiting_reporter")),
    TicketStory("dyrektor.sp-demo-5", "Łącze internetowe bardzo wolne od rana",
                "Od rana internet w całej szkole działa bardzo wolno.",
                "internet_link", "high", "", 0),
    TicketStory("piotr.wisniewski", "Tablica interaktywna nie reaguje na dotyk",
                "Tablica w sali 7 nie reaguje na dotyk, obraz jest.",
                "whiteboard_projector", "normal", "7", 15,
                ("assign", "in_progress", "resolved")),
)  # fmt: skip
