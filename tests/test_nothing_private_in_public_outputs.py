"""Nothing private reaches any public output: pages, open data, feeds, catalogue, or the posters.

A unique marker is planted in every private field beside a public edition: detainee names and
notes, an interview's notes, an application's answers, a draft's and a proposal's titles, a
room's name, a facilitator's names, a session's reason for a change. Then every public output is
read, in every language, and no marker may appear in it. The posters and flyers are printed by
staff but hung where anyone reads them, so their PDF text is read too.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from concerto.accounts.models import Role
from concerto.attendance.models import FeedbackInterview
from concerto.catalogue.models import ActivityStatus, SessionStatus
from concerto.catalogue.scheduling import aware
from concerto.detainees.models import DetaineeNote
from concerto.opendata.hsds import hsds_id
from concerto.organisations.models import Organisation
from concerto.proposals.models import ActivityProposal
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    MembershipFactory,
    OrganisationFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
LANGUAGES = ("fr", "nl", "en")
MARKERS = {
    "detainee first name": "Qzmarkfirst",
    "detainee last name": "Qzmarklast",
    "detainee note": "Qzmarknote",
    "interview notes": "Qzmarkinterview",
    "application answer": "Qzmarkanswer",
    "draft title": "Qzmarkdraft",
    "proposal title": "Qzmarkproposal",
    "room": "Qzmarkroom",
    "facilitator first name": "Qzmarkfacilfirst",
    "facilitator last name": "Qzmarkfacillast",
    "change reason": "Qzmarkreason",
}


@pytest.fixture
def planted(db):
    organiser = OrganisationFactory(name="Atelier public", kind=Organisation.Kind.JUSTICE_AID_SERVICE)
    activity = ActivityFactory(
        title_fr="Théâtre public", title_nl="Openbaar theater", organiser=organiser, status=ActivityStatus.PUBLISHED
    )
    facilitator = UserFactory(first_name=MARKERS["facilitator first name"], last_name=MARKERS["facilitator last name"])
    edition = EditionFactory(activity=activity, facilitators=[facilitator])
    edition.room = RoomFactory(prison=edition.prison, name=MARKERS["room"])
    edition.save()
    start = edition.starts_on + dt.timedelta(days=1)
    SessionFactory(edition=edition, room=edition.room, starts_at=aware(start, dt.time(14, 0)))
    SessionFactory(
        edition=edition,
        room=edition.room,
        starts_at=aware(start + dt.timedelta(days=7), dt.time(14, 0)),
        status=SessionStatus.CANCELLED,
        change_reason=MARKERS["change reason"],
    )
    draft = ActivityFactory(title_fr=MARKERS["draft title"], organiser=organiser, status=ActivityStatus.DRAFT)
    EditionFactory(activity=draft, prison=edition.prison, units=list(edition.units.all()))
    ActivityProposal.objects.create(
        title_fr=MARKERS["proposal title"], prison=edition.prison, category=activity.category, organisation=organiser
    )
    detainee = DetaineeFactory(
        prison=edition.prison,
        unit=edition.units.first(),
        first_name=MARKERS["detainee first name"],
        last_name=MARKERS["detainee last name"],
    )
    application = ApplicationFactory(
        edition=edition,
        detainee=detainee,
        status="dropped_out",
        recorded_for=organiser,
        checklist_answers={"note": MARKERS["application answer"]},
    )
    DetaineeNote.objects.create(detainee=detainee, organisation=organiser, text=MARKERS["detainee note"])
    FeedbackInterview.objects.create(application=application, organisation=organiser, notes=MARKERS["interview notes"])
    return edition


def public_bodies(edition) -> dict[str, str]:
    """Every public output's text, by URL and language."""
    client = Client()
    activity, prison, unit = edition.activity, edition.prison, edition.units.first()
    bodies: dict[str, str] = {}

    def read(label: str, url: str, **query: str) -> None:
        response = client.get(url, query)
        assert response.status_code == 200, (label, url, response.status_code)
        bodies[label] = response.content.decode()

    for language in LANGUAGES:
        with translation.override(language):
            read(f"offer {language}", reverse("public:offer"))
            read(f"offer search {language}", reverse("public:offer"), q="théâtre")
            read(f"activity {language}", reverse("public:activity", args=[activity.pk]))
            read(f"organisation {language}", reverse("public:organisation", args=[activity.organiser_id]))
            read(f"prison {language}", reverse("public:prison", args=[prison.pk]))
            read(f"prison feed {language}", reverse("feeds:prison", args=[prison.code]))
            read(f"unit feed {language}", reverse("feeds:unit", args=[unit.pk]))
            read(f"activity feed {language}", reverse("feeds:activity", args=[activity.pk]))
        hsds = "/opendata/hsds"
        for listing in ("services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"):
            for variant in ({}, {"full": "true"}, {"format": "ndjson", "full": "true"}):
                read(f"hsds {listing} {variant} {language}", f"{hsds}/{listing}", lang=language, **variant)
        read(f"hsds service {language}", f"{hsds}/services/{hsds_id('activity', activity.pk)}", lang=language)
    read("sitemap", "/sitemap.xml")
    read("robots", "/robots.txt")
    read("catalogue ttl", "/opendata/catalog.ttl")
    read("catalogue jsonld", "/opendata/catalog.jsonld")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/opendata/hsds/tabular.zip").content))
    for name in archive.namelist():
        bodies[f"tabular {name}"] = archive.read(name).decode()
    return bodies


def printed_texts(edition) -> dict[str, str]:
    """The text of the posters, week sheet and flyers, as a coordinator prints them."""
    coordination = OrganisationFactory(name="Coordination", kind=Organisation.Kind.COORDINATION_BODY)
    printer = UserFactory(username="printer")
    MembershipFactory(user=printer, organisation=coordination, role=Role.COORDINATOR)
    client = Client()
    client.force_login(printer)
    unit = edition.units.first()
    month = f"{edition.starts_on:%Y-%m}"
    texts = {}
    for language in ("fr", "nl", "ar"):
        with translation.override("fr"):
            urls = {
                "poster": (reverse("publicity:unit_poster", args=[unit.pk]), {"month": month, "size": "A3"}),
                "week sheet": (
                    reverse("publicity:unit_week", args=[unit.pk]),
                    {"week": "{}-W{:02d}".format(*edition.starts_on.isocalendar()[:2])},
                ),
                "unit flyer": (reverse("publicity:unit_flyer", args=[unit.pk]), {}),
                "edition flyer": (reverse("publicity:edition_flyer", args=[edition.pk]), {}),
            }
        for name, (url, query) in urls.items():
            response = client.get(url, {**query, "language": language})
            assert response.status_code == 200, (name, response.status_code)
            assert response["Content-Type"] == "application/pdf", name
            text = subprocess.run([PDFTOTEXT, "-", "-"], input=response.content, capture_output=True, check=True)  # noqa: S603
            texts[f"{name} {language}"] = text.stdout.decode()
    return texts


def test_no_private_marker_reaches_any_public_output(planted):
    outputs = public_bodies(planted) | printed_texts(planted)

    leaks = [
        f"{field} in {where}" for where, body in outputs.items() for field, marker in MARKERS.items() if marker in body
    ]

    assert not leaks, leaks
    # The outputs are not empty: the public edition is in them (so the test can fail).
    assert "Théâtre public" in outputs["activity fr"]
    assert "Openbaar theater" in outputs["prison feed nl"]
    assert any("Théâtre public" in text for where, text in outputs.items() if where.startswith("poster"))
