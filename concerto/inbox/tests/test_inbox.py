"""The prison's inbox: what it lists, who answers, and what the requesting service then sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from concerto.accounts.models import Role, User
from concerto.accounts.permissions import actor_for
from concerto.attendance.models import ServiceNotice
from concerto.inbox import selectors, services
from concerto.inbox.selectors import InboxFilters
from concerto.organisations.models import Organisation
from concerto.privacy.models import AuditEntry, AuditKind, PersonalDataAccess
from concerto.registrations.models import PrisonRequest
from concerto.testing.factories import (
    ApplicationFactory,
    EditionFactory,
    MembershipFactory,
    OrganisationFactory,
    PrisonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
INBOX = "/en/prison-inbox/"


@dataclass
class Inbox:
    prison_staff: User
    other_prison_staff: User
    worker: User
    coordinator: User
    service: Organisation
    waiting: PrisonRequest
    overdue: PrisonRequest
    elsewhere: PrisonRequest


def member(organisation: Organisation, role: str, username: str) -> User:
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def inbox(today) -> Inbox:
    haren = PrisonFactory()
    lantin = PrisonFactory(code="lantin", name_fr="Prison de Lantin", name_en="Lantin prison")
    service = OrganisationFactory(name="APO")
    coordination = OrganisationFactory(name="Coordination", kind=Organisation.Kind.COORDINATION_BODY)

    def administration(prison) -> Organisation:  # type: ignore[no-untyped-def]
        return OrganisationFactory(
            name=f"Administration {prison.code}", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=prison
        )

    theatre = EditionFactory(
        activity__organiser=service,
        activity__title_en="Theatre",
        activity__title_fr="Théâtre",
        prison=haren,
        starts_on=today + dt.timedelta(days=20),
    )
    french = EditionFactory(activity__organiser=service, activity__title_en="French class", prison=lantin)

    def request(edition, kind: str, requested: int, due: int) -> PrisonRequest:  # type: ignore[no-untyped-def]
        application = ApplicationFactory(edition=edition, status="accepted", detainee__last_name="Kaya")
        return PrisonRequest.objects.create(
            application=application,
            kind=kind,
            requested_on=today - dt.timedelta(days=requested),
            due_on=today + dt.timedelta(days=due),
        )

    return Inbox(
        prison_staff=member(administration(haren), Role.PRISON_STAFF, "haren-staff"),
        other_prison_staff=member(administration(lantin), Role.PRISON_STAFF, "lantin-staff"),
        worker=member(service, Role.SERVICE_WORKER, "apo-worker"),
        coordinator=member(coordination, Role.COORDINATOR, "coordinator"),
        service=service,
        waiting=request(theatre, PrisonRequest.Kind.SECURITY_CLEARANCE, requested=2, due=10),
        overdue=request(theatre, PrisonRequest.Kind.MOVEMENT_PERMISSION, requested=12, due=-2),
        elsewhere=request(french, PrisonRequest.Kind.SECURITY_CLEARANCE, requested=1, due=5),
    )


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_prison_sees_only_its_own_requests_overdue_first(inbox):
    page = signed_in(inbox.prison_staff).get(INBOX)
    assert page.status_code == 200
    keys = [item.key for item in page.context["items"]]
    assert keys == [f"participant:{inbox.overdue.pk}", f"participant:{inbox.waiting.pk}"]
    assert page.context["overdue"] == {f"participant:{inbox.overdue.pk}"}
    html = page.content.decode()
    assert "Overdue" in html
    assert "KAYA" in html
    assert "French class" not in html  # Lantin's


def test_filters_narrow_the_list(inbox):
    client = signed_in(inbox.prison_staff)
    overdue = client.get(INBOX, {"overdue_only": "on"}).context["items"]
    assert [item.pk for item in overdue] == [inbox.overdue.pk]
    other_kind = client.get(INBOX, {"source": "nothing-like-this"}).context["items"]
    assert len(other_kind) == 2  # an unknown kind is left out, never an error page
    approved = client.get(INBOX, {"state": "approved"}).context["items"]
    assert approved == []


def test_approving_tells_the_service_after_the_commit(inbox, today, django_capture_on_commit_callbacks):
    actor = actor_for(inbox.prison_staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item = services.inbox_decide(actor=actor, key=f"participant:{inbox.waiting.pk}", approve=True)
        assert not ServiceNotice.objects.exists()  # not before the commit
    for callback in callbacks:
        callback()
    inbox.waiting.refresh_from_db()
    assert inbox.waiting.status == PrisonRequest.Status.GRANTED
    assert inbox.waiting.answered_on == today
    assert inbox.waiting.answered_by == inbox.prison_staff
    assert item.state == "approved"
    (notice,) = ServiceNotice.objects.filter(organisation=inbox.service)
    # In the service's language (French: the language it works in by default).
    assert notice.message.startswith("La prison a approuvé : Accord de la sécurité, Théâtre, à partir du")


def test_a_refusal_needs_a_reason_and_the_service_reads_it(inbox):
    client = signed_in(inbox.prison_staff)
    key = f"participant:{inbox.waiting.pk}"
    answer = client.post(f"{INBOX}decide/", {"item": key, "decision": "refuse", "reason": "  "}, follow=True)
    assert "Say why the request is refused." in answer.content.decode()
    inbox.waiting.refresh_from_db()
    assert inbox.waiting.status == PrisonRequest.Status.REQUESTED  # nothing changed

    client.post(f"{INBOX}decide/", {"item": key, "decision": "refuse", "reason": "No escort that week"})
    inbox.waiting.refresh_from_db()
    assert inbox.waiting.status == PrisonRequest.Status.DENIED

    seen = signed_in(inbox.worker).get(f"{INBOX}requests/").content.decode()
    assert "Refused" in seen
    assert "No escort that week" in seen

    again = client.post(f"{INBOX}decide/", {"item": key, "decision": "approve"}, follow=True)
    assert "This request was answered already." in again.content.decode()


def test_another_prisons_staff_cannot_answer(inbox):
    answer = signed_in(inbox.other_prison_staff).post(
        f"{INBOX}decide/", {"item": f"participant:{inbox.waiting.pk}", "decision": "approve"}
    )
    assert answer.status_code == 403
    inbox.waiting.refresh_from_db()
    assert inbox.waiting.status == PrisonRequest.Status.REQUESTED


@pytest.mark.parametrize("key", ["participant:999999", "nothing:1", "participant", ""])
def test_an_unknown_request_is_said_so(inbox, key):
    answer = signed_in(inbox.prison_staff).post(f"{INBOX}decide/", {"item": key, "decision": "approve"}, follow=True)
    assert answer.status_code == 200
    messages = [str(message) for message in answer.context["messages"]]
    assert messages
    assert all("not" in message for message in messages)


def test_coordinators_read_requests_without_people_and_reading_people_is_logged(inbox):
    coordinator_items = selectors.service_requests(actor=actor_for(inbox.coordinator))
    assert len(coordinator_items) == 3
    assert all(item.person == "" for item in coordinator_items)
    assert not PersonalDataAccess.objects.exists()

    worker_items = selectors.service_requests(actor=actor_for(inbox.worker), filters=InboxFilters(state=""))
    assert all("KAYA" in item.person for item in worker_items)
    (access,) = PersonalDataAccess.objects.all()
    assert access.count == 3


def test_the_export_lists_what_the_page_lists(inbox):
    export = signed_in(inbox.prison_staff).get(INBOX, {"format": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Kind of request;Prison;Service")
    assert len(lines) == 3
    assert "Movement permission" in export.content.decode("utf-8-sig")
    (entry,) = AuditEntry.objects.filter(kind=AuditKind.EXPORT)
    assert entry.detail == {"export": "prison_requests", "format": "csv", "records": 2}
