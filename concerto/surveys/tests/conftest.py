"""Fixtures of the builder and entry tests: the needs questionnaire of ``building`` and its campaign.

The campaign runs at Haren for men and the accused, in units A and B, over this quarter,
run by the service APO (whose worker types in forms).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from concerto.accounts.models import Role, User
from concerto.accounts.permissions import Actor
from concerto.organisations.models import Organisation
from concerto.prisons.models import Unit
from concerto.reference.models import Category, TargetGroup
from concerto.surveys import services
from concerto.surveys.forms import current_quarter
from concerto.surveys.models import Campaign, Option, Question, QuestionnaireVersion
from concerto.surveys.services import AnswerInput, ResponseData
from concerto.surveys.tests.building import build_draft, languages, theme_categories
from concerto.testing.factories import OrganisationFactory, UnitFactory, target_group
from conftest import make_actor


@dataclass
class Needs:
    coordinator: User
    actor: Actor
    version: QuestionnaireVersion
    questions: dict[str, Question]
    options: dict[str, Option]
    categories: dict[str, Category]
    campaign: Campaign
    unit_a: Unit
    unit_b: Unit
    men: TargetGroup
    accused: TargetGroup

    def q(self, code: str) -> int:
        return self.questions[code].pk

    def o(self, code: str) -> int:
        return self.options[code].pk

    def form(self, number: str = "17", language: str = "fr", **answers: AnswerInput) -> ResponseData:
        """A valid paper form unless ``answers`` say otherwise: themes ranked, "no" to question 2."""
        given = {
            "themes": AnswerInput(ranks={self.o("vocational"): 1, self.o("sport"): 2}),
            "before": AnswerInput(options=[self.o("no")]),
            **answers,
        }
        return ResponseData(
            language=language,
            paper_number=number,
            unit=self.unit_a,
            target_group=self.men,
            answers={self.q(code): answer for code, answer in given.items()},
        )


@pytest.fixture
def needs(coordinator, service, prison) -> Needs:
    """Version 1 published, and its campaign at Haren run by APO."""
    languages()
    categories = theme_categories()
    actor = make_actor(coordinator)
    built = build_draft(actor, coordinator.memberships.get().organisation, categories)
    version = services.version_publish(actor=actor, version=built["version"])
    unit_a = UnitFactory(prison=prison, code="a", name_fr="Unité A", name_nl="Afdeling A")
    unit_b = UnitFactory(prison=prison, code="b", name_fr="Unité B", name_nl="Afdeling B")
    men, accused = target_group("men"), target_group("accused")
    starts_on, ends_on = current_quarter(timezone.localdate())
    campaign = services.campaign_create(
        actor=actor,
        data={
            "name": "Besoins Haren",
            "version": version,
            "organisation": service,
            "prison": prison,
            "target_groups": [men, accused],
            "units": [unit_a, unit_b],
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    return Needs(
        coordinator=coordinator,
        actor=actor,
        version=version,
        questions=built["questions"],
        options=built["options"],
        categories=categories,
        campaign=campaign,
        unit_a=unit_a,
        unit_b=unit_b,
        men=men,
        accused=accused,
    )


@pytest.fixture
def draft(coordinator) -> dict[str, Any]:
    """The same questionnaire as ``needs``, left as a draft."""
    languages()
    return build_draft(make_actor(coordinator), coordinator.memberships.get().organisation, theme_categories())


@pytest.fixture
def other_manager(member, other_service) -> User:
    return member(Role.SERVICE_MANAGER, other_service, username="other-manager")


@pytest.fixture
def coordination() -> Organisation:
    return OrganisationFactory(name="Coordination", kind=Organisation.Kind.COORDINATION_BODY)
