"""Permission matrix entries for questionnaires, their builder, campaigns and the keyboard entry.

World: the coordination body owns a needs questionnaire (version 1 published) whose campaign is
run by APO (the service of the matrix); APO owns an evaluation questionnaire with a draft.
Survey pages open to administrators, coordinators and service staff (partner facilitators and
prison staff: 403). Coordinators and administrators build every questionnaire; APO's manager
builds APO's (another questionnaire is a 404 to them); workers build nothing (403). A campaign
is seen, and its forms typed in, by its organisation's staff, coordinators and administrators;
another service gets a 404. The outputs' cases (paper forms, results) live beside, in
``permission_cases_outputs``.
"""

from __future__ import annotations

import datetime as dt

from concerto.accounts.models import User
from concerto.organisations.models import Organisation
from concerto.prisons.models import Unit
from concerto.reference.models import TargetGroup
from concerto.surveys.models import (
    Campaign,
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    Section,
    VersionStatus,
)
from concerto.testing.factories import LanguageFactory
from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Case, World, only

from . import permission_cases_outputs as outputs

BUILDERS = {"administrator", "coordinator"}
MANAGERS = BUILDERS | {"service_manager"}
STAFF = MANAGERS | {"service_worker"}


def build(world: World) -> None:
    LanguageFactory(code="fr")
    coordination = Organisation.objects.get(name="Coordination")
    apo = Organisation.objects.get(pk=world.organisation_id)
    author = User.objects.get(username="coordinator")
    needs = Questionnaire.objects.create(purpose="needs", name="Besoins", organisation=coordination, created_by=author)
    published = QuestionnaireVersion.objects.create(
        questionnaire=needs, number=1, status=VersionStatus.PUBLISHED, languages=["fr"], title={"fr": "Besoins"}
    )
    section = Section.objects.create(version=published, position=1, title={"fr": "Vous"})
    question = Question.objects.create(
        section=section, position=1, code="q1", kind=QuestionKind.SINGLE, text={"fr": "Oui ?"}
    )
    for position, label in enumerate(("Oui", "Non"), start=1):
        Option.objects.create(question=question, position=position, code=f"o{position}", label={"fr": label})
    campaign = Campaign.objects.create(
        name="Besoins Haren",
        version=published,
        organisation=apo,
        prison_id=world.prison_id,
        starts_on=dt.date.today(),
        ends_on=dt.date.today() + dt.timedelta(days=60),
        created_by=author,
    )
    campaign.units.set([Unit.objects.get(pk=world.unit_id)])
    campaign.target_groups.set([TargetGroup.objects.get(pk=world.target_group_id)])
    evaluation = Questionnaire.objects.create(
        purpose="evaluation", name="Avis APO", organisation=apo, created_by=User.objects.get(username="service_manager")
    )
    draft = QuestionnaireVersion.objects.create(questionnaire=evaluation, number=1, languages=["fr"])
    Section.objects.create(version=draft, position=1)
    world.extra.update(
        needs=needs.pk,
        needs_v1=published.pk,
        campaign=campaign.pk,
        evaluation=evaluation.pk,
        evaluation_draft=draft.pk,
    )
    outputs.build(world)


def surveys(allowed: set[str], yes: int = OK, other: int = FORBIDDEN) -> dict[str, int]:
    """Partner facilitators and prison staff get a 403 before anything is looked up."""
    return {**only(allowed, yes=yes, no=FORBIDDEN), "other_service_worker": other}


def cases() -> list[Case]:
    fr = "/fr/surveys"
    return [
        Case("surveys:campaign_list", lambda w: f"{fr}/", surveys(STAFF, other=OK)),
        Case("surveys:campaign_create", lambda w: f"{fr}/campaigns/new/", surveys(MANAGERS)),
        Case(
            "surveys:campaign_detail",
            lambda w: f"{fr}/campaigns/{w.extra['campaign']}/",
            surveys(STAFF, other=NOT_FOUND),
        ),
        Case(
            "surveys:campaign_update",
            lambda w: f"{fr}/campaigns/{w.extra['campaign']}/edit/",
            {**surveys(MANAGERS, other=NOT_FOUND)},
        ),
        Case(
            "surveys:response_entry",
            lambda w: f"{fr}/campaigns/{w.extra['campaign']}/entry/",
            surveys(STAFF, other=NOT_FOUND),
        ),
        # An empty form: those who may type in get the page back with its errors, nothing is written.
        Case(
            "surveys:response_entry",
            lambda w: f"{fr}/campaigns/{w.extra['campaign']}/entry/",
            surveys(STAFF, other=NOT_FOUND),
            "post",
            {},
        ),
        Case("surveys:questionnaire_list", lambda w: f"{fr}/questionnaires/", surveys(MANAGERS)),
        Case("surveys:questionnaire_create", lambda w: f"{fr}/questionnaires/new/", surveys(MANAGERS)),
        Case(
            "surveys:questionnaire_detail",
            lambda w: f"{fr}/questionnaires/{w.extra['needs']}/",
            {**surveys(BUILDERS), "service_manager": NOT_FOUND},
        ),
        Case(
            "surveys:questionnaire_detail",
            lambda w: f"{fr}/questionnaires/{w.extra['evaluation']}/",
            surveys(MANAGERS),
        ),
        Case(
            "surveys:version_builder",
            lambda w: f"{fr}/versions/{w.extra['evaluation_draft']}/",
            surveys(MANAGERS),
        ),
        # A published version is frozen: the builder sends to its preview.
        Case(
            "surveys:version_builder",
            lambda w: f"{fr}/versions/{w.extra['needs_v1']}/",
            {**surveys(BUILDERS, yes=REDIRECT), "service_manager": NOT_FOUND},
        ),
        Case(
            "surveys:version_preview",
            lambda w: f"{fr}/versions/{w.extra['needs_v1']}/preview/?lang=fr",
            {**surveys(BUILDERS), "service_manager": NOT_FOUND},
        ),
        # Publishing from the builder: the draft is incomplete, so it is refused with a message.
        Case(
            "surveys:version_builder",
            lambda w: f"{fr}/versions/{w.extra['evaluation_draft']}/",
            surveys(MANAGERS, yes=REDIRECT),
            "post",
            {"op": "publish"},
        ),
        Case(
            "surveys:version_new_draft",
            lambda w: f"{fr}/versions/{w.extra['needs_v1']}/new-version/",
            {**surveys(BUILDERS, yes=REDIRECT), "service_manager": NOT_FOUND},
            "post",
        ),
        *outputs.cases(),
    ]
