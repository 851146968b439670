"""A person's page shows their applications, attendance and interviews, each within the reader's scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from concerto.accounts.models import Role
from concerto.attendance.models import Attendance, AttendanceStatus, FeedbackInterview
from concerto.organisations.models import Organisation
from concerto.privacy.models import AccessPurpose, PersonalDataAccess
from concerto.registrations.models import ApplicationStatus
from concerto.testing.factories import (
    ActivityFactory,
    ApplicationFactory,
    EditionFactory,
    OrganisationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
S = ApplicationStatus
SECRET = "Conflict with another member of the group."


@pytest.fixture
def kaya(person, edition, application, other_service, prison, unit):
    """Emre Kaya: 2nd on the waiting list of the service's edition, and a dropout of another service's edition."""
    detainee = person(first_name="Emre", last_name="Kaya")
    application(S.WAITING_LIST, priority=5)
    application(S.WAITING_LIST, detainee=detainee)
    other = EditionFactory(activity=ActivityFactory(organiser=other_service), prison=prison, units=[unit])
    dropped = ApplicationFactory(edition=other, detainee=detainee, status=S.DROPPED_OUT)
    for day, status in ((3, AttendanceStatus.PRESENT), (2, AttendanceStatus.PRESENT), (1, AttendanceStatus.ABSENT)):
        starts = timezone.now() - dt.timedelta(days=day)
        session = SessionFactory(edition=other, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
        Attendance.objects.create(session=session, application=dropped, status=status)
    FeedbackInterview.objects.create(application=dropped, organisation=other_service, status="done", notes=SECRET)
    return detainee


def test_the_service_sees_the_place_on_its_waiting_list_and_a_new_application_action(client, worker, kaya):
    client.force_login(worker)
    response = client.get(f"/en/detainees/{kaya.pk}/")
    text = response.text
    assert "2nd on the waiting list" in text
    assert f'/en/registrations/?detainee={kaya.pk}"' in text
    # The other service's edition, its attendance and interview are not this service's to see.
    assert [row.application.status for row in response.context["applications"]] == [S.WAITING_LIST]
    assert response.context["participations"] == []


def test_the_other_service_sees_attendance_and_its_interview_but_never_the_notes_on_this_page(
    client, other_worker, kaya
):
    client.force_login(other_worker)
    response = client.get(f"/en/detainees/{kaya.pk}/")
    assert response.status_code == 200
    [row] = response.context["participations"]
    assert (row.sessions_attended, row.sessions_recorded) == (2, 3)
    assert "2 of 3" in response.text
    assert row.interview_status == "Done"
    assert SECRET not in response.text
    assert [r.application.status for r in response.context["applications"]] == [S.DROPPED_OUT]
    assert "on the waiting list" not in response.text
    assert PersonalDataAccess.objects.about(kaya.pk).filter(purpose=AccessPurpose.FOLLOW_UP).exists()


def test_prison_staff_see_no_waiting_list_and_cannot_apply(client, member, kaya, prison):
    administration = OrganisationFactory(kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=prison)
    client.force_login(member(Role.PRISON_STAFF, administration, username="officer"))
    response = client.get(f"/en/detainees/{kaya.pk}/")
    assert response.status_code == 200
    assert response.context["applications"] == []  # waiting, dropped out: not in a group the prison moves
    assert not response.context["may_apply"]
    assert "/registrations/?detainee=" not in response.text
