"""Questionnaires and campaigns are named in French, Dutch and English; each page shows the reader's language."""

from __future__ import annotations

import pytest
from django.utils import timezone

from concerto.surveys.models import Campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_a_campaign_named_in_three_languages_shows_each_on_its_pages(signed_in, coordinator, needs, service, prison):
    client = signed_in(coordinator)
    created = client.post(
        "/en/surveys/campaigns/new/",
        {
            "name": "Besoins — unité B",
            "name_nl": "Behoeften — afdeling B",
            "name_en": "Needs — unit B",
            "version": needs.version.pk,
            "organisation": service.pk,
            "prison": prison.pk,
            "target_groups": [needs.accused.pk],
            "units": [needs.unit_b.pk],
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": timezone.localdate().isoformat(),
        },
    )
    campaign = Campaign.objects.get(name="Besoins — unité B")
    assert created.status_code == 302
    assert (campaign.name_nl, campaign.name_en) == ("Behoeften — afdeling B", "Needs — unit B")

    dutch = client.get(f"/nl/surveys/campaigns/{campaign.pk}/").text
    assert "<h1>Behoeften — afdeling B" in dutch
    assert "Besoins — unité B" not in dutch
    assert "Behoeften — afdeling B" in client.get("/nl/surveys/").text
    assert "<h1>Besoins — unité B" in client.get(f"/fr/surveys/campaigns/{campaign.pk}/").text
    assert "<h1>Needs — unit B" in client.get(f"/en/surveys/campaigns/{campaign.pk}/").text


def test_a_name_not_yet_translated_shows_in_french_with_a_notice(signed_in, coordinator, needs, service, prison):
    campaign = Campaign.objects.create(
        name="Besoins — unité B",
        version=needs.version,
        organisation=service,
        prison=prison,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        created_by=coordinator,
    )
    page = signed_in(coordinator).get(f"/nl/surveys/campaigns/{campaign.pk}/").text
    assert '<span lang="fr">Besoins — unité B</span> <small class="fallback-notice">' in page


def test_the_questionnaire_form_takes_the_dutch_and_english_names(signed_in, coordinator, needs):
    client = signed_in(coordinator)
    form = client.get("/en/surveys/questionnaires/new/").text
    for field in ("name", "name_nl", "name_en"):
        assert f'name="{field}"' in form
    needs.version.questionnaire.name_nl = "Behoeftebevraging"
    needs.version.questionnaire.save()
    listing = client.get("/nl/surveys/questionnaires/").text
    assert "Behoeftebevraging" in listing


def test_changing_a_campaign_keeps_or_changes_its_translations(signed_in, coordinator, needs, service, prison):
    from concerto.surveys import services
    from conftest import make_actor

    actor = make_actor(coordinator)
    data = {
        "name": "Besoins",
        "name_nl": "Behoeften",
        "version": needs.version,
        "organisation": service,
        "prison": prison,
        "target_groups": [needs.accused],
        "units": [needs.unit_b],
        "starts_on": timezone.localdate(),
        "ends_on": timezone.localdate(),
    }
    campaign = services.campaign_create(actor=actor, data=data)
    services.campaign_update(actor=actor, campaign=campaign, data={"name_en": "Needs"})
    campaign.refresh_from_db()
    assert (campaign.name, campaign.name_nl, campaign.name_en) == ("Besoins", "Behoeften", "Needs")
