"""About 120 fictional detainees for the demo prison (Haren): names of many origins, genders and
legal statuses that match their units, and languages spoken and read (many read neither French
nor Dutch). Every person here is invented.

``demo_detainees(prison)`` is idempotent, keyed on the prison number: a person already there is
left as it is (a demonstration may have changed them). docs/samples/liste-haren.csv is the
same list as the prison would export it a few days later (see ``sample_list``): three people
gone, two moved to another unit, four new arrivals, so a new user can try the import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from concerto.detainees.models import Detainee, Gender, LegalStatus
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Language


@dataclass(frozen=True)
class Origin:
    men: tuple[str, ...]
    women: tuple[str, ...]
    last_names: tuple[str, ...]
    spoken: tuple[str, ...]
    read: tuple[str, ...]  # what most of them read; every fourth reads nothing at all


ORIGINS: tuple[Origin, ...] = (
    Origin(
        ("Luc", "Thomas", "Kevin", "Nicolas", "Julien", "Maxime", "Olivier"),
        ("Sophie", "Julie", "Laura", "Manon"),
        ("Dubois", "Lambert", "Martin", "Leclercq", "Dupont", "Renard", "Lejeune"),
        ("fr",),
        ("fr",),
    ),
    Origin(
        ("Pieter", "Wouter", "Bram", "Koen", "Jens"),
        ("Els", "Lien", "An"),
        ("Peeters", "Janssens", "Maes", "Claes", "Wouters"),
        ("nl", "fr"),
        ("nl",),
    ),
    Origin(
        ("Youssef", "Mehdi", "Ayoub", "Bilal", "Hamza", "Karim", "Rachid"),
        ("Fatima", "Khadija", "Nadia", "Samira"),
        ("El Amrani", "Benali", "Ouazzani", "Tahiri", "Bouzid", "Lahlou", "Azzouzi"),
        ("ar", "zgh", "fr"),
        ("ar", "fr"),
    ),
    Origin(
        ("Ion", "Mihai", "Andrei", "Florin"),
        ("Ioana", "Elena"),
        ("Popescu", "Ionescu", "Dumitru", "Stan"),
        ("ro",),
        ("ro",),
    ),
    Origin(
        ("Arben", "Besnik", "Ilir", "Gentian"),
        ("Ardita",),
        ("Hoxha", "Krasniqi", "Berisha", "Gashi"),
        ("sq", "it"),
        ("sq",),
    ),
    Origin(
        ("Ahmad", "Farid", "Jawed", "Bashir"), ("Zainab",), ("Ahmadzai", "Karimi", "Noori", "Sultani"), ("ps", "fa"), ()
    ),
    Origin(("Yonas", "Dawit", "Tesfay"), ("Saba",), ("Tesfaye", "Gebremedhin", "Haile"), ("ti", "ar"), ("ti",)),
    Origin(("Abdi", "Mohamud"), ("Halima",), ("Warsame", "Farah", "Hassan"), ("so",), ()),
    Origin(
        ("Papy", "Fiston", "Patrick", "Jean-Marie"),
        ("Grace", "Chantal"),
        ("Mukendi", "Kabila", "Tshibanda", "Mbuyi"),
        ("ln", "fr"),
        ("fr",),
    ),
    Origin(("Mustafa", "Emre", "Murat"), ("Ayşe", "Elif"), ("Yılmaz", "Kaya", "Demir"), ("tr",), ("tr",)),
    Origin(("Giorgi", "Levan", "Davit"), ("Nino",), ("Beridze", "Kapanadze", "Gelashvili"), ("ka", "ru"), ("ka",)),
    Origin(("Piotr", "Tomasz", "Krzysztof"), ("Agnieszka",), ("Nowak", "Kowalski", "Wiśniewski"), ("pl",), ("pl",)),
    Origin(("Dimitar", "Georgi"), ("Svetlana",), ("Petrov", "Ivanov", "Dimitrov"), ("bg", "tr"), ("bg",)),
    Origin(("Oleksandr", "Dmytro"), ("Olena",), ("Shevchenko", "Bondarenko", "Kovalenko"), ("uk", "ru"), ("uk",)),
    Origin(("Khaled", "Samir", "Hassan"), ("Laila",), ("Al-Haddad", "Darwish", "Haddad"), ("ar",), ("ar",)),
    Origin(("Carlos", "Diego", "João"), ("Maria",), ("García", "Silva", "Fernández"), ("es", "pt"), ("es",)),
    Origin(("Mamadou", "Ibrahima", "Moussa"), ("Aminata",), ("Diallo", "Bah", "Camara"), ("fr",), ()),
)

# Which origin each next person has: Belgian people (French- and Dutch-speaking) are the most
# numerous, then people from Morocco and Congo, and many others who read neither French nor Dutch.
ORIGIN_CYCLE = (0, 2, 1, 8, 3, 0, 4, 2, 5, 0, 6, 9, 1, 2, 7, 0, 10, 8, 11, 12, 0, 13, 14, 2, 15, 16)

# (unit code, how many, genders, legal statuses): people go where the prison houses them.
UNIT_PLAN: tuple[tuple[str, int, tuple[str, ...], tuple[str, ...]], ...] = (
    ("remand-men", 42, (Gender.MAN,), (LegalStatus.ACCUSED,)),
    ("sentenced-men", 34, (Gender.MAN,), (LegalStatus.CONVICTED,)),
    ("women-closed", 12, (Gender.WOMAN,), (LegalStatus.ACCUSED, LegalStatus.CONVICTED)),
    ("women-open", 7, (Gender.WOMAN,), (LegalStatus.CONVICTED,)),
    ("observation", 12, (Gender.MAN,), (LegalStatus.ACCUSED, LegalStatus.CONVICTED)),
    ("psychiatric-medical", 13, (Gender.MAN, Gender.MAN, Gender.WOMAN), (LegalStatus.INTERNED,)),
)


@dataclass(frozen=True)
class DemoDetainee:
    prison_number: str
    last_name: str
    first_name: str
    gender: str
    legal_status: str
    unit: str
    spoken: tuple[str, ...]
    read: tuple[str, ...]
    expected_release_on: dt.date | None


def demo_people() -> list[DemoDetainee]:
    """The demo detainees, always the same (no randomness: the sample file must match them)."""
    people: list[DemoDetainee] = []
    seen: dict[int, int] = {}  # origin → people of that origin so far
    index = 0
    for unit, count, genders, statuses in UNIT_PLAN:
        for position in range(count):
            which = ORIGIN_CYCLE[index % len(ORIGIN_CYCLE)]
            origin = ORIGINS[which]
            nth = seen[which] = seen.get(which, -1) + 1
            gender = genders[position % len(genders)]
            first_names = origin.women if gender == Gender.WOMAN else origin.men
            status = statuses[position % len(statuses)]
            release = None
            if status == LegalStatus.CONVICTED and index % 3 == 0:
                release = dt.date(2027 + index % 2, 1 + index % 12, 1 + index % 28)
            people.append(
                DemoDetainee(
                    prison_number=f"{312000 + index * 13}",
                    last_name=origin.last_names[nth % len(origin.last_names)],
                    first_name=first_names[(nth + nth // len(origin.last_names)) % len(first_names)],
                    gender=gender,
                    legal_status=status,
                    unit=unit,
                    spoken=origin.spoken,
                    read=() if nth % 4 == 3 else origin.read,
                    expected_release_on=release,
                )
            )
            index += 1
    return people


@transaction.atomic
def demo_detainees(prison: Prison) -> int:
    """Create the demo detainees missing from ``prison``; returns how many were created."""
    units = {unit.code: unit for unit in Unit.objects.filter(prison=prison)}
    languages = {language.code: language for language in Language.objects.all()}
    existing = set(Detainee.objects.filter(prison=prison).values_list("prison_number", flat=True))
    created = 0
    for person in demo_people():
        if person.prison_number in existing or person.unit not in units:
            continue
        detainee = Detainee.objects.create(
            prison=prison,
            prison_number=person.prison_number,
            last_name=person.last_name,
            first_name=person.first_name,
            gender=person.gender,
            legal_status=person.legal_status,
            unit=units[person.unit],
            expected_release_on=person.expected_release_on,
        )
        detainee.languages_spoken.set([languages[code] for code in person.spoken if code in languages])
        detainee.languages_read.set([languages[code] for code in person.read if code in languages])
        created += 1
    return created


# The person whose paper slip a new user records (docs/registrations.md): the demo's groups leave
# him out, so that his application to the full edition puts him 4th on its waiting list.
SLIP_PERSON = ("Emre", "Kaya")


def slip_person_number() -> str:
    """The prison number of the person on the demo's paper slip (remand men, like the full edition)."""
    first, last = SLIP_PERSON
    return next(p.prison_number for p in demo_people() if (p.first_name, p.last_name) == (first, last))


# --- The sample list (docs/samples/liste-haren.csv) ----------------------------------------

SAMPLE_HEADERS = (
    "Numéro d'écrou",
    "Nom",
    "Prénom",
    "Sexe",
    "Statut",
    "Unité",
    "Langues parlées",
    "Langues lues",
    "Date de libération prévue",
)
SAMPLE_GONE = (5, 40, 77)  # positions in demo_people(): no longer on the prison's list
SAMPLE_MOVED = {10: "observation", 50: "observation"}  # position → new unit
SAMPLE_NEW = (
    DemoDetainee("399001", "Vermeulen", "Jonas", Gender.MAN, LegalStatus.ACCUSED, "remand-men", ("nl",), ("nl",), None),
    DemoDetainee(
        "399014", "Chaouki", "Nour", Gender.WOMAN, LegalStatus.ACCUSED, "women-closed", ("ar", "fr"), (), None
    ),
    DemoDetainee(
        "399027",
        "Gheorghiu",
        "Vasile",
        Gender.MAN,
        LegalStatus.CONVICTED,
        "sentenced-men",
        ("ro",),
        ("ro",),
        dt.date(2028, 3, 1),
    ),
    DemoDetainee("399040", "Tesfamariam", "Aman", Gender.MAN, LegalStatus.ACCUSED, "remand-men", ("ti",), (), None),
)
SAMPLE_WORDS: dict[str, str] = {
    Gender.MAN: "H",
    Gender.WOMAN: "F",
    LegalStatus.ACCUSED: "prévenu",
    LegalStatus.CONVICTED: "condamné",
    LegalStatus.INTERNED: "interné",
}


def sample_list(unit_names: dict[str, str]) -> list[list[str]]:
    """The rows of the sample file, as the prison would export them (unit code → French name)."""
    people = [person for position, person in enumerate(demo_people()) if position not in SAMPLE_GONE]
    moved = {demo_people()[position].prison_number: unit for position, unit in SAMPLE_MOVED.items()}
    rows = []
    for person in [*people, *SAMPLE_NEW]:
        release = person.expected_release_on
        rows.append(
            [
                person.prison_number,
                person.last_name,
                person.first_name,
                SAMPLE_WORDS[person.gender],
                SAMPLE_WORDS[person.legal_status],
                unit_names[moved.get(person.prison_number, person.unit)],
                ", ".join(person.spoken),
                ", ".join(person.read),
                release.strftime("%d/%m/%Y") if release else "",
            ]
        )
    return rows
