"""Demo data: the reference lists, the organisations, the prison of Haren and the demo users.

Everything here is plain data, loaded by ``concerto.demo.services.demo_load``. The names of
real organisations come from the source texts; their enterprise numbers, contacts, e-mail
addresses and every person are fictional. Invented organisations carry "(démo)" in their name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from concerto.accounts.models import Role
from concerto.organisations.models import Organisation
from concerto.prisons.models import Unit
from concerto.reference.models import TargetGroup


def enterprise_number(first_eight: str) -> str:
    """A Belgian enterprise number built from eight digits: the last two are 97 - (first eight mod 97)."""
    digits = f"{first_eight}{97 - int(first_eight) % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


# --- Reference data ----------------------------------------------------------------------

# (code, French, Dutch, English)
COMMUNITIES: list[tuple[str, str, str, str]] = [
    (
        "cocom",
        "Commission communautaire commune (Cocom)",
        "Gemeenschappelijke Gemeenschapscommissie (GGC)",
        "Common Community Commission (Cocom)",
    ),
    (
        "french",
        "Fédération Wallonie-Bruxelles (Communauté française)",
        "Federatie Wallonië-Brussel (Franse Gemeenschap)",
        "French Community (Wallonia-Brussels Federation)",
    ),
    ("flemish", "Communauté flamande", "Vlaamse Gemeenschap", "Flemish Community"),
]

# (code, French, Dutch, English, dimension, gender)
TARGET_GROUPS: list[tuple[str, str, str, str, str, str]] = [
    ("men", "Hommes", "Mannen", "Men", TargetGroup.Dimension.GENDER, TargetGroup.Gender.MEN),
    ("women", "Femmes", "Vrouwen", "Women", TargetGroup.Dimension.GENDER, TargetGroup.Gender.WOMEN),
    ("accused", "Inculpés", "Verdachten", "Accused", TargetGroup.Dimension.LEGAL_STATUS, ""),
    ("convicted", "Condamnés", "Veroordeelden", "Convicted", TargetGroup.Dimension.LEGAL_STATUS, ""),
    ("interned", "Internés", "Geïnterneerden", "Interned", TargetGroup.Dimension.LEGAL_STATUS, ""),
    ("relatives", "Proches", "Naasten", "Relatives", TargetGroup.Dimension.CIRCLE, ""),
    ("former-detainees", "Ex-détenus", "Ex-gedetineerden", "Former detainees", TargetGroup.Dimension.CIRCLE, ""),
]

# Root categories and their sub-themes: (code, French, Dutch, English, [sub-themes]).
CATEGORIES: list[tuple[str, str, str, str, list[tuple[str, str, str, str]]]] = [
    (
        "training",
        "Formation",
        "Vorming",
        "Training",
        [
            (
                "reception-class",
                "Classes d'accueil et langues",
                "Onthaalklas en talen",
                "Reception classes and languages",
            ),
            ("literacy", "Alphabétisation", "Alfabetisering", "Literacy"),
            ("digital-skills", "Compétences numériques", "Digitale vaardigheden", "Digital skills"),
            ("vocational-training", "Formation professionnelle", "Beroepsopleiding", "Vocational training"),
        ],
    ),
    (
        "psychosocial",
        "Psychosocial",
        "Psychosociaal",
        "Psychosocial",
        [
            ("restorative-justice", "Justice réparatrice", "Herstelrecht", "Restorative justice"),
            (
                "parenting-family",
                "Parentalité et liens familiaux",
                "Ouderschap en familiebanden",
                "Parenting and family ties",
            ),
            ("addiction-prevention", "Prévention des assuétudes", "Verslavingspreventie", "Addiction prevention"),
            ("discussion-groups", "Groupes de parole", "Praatgroepen", "Discussion groups"),
            (
                "release-preparation",
                "Préparation à la sortie",
                "Voorbereiding op de vrijlating",
                "Preparing for release",
            ),
        ],
    ),
    (
        "sociocultural",
        "Socioculturel",
        "Socio-cultureel",
        "Sociocultural",
        [
            ("drawing-painting", "Dessin et peinture", "Tekenen en schilderen", "Drawing and painting"),
            ("theatre", "Théâtre", "Theater", "Theatre"),
            ("music", "Musique", "Muziek", "Music"),
            ("sport", "Sport", "Sport", "Sport"),
            ("library-reading", "Bibliothèque et lecture", "Bibliotheek en lezen", "Library and reading"),
        ],
    ),
]

# (code, French, Dutch, English)
AIMS: list[tuple[str, str, str, str]] = [
    (
        "social-professional-prospects",
        "Perspectives sociales et professionnelles",
        "Sociale en professionele perspectieven",
        "Social and professional prospects",
    ),
    ("psychosocial-wellbeing", "Bien-être psychosocial", "Psychosociaal welzijn", "Psychosocial well-being"),
]

# ISO 639-1 where it exists, else 639-3: (code, French, Dutch, English, native name, right to left).
LANGUAGES: list[tuple[str, str, str, str, str, bool]] = [
    ("fr", "français", "Frans", "French", "français", False),
    ("nl", "néerlandais", "Nederlands", "Dutch", "Nederlands", False),
    ("en", "anglais", "Engels", "English", "English", False),
    ("ar", "arabe", "Arabisch", "Arabic", "العربية", True),
    ("zgh", "amazighe (tamazight)", "Tamazight (Berbers)", "Tamazight (Berber)", "ⵜⴰⵎⴰⵣⵉⵖⵜ", False),
    ("tr", "turc", "Turks", "Turkish", "Türkçe", False),
    ("es", "espagnol", "Spaans", "Spanish", "español", False),
    ("pt", "portugais", "Portugees", "Portuguese", "português", False),
    ("it", "italien", "Italiaans", "Italian", "italiano", False),
    ("de", "allemand", "Duits", "German", "Deutsch", False),
    ("ro", "roumain", "Roemeens", "Romanian", "română", False),
    ("bg", "bulgare", "Bulgaars", "Bulgarian", "български", False),
    ("pl", "polonais", "Pools", "Polish", "polski", False),
    ("sq", "albanais", "Albanees", "Albanian", "shqip", False),
    ("ru", "russe", "Russisch", "Russian", "русский", False),
    ("uk", "ukrainien", "Oekraïens", "Ukrainian", "українська", False),
    ("ka", "géorgien", "Georgisch", "Georgian", "ქართული", False),
    ("hy", "arménien", "Armeens", "Armenian", "հայերեն", False),
    ("fa", "persan (farsi)", "Perzisch (Farsi)", "Persian (Farsi)", "فارسی", True),
    ("ps", "pachto", "Pasjtoe", "Pashto", "پښتو", True),
    ("ti", "tigrinya", "Tigrinya", "Tigrinya", "ትግርኛ", False),
    ("so", "somali", "Somalisch", "Somali", "Soomaali", False),
    ("ln", "lingala", "Lingala", "Lingala", "lingála", False),
]


# --- The prison of Haren -------------------------------------------------------------------

PRISON: dict[str, Any] = {
    "code": "haren",
    "name_fr": "Prison de Haren",
    "name_nl": "Gevangenis van Haren",
    "name_en": "Haren prison",
    "address": "Witloofstraat/Rue du Witloof, 1130 Bruxelles",
    "closed_on_public_holidays": True,
}


@dataclass(frozen=True)
class UnitData:
    code: str
    name_fr: str
    name_nl: str
    name_en: str
    kind: str
    regime: str
    gender: str
    legal_statuses: tuple[str, ...]


UNITS: list[UnitData] = [
    UnitData(
        "remand-men",
        "Maison d'arrêt – hommes",
        "Arresthuis – mannen",
        "Remand prison – men",
        Unit.Kind.REMAND,
        Unit.Regime.CLOSED,
        Unit.Gender.MEN,
        ("accused",),
    ),
    UnitData(
        "sentenced-men",
        "Maison de peine – hommes",
        "Strafhuis – mannen",
        "Sentenced prison – men",
        Unit.Kind.SENTENCED,
        Unit.Regime.SEMI_OPEN,
        Unit.Gender.MEN,
        ("convicted",),
    ),
    UnitData(
        "women-closed",
        "Centre pour femmes – régime fermé",
        "Vrouwencentrum – gesloten regime",
        "Women's centre – closed regime",
        Unit.Kind.WOMEN,
        Unit.Regime.CLOSED,
        Unit.Gender.WOMEN,
        ("accused", "convicted"),
    ),
    UnitData(
        "women-open",
        "Centre pour femmes – régime ouvert",
        "Vrouwencentrum – open regime",
        "Women's centre – open regime",
        Unit.Kind.WOMEN,
        Unit.Regime.OPEN,
        Unit.Gender.WOMEN,
        ("convicted",),
    ),
    UnitData(
        "observation",
        "Centre d'observation",
        "Observatiecentrum",
        "Observation centre",
        Unit.Kind.OBSERVATION,
        Unit.Regime.CLOSED,
        Unit.Gender.MEN,
        ("accused", "convicted"),
    ),
    UnitData(
        "psychiatric-medical",
        "Centre psychiatrique et médical",
        "Psychiatrisch en medisch centrum",
        "Psychiatric and medical centre",
        Unit.Kind.PSYCHIATRIC_MEDICAL,
        Unit.Regime.CLOSED,
        Unit.Gender.MIXED,
        ("interned",),
    ),
]

# Room names, used again by the activities' editions.
HALL = "Centre d'activités – Salle polyvalente / Polyvalente zaal"
CLASSROOM_1 = "Centre d'activités – Classe 1 / Klaslokaal 1"
CLASSROOM_2 = "Centre d'activités – Classe 2 / Klaslokaal 2"
COMPUTER_ROOM = "Centre d'activités – Salle informatique / Computerlokaal"
WORKSHOP = "Centre d'activités – Atelier / Atelier"
LIBRARY = "Bibliothèque / Bibliotheek"
FAMILY_ROOM = "Espace familles / Familieruimte"
REMAND_ROOM = "Maison d'arrêt – local de section / afdelingslokaal"
SENTENCED_ROOM = "Maison de peine – local de section / afdelingslokaal"
WOMEN_ROOM = "Centre pour femmes – salle commune / gemeenschappelijke ruimte"
PSYCHIATRIC_ROOM = "Centre psychiatrique – salle de groupe / groepsruimte"


@dataclass(frozen=True)
class RoomData:
    name: str
    capacity: int
    equipment: str
    unit: str = ""  # empty for the shared rooms of the activity centre


ROOMS: list[RoomData] = [
    RoomData(HALL, 25, "Scène, sonorisation, projecteur, 30 chaises empilables"),
    RoomData(CLASSROOM_1, 14, "Tableau blanc, 14 tables, projecteur"),
    RoomData(CLASSROOM_2, 14, "Tableau blanc, 14 tables, lecteur audio"),
    RoomData(COMPUTER_ROOM, 10, "10 ordinateurs hors ligne, imprimante, projecteur"),
    RoomData(WORKSHOP, 12, "Éviers, chevalets, grandes tables, armoire fermée pour le matériel"),
    RoomData(LIBRARY, 12, "Rayonnages, 8 tables, coin lecture, livres audio"),
    RoomData(FAMILY_ROOM, 16, "Coin jeux pour enfants, table à langer, tables basses"),
    RoomData(REMAND_ROOM, 8, "Tables, chaises, tableau papier", unit="remand-men"),
    RoomData(SENTENCED_ROOM, 8, "Tables, chaises, tableau papier", unit="sentenced-men"),
    RoomData(WOMEN_ROOM, 10, "Tables, canapé, tableau blanc", unit="women-closed"),
    RoomData(PSYCHIATRIC_ROOM, 8, "Chaises en cercle, coussins, lumière tamisable", unit="psychiatric-medical"),
]

# (weekday 0 = Monday, from, until)
ACTIVITY_WINDOWS: list[tuple[int, dt.time, dt.time]] = [
    *[
        (weekday, start, end)
        for weekday in range(5)
        for start, end in ((dt.time(8, 30), dt.time(11, 45)), (dt.time(13, 30), dt.time(16, 45)))
    ],
    (5, dt.time(9, 0), dt.time(11, 45)),
]

# Closure days besides public holidays: (weeks after the current week, weekday, reason).
# Each is created once, keyed on its reason, so that re-running the demo later does not move it.
CLOSURE_DAYS: list[tuple[int, int, str]] = [
    (3, 3, "Journée de formation du personnel · Opleidingsdag voor het personeel"),
    (6, 1, "Fouille générale de l'établissement · Algemene doorzoeking van de inrichting"),
    (10, 2, "Exercice d'évacuation · Evacuatieoefening"),
]


# --- Organisations -------------------------------------------------------------------------

APO = "APO"
RIZOME = "Rizome-BXL"
SIREAS = "Service d'Action Sociale Bruxellois (Siréas)"
FAMD = "Fondation pour l'Assistance Morale aux Détenus"
COORDINATION_COCOM = "Coordination Cocom de l'aide aux justiciables (Bruss'help)"
COORDINATION_FRENCH = "Coordination de l'aide aux justiciables de la Communauté française"
COORDINATION_FLEMISH = "Gemeenschapscoördinatie justitieel welzijnswerk van de Vlaamse Gemeenschap"
CAW = "CAW Brussel"
CBE = "Centrum voor Basiseducatie Brussel"
LIRE_ET_ECRIRE = "Lire et Écrire Bruxelles"
MEDIANTE = "Médiante"
THEATRE_COMPANY = "Compagnie Les Planches (démo)"
ART_COLLECTIVE = "Collectif Pinceaux Libres (démo)"
PRISON_ADMINISTRATION = "Direction de la prison de Haren"

COCOM_ACCREDITATION = "Agréé Cocom (ordonnance du 7 novembre 2002)"


@dataclass(frozen=True)
class ContactData:
    name: str
    function: str
    email: str


@dataclass(frozen=True)
class OrganisationData:
    name: str
    acronym: str
    kind: str
    community: str  # community code, or empty
    languages: tuple[str, ...]
    enterprise_number: str
    email: str
    contacts: tuple[ContactData, ...]
    accreditation: str = ""
    address: str = ""
    runs_prison: bool = False  # a prison administration: linked to the demo prison


ORGANISATIONS: list[OrganisationData] = [
    OrganisationData(
        APO,
        "APO",
        Organisation.Kind.JUSTICE_AID_SERVICE,
        "cocom",
        ("fr", "nl", "ar", "en"),
        enterprise_number("08412736"),
        "info@apo.example.org",
        (
            ContactData("Nadia El Amrani", "Responsable du service", "n.elamrani@apo.example.org"),
            ContactData("Julien Dubois", "Travailleur social, activités collectives", "j.dubois@apo.example.org"),
        ),
        accreditation=COCOM_ACCREDITATION,
    ),
    OrganisationData(
        RIZOME,
        "Rizome",
        Organisation.Kind.JUSTICE_AID_SERVICE,
        "cocom",
        ("fr", "nl", "en"),
        enterprise_number("08539021"),
        "contact@rizome-bxl.example.org",
        (
            ContactData(
                "Lotte Peeters", "Maatschappelijk werker · travailleuse sociale", "l.peeters@rizome-bxl.example.org"
            ),
            ContactData("Olivier Mertens", "Coordinateur", "o.mertens@rizome-bxl.example.org"),
        ),
        accreditation=COCOM_ACCREDITATION,
    ),
    OrganisationData(
        SIREAS,
        "Siréas",
        Organisation.Kind.JUSTICE_AID_SERVICE,
        "cocom",
        ("fr", "nl", "es", "pt", "ar"),
        enterprise_number("04276613"),
        "sasb@sireas.example.org",
        (ContactData("Carlos Moreno", "Assistant social", "c.moreno@sireas.example.org"),),
        accreditation=COCOM_ACCREDITATION,
    ),
    OrganisationData(
        FAMD,
        "FAMD",
        Organisation.Kind.JUSTICE_AID_SERVICE,
        "cocom",
        ("fr", "nl"),
        enterprise_number("04109857"),
        "secretariat@famd.example.org",
        (
            ContactData("Isabelle Lemaire", "Assistante sociale", "i.lemaire@famd.example.org"),
            ContactData("Philippe Wouters", "Directeur", "p.wouters@famd.example.org"),
        ),
        accreditation=COCOM_ACCREDITATION,
    ),
    OrganisationData(
        COORDINATION_COCOM,
        "Coord. Cocom",
        Organisation.Kind.COORDINATION_BODY,
        "cocom",
        ("fr", "nl"),
        enterprise_number("08705542"),
        "justice@brusshelp.example.org",
        (ContactData("Sophie Lambert", "Coordinatrice de communauté (Cocom)", "s.lambert@brusshelp.example.org"),),
    ),
    OrganisationData(
        COORDINATION_FRENCH,
        "Coord. FWB",
        Organisation.Kind.COORDINATION_BODY,
        "french",
        ("fr",),
        enterprise_number("02163349"),
        "coordination.haren@fwb.example.org",
        (ContactData("Anne-Catherine Bodart", "Coordinatrice de communauté", "ac.bodart@fwb.example.org"),),
    ),
    OrganisationData(
        COORDINATION_FLEMISH,
        "Coörd. VG",
        Organisation.Kind.COORDINATION_BODY,
        "flemish",
        ("nl", "fr"),
        enterprise_number("03166211"),
        "haren@vlaamsegemeenschap.example.org",
        (ContactData("Jan Vermeulen", "Gemeenschapscoördinator", "j.vermeulen@vlaamsegemeenschap.example.org"),),
    ),
    OrganisationData(
        CAW,
        "CAW Brussel",
        Organisation.Kind.JUSTICE_AID_SERVICE,
        "flemish",
        ("nl", "fr", "en"),
        enterprise_number("04654318"),
        "justitieelwelzijnswerk@cawbrussel.example.org",
        (ContactData("Sarah Claes", "Medewerker justitieel welzijnswerk", "s.claes@cawbrussel.example.org"),),
        accreditation="Erkend door de Vlaamse Gemeenschap (centrum algemeen welzijnswerk)",
    ),
    OrganisationData(
        CBE,
        "CBE Brussel",
        Organisation.Kind.EDUCATION_CENTRE,
        "flemish",
        ("nl",),
        enterprise_number("04496271"),
        "gevangenis@basiseducatie-brussel.example.org",
        (
            ContactData(
                "Bram De Smet", "Leerkracht Nederlands tweede taal", "b.desmet@basiseducatie-brussel.example.org"
            ),
        ),
    ),
    OrganisationData(
        LIRE_ET_ECRIRE,
        "LEE Bruxelles",
        Organisation.Kind.EDUCATION_CENTRE,
        "french",
        ("fr",),
        enterprise_number("04223877"),
        "prison@lire-et-ecrire-bxl.example.org",
        (ContactData("Amina Bouzid", "Formatrice en alphabétisation", "a.bouzid@lire-et-ecrire-bxl.example.org"),),
    ),
    OrganisationData(
        MEDIANTE,
        "Médiante",
        Organisation.Kind.PARTNER,
        "",
        ("fr", "nl"),
        enterprise_number("04625519"),
        "bruxelles@mediante.example.org",
        (ContactData("Hélène Fontaine", "Médiatrice", "h.fontaine@mediante.example.org"),),
    ),
    OrganisationData(
        THEATRE_COMPANY,
        "Les Planches",
        Organisation.Kind.PARTNER,
        "french",
        ("fr", "nl"),
        enterprise_number("07718204"),
        "bonjour@lesplanches.example.org",
        (
            ContactData("Camille Renard", "Comédienne, animatrice d'ateliers", "c.renard@lesplanches.example.org"),
            ContactData("Hugo Simon", "Chargé de production", "h.simon@lesplanches.example.org"),
        ),
    ),
    OrganisationData(
        ART_COLLECTIVE,
        "Pinceaux Libres",
        Organisation.Kind.PARTNER,
        "",
        ("fr", "nl", "ar"),
        enterprise_number("07935567"),
        "atelier@pinceauxlibres.example.org",
        (ContactData("Yasmine Haddad", "Artiste bénévole, coordinatrice", "y.haddad@pinceauxlibres.example.org"),),
    ),
    OrganisationData(
        PRISON_ADMINISTRATION,
        "Direction Haren",
        Organisation.Kind.PRISON_ADMINISTRATION,
        "",
        ("fr", "nl"),
        enterprise_number("03085364"),
        "direction.haren@prison.example.org",
        (
            ContactData(
                "Pieter Janssens",
                "Responsable des activités · verantwoordelijke activiteiten",
                "p.janssens@prison.example.org",
            ),
            ContactData("Fatima Benali", "Service psychosocial", "f.benali@prison.example.org"),
        ),
        address="Witloofstraat/Rue du Witloof, 1130 Bruxelles",
        runs_prison=True,
    ),
]


@dataclass(frozen=True)
class PublicTexts:
    """What an organisation does and for whom, as its public page says it (French, Dutch, English)."""

    description: tuple[str, str, str]
    audience: tuple[str, str, str]


_DETAINEES_AND_RELATIVES = (
    "Les personnes détenues à Bruxelles, inculpées ou condamnées, et leurs proches.",
    "Gedetineerden in Brussel, verdacht of veroordeeld, en hun naasten.",
    "People detained in Brussels, accused or convicted, and their relatives.",
)

ORGANISATION_TEXTS: dict[str, PublicTexts] = {
    APO: PublicTexts(
        (
            "Service d'aide aux justiciables agréé par la Cocom : accompagnement social et psychologique pendant "
            "la détention et à la sortie, et activités collectives à la prison de Haren.",
            "Door de GGC erkende dienst justitieel welzijnswerk: sociale en psychologische begeleiding tijdens de "
            "detentie en bij de vrijlating, en groepsactiviteiten in de gevangenis van Haren.",
            "Justice-aid service accredited by the Cocom: social and psychological support during detention and "
            "on release, and group activities in Haren prison.",
        ),
        _DETAINEES_AND_RELATIVES,
    ),
    RIZOME: PublicTexts(
        (
            "Aide sociale et psychologique aux personnes détenues et libérées ; ateliers collectifs sur la vie "
            "quotidienne, le logement et la préparation de la sortie.",
            "Sociale en psychologische hulp aan gedetineerden en vrijgelaten personen; groepsateliers over het "
            "dagelijks leven, wonen en de voorbereiding van de vrijlating.",
            "Social and psychological aid to detained and released people; group workshops on daily life, "
            "housing and preparing for release.",
        ),
        _DETAINEES_AND_RELATIVES,
    ),
    SIREAS: PublicTexts(
        (
            "Service social bruxellois qui accompagne les personnes détenues dans leurs démarches, en plusieurs "
            "langues, notamment pour les personnes d'origine étrangère.",
            "Brusselse sociale dienst die gedetineerden in hun stappen begeleidt, in meerdere talen, vooral ook "
            "mensen van buitenlandse herkomst.",
            "Brussels social service that helps detainees with their procedures, in several languages, notably "
            "people of foreign origin.",
        ),
        _DETAINEES_AND_RELATIVES,
    ),
    FAMD: PublicTexts(
        (
            "Assistance morale et sociale aux personnes détenues ; ateliers d'expression et de théâtre pour "
            "renouer avec la parole et le groupe.",
            "Morele en sociale bijstand aan gedetineerden; expressie- en theaterateliers om opnieuw het woord te "
            "nemen en in groep te werken.",
            "Moral and social support to detainees; expression and theatre workshops to find one's voice again "
            "and work in a group.",
        ),
        _DETAINEES_AND_RELATIVES,
    ),
    COORDINATION_COCOM: PublicTexts(
        (
            "Coordonne l'offre d'aide et d'activités collectives des services bicommunautaires à Haren, et fait le "
            "lien avec le secteur de l'aide aux sans-abri (Bruss'help).",
            "Coördineert het hulp- en groepsaanbod van de bicommunautaire diensten in Haren en legt de brug met de "
            "daklozenhulp (Bruss'help).",
            "Coordinates the help and group activities of the bicommunity services in Haren, and links them with "
            "homelessness services (Bruss'help).",
        ),
        (
            "Les services, les partenaires et les acteurs de la prison.",
            "De diensten, de partners en de actoren van de gevangenis.",
            "Services, partners and the prison's staff.",
        ),
    ),
    COORDINATION_FRENCH: PublicTexts(
        (
            "Coordonne l'offre des services et associations de la Communauté française à la prison de Haren.",
            "Coördineert het aanbod van de diensten en verenigingen van de Franse Gemeenschap in de gevangenis "
            "van Haren.",
            "Coordinates the offer of the French Community's services and associations in Haren prison.",
        ),
        (
            "Les services, les partenaires et les acteurs de la prison.",
            "De diensten, de partners en de actoren van de gevangenis.",
            "Services, partners and the prison's staff.",
        ),
    ),
    COORDINATION_FLEMISH: PublicTexts(
        (
            "Coordonne l'offre de la Communauté flamande (aide sociale, formation, culture, sport) à Haren.",
            "Coördineert het aanbod van de Vlaamse Gemeenschap (welzijn, onderwijs, cultuur, sport) in Haren.",
            "Coordinates the Flemish Community's offer (welfare, education, culture, sport) in Haren.",
        ),
        (
            "Les services, les partenaires et les acteurs de la prison.",
            "De diensten, de partners en de actoren van de gevangenis.",
            "Services, partners and the prison's staff.",
        ),
    ),
    CAW: PublicTexts(
        (
            "Centre d'aide sociale générale : accompagnement des personnes détenues et de leurs proches, en "
            "néerlandais, en français et en anglais.",
            "Centrum algemeen welzijnswerk: begeleiding van gedetineerden en hun naasten, in het Nederlands, het "
            "Frans en het Engels.",
            "General welfare centre: support for detainees and their relatives, in Dutch, French and English.",
        ),
        _DETAINEES_AND_RELATIVES,
    ),
    CBE: PublicTexts(
        (
            "Cours de base en néerlandais, calcul et numérique pour adultes, donnés aussi en prison.",
            "Basisvorming voor volwassenen (Nederlands, rekenen, digitale vaardigheden), ook in de gevangenis.",
            "Basic adult education (Dutch, numeracy, digital skills), also in prison.",
        ),
        (
            "Les adultes détenus qui veulent apprendre le néerlandais ou reprendre les bases.",
            "Gedetineerde volwassenen die Nederlands willen leren of de basis willen opfrissen.",
            "Detained adults who want to learn Dutch or brush up the basics.",
        ),
    ),
    LIRE_ET_ECRIRE: PublicTexts(
        (
            "Alphabétisation et français pour adultes, en petits groupes.",
            "Alfabetisering en Frans voor volwassenen, in kleine groepen.",
            "Literacy and French for adults, in small groups.",
        ),
        (
            "Les adultes détenus qui lisent ou écrivent peu, ou qui ne parlent pas encore le français.",
            "Gedetineerde volwassenen die weinig lezen of schrijven, of nog geen Frans spreken.",
            "Detained adults who read or write little, or do not speak French yet.",
        ),
    ),
    MEDIANTE: PublicTexts(
        (
            "Médiation entre auteurs et victimes d'infractions (justice restauratrice), et séances de sensibilisation.",
            "Bemiddeling tussen daders en slachtoffers (herstelrecht), en sensibiliseringssessies.",
            "Mediation between offenders and victims (restorative justice), and awareness sessions.",
        ),
        (
            "Les personnes détenues qui souhaitent réfléchir aux conséquences des faits ou entrer en médiation.",
            "Gedetineerden die willen nadenken over de gevolgen van de feiten of een bemiddeling willen starten.",
            "Detainees who wish to reflect on the consequences of the offence or start a mediation.",
        ),
    ),
    THEATRE_COMPANY: PublicTexts(
        (
            "Compagnie de théâtre qui joue et anime des ateliers d'improvisation et de création collective.",
            "Theatergezelschap dat voorstellingen speelt en ateliers improvisatie en collectieve creatie leidt.",
            "Theatre company that performs and runs improvisation and collective creation workshops.",
        ),
        (
            "Tout public ; en prison, les personnes détenues qui veulent s'exprimer sur scène ou assister à un "
            "spectacle.",
            "Iedereen; in de gevangenis gedetineerden die zich op het podium willen uiten of een voorstelling "
            "willen bijwonen.",
            "Everyone; in prison, detainees who want to express themselves on stage or see a performance.",
        ),
    ),
    ART_COLLECTIVE: PublicTexts(
        (
            "Collectif d'artistes bénévoles : ateliers de dessin et de peinture.",
            "Collectief van vrijwillige kunstenaars: teken- en schilderateliers.",
            "Collective of volunteer artists: drawing and painting workshops.",
        ),
        (
            "Les personnes détenues, débutantes ou non.",
            "Gedetineerden, beginners of niet.",
            "Detainees, beginners or not.",
        ),
    ),
}


# --- Users -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserData:
    username: str
    first_name: str
    last_name: str
    email: str
    language: str
    organisation: str
    role: str
    is_superuser: bool = False


USERS: list[UserData] = [
    UserData(
        "admin",
        "Thomas",
        "Verhaegen",
        "admin@concerto.example.org",
        "fr",
        COORDINATION_COCOM,
        Role.ADMINISTRATOR,
        is_superuser=True,
    ),
    UserData(
        "coordinator",
        "Sophie",
        "Lambert",
        "s.lambert@brusshelp.example.org",
        "fr",
        COORDINATION_COCOM,
        Role.COORDINATOR,
    ),
    # The privacy officer (DPO) of the coordination: audits the access log, answers people's requests.
    UserData(
        "privacy",
        "Elise",
        "Vandenberghe",
        "e.vandenberghe@brusshelp.example.org",
        "fr",
        COORDINATION_COCOM,
        Role.PRIVACY_OFFICER,
    ),
    UserData("manager", "Nadia", "El Amrani", "n.elamrani@apo.example.org", "fr", APO, Role.SERVICE_MANAGER),
    UserData("worker", "Julien", "Dubois", "j.dubois@apo.example.org", "fr", APO, Role.SERVICE_WORKER),
    UserData("worker2", "Lotte", "Peeters", "l.peeters@rizome-bxl.example.org", "nl", RIZOME, Role.SERVICE_WORKER),
    UserData(
        "partner",
        "Camille",
        "Renard",
        "c.renard@lesplanches.example.org",
        "fr",
        THEATRE_COMPANY,
        Role.PARTNER_FACILITATOR,
    ),
    UserData(
        "prison", "Pieter", "Janssens", "p.janssens@prison.example.org", "nl", PRISON_ADMINISTRATION, Role.PRISON_STAFF
    ),
    # More facilitators, so that every edition has its own people.
    UserData("sireas", "Carlos", "Moreno", "c.moreno@sireas.example.org", "fr", SIREAS, Role.SERVICE_WORKER),
    UserData("famd", "Isabelle", "Lemaire", "i.lemaire@famd.example.org", "fr", FAMD, Role.SERVICE_WORKER),
    UserData("caw", "Sarah", "Claes", "s.claes@cawbrussel.example.org", "nl", CAW, Role.SERVICE_WORKER),
    UserData(
        "teacher",
        "Amina",
        "Bouzid",
        "a.bouzid@lire-et-ecrire-bxl.example.org",
        "fr",
        LIRE_ET_ECRIRE,
        Role.PARTNER_FACILITATOR,
    ),
    UserData(
        "leraar", "Bram", "De Smet", "b.desmet@basiseducatie-brussel.example.org", "nl", CBE, Role.PARTNER_FACILITATOR
    ),
    UserData(
        "mediator", "Hélène", "Fontaine", "h.fontaine@mediante.example.org", "fr", MEDIANTE, Role.PARTNER_FACILITATOR
    ),
    UserData(
        "volunteer",
        "Yasmine",
        "Haddad",
        "y.haddad@pinceauxlibres.example.org",
        "fr",
        ART_COLLECTIVE,
        Role.PARTNER_FACILITATOR,
    ),
]
