"""The public offer's pages as a visitor meets them: what shows, what never shows, and how they cache."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from concerto.accounts.models import Role
from concerto.catalogue.models import ActivityStatus
from concerto.organisations.models import Organisation
from concerto.prisons.models import Unit
from concerto.public import stamp
from concerto.testing.factories import (
    ActivityFactory,
    EditionFactory,
    MembershipFactory,
    OrganisationFactory,
    PrisonFactory,
    RoomFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(name: str, *args: int, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def jsonld_of(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "no JSON-LD on the page"
    return json.loads(found.group(1))


def test_the_addresses_read_in_each_language():
    assert url("public:offer", language="fr") == "/fr/offre/"
    assert url("public:offer", language="nl") == "/nl/aanbod/"
    assert url("public:offer", language="en") == "/en/offer/"
    assert url("public:activity", 7, language="fr") == "/fr/offre/activites/7/"
    assert url("public:activity", 7, language="nl") == "/nl/aanbod/activiteiten/7/"
    assert url("public:organisation", 3, language="nl") == "/nl/aanbod/organisaties/3/"
    assert url("public:prison", 1, language="fr") == "/fr/offre/prisons/1/"


def test_the_offer_shows_published_activities_and_never_drafts_or_proposals(client: Client):
    shown = EditionFactory(activity__title_en="Theatre workshop").activity
    draft = EditionFactory(activity__status=ActivityStatus.DRAFT, activity__title_en="Secret draft").activity
    proposed = EditionFactory(activity__status=ActivityStatus.PROPOSED, activity__title_en="Proposal").activity

    page = client.get(url("public:offer")).content.decode()

    assert "Theatre workshop" in page
    assert "Secret draft" not in page
    assert "Proposal" not in page
    assert client.get(url("public:activity", shown.pk)).status_code == 200
    assert client.get(url("public:activity", draft.pk)).status_code == 404
    assert client.get(url("public:activity", proposed.pk)).status_code == 404


def test_search_and_filters_narrow_the_offer(client: Client):
    haren = PrisonFactory()
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Autre prison", name_en="Other prison")
    EditionFactory(activity__title_en="Theatre workshop", activity__summary_en="Improvisation", prison=haren)
    EditionFactory(activity__title_en="Cooking class", prison=elsewhere)
    women = UnitFactory(prison=haren, code="women", kind=Unit.Kind.WOMEN, regime=Unit.Regime.OPEN)
    EditionFactory(activity__title_en="Painting", prison=haren, units=[women])

    def titles(**query: object) -> set[str]:
        page = client.get(url("public:offer"), query).content.decode()
        return {title for title in ("Theatre workshop", "Cooking class", "Painting") if title in page}

    assert titles() == {"Theatre workshop", "Cooking class", "Painting"}
    assert titles(prison=elsewhere.pk) == {"Cooking class"}
    assert titles(unit_kind=Unit.Kind.WOMEN) == {"Painting"}
    assert titles(regime=Unit.Regime.OPEN) == {"Painting"}
    assert titles(q="theatre") == {"Theatre workshop"}


def test_a_filter_outside_the_offer_or_a_backwards_period_shows_an_error_not_a_failure(client: Client):
    EditionFactory(activity__title_en="Theatre workshop")
    today = timezone.localdate()

    response = client.get(
        url("public:offer"),
        {"prison": "999", "period_start": today.isoformat(), "period_end": (today - dt.timedelta(days=1)).isoformat()},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The end of the period is before its start." in page
    assert "Select a valid choice." in page
    assert "Theatre workshop" in page  # the wrong filters are left out
    assert "All prisons" in page


def test_the_period_filter_keeps_activities_that_run_then(client: Client):
    today = timezone.localdate()
    EditionFactory(
        activity__title_en="Soon", starts_on=today + dt.timedelta(days=7), ends_on=today + dt.timedelta(days=30)
    )
    EditionFactory(
        activity__title_en="Much later",
        starts_on=today + dt.timedelta(days=200),
        ends_on=today + dt.timedelta(days=230),
    )

    page = client.get(
        url("public:offer"),
        {"period_start": today.isoformat(), "period_end": (today + dt.timedelta(days=60)).isoformat()},
    ).content.decode()

    assert "Soon" in page
    assert "Much later" not in page


def test_the_offer_is_paginated_and_the_pages_keep_the_filters(client: Client):
    category = ActivityFactory().category
    for number in range(23):
        EditionFactory(activity__title_en=f"Activity {number:02d}", activity__category=category)

    first = client.get(url("public:offer"), {"category": category.pk}).content.decode()
    second = client.get(url("public:offer"), {"category": category.pk, "page": 2}).content.decode()

    assert first.count('class="card"') == 20
    assert second.count('class="card"') == 3
    assert f"?category={category.pk}&amp;page=2" in first


@pytest.mark.now("2027-01-04T10:00")
def test_the_activity_page_says_when_where_who_and_how_to_apply(client: Client):
    organiser = OrganisationFactory(name="FAMD", email="contact@famd.example.org", phone="02 123 45 67")
    partner = OrganisationFactory(name="Les Planches", kind=Organisation.Kind.PARTNER)
    room = RoomFactory(name="Salle polyvalente secrète", capacity=17)
    edition = EditionFactory(
        activity__organiser=organiser,
        activity__title_en="Theatre workshop",
        activity__screening_en="A meeting with the facilitator first.",
        activity__description_fr="Jeux de voix et de corps.",
        activity__description_en="",
        prison=room.prison,
        room=room,
        capacity=17,
        starts_on=dt.date(2027, 1, 12),
        ends_on=dt.date(2027, 3, 26),
        facilitators=[UserFactory(first_name="Camille", last_name="Renard")],
    )
    edition.activity.partners.add(partner)

    page = client.get(url("public:activity", edition.activity_id)).content.decode()

    assert "Every tuesday, 14:00–16:00, from 12 January to 26 March 2027" in page
    assert "Places available" in page
    assert "A meeting with the facilitator first." in page
    assert "contact@famd.example.org" in page
    assert "02 123 45 67" in page
    assert url("public:organisation", partner.pk) in page
    assert url("public:prison", edition.prison_id) in page
    assert "Jeux de voix et de corps." in page
    assert "not yet translated" in page
    for private in ("Salle polyvalente secrète", "17", "Camille", "Renard"):
        assert private not in page


def test_the_activity_page_carries_schema_org_course_data(client: Client):
    edition = EditionFactory(activity__title_en="Theatre workshop", recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH")

    data = jsonld_of(client.get(url("public:activity", edition.activity_id)).content.decode())

    assert data["@type"] == "Course"
    assert data["name"] == "Theatre workshop"
    [instance] = data["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert instance["eventStatus"] == "https://schema.org/EventScheduled"
    assert instance["inLanguage"] == [language.code for language in edition.activity.languages.all()]
    schedule = instance["eventSchedule"]
    assert schedule["byDay"] == ["https://schema.org/Tuesday", "https://schema.org/Thursday"]
    assert (schedule["startTime"], schedule["endTime"]) == ("14:00", "16:00")
    assert schedule["repeatFrequency"] == "P2W"
    assert schedule["startDate"] == edition.starts_on.isoformat()
    assert instance["organizer"]["name"] == edition.activity.organiser.name
    assert instance["location"]["@type"] == "Place"
    assert instance["location"]["name"] == "Haren prison"


def test_each_page_names_its_canonical_address_and_its_translations(client: Client):
    activity = EditionFactory().activity
    page = client.get(url("public:activity", activity.pk, language="nl")).content.decode()

    def link(rel: str, hreflang: str | None = None) -> str:
        pattern = rf'<link rel="{rel}"' + (rf' hreflang="{hreflang}"' if hreflang else "") + r' href="([^"]+)">'
        found = re.search(pattern, page)
        assert found, f"no {rel} {hreflang}"
        return found.group(1)

    base = "http://testserver"
    assert link("canonical") == base + url("public:activity", activity.pk, language="nl")
    for language in ("fr", "nl", "en"):
        assert link("alternate", language) == base + url("public:activity", activity.pk, language=language)
    assert link("alternate", "x-default") == base + url("public:activity", activity.pk, language="fr")
    # The language switch goes to the same page in the other language.
    assert f'href="{url("public:activity", activity.pk, language="fr")}" hreflang="fr"' in page


def test_a_conditional_get_answers_not_modified_until_the_publication_changes(client: Client):
    EditionFactory()
    first = client.get(url("public:offer"))
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["Last-Modified"]

    again = client.get(url("public:offer"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    stamp.bump()
    changed = client.get(url("public:offer"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_the_etag_varies_with_language_and_query():
    EditionFactory()
    client = Client()
    tags = {
        client.get(url("public:offer", language="fr"))["ETag"],
        client.get(url("public:offer", language="nl"))["ETag"],
        client.get(url("public:offer"), {"q": "theatre"})["ETag"],
    }
    assert len(tags) == 3


def test_a_published_change_shows_at_once_through_the_body_cache(client: Client):
    edition = EditionFactory(activity__title_en="Old title")
    assert "Old title" in client.get(url("public:offer")).content.decode()

    edition.activity.title_en = "New title"
    edition.activity.save()
    stamp.bump()  # done after commit in production (concerto.public.receivers)

    assert "New title" in client.get(url("public:offer")).content.decode()


def test_a_signed_in_coordinator_gets_the_very_page_an_anonymous_reader_gets():
    activity = EditionFactory().activity
    user = UserFactory(username="claire", first_name="Claire", last_name="Dubois")
    MembershipFactory(user=user, organisation=OrganisationFactory(), role=Role.COORDINATOR)
    signed_in = Client()
    signed_in.force_login(user)

    mine = signed_in.get(url("public:activity", activity.pk))
    anonymous = Client().get(url("public:activity", activity.pk))

    assert mine.content == anonymous.content
    body = mine.content.decode()
    assert "csrfmiddlewaretoken" not in body
    assert "X-CSRFToken" not in body
    assert "Claire" not in body
    assert "claire" not in body
    assert "Cookie" not in mine.get("Vary", "")
    assert not mine.cookies


def test_the_organisation_page_says_what_it_does_for_whom_and_links_bruxelles_social(client: Client):
    organisation = OrganisationFactory(
        name="Aide aux justiciables APO",
        description_en="Social and psychological support.",
        audience_en="Detainees and their relatives.",
        accreditation="Cocom",
        bruxelles_social_id="1234",
        email="info@apo.example.org",
    )
    EditionFactory(activity__organiser=organisation, activity__title_en="Theatre workshop")

    page = client.get(url("public:organisation", organisation.pk)).content.decode()

    assert "Social and psychological support." in page
    assert "Detainees and their relatives." in page
    assert 'href="https://social.brussels/organisation/1234"' in page
    assert "Theatre workshop" in page
    assert "info@apo.example.org" in page


def test_a_partner_without_a_published_activity_has_no_public_page(client: Client):
    partner = OrganisationFactory(kind=Organisation.Kind.PARTNER)
    EditionFactory(activity__status=ActivityStatus.DRAFT).activity.partners.add(partner)

    assert client.get(url("public:organisation", partner.pk)).status_code == 404


def test_the_prison_page_shows_each_unit_and_what_it_is_offered(client: Client):
    prison = PrisonFactory()
    remand = UnitFactory(prison=prison, code="remand", name_en="Remand men", kind=Unit.Kind.REMAND)
    women = UnitFactory(prison=prison, code="women", name_en="Centre for women", kind=Unit.Kind.WOMEN)
    EditionFactory(activity__title_en="Painting", prison=prison, units=[women])

    page = client.get(url("public:prison", prison.pk)).content.decode()

    assert "Remand men" in page
    assert "Centre for women" in page
    assert page.index("Remand men") < page.index("No current or coming activity.") < page.index("Centre for women")
    assert page.index("Centre for women") < page.index("Painting")
    assert "Regime: closed" in page
    assert client.get(url("public:prison", 999_999)).status_code == 404
    assert remand.pk


def test_the_sitemap_lists_every_public_page_in_each_language_with_its_alternates(client: Client):
    activity = EditionFactory().activity
    draft = EditionFactory(activity__status=ActivityStatus.DRAFT).activity

    response = client.get("/sitemap.xml")

    body = response.content.decode()
    assert response["Content-Type"].startswith("application/xml")
    for language in ("fr", "nl", "en"):
        assert f"<loc>http://testserver{url('public:activity', activity.pk, language=language)}</loc>" in body
        assert f"<loc>http://testserver{url('public:offer', language=language)}</loc>" in body
        assert (
            f"<loc>http://testserver{url('public:organisation', activity.organiser_id, language=language)}</loc>"
            in body
        )
    assert 'hreflang="x-default"' in body
    assert "xmlns:xhtml" in body
    assert url("public:activity", draft.pk, language="fr") not in body


def test_robots_allow_the_public_pages_and_keep_robots_out_of_the_staff_pages(client: Client):
    response = client.get("/robots.txt")

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in lines
    assert {"Allow: /fr/offre/", "Allow: /nl/aanbod/", "Allow: /en/offer/"} <= set(lines)
    for staff in ("/fr/dashboard/", "/nl/catalogue/", "/en/detainees/", "/fr/login/", "/admin/", "/api/v1/"):
        assert f"Disallow: {staff}" in lines
    assert not any(line.startswith("Disallow: /fr/offre") for line in lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines
