"""No open-data answer carries a private field: markers planted in private places never come out."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from concerto.catalogue.models import ActivityStatus
from concerto.detainees.models import DetaineeNote
from concerto.opendata.hsds import hsds_id
from concerto.proposals.models import ActivityProposal
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MARKERS = {
    "draft": "MARKER-DRAFT-TITLE-7Q",
    "proposal": "MARKER-PROPOSAL-TITLE-7Q",
    "room": "MARKER-ROOM-NAME-7Q",
    "facilitator": "MARKER-FACILITATOR-7Q",
    "detainee": "MARKER-DETAINEE-7Q",
    "note": "MARKER-APPLICATION-NOTE-7Q",
}


@pytest.fixture
def planted(offer):
    """Every kind of private field, filled with a marker, beside a public edition."""
    edition = offer.theatre.editions.get()
    edition.room.name = MARKERS["room"]
    edition.room.save()
    edition.facilitators.set([UserFactory(first_name=MARKERS["facilitator"], last_name=MARKERS["facilitator"])])
    draft = ActivityFactory(title_fr=MARKERS["draft"], title_nl=MARKERS["draft"], status=ActivityStatus.DRAFT)
    EditionFactory(activity=draft, prison=edition.prison)
    ActivityProposal.objects.create(
        title_fr=MARKERS["proposal"],
        prison=edition.prison,
        category=offer.theatre.category,
        organisation=offer.organiser,
    )
    detainee = DetaineeFactory(prison=edition.prison, first_name=MARKERS["detainee"], last_name=MARKERS["detainee"])
    ApplicationFactory(
        edition=edition, detainee=detainee, status="confirmed", checklist_answers={"note": MARKERS["note"]}
    )
    DetaineeNote.objects.create(detainee=detainee, organisation=offer.organiser, text=MARKERS["note"])
    return offer


def every_answer(offer) -> dict[str, str]:
    """The body of every open-data URL, in every variant (zip members unpacked)."""
    client = Client()
    api = "/opendata/hsds"
    service = hsds_id("activity", offer.theatre.pk)
    at_haren = hsds_id("service_at_location", offer.theatre.pk, offer.theatre.editions.get().prison_id)
    paths = [f"{api}/", f"{api}/profile", f"{api}/openapi.json", "/opendata/catalog.ttl", "/opendata/catalog.jsonld"]
    for listing in ("services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"):
        for variant in ("", "?full=true", "?minimal=true", "?format=ndjson", "?format=ndjson&full=true"):
            paths.append(f"{api}/{listing}{variant}")
    paths += [
        f"{api}/services/{service}",
        f"{api}/organizations/{hsds_id('organisation', offer.organiser.pk)}?full_service=true",
        f"{api}/service_at_locations/{at_haren}",
    ]
    answers = {}
    for path in paths:
        for language in ("fr", "nl", "en"):
            response = client.get(path, {"lang": language})
            assert response.status_code == 200, path
            answers[f"{path} [{language}]"] = response.content.decode()
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{api}/tabular.zip").content))
    for name in archive.namelist():
        answers[f"tabular.zip/{name}"] = archive.read(name).decode()
    return answers


def test_no_private_marker_reaches_any_open_data_answer(planted):
    answers = every_answer(planted)

    leaks = [
        f"{kind} in {where}" for where, body in answers.items() for kind, marker in MARKERS.items() if marker in body
    ]
    assert leaks == []
    assert any("Atelier théâtre" in body for body in answers.values())  # the public offer is there
