"""The HDR of Gmina Lubartów as data: its 30 development actions and 11 monitoring indicators.

Transcribed from the HDR document (the schedule table and the "Sposoby monitorowania HDR"
table). Values are Polish as the document has them; only extraction artefacts are fixed: cells
split across page breaks are joined, HTML and checkbox markup is gone, a stray "*" and a
doubled "®" are dropped. Nothing here reads the document at run time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HdrActionSeed:
    """One row of the HDR schedule.

    `title` is the "Działanie" cell as one sentence. `methods` is the "Sposoby realizacji
    i uwagi" cell as plain text, one line per item: list items start with "• ", while the
    document's ticked headings and paragraphs are lines without a prefix. `period_text` is the
    "Terminy" cell as written, for `core.hdr.periods.parse_period`; it is "" where the cell is
    empty (action 17). `resources` is "Zasoby", `responsible` is "Osoba odpowiedzialna".
    """

    number: int
    title: str
    methods: str
    period_text: str
    resources: str
    responsible: str


@dataclass(frozen=True)
class IndicatorSeed:
    """One row of the HDR's monitoring table.

    `name` is the "Miernik", `target` the "Wskaźnik", `action_numbers` the actions it
    measures, `documentation` the "Sposoby dokumentowania". `source` says how the value is
    obtained; it is one of the values of `core.models.hdr.IndicatorSource`.
    """

    code: str
    name: str
    target: int
    action_numbers: tuple[int, ...]
    documentation: str
    source: str


_SCHOOLS_ADMIN_DIRECTOR = "Dyrektor Samorządowego Zespołu Administracyjnego Szkół w Lubartowie"

HDR_ACTIONS: tuple[HdrActionSeed, ...] = (
    HdrActionSeed(
        number=1,
        title=(
            "Zorganizowanie i udział zespołu projektowego w spotkaniu mającym na celu wybór "
            "obszaru oraz określenie kierunku pożądanej zmiany w ramach realizowanego projektu."
        ),
        methods=(
            "Spotkanie w grupie roboczej – analiza stanu rzeczywistego w oparciu o arkusz "
            "diagnostyczny; ocena funkcjonowania poszczególnych obszarów zarządzania lokalną "
            "oświatą; wybór obszaru wsparcia oraz określenie narzędzi i rozwiązań do wdrożenia; "
            "refleksja nad spodziewanym poziomem satysfakcji z wdrożenia zmiany; zaprojektowanie "
            "kierunku zmian oraz rozwiązań w celu omówienia ich z dyrektorami szkół i placówek "
            "Gminy Lubartów"
        ),
        period_text="Czerwiec 2024",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=2,
        title=(
            "Udział członków zespołu projektowego w szkoleniach warsztatowych w Warszawie w celu "
            "podniesienia kompetencji zawodowych oraz zdobycia praktycznych umiejętności "
            "wspierających realizację projektu."
        ),
        methods=(
            "Udział w szkoleniach:\n"
            "• Szanse w rozwoju cyfryzacji dla samorządów;\n"
            "• Kierunki rozwoju w obszarze cyfryzacji oświaty;\n"
            "• Zarządzanie strategiczne w oświacie;\n"
            "• Dobra praktyka w obszarze cyfryzacji oświaty."
        ),
        period_text="25–26.06.2024",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=3,
        title=(
            "Zorganizowanie spotkania zespołu projektowego oraz kluczowych partnerów w celu "
            "omówienia zasad i zakresu współpracy w ramach realizacji projektu Ośrodka Rozwoju "
            "Edukacji (ORE)."
        ),
        methods=(
            "Spotkanie online z doradcami – omówienie kierunku pożądanej zmiany oraz ustalenie "
            "metod i sposobów pracy oraz harmonogramu współpracy z teamem doradczym. Omówienie "
            "wstępnej diagnozy stanu cyfryzacji w oświacie z wykorzystaniem arkusza "
            "diagnostycznego."
        ),
        period_text="23.07.2024",
        resources=(
            "Doradca ds. rozwiązań zarządczych, Doradca ds. personalnego rozwoju organizacji, "
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=4,
        title=(
            "Zorganizowanie spotkania doradczego w siedzibie jednostki samorządu terytorialnego "
            "z dyrektorami szkół Gminy Lubartów w ramach realizacji projektu, mającego na celu "
            "wymianę doświadczeń, omówienie bieżących wyzwań oraz wsparcie w realizacji działań "
            "projektowych."
        ),
        methods=(
            "• Przedstawienie głównych założeń dotyczących wdrożenia, omówieni etapów do "
            "pogłębionej diagnozy;\n"
            "• Omówienie arkuszy diagnozy wstępnej;\n"
            "• Omówienie arkusza inwentaryzacyjnego;\n"
            "• Ustalenie z dyrektorami najważniejszych potrzeb w zakresie wsparcia zarządczego; "
            "a także wzmocnienia współpracy na linii dyrektorzy a organ prowadzący w modelu "
            "partycypacyjnym, a nie nakazowym."
        ),
        period_text="09.09.2024",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie, "
            "dyrektorzy szkół"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=5,
        title=(
            "Udział członków zespołu projektowego w szkoleniu warsztatowym w Warszawie w ramach "
            "projektu Ośrodka Rozwoju Edukacji (ORE) w celu podniesienia kwalifikacji oraz "
            "zdobycia praktycznych umiejętności niezbędnych do efektywnej realizacji działań "
            "projektowych."
        ),
        methods=(
            "Udział w szkoleniach:\n"
            "• Kompetencje przyszłości\n"
            "• Dobre praktyki w szkołach i w samorządach w zakresie cyfryzacji w tym rozwijanie "
            "kompetencji cyfrowych uczniów i nauczycieli\n"
            "• Cyfryzacja oświaty – nowe trendy, wyzwania, newsy"
        ),
        period_text="24–25.09.2024",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=6,
        title=(
            "Przeprowadzenie diagnozy oraz inwentaryzacji zasobów cyfrowych w szkołach w celu "
            "dokładnego określenia dostępnego sprzętu, oprogramowania oraz infrastruktury "
            "technologicznej, co pozwoli na efektywne planowanie działań modernizacyjnych i "
            "wsparcia edukacji cyfrowej."
        ),
        methods="Uzupelnienie przez dyrektorów arkuszy Inwentaryzacyjnych.",
        period_text="październik 2024",
        resources="Dyrektorzy,",
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=7,
        title=(
            "Zorganizowanie spotkania zespołu projektowego oraz przedstawicieli szkół w celu "
            "omówienia wyników inwentaryzacji zasobów cyfrowych, analizy ich stanu oraz "
            "wypracowania rekomendacji dotyczących dalszych działań modernizacyjnych i "
            "inwestycyjnych."
        ),
        methods="Zebranie danych przez zespół projektowy zgodnie z opracowanym zakresem prac.",
        period_text="29.10.2024",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=8,
        title=(
            "Udział zespołu projektowego w spotkaniu przygotowującym do przeprowadzenia debaty "
            "oświatowej, mającym na celu omówienie jej zakresu, formatu, uczestników oraz "
            "kluczowych tematów do dyskusji."
        ),
        methods=(
            "• Określenie celów debaty.\n"
            "• Określenie przebiegu debaty.\n"
            "• Określenie grupy odbiorców debaty."
        ),
        period_text="listopad 2024",
        resources=(
            "Doradca ds.rozwiązań zarządczych Doradca ds. personalnego rozwoju organizacji Wójt, "
            "sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w Lubartowie, "
            "Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=9,
        title=(
            "Zorganizowanie i udział w debacie oświatowej pod hasłem „Cyfrowy rozwój oświaty w "
            "Gminie Lubartów” w celu zaangażowania lokalnej społeczności edukacyjnej, wymiany "
            "doświadczeń oraz wypracowania wspólnych rekomendacji dotyczących dalszego rozwoju "
            "cyfryzacji w oświacie."
        ),
        methods=(
            "1. Przygotowanie do debaty:\n"
            "Określenie celów i zakresu tematycznego\n"
            "• Ustalenie kluczowych tematów debaty (np. cyfryzacja szkół, kompetencje cyfrowe "
            "nauczycieli, infrastruktura IT).\n"
            "• Określenie celów debaty – czy ma mieć charakter diagnostyczny, czy będzie "
            "wypracowywać konkretne rekomendacje?\n"
            "Zgłoszenie uczestnictwa\n"
            "• Skontaktowanie się z organizatorem debaty (np. urząd gminy, lokalne centrum "
            "edukacji).\n"
            "• Przesłanie zgłoszenia uczestnictwa w określonym terminie.\n"
            "Wyłonienie reprezentantów szkoły lub JST\n"
            "• Wybór osób, które będą reprezentować szkołę lub jednostkę samorządu "
            "terytorialnego.\n"
            "• Określenie ról uczestników (np. mówca, ekspert, moderator, obserwator).\n"
            "2. Przygotowanie merytoryczne uczestników\n"
            "Analiza stanu cyfryzacji w gminie i placówkach oświatowych\n"
            "• Przegląd danych dotyczących wyposażenia szkół w sprzęt IT i narzędzia cyfrowe.\n"
            "• Ocena poziomu kompetencji cyfrowych nauczycieli i uczniów.\n"
            "• Identyfikacja barier i wyzwań w zakresie cyfryzacji oświaty.\n"
            "Opracowanie stanowiska i argumentów do debaty\n"
            "• Przygotowanie prezentacji lub wystąpienia dotyczącego cyfrowego rozwoju oświaty w "
            "gminie.\n"
            "• Zgromadzenie przykładów dobrych praktyk oraz propozycji usprawnień.\n"
            "• Przygotowanie pytań do innych uczestników debaty.\n"
            "Szkolenie uczestników w zakresie wystąpień publicznych\n"
            "• Ćwiczenie argumentacji i sztuki debatowania.\n"
            "• Przygotowanie odpowiedzi na potencjalne pytania i kontrargumenty.\n"
            "3. Udział w debacie\n"
            "Sprawdzenie sprzętu (np. prezentacji multimedialnej, materiałów informacyjnych).\n"
            "Aktywny udział w dyskusji\n"
            "• Przedstawienie swojego stanowiska na temat cyfrowego rozwoju oświaty.\n"
            "• Dyskusja z innymi uczestnikami, wymiana doświadczeń i pomysłów.\n"
            "• Zbieranie informacji zwrotnych i inspiracji do wdrożenia w lokalnej oświacie."
        ),
        period_text="05.12.2024",
        resources=(
            "Wójt, sekretarz, dyrektor ORE, Dyrektor Samorządowego Zespołu Administracyjnego "
            "Szkół w Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w "
            "Skrobowie, dyrektorzy, rodzice, uczniowie, radni"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=10,
        title=(
            "Udział członków zespołu projektowego w szkoleniu warsztatowym w Sulejówku w celu "
            "podniesienia kompetencji zawodowych oraz zdobycia praktycznych umiejętności "
            "wspierających realizację działań edukacyjnych i cyfryzacyjnych."
        ),
        methods=(
            "Udział w szkoleniach:\n"
            "• Kompleksowe i procesowe wspomaganie przedszkoli, szkół i placówek edukacyjnych – "
            "organizacja zmodernizowanego systemu doskonalenia nauczycieli\n"
            "• Metoda „Złoty krąg” Simona Sinka\n"
            "• Rola monitorowania na etapie wdrażania planu oraz opracowania sprawozdania."
        ),
        period_text="09–10.12.2024",
        resources=(
            "Dyrektor Samorządowego Zespołu Administracyjnego Szkół w Lubartowie, Zastępca "
            "dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=11,
        title=(
            "Zorganizowanie spotkania zespołu projektowego w celu weryfikacji i analizy wniosków "
            "wypracowanych podczas debaty oświatowej, oraz opracowania rekomendacji i planu "
            "dalszych działań na ich podstawie."
        ),
        methods=(
            "Analiza przebiegu debaty i kluczowych wniosków\n"
            "• Zebranie materiałów i notatek z debaty.\n"
            "• Określenie najważniejszych rekomendacji i wniosków.\n"
            "Debata „Cyfrowy rozwój oświaty w Gminie Lubartów” to doskonała okazja do oceny "
            "stanu cyfryzacji i zaplanowania dalszych działań na rzecz unowocześnienia edukacji. "
            "Udział w niej pozwala na wymianę doświadczeń, zdobycie nowych inspiracji i "
            "opracowanie strategii, które mogą realnie poprawić jakość nauczania w szkołach na "
            "terenie gminy."
        ),
        period_text="18.12.2024",
        resources=(
            "Dyrektor Samorządowego Zespołu Administracyjnego Szkół w Lubartowie, Zastępca "
            "dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=12,
        title=(
            "Udział uczestników projektu w coachingach indywidualnych celem wsparcia ich rozwoju "
            "zawodowego, podniesienia kompetencji oraz efektywnego realizowania zadań związanych "
            "z projektem."
        ),
        methods=(
            "Wsparcie indywidualne członków zespołu projektowego, dzięki czemu nastąpiło "
            "uświadomienie posiadanych zasobów: czasu, wiedzy, umiejętności, doświadczenia. "
            "Spotkania indywidualne sprzyjały podniesieniu motywacji do działania, weryfikacji "
            "utrudnień i szukaniu możliwości przeprowadzania pożądanej zmiany."
        ),
        period_text="styczeń – maj 2023",
        resources="Doradca ds. personalnego rozwoju organizacji Zespół projektowy",
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=13,
        title=(
            "Przeprowadzenie badania SELFIE w szkołach w celu oceny stopnia wykorzystania "
            "technologii cyfrowych w procesie nauczania oraz zidentyfikowania obszarów "
            "wymagających wsparcia i rozwoju."
        ),
        methods=(
            "Zaproszenie uczestników\n"
            "• Uczniowie, nauczyciele i kadra kierownicza otrzymują dostęp do ankiety online.\n"
            "• Zapewnienie anonimowości odpowiedzi dla uzyskania rzetelnych wyników.\n"
            "Wypełnianie ankiet\n"
            "• Odpowiedzi na pytania dotyczące poziomu wykorzystania technologii cyfrowych w "
            "nauczaniu.\n"
            "• Ocena umiejętności cyfrowych nauczycieli i uczniów oraz infrastruktury IT w "
            "szkole.\n"
            "Monitorowanie procesu\n"
            "• Koordynator badania sprawdza frekwencję i wspiera uczestników w razie pytań "
            "technicznych.\n"
            "Generowanie raportu\n"
            "• Po zakończeniu badania system automatycznie tworzy raport zawierający wyniki "
            "szkoły.\n"
            "• Raport zawiera wykresy i zestawienia, prezentujące mocne strony oraz obszary "
            "wymagające poprawy.\n"
            "Interpretacja wyników\n"
            "• Analiza poziomu integracji technologii cyfrowych w nauczaniu i zarządzaniu "
            "szkołą.\n"
            "• Identyfikacja kluczowych wyzwań i barier w wykorzystaniu technologii. Badanie "
            "SELFIE to skuteczne narzędzie pomagające szkołom w analizie i doskonaleniu "
            "wykorzystania technologii cyfrowych. Dzięki jego wdrożeniu placówki mogą lepiej "
            "planować rozwój kompetencji cyfrowych uczniów i nauczycieli oraz skuteczniej "
            "zarządzać cyfryzacją edukacji."
        ),
        period_text="Grudzień 2024",
        resources="Dyrektorzy szkół",
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=14,
        title=(
            "Udział członków zespołu projektowego w szkoleniu warsztatowym w Warszawie w celu "
            "podniesienia kompetencji oraz zdobycia praktycznych umiejętności wspierających "
            "realizację projektu."
        ),
        methods=(
            "Udział w grupach warsztatowych:\n"
            "• Pozyskiwanie środków na rozwój cyfrowy oświaty.\n"
            "• Narzędzia informatyczne usprawniające centralne zarządzanie oświatą.\n"
            "• Zarządzanie zmianą.\n"
            "• Jakościowy rozwój organizacji w ujęciu systemowym."
        ),
        period_text="14–15.01.2025",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=15,
        title=(
            "Zorganizowanie cyklu spotkań z dyrektorami szkół i placówek oświatowych w celu "
            "wymiany informacji, omówienia bieżących wyzwań oraz koordynacji działań na rzecz "
            "rozwoju edukacji i cyfryzacji."
        ),
        methods=(
            "Comiesięczne spotkania organu prowadzącego z dyrektorami szkół i placówek Gminy "
            "Lubartów są okazją do wymiany doświadczeń, omówienia bieżących problemów oraz "
            "zaplanowania pracy."
        ),
        period_text="01.09.2024 – 30.09.2025",
        resources=(
            "Zastępca wójta, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=16,
        title=(
            "Planowanie i przygotowanie konferencji podsumowującej projekt dotyczący zdrowia "
            "psychicznego i świata wirtualnego, mającej na celu podsumowanie dotychczasowych "
            "działań oraz inicjowanie kolejnych przedsięwzięć samorządu na rzecz wsparcia "
            "zdrowia psychicznego w kontekście cyfrowym."
        ),
        methods=(
            "Określenie celu i zakresu tematycznego\n"
            "• Podsumowanie wyników realizowanego projektu dotyczącego cyfrowy rozwój oświaty w "
            "jednostkach samorządu terytorialnego.\n"
            "• Wyznaczenie kierunków przyszłych działań samorządu w zakresie cyfryzacji.\n"
            "Ustalenie grupy docelowej i formatu wydarzenia\n"
            "• Wybór formatu: konferencja stacjonarna, hybrydowa lub online.\n"
            "• Przygotowanie zaproszeń do uczestników.\n"
            "Wybór miejsca i terminu\n"
            "• Rezerwacja odpowiedniego miejsca (sala świetlicy w Nowodworze).\n"
            "• Ustalenie terminu dogodnego dla kluczowych uczestników i prelegentów.\n"
            "Pozyskanie prelegentów i partnerów\n"
            "• Zaproszenie ekspertów .\n"
            "• Nawiązanie współpracy z przedstawicielem zajmującym rozwiązaniami cyfrowymi."
        ),
        period_text="kwiecień – maj 2025",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie, "
            "dyrektorzy szkół"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=17,
        title=(
            "Organizacja logistyczna oraz działania promocyjne konferencji na temat zdrowia "
            "psychicznego i świata wirtualnego, w celu maksymalnego zaangażowania uczestników i "
            "efektywnego przebiegu wydarzenia."
        ),
        methods=(
            "Przygotowanie agendy konferencji\n"
            "• Sesja otwierająca: przemówienia przedstawicieli samorządu i ekspertów.\n"
            "• Panele dyskusyjne dotyczące m.in. wpływu instrumentów cyfrowych na psychikę "
            "dzieci i młodzieży, uzależnień od technologii, cyfrowej higieny.\n"
            "Organizacja zaplecza technicznego\n"
            "• Sprzęt audiowizualny.\n"
            "• Materiały konferencyjne, prezentacje, raporty.\n"
            "• Catering i zaplecze sanitarne dla uczestników.\n"
            "Promocja wydarzenia\n"
            "• Stworzenie plakatu i zaproszeń na konferencję.\n"
            "• Publikacja informacji w mediach społecznościowych i na stronach samorządu.\n"
            "• Kontakt z mediami lokalnymi w celu nagłośnienia wydarzenia."
        ),
        period_text="",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie, "
            "dyrektorzy szkół, osoba od promocji w Gminie"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=18,
        title=(
            "Przeprowadzenie konferencji na temat zdrowia psychicznego i świata wirtualnego, "
            "zapewniając merytoryczną wartość, aktywny udział uczestników oraz podsumowanie "
            "dotychczasowych działań i wyznaczenie kierunków dalszego rozwoju."
        ),
        methods=(
            "Otwarcie konferencji\n"
            "• Powitanie uczestników i przedstawienie celu wydarzenia.\n"
            "• Wystąpienia przedstawicieli samorządu oraz Dyrektora ORE.\n"
            "Prezentacja wyników projektu\n"
            "• Omówienie wniosków z realizowanych działań.\n"
            "Panele eksperckie i dyskusje\n"
            "• Wystąpienia ekspertów\n"
            "• Moderowane dyskusje z uczniami i ekspertami cyfryzacji.\n"
            "• Prezentacje dotyczące sposobów wspierania dzieci i młodzieży w świecie cyfrowym.\n"
            "• Warsztaty dla uczestników.\n"
            "Podsumowanie i wnioski\n"
            "• Opracowanie rekomendacji dla samorządu dotyczących dalszych działań.\n"
            "• Zachęcenie uczestników do zaangażowania w przyszłe inicjatywy."
        ),
        period_text="28.05.2025",
        resources=(
            "Wójt, sekretarz, dyrektor ORE, Dyrektor Samorządowego Zespołu Administracyjnego "
            "Szkół w Lubartowie, Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w "
            "Skrobowie, dyrektorzy szkół, rodzice, uczniowie, radni, zaproszeni prelegenci i "
            "goście"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=19,
        title=(
            "Przygotowanie i złożenie wniosku do Krajowego Funduszu Szkoleniowego (KFS) w celu "
            "uzyskania dofinansowania na realizację kursu „Wartościowego Zarządzania”®, "
            "wspierającego rozwój kompetencji kadry zarządzającej w jednostkach oświatowych."
        ),
        methods=(
            "Sprawdzenie dostępnych środków KFS\n"
            "• Weryfikacja, czy Krajowy Fundusz Szkoleniowy w danym roku posiada środki na "
            "dofinansowanie szkoleń.\n"
            "• Zapoznanie się z priorytetami wydatkowania środków na dany rok.\n"
            "Wybór kursu „Wartościowego Zarządzania”\n"
            "• Upewnienie się, że kurs spełnia wymagania kwalifikacyjne do dofinansowania.\n"
            "• Skontaktowanie się z organizatorem szkolenia w celu uzyskania szczegółowych "
            "informacji (zakres kursu, harmonogram, koszty).\n"
            "Przygotowanie wniosku o dofinansowanie\n"
            "• Pobranie formularza wniosku ze strony Powiatowego Urzędu Pracy (PUP).\n"
            "• Wypełnienie dokumentacji, w tym uzasadnienie potrzeby udziału w kursie.\n"
            "• Załączenie niezbędnych załączników, np. oferty szkoleniowej.\n"
            "Złożenie wniosku do PUP\n"
            "• Wniosek należy dostarczyć w formie papierowej lub elektronicznej (w zależności od "
            "wymagań urzędu).\n"
            "• Oczekiwanie na decyzję – PUP ocenia zgodność wniosku z kryteriami KFS."
        ),
        period_text="Marzec 2025",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=20,
        title=(
            "Uzyskanie decyzji o dofinansowaniu z Krajowego Funduszu Szkoleniowego oraz "
            "przeprowadzenie niezbędnych formalności po akceptacji wniosku, w celu zapewnienia "
            "prawidłowej realizacji kursu „Wartościowego Zarządzania”®."
        ),
        methods=(
            "Otrzymanie decyzji o dofinansowaniu\n"
            "• Pozytywna decyzja oznacza możliwość rozpoczęcia kursu – dofinansowanie może "
            "wynosić do 100% kosztów szkolenia (dla mikroprzedsiębiorstw) lub 80% (dla większych "
            "firm).\n"
            "Podpisanie umowy z PUP\n"
            "• Pracodawca lub uczestnik kursu podpisuje umowę, w której określone są warunki "
            "rozliczenia dofinansowania.\n"
            "Dokonanie formalności związanych z rejestracją na kurs\n"
            "• Skontaktowanie się z organizatorem kursu w celu potwierdzenia uczestnictwa.\n"
            "• Wpłata wkładu własnego (jeśli wymagany)."
        ),
        period_text="Kwiecień 2025",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=21,
        title=(
            "Udział wybranych pracowników w kursie „Wartościowego Zarządzania”® w celu "
            "podniesienia kompetencji menedżerskich oraz efektywnego zarządzania zasobami i "
            "procesami w jednostkach oświatowych."
        ),
        methods=(
            "Rozpoczęcie kursu\n"
            "• Uczestnictwo w zajęciach teoretycznych i praktycznych.\n"
            "• Wykonywanie zadań oraz udział w ćwiczeniach związanych z zarządzaniem.\n"
            "Monitorowanie postępów i dokumentowanie obecności\n"
            "• Prowadzenie list obecności (wymagane do rozliczenia dofinansowania).\n"
            "• Realizacja ewentualnych testów lub zadań zaliczeniowych.\n"
            "Zakończenie kursu i uzyskanie certyfikatu\n"
            "• Otrzymanie zaświadczenia lub certyfikatu potwierdzającego ukończenie kursu.\n"
            "• Przekazanie dokumentacji do pracodawcy lub PUP (jeśli wymagane do rozliczenia)."
        ),
        period_text="Wrzesień 2025 -czerwiec 2026",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół, kierownicy referatów"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=22,
        title=(
            "Przeprowadzenie zgodnie z wymogami formalnymi otrzymanego dofinansowania na udział "
            "w kursie „Wartościowego Zarządzania”®"
        ),
        methods=(
            "Rozliczenie kursu z PUP\n"
            "• Przekazanie dokumentacji potwierdzającej udział w kursie i uzyskanie certyfikatu.\n"
            "• Organizator szkolenia może być zobowiązany do wystawienia faktury i raportu dla "
            "PUP."
        ),
        period_text="-czerwiec 2026",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół, kierownicy referatów"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=23,
        title=(
            "Przeprowadzenie analizy potrzeb szkół i placówek oświatowych w zakresie "
            "elektronicznych arkuszy organizacyjnych oraz wybór odpowiedniego dostawcy systemu, "
            "który zapewni efektywne i zgodne z wymogami prawnymi zarządzanie arkuszami."
        ),
        methods=(
            "Diagnoza obecnego stanu\n"
            "• Przegląd stosowanych rozwiązań do zarządzania arkuszami organizacyjnymi.\n"
            "• Identyfikacja problemów w dotychczasowym sposobie zarządzania danymi.\n"
            "• Konsultacje z dyrektorami szkół i administracją w celu określenia ich oczekiwań "
            "wobec nowego systemu.\n"
            "Badanie dostępnych rozwiązań rynkowych\n"
            "• Analiza ofert firm dostarczających systemy do zarządzania arkuszami "
            "organizacyjnymi.\n"
            "• Weryfikacja zgodności systemu z wymogami prawa oświatowego oraz integracji z "
            "innymi systemami samorządowymi (np. finansowymi, kadrowymi).\n"
            "• Ocena intuicyjności obsługi i możliwości dostosowania do specyfiki szkół.\n"
            "Wybór dostawcy i podpisanie umowy\n"
            "• Organizacja przetargu lub zapytania ofertowego (zgodnie z ustawą o zamówieniach "
            "publicznych).\n"
            "• Testowanie systemu na poziomie pilotażowym w wybranych placówkach.\n"
            "• Negocjacje dotyczące kosztów, wsparcia technicznego i warunków wdrożenia."
        ),
        period_text="Wrzesień - listopad 2025",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=24,
        title=(
            "Przygotowanie niezbędnych materiałów, szkoleń oraz infrastruktury technicznej do "
            "wdrożenia elektronicznego arkusza organizacyjnego w szkołach i placówkach "
            "oświatowych, zapewniając sprawny i efektywny proces implementacji."
        ),
        methods=(
            "Ustalenie harmonogramu wdrożenia\n"
            "• Określenie etapów implementacji systemu w podległych placówkach.\n"
            "• Ustalenie ról i odpowiedzialności po stronie JST, dostawcy oraz dyrektorów szkół.\n"
            "Szkolenie użytkowników\n"
            "• Organizacja warsztatów dla dyrektorów szkół, pracowników administracyjnych i "
            "przedstawicieli JST.\n"
            "• Udostępnienie instrukcji obsługi i materiałów szkoleniowych.\n"
            "• Testowe wprowadzanie danych do systemu w celu przeszkolenia użytkowników.\n"
            "Przygotowanie infrastruktury IT\n"
            "• Weryfikacja sprzętu i oprogramowania w placówkach oświatowych.\n"
            "• Zapewnienie bezpiecznego dostępu do systemu (loginy, uprawnienia, zabezpieczenia "
            "danych).\n"
            "• Integracja z innymi systemami zarządzania (np. kadrowymi, budżetowymi)."
        ),
        period_text="Listopad - grudzień 2025",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=25,
        title=(
            "Wdrożenie elektronicznych arkuszy organizacyjnych w szkołach i placówkach "
            "oświatowych, zapewniając ich pełną funkcjonalność oraz efektywne wykorzystanie w "
            "codziennym zarządzaniu strukturą organizacyjną."
        ),
        methods=(
            "Wprowadzenie danych\n"
            "• Sprawdzenie poprawności i kompletności wprowadzonych danych.\n"
            "Uruchomienie systemu w szkołach\n"
            "• Przekazanie dostępu i uprawnień użytkownikom w każdej placówce.\n"
            "• Wdrożenie elektronicznych ścieżek zatwierdzania arkuszy organizacyjnych.\n"
            "Testowanie i korekty\n"
            "• Identyfikacja ewentualnych problemów i błędów w funkcjonowaniu systemu.\n"
            "• Wprowadzenie poprawek i optymalizacja procesów."
        ),
        period_text="Luty - marzec 2026",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=26,
        title=(
            "Monitorowanie funkcjonowania elektronicznych arkuszy organizacyjnych oraz bieżąca "
            "optymalizacja systemu w oparciu o zgłaszane potrzeby i doświadczenia użytkowników, "
            "w celu zapewnienia jego efektywności, niezawodności i zgodności z wymaganiami "
            "organizacyjnymi."
        ),
        methods=(
            "Zbieranie opinii i ocena działania\n"
            "• Regularne konsultacje z użytkownikami systemu w szkołach.\n"
            "• Analiza pierwszych cykli generowania i zatwierdzania arkuszy.\n"
            "Ulepszanie funkcjonalności\n"
            "• Wprowadzanie usprawnień zgodnie z potrzebami użytkowników.\n"
            "• Aktualizacje i dostosowanie do zmieniających się przepisów prawa oświatowego.\n"
            "Długofalowe wsparcie techniczne i szkolenia\n"
            "• Organizowanie cyklicznych szkoleń dla nowych użytkowników.\n"
            "• Zapewnienie pomocy technicznej i systemu zgłaszania problemów."
        ),
        period_text="Marzec - kwiecień 2026",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=27,
        title=(
            "Przeprowadzenie analizy potrzeb oraz opracowanie planu wdrożenia wspólnej obsługi "
            "informatycznej dla szkół i placówek oświatowych, w celu zwiększenia efektywności "
            "zarządzania zasobami IT, standaryzacji usług oraz zapewnienia wsparcia technicznego "
            "na odpowiednim poziomie."
        ),
        methods=(
            "Diagnoza aktualnej sytuacji\n"
            "• Przegląd obecnej infrastruktury IT w szkołach.\n"
            "• Ocena kompetencji i dostępności personelu IT w każdej placówce.\n"
            "• Identyfikacja problemów związanych z zarządzaniem sprzętem, oprogramowaniem i "
            "bezpieczeństwem danych.\n"
            "Określenie zakresu usług wspólnej obsługi IT\n"
            "• Administrowanie siecią i systemami operacyjnymi.\n"
            "• Utrzymanie sprzętu komputerowego i oprogramowania.\n"
            "• Wsparcie techniczne dla nauczycieli i administracji.\n"
            "• Zarządzanie bezpieczeństwem IT (kopie zapasowe, ochrona antywirusowa).\n"
            "• Wsparcie w zakresie dzienników elektronicznych i platform edukacyjnych.\n"
            "Wybór modelu organizacyjnego\n"
            "• Jak informatyk gminny będzie pracował w zakresie zadań CUW, czy będzie realizował "
            "zadania w modelu mobilnym?\n"
            "• Określenie harmonogramu wizyt w szkołach i procedur wsparcia zdalnego.\n"
            "• Ustalenie sposobu raportowania i monitorowania działań IT."
        ),
        period_text="Czerwiec - wrzesień 2025",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół radni Gminy, radca prawny, informatyk"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=28,
        title=(
            "Organizacja i przygotowanie infrastruktury technicznej oraz zasobów kadrowych "
            "niezbędnych do wdrożenia wspólnej obsługi informatycznej szkół i placówek "
            "oświatowych, w celu zapewnienia sprawnego, bezpiecznego i efektywnego świadczenia "
            "usług IT."
        ),
        methods=(
            "Utworzenie CUW w zakresie obsługi informatycznej\n"
            "• Zatrudnienie informatyka lub przekazanie zadań dotychczasowym pracownikom JST.\n"
            "• Wyposażenie stanowiska pracy w odpowiednie narzędzia do zdalnego zarządzania IT w "
            "szkołach.\n"
            "Centralizacja systemów IT\n"
            "• Wdrożenie wspólnych rozwiązań do zarządzania infrastrukturą (np. system "
            "monitorowania urządzeń, serwer plików dla szkół).\n"
            "• Konfiguracja dostępu zdalnego do urządzeń i systemów szkolnych.\n"
            "• Ujednolicenie polityki bezpieczeństwa IT i standardów zarządzania sprzętem.\n"
            "Standaryzacja oprogramowania i procedur\n"
            "• Wybór jednolitych narzędzi do pracy dla wszystkich szkół (np. pakiet biurowy, "
            "antywirus, oprogramowanie do nauki zdalnej).\n"
            "• Stworzenie jednolitego systemu zgłaszania problemów IT przez szkoły.\n"
            "• Opracowanie procedur aktualizacji i konserwacji systemów IT."
        ),
        period_text="Październik - listopad 2025",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół radni Gminy, radca prawny, informatyk"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=29,
        title=(
            "Wdrożenie wspólnej obsługi informatycznej w szkołach i placówkach oświatowych "
            "poprzez uruchomienie zaplanowanych usług IT, zapewnienie wsparcia technicznego oraz "
            "standaryzację działań w zakresie zarządzania infrastrukturą cyfrową."
        ),
        methods=(
            "Stopniowe przejmowanie obsługi IT przez informatyków gminnych\n"
            "• Wprowadzenie próbnej współpracy w wybranych placówkach.\n"
            "• Testowanie efektywności obsługi informatycznej i zbieranie opinii użytkowników.\n"
            "• Wprowadzenie systemu zgłaszania problemów (np. poprzez formularz online lub "
            "dedykowaną infolinię).\n"
            "Szkolenia dla pracowników szkół\n"
            "• Instruktaż dla dyrektorów, nauczycieli i administracji na temat nowych zasad "
            "wsparcia IT.\n"
            "• Przekazanie materiałów dotyczących podstawowych działań IT (np. samodzielne "
            "resetowanie haseł, aktualizacja oprogramowania).\n"
            "Monitorowanie efektywności systemu\n"
            "• Analiza liczby i rodzaju zgłoszeń z placówek.\n"
            "• Ocena czasu reakcji informatyka na zgłoszenia.\n"
            "• Weryfikacja, czy system pozwala na oszczędność środków i poprawę jakości obsługi."
        ),
        period_text="styczeń 2026",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół, informatyk"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
    HdrActionSeed(
        number=30,
        title=(
            "Prowadzenie działań na rzecz optymalizacji i rozwoju systemu wspólnej obsługi "
            "informatycznej w szkołach poprzez analizę funkcjonowania usług, wdrażanie "
            "usprawnień oraz dostosowywanie rozwiązań do zmieniających się potrzeb placówek "
            "oświatowych."
        ),
        methods=(
            "Dostosowanie modelu obsługi\n"
            "• Na podstawie pierwszych miesięcy funkcjonowania wprowadzenie ewentualnych zmian w "
            "harmonogramie pracy informatyka.\n"
            "• Możliwość zatrudnienia dodatkowego personelu lub wprowadzenia usług IT w modelu "
            "outsourcingu.\n"
            "Automatyzacja procesów IT\n"
            "• Wprowadzenie narzędzi do automatycznego monitorowania stanu sprzętu i systemów.\n"
            "• Centralizacja aktualizacji i zarządzania licencjami oprogramowania.\n"
            "Dalsze szkolenia i podnoszenie kompetencji\n"
            "• Regularne warsztaty dla nauczycieli i pracowników administracyjnych.\n"
            "• Rozwój nowych usług IT wspierających cyfrową edukację (np. chmura edukacyjna, "
            "zdalne nauczanie)."
        ),
        period_text="Luty - czerwiec 2026",
        resources=(
            "Wójt, sekretarz, Dyrektor Samorządowego Zespołu Administracyjnego Szkół w "
            "Lubartowie, dyrektorzy szkół, informatyk"
        ),
        responsible=_SCHOOLS_ADMIN_DIRECTOR,
    ),
)

HDR_INDICATORS: tuple[IndicatorSeed, ...] = (
    IndicatorSeed(
        code="working_meetings",
        name="Liczba spotkań roboczych",
        target=6,
        action_numbers=(1, 3, 4, 7, 8, 11),
        documentation="Maile, podsumowanie, wnioski",
        source="meetings:project_team",
    ),
    IndicatorSeed(
        code="trainings",
        name="Liczba szkoleń",
        target=4,
        action_numbers=(2, 5, 10, 14),
        documentation="Program szkoleń, potwierdzenie zakwalifikowania, maile",
        source="meetings:training",
    ),
    IndicatorSeed(
        code="debates",
        name="Liczba zorganizowanych debat oświatowych",
        target=1,
        action_numbers=(9,),
        documentation="Fotorelacja, wnioski",
        source="meetings:debate",
    ),
    IndicatorSeed(
        code="coached_people",
        name="Liczba osób objętych coaching indywidualnym",
        target=4,
        action_numbers=(12,),
        documentation="Harmonogram spotkań",
        source="manual",
    ),
    IndicatorSeed(
        code="diagnosis_sheets",
        name="Liczba wypełnionych arkuszy diagnozy",
        target=7,
        action_numbers=(6,),
        documentation="Arkusze diagnozy",
        source="inventory:submitted_schools",
    ),
    IndicatorSeed(
        code="selfie_schools",
        name="Liczba szkół objętych badaniem",
        target=7,
        action_numbers=(13,),
        documentation="Raporty Selfie",
        source="manual",
    ),
    IndicatorSeed(
        code="director_meetings",
        name="Liczba spotkań z dyrektorami",
        target=23,
        action_numbers=(15,),
        documentation="Porządek spotkań",
        source="meetings:directors",
    ),
    IndicatorSeed(
        code="conferences",
        name="Liczba zorganizowanych konferencji",
        target=1,
        action_numbers=(16, 17, 18),
        documentation="Fotorelacja, wnioski",
        source="meetings:conference",
    ),
    IndicatorSeed(
        code="course_participants",
        name="Liczba osób objętych kursem",
        target=10,
        action_numbers=(19, 20, 21, 22),
        documentation="Zaświadczenie o ukończeniu kursu",
        source="manual",
    ),
    IndicatorSeed(
        code="e_sheet_schools",
        name="Liczba jednostek objętych wdrożeniem",
        target=7,
        action_numbers=(23, 24, 25, 26),
        documentation="Umowa z dostawcą",
        source="schools:e_sheet",
    ),
    IndicatorSeed(
        code="shared_it_schools",
        name="Liczba jednostek objętych wspólną obsługą informatyczną",
        target=7,
        action_numbers=(27, 28, 29, 30),
        documentation="Uchwała",
        source="schools:shared_it",
    ),
)
