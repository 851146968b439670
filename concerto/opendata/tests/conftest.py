"""A small public offer: a theatre workshop with a partner, a French class, and a draft."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from concerto.catalogue.models import Activity, ActivityStatus
from concerto.organisations.models import Organisation
from concerto.testing.factories import (
    ActivityFactory,
    CategoryFactory,
    EditionFactory,
    LanguageFactory,
    OrganisationFactory,
    PrisonFactory,
    target_group,
)


@dataclass
class Offer:
    theatre: Activity
    french: Activity
    draft: Activity
    organiser: Organisation
    partner: Organisation


@pytest.fixture
def offer(db) -> Offer:
    prison = PrisonFactory(address="Witloofstraat/Rue du Witloof, 1130 Bruxelles")
    sociocultural = CategoryFactory()
    theatre_category = CategoryFactory(
        code="theatre", name_fr="Théâtre", name_nl="Theater", name_en="Theatre", parent=sociocultural
    )
    training = CategoryFactory(code="training", name_fr="Formation", name_nl="Vorming", name_en="Training")
    organiser = OrganisationFactory(
        name="Service d'aide aux justiciables",
        email="info@example.org",
        phone="+32 2 000 00 00",
        bruxelles_social_id="1234",
        address="Rue Haute 1, 1000 Bruxelles",
        website="https://example.org",
    )
    partner = OrganisationFactory(name="Compagnie de théâtre", kind=Organisation.Kind.PARTNER)
    theatre = ActivityFactory(
        title_fr="Atelier théâtre",
        title_nl="Theaterworkshop",
        title_en="Theatre workshop",
        summary_fr="Jouer ensemble.",
        summary_nl="Samen spelen.",
        description_fr="Dix séances d'improvisation.",
        screening_fr="Entretien préalable.",
        objectives_fr="Prendre la parole.",
        category=theatre_category,
        organiser=organiser,
        target_groups=[target_group("men"), target_group("accused")],
        languages=[
            LanguageFactory(),
            LanguageFactory(code="nl", name_fr="néerlandais", name_nl="Nederlands", name_en="Dutch"),
        ],
    )
    theatre.partners.set([partner])
    EditionFactory(activity=theatre, prison=prison)
    french = ActivityFactory(title_fr="Cours de français", title_nl="Frans", category=training, organiser=organiser)
    EditionFactory(activity=french, prison=prison, recurrence="FREQ=WEEKLY;BYDAY=MO,TH")
    draft = ActivityFactory(title_fr="Brouillon secret", status=ActivityStatus.DRAFT, organiser=organiser)
    EditionFactory(activity=draft, prison=prison)
    return Offer(theatre=theatre, french=french, draft=draft, organiser=organiser, partner=partner)
