"""The private feed ("my sessions"): a secret address per staff member, renewable from My account."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from concerto.accounts.models import Membership, Role
from concerto.catalogue.models import ActivityStatus
from concerto.feeds import services
from concerto.feeds.models import PrivateFeedToken
from concerto.organisations.models import Organisation
from concerto.testing.factories import (
    ApplicationFactory,
    DetaineeFactory,
    EditionFactory,
    OrganisationFactory,
    PrisonFactory,
    RoomFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

PLANTED_FIRST_NAME = "Zébulon"
PLANTED_LAST_NAME = "Quaresmini-Vantongerloo"


def in_french(message: str) -> str:
    """The wording as the French page shows it."""
    with translation.override("fr"):
        return translation.gettext(message)


def staff_uid(session) -> str:
    return f"staff-session-{session.pk}@concerto.brussels"


def renew(user) -> tuple[Client, str]:
    """Ask for a new address from My account, as the user would; returns their client and the address path."""
    client = Client()
    client.force_login(user)
    response = client.post("/fr/feeds/private/renew/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    address = re.search(r'value="(http://testserver(/feeds/private/[^"]+\.ics))"', response.content.decode())
    assert address is not None
    return client, address.group(2)


def feed(path: str) -> Calendar:
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def uids(calendar: Calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


@pytest.fixture
def facilitator(member):
    partner = OrganisationFactory(name="Compagnie Les Planches", kind=Organisation.Kind.PARTNER)
    return member(Role.PARTNER_FACILITATOR, partner, username="facilitator")


@pytest.fixture
def run_by_facilitator(facilitator):
    """An edition the facilitator runs, in a named room, with a detainee who applied to it."""
    edition = EditionFactory(activity__title_fr="Atelier théâtre", room=RoomFactory(name="Salle polyvalente"))
    edition.facilitators.set([facilitator])
    session = SessionFactory(edition=edition)
    detainee = DetaineeFactory(
        prison=edition.prison, first_name=PLANTED_FIRST_NAME, last_name=PLANTED_LAST_NAME, prison_number="774411"
    )
    ApplicationFactory(edition=edition, detainee=detainee, status="confirmed")
    return session


def test_the_address_opens_the_facilitators_sessions_with_their_rooms(facilitator, run_by_facilitator):
    not_theirs = SessionFactory(edition=EditionFactory(prison=run_by_facilitator.edition.prison))
    _, path = renew(facilitator)

    calendar = feed(path)

    assert uids(calendar) == {staff_uid(run_by_facilitator)}
    (event,) = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == "Prison de Haren, Salle polyvalente"
    assert str(event["SUMMARY"]) == "Atelier théâtre"
    assert "SOURCE" not in calendar  # the address is the secret: not copied into the file
    assert staff_uid(not_theirs) not in uids(calendar)


def test_the_private_feed_names_no_participant(facilitator, run_by_facilitator):
    _, path = renew(facilitator)

    body = Client().get(path).content.decode()

    assert "VEVENT" in body
    for planted in (PLANTED_FIRST_NAME, PLANTED_LAST_NAME, "Quaresmini", "774411"):
        assert planted not in body


def test_a_wrong_secret_is_not_found(facilitator, run_by_facilitator):
    renew(facilitator)

    assert Client().get("/feeds/private/" + "x" * 43 + ".ics").status_code == 404
    assert Client().get("/feeds/private/short.ics").status_code == 404


def test_renewing_makes_the_old_address_not_found(facilitator, run_by_facilitator):
    _, old = renew(facilitator)
    _, new = renew(facilitator)

    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_only_a_fingerprint_of_the_secret_is_stored(facilitator):
    secret = services.private_feed_renew(user=facilitator)

    stored = PrivateFeedToken.objects.get(user=facilitator)
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in stored.token_hash


def test_the_feed_is_written_in_its_owners_language(facilitator, run_by_facilitator):
    activity = run_by_facilitator.edition.activity
    activity.title_nl = "Theateratelier"
    activity.save()
    facilitator.language = "nl"
    facilitator.save()
    secret = services.private_feed_renew(user=facilitator)

    (event,) = feed(f"/feeds/private/{secret}.ics").walk("VEVENT")

    assert str(event["SUMMARY"]) == "Theateratelier"


def test_each_role_gets_its_own_sessions(member, service, coordinator, worker, run_by_facilitator):
    haren = run_by_facilitator.edition.prison
    apo = SessionFactory(edition=EditionFactory(activity__organiser=service, prison=haren))
    other_prison = PrisonFactory(code="saint-gilles", name_fr="Prison de Saint-Gilles")
    elsewhere = SessionFactory(edition=EditionFactory(prison=other_prison))
    SessionFactory(edition=EditionFactory(activity__organiser=service, activity__status=ActivityStatus.DRAFT))
    administration = OrganisationFactory(
        name="Direction de Haren", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=haren
    )
    prison_staff = member(Role.PRISON_STAFF, administration, username="officer")
    everything = {staff_uid(session) for session in (run_by_facilitator, apo, elsewhere)}

    def sessions_of(user) -> set[str]:
        return uids(feed(f"/feeds/private/{services.private_feed_renew(user=user)}.ics"))

    assert sessions_of(coordinator) == everything  # drafts are in no feed
    assert sessions_of(worker) == {staff_uid(apo)}
    assert sessions_of(prison_staff) == {staff_uid(run_by_facilitator), staff_uid(apo)}


def test_a_user_who_loses_their_role_loses_the_feed(facilitator, run_by_facilitator):
    _, path = renew(facilitator)
    Membership.objects.filter(user=facilitator).update(is_active=False)

    assert Client().get(path).status_code == 404


def test_an_administrator_alone_has_no_private_feed(member):
    admin = member(Role.ADMINISTRATOR, OrganisationFactory(name="IT"), username="admin")
    client = Client()
    client.force_login(admin)

    assert client.post("/fr/feeds/private/renew/").status_code == 403
    page = client.get("/fr/account/").content.decode()
    assert (
        in_french(
            "Your roles have no sessions of their own, so there is no private calendar for you. The public "
            "calendars of each prison, unit and activity are open to everyone."
        )
        in page
    )
    assert not PrivateFeedToken.objects.filter(user=admin).exists()


def test_my_account_offers_the_feed_and_says_when_the_address_was_made(facilitator):
    client = Client()
    client.force_login(facilitator)

    before = client.get("/fr/account/").content.decode()
    assert in_french("Create my calendar address") in before
    assert 'action="/fr/feeds/private/renew/"' in before
    services.private_feed_renew(user=facilitator)
    after = client.get("/fr/account/").content.decode()
    assert in_french("Replace my calendar address") in after
    assert 'action="/fr/feeds/private/renew/"' in after


def test_a_client_with_the_current_copy_gets_304(facilitator, run_by_facilitator):
    _, path = renew(facilitator)
    client = Client()
    first = client.get(path)
    assert first["Cache-Control"] == "private, max-age=1800"

    assert client.get(path, headers={"If-None-Match": first["ETag"]}).status_code == 304
