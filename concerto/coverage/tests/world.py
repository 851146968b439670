"""A small world whose gaps and overlaps can be checked by heart (first quarter of 2027, Haren).

Reference: target groups men, accused, convicted; root categories training (sub-theme:
reception class) and sociocultural (theatre, music); unit A houses accused men, unit B
convicted men.

=====  =========  ===============  ===========  ======  ========  ===========================
org    theme      audience         language     unit    capacity  sessions
=====  =========  ===============  ===========  ======  ========  ===========================
APO    reception  men, accused     French       A       10        Tue 5, 12, 19 Jan, 14–16 h
SIREAS music      men, accused     Dutch        A       12        Tue 5, 12 Jan, 14:30–15:30
APO    theatre    men, convicted   French       B       10        Tue 5 Jan, 14–16 h
Rizome theatre    men, convicted   Dutch        B       8         Thu 4 Feb, 14–16 h
=====  =========  ===============  ===========  ======  ========  ===========================

People present: 10 accused in unit A speak Romanian (6 of them on the reception class's waiting
list), 2 accused in unit A speak Arabic (refused for lack of places), 7 convicted in unit B
speak French. A needs campaign: 7 convicted (unit B, French form) wish for music, 3 accused
(unit A, Arabic form) for the reception class.

Expected, and nothing else:

- gaps: music wished by 7 convicted whom no music edition reaches (demand without supply);
  reception class: 6 waiting + 2 refused for lack of places against 10 places (demand above
  supply); unit B has no training, nor have the convicted (unit and group without offer);
  Romanian spoken by 10 people present, no activity in it (language gap, from 10 speakers);
- overlaps: APO and Rizome both offer theatre to convicted men (organisation overlap); the
  reception class and music meet unit A at the same time twice (competing sessions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from concerto.accounts.models import User
from concerto.catalogue.models import Edition
from concerto.catalogue.scheduling import aware
from concerto.coverage.analysis import Period
from concerto.coverage.selectors import NO_PLACE_REFUSAL_CODE
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.reference.models import Category, Language, TargetGroup
from concerto.registrations.models import RefusalReason
from concerto.surveys.models import (
    Answer,
    Campaign,
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
    QuestionnaireVersion,
    Response,
    Section,
    VersionStatus,
)
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    CategoryFactory,
    DetaineeFactory,
    EditionFactory,
    LanguageFactory,
    OrganisationFactory,
    PrisonFactory,
    SessionFactory,
    UnitFactory,
    UserFactory,
    target_group,
)

PERIOD = Period(start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 31))
PERIOD_QUERY = "period_start=2027-01-01&period_end=2027-03-31"


@dataclass
class CoverageWorld:
    prison: Prison
    unit_a: Unit
    unit_b: Unit
    men: TargetGroup
    accused: TargetGroup
    convicted: TargetGroup
    training: Category
    sociocultural: Category
    reception: Category
    theatre: Category
    music: Category
    languages: dict[str, Language]
    apo: Organisation
    rizome: Organisation
    sireas: Organisation
    reception_edition: Edition
    music_edition: Edition
    apo_theatre: Edition
    rizome_theatre: Edition
    campaign: Campaign


def categories() -> dict[str, Category]:
    training = CategoryFactory(code="training", name_fr="Formation", name_nl="Vorming", name_en="Training")
    socio = CategoryFactory(code="sociocultural", name_fr="Socioculturel", name_nl="Socio-cultureel")
    return {
        "training": training,
        "sociocultural": socio,
        "reception": CategoryFactory(
            code="reception-class",
            name_fr="Classes d'accueil",
            name_nl="Onthaalklas",
            name_en="Reception class",
            parent=training,
        ),
        "theatre": CategoryFactory(
            code="theatre", name_fr="Théâtre", name_nl="Theater", name_en="Theatre", parent=socio
        ),
        "music": CategoryFactory(code="music", name_fr="Musique", name_nl="Muziek", name_en="Music", parent=socio),
    }


def language(code: str) -> Language:
    names = {"fr": "français", "nl": "néerlandais", "ro": "roumain", "ar": "arabe"}
    english = {"fr": "French", "nl": "Dutch", "ro": "Romanian", "ar": "Arabic"}
    return LanguageFactory(code=code, name_fr=names[code], name_nl=english[code], name_en=english[code])


def edition(
    *,
    organiser: Organisation,
    category: Category,
    groups: list[TargetGroup],
    speaks: Language,
    unit: Unit,
    capacity: int,
    title: str,
    **fields: Any,
) -> Edition:
    activity = ActivityFactory(
        organiser=organiser,
        category=category,
        target_groups=groups,
        languages=[speaks],
        title_fr=title,
        title_nl=title,
        title_en=title,
    )
    return EditionFactory(activity=activity, prison=unit.prison, units=[unit], capacity=capacity, **fields)


def sessions(edition: Edition, days: list[dt.date], starts: dt.time, ends: dt.time) -> None:
    for day in days:
        SessionFactory(edition=edition, starts_at=aware(day, starts), ends_at=aware(day, ends))


def people(prison: Prison, unit: Unit, count: int, *, legal_status: str, speaks: Language) -> list[Any]:
    found = []
    for _ in range(count):
        detainee = DetaineeFactory(prison=prison, unit=unit, legal_status=legal_status)
        detainee.languages_spoken.set([speaks])
        found.append(detainee)
    return found


def needs_campaign(
    *, prison: Prison, organisation: Organisation, author: User, themes: dict[str, Category]
) -> tuple[Campaign, dict[str, Option]]:
    questionnaire = Questionnaire.objects.create(
        purpose=QuestionnairePurpose.NEEDS, name="Besoins 2027", organisation=organisation, created_by=author
    )
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=1,
        status=VersionStatus.PUBLISHED,
        languages=["fr", "ar"],
        title={"fr": "Vos besoins", "ar": "احتياجاتك"},
    )
    section = Section.objects.create(version=version, title={"fr": "Activités", "ar": "أنشطة"})
    question = Question.objects.create(
        section=section, code="themes", kind=QuestionKind.THEMES, text={"fr": "Thèmes", "ar": "مواضيع"}, max_choices=3
    )
    options = {
        code: Option.objects.create(question=question, position=n, code=code, category=category)
        for n, (code, category) in enumerate(themes.items())
    }
    campaign = Campaign.objects.create(
        name="Besoins hiver 2027",
        version=version,
        organisation=organisation,
        prison=prison,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 1, 29),
        created_by=author,
    )
    return campaign, options


def answers(
    campaign: Campaign, option: Option, count: int, *, group: TargetGroup, unit: Unit, form_language: str
) -> None:
    for _ in range(count):
        response = Response.objects.create(
            campaign=campaign, version=campaign.version, language=form_language, target_group=group, unit=unit
        )
        Answer.objects.create(response=response, question=option.question, option=option, rank=1)


def no_place_reason() -> RefusalReason:
    reason, _ = RefusalReason.objects.get_or_create(
        code=NO_PLACE_REFUSAL_CODE, defaults={"name_fr": "Plus de place", "name_en": "No place left"}
    )
    return reason


def build_world() -> CoverageWorld:
    prison = PrisonFactory()
    men, accused, convicted = target_group("men"), target_group("accused"), target_group("convicted")
    unit_a = UnitFactory(prison=prison, code="a", name_fr="Unité A", name_nl="Afdeling A", name_en="Unit A")
    unit_a.legal_statuses.set([accused])
    unit_b = UnitFactory(prison=prison, code="b", name_fr="Unité B", name_nl="Afdeling B", name_en="Unit B")
    unit_b.legal_statuses.set([convicted])
    cats = categories()
    languages = {code: language(code) for code in ("fr", "nl", "ro", "ar")}
    apo = OrganisationFactory(name="APO", acronym="APO")
    rizome = OrganisationFactory(name="Rizome-BXL", acronym="Rizome")
    sireas = OrganisationFactory(name="Siréas", acronym="Siréas")

    reception = edition(
        organiser=apo,
        category=cats["reception"],
        groups=[men, accused],
        speaks=languages["fr"],
        unit=unit_a,
        capacity=10,
        title="Classe d'accueil",
    )
    music = edition(
        organiser=sireas,
        category=cats["music"],
        groups=[men, accused],
        speaks=languages["nl"],
        unit=unit_a,
        capacity=12,
        title="Atelier musique",
    )
    apo_theatre = edition(
        organiser=apo,
        category=cats["theatre"],
        groups=[men, convicted],
        speaks=languages["fr"],
        unit=unit_b,
        capacity=10,
        title="Théâtre APO",
    )
    rizome_theatre = edition(
        organiser=rizome,
        category=cats["theatre"],
        groups=[men, convicted],
        speaks=languages["nl"],
        unit=unit_b,
        capacity=8,
        title="Théâtre Rizome",
        starts_on=dt.date(2027, 2, 1),
    )
    tuesdays = [dt.date(2027, 1, 5), dt.date(2027, 1, 12), dt.date(2027, 1, 19)]
    sessions(reception, tuesdays, dt.time(14, 0), dt.time(16, 0))
    sessions(music, tuesdays[:2], dt.time(14, 30), dt.time(15, 30))
    sessions(apo_theatre, tuesdays[:1], dt.time(14, 0), dt.time(16, 0))
    sessions(rizome_theatre, [dt.date(2027, 2, 4)], dt.time(14, 0), dt.time(16, 0))

    for detainee in people(prison, unit_a, 6, legal_status="accused", speaks=languages["ro"]):
        ApplicationFactory(edition=reception, detainee=detainee, status="waiting_list")
    people(prison, unit_a, 4, legal_status="accused", speaks=languages["ro"])
    for detainee in people(prison, unit_a, 2, legal_status="accused", speaks=languages["ar"]):
        ApplicationFactory(edition=reception, detainee=detainee, status="refused", refusal_reason=no_place_reason())
    people(prison, unit_b, 7, legal_status="convicted", speaks=languages["fr"])

    campaign, options = needs_campaign(
        prison=prison,
        organisation=apo,
        author=UserFactory(),
        themes={"music": cats["music"], "reception": cats["reception"]},
    )
    answers(campaign, options["music"], 7, group=convicted, unit=unit_b, form_language="fr")
    answers(campaign, options["reception"], 3, group=accused, unit=unit_a, form_language="ar")
    return CoverageWorld(
        prison=prison,
        unit_a=unit_a,
        unit_b=unit_b,
        men=men,
        accused=accused,
        convicted=convicted,
        training=cats["training"],
        sociocultural=cats["sociocultural"],
        reception=cats["reception"],
        theatre=cats["theatre"],
        music=cats["music"],
        languages=languages,
        apo=apo,
        rizome=rizome,
        sireas=sireas,
        reception_edition=reception,
        music_edition=music,
        apo_theatre=apo_theatre,
        rizome_theatre=rizome_theatre,
        campaign=campaign,
    )
