"""A small world for evaluation tests: APO's drawing workshop, an edition that is over, a later one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from concerto.accounts.models import Role, User
from concerto.catalogue.models import Activity, Edition, Session
from concerto.catalogue.scheduling import aware
from concerto.organisations.models import Organisation
from concerto.prisons.models import Unit
from concerto.registrations.models import Application
from concerto.surveys.models import (
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
    QuestionnaireVersion,
    Section,
    VersionStatus,
)
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    OrganisationFactory,
    SessionFactory,
    UnitFactory,
)


@dataclass
class Workshop:
    activity: Activity
    finished: Edition  # ended ten days ago
    later: Edition  # starts in a week
    unit: Unit
    partner: Organisation
    facilitator: User  # partner facilitator of both editions


@pytest.fixture
def workshop(prison, service, member) -> Workshop:
    today = timezone.localdate()
    unit = UnitFactory(prison=prison, code="a1", name_fr="Aile A1", name_nl="Vleugel A1")
    partner = OrganisationFactory(name="Pinceaux Libres", kind=Organisation.Kind.PARTNER)
    facilitator = member(Role.PARTNER_FACILITATOR, partner, username="volunteer")
    activity = ActivityFactory(organiser=service, title_fr="Atelier dessin", title_nl="Tekenatelier")
    activity.partners.add(partner)
    finished = EditionFactory(
        activity=activity,
        prison=prison,
        units=[unit],
        facilitators=[facilitator],
        starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=10),
    )
    later = EditionFactory(
        activity=activity,
        prison=prison,
        room=finished.room,
        units=[unit],
        facilitators=[facilitator],
        starts_on=today + dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=60),
    )
    return Workshop(activity, finished, later, unit, partner, facilitator)


def held_session(edition: Edition, days_ago: int, **fields) -> Session:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return SessionFactory(
        edition=edition, starts_at=aware(day, dt.time(14, 0)), origin=Session.Origin.ONE_OFF, **fields
    )


def participants(edition: Edition, count: int, status: str = "completed") -> list[Application]:
    return [
        ApplicationFactory(edition=edition, status=status, detainee=DetaineeFactory(prison=edition.prison))
        for _ in range(count)
    ]


def evaluation_version(organisation: Organisation, by: User) -> QuestionnaireVersion:
    """A published participant-evaluation questionnaire: a 1–5 scale and a yes/no question."""
    questionnaire = Questionnaire.objects.create(
        purpose=QuestionnairePurpose.EVALUATION,
        name="Évaluation des participants",
        organisation=organisation,
        created_by=by,
    )
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=1,
        status=VersionStatus.PUBLISHED,
        languages=["fr", "nl"],
        title={"fr": "Votre avis", "nl": "Uw mening"},
        published_at=timezone.now(),
        published_by=by,
    )
    section = Section.objects.create(version=version, position=1, title={"fr": "Avis", "nl": "Mening"})
    Question.objects.create(
        section=section,
        position=1,
        code="liked",
        kind=QuestionKind.SCALE,
        text={"fr": "Avez-vous aimé l'atelier ?", "nl": "Vond u het atelier leuk?"},
        is_required=True,
    )
    again = Question.objects.create(
        section=section,
        position=2,
        code="again",
        kind=QuestionKind.SINGLE,
        text={"fr": "Referiez-vous l'atelier ?", "nl": "Zou u het opnieuw doen?"},
    )
    Option.objects.create(question=again, position=1, code="yes", label={"fr": "Oui", "nl": "Ja"})
    Option.objects.create(question=again, position=2, code="no", label={"fr": "Non", "nl": "Nee"})
    return version
