"""Follow-up: rates, dropouts, feedback interviews (and the secrecy of their notes), small counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from concerto.accounts.models import Role
from concerto.attendance import selectors, services
from concerto.attendance.models import AttendanceStatus, FeedbackInterview, ServiceNotice
from concerto.attendance.services import InterviewData
from concerto.privacy.models import PersonalDataAccess
from concerto.privacy.services import safe_count
from concerto.registrations.services import application_move
from concerto.testing.factories import ApplicationFactory, DetaineeFactory
from conftest import make_actor

from .factories import FeedbackInterviewFactory, excused_reason, session_days_ago, unexcused_reason

pytestmark = pytest.mark.django_db

SECRET = "Confidential: works in the kitchen on Tuesdays."


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _record(actor, session, application, status, reason=None):
    services.attendance_record(actor=actor, session=session, application=application, status=status, reason=reason)


def test_attendance_rates_per_participant_and_edition(group, worker):
    actor = make_actor(worker)
    sessions = [session_days_ago(group.edition, days) for days in (4, 3, 2, 1)]
    cancelled = session_days_ago(group.edition, 5, status="cancelled")
    karim, jan, luc = group.people
    hearing = excused_reason()
    for session in sessions:
        _record(actor, session, karim, AttendanceStatus.PRESENT)
    for session, status in zip(sessions, ["present", "absent", "present", "absent"], strict=True):
        _record(actor, session, jan, status, hearing if status == "absent" else None)
    _record(actor, sessions[0], luc, AttendanceStatus.ABSENT, unexcused_reason())
    # Attendance on a session cancelled afterwards does not count.
    karim.attendances.create(session=cancelled, status=AttendanceStatus.ABSENT)

    rows = {row.person.name: row for row in selectors.participation_rates(actor=actor, edition=group.edition)}
    assert (rows["BENALI Karim"].sessions_attended, rows["BENALI Karim"].sessions_recorded) == (4, 4)
    assert rows["BENALI Karim"].rate == 100
    assert (rows["PEETERS Jan"].rate, rows["PEETERS Jan"].absences, rows["PEETERS Jan"].unexcused_absences) == (
        50,
        2,
        0,
    )
    assert (rows["DUBOIS Luc"].rate, rows["DUBOIS Luc"].unexcused_absences) == (0, 1)
    statistics = selectors.edition_statistics(edition=group.edition)
    assert statistics.sessions_held == 4
    assert statistics.participants is None  # 3 people: hidden
    assert statistics.rate is None


def test_edition_figures_show_counts_of_five_or_more_only(group, worker):
    assert safe_count(0) == 0
    assert safe_count(4) is None
    assert safe_count(5) == 5
    for _ in range(2):
        ApplicationFactory(
            edition=group.edition, status="active", detainee=DetaineeFactory(prison=group.prison, unit=group.unit)
        )
    session = session_days_ago(group.edition, 1)
    services.attendance_record_all_present(actor=make_actor(worker), session=session)
    statistics = selectors.edition_statistics(edition=group.edition)
    assert (statistics.participants, statistics.rate, statistics.dropouts) == (5, 100, 0)


def test_coordinators_see_figures_but_no_names(group, coordinator, worker):
    services.attendance_record_all_present(actor=make_actor(worker), session=session_days_ago(group.edition, 1))
    page = client_for(coordinator).get(f"/en/attendance/editions/{group.edition.pk}/follow-up/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "&lt; 5" in html
    assert "BENALI" not in html
    assert "Karim" not in html
    assert not PersonalDataAccess.objects.filter(user=coordinator).exists()


@pytest.fixture
def dropout(group, service, other_service):
    """Jan dropped out; Rizome follows him; APO (the organiser) held the interview."""
    jan = group.people[1]
    jan.recorded_for = other_service
    jan.status = "dropped_out"
    jan.save()
    return FeedbackInterviewFactory(application=jan, organisation=service, notes=SECRET)


def test_interview_notes_are_read_only_by_the_interviewers_service(group, dropout, worker, member, other_service):
    rizome_worker = member(Role.SERVICE_WORKER, other_service)
    own = client_for(worker).get(f"/en/attendance/participants/{dropout.application_id}/interview/")
    assert SECRET in own.content.decode()
    for reader in (rizome_worker, group.facilitator):
        page = client_for(reader).get(f"/en/attendance/participants/{dropout.application_id}/interview/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Done" in html  # they see that it took place
        assert SECRET not in html
        assert "Schedule clash" not in html
        follow_up = client_for(reader).get(f"/en/attendance/editions/{group.edition.pk}/follow-up/").content.decode()
        assert "Done" in follow_up
        assert SECRET not in follow_up
        body = api_for(reader).get(f"/api/v1/feedback-interviews/{dropout.pk}/").json()
        assert (body["status"], body["notes"], body["reasons"]) == ("done", None, None)
        listed = api_for(reader).get("/api/v1/feedback-interviews/").json()["results"]
        assert [(item["id"], item["notes"]) for item in listed] == [(dropout.pk, None)]
        assert (
            client_for(reader)
            .post(f"/en/attendance/participants/{dropout.application_id}/interview/", {"status": "done"})
            .status_code
            == 403
        )
        assert (
            api_for(reader)
            .patch(f"/api/v1/feedback-interviews/{dropout.pk}/", {"notes": "x"}, format="json")
            .status_code
            == 403
        )
    body = api_for(worker).get(f"/api/v1/feedback-interviews/{dropout.pk}/").json()
    assert (body["notes"], body["reasons"]) == (SECRET, ["schedule_clash"])
    assert PersonalDataAccess.objects.filter(user=worker, purpose="follow_up").exists()


def test_a_service_schedules_then_records_the_interview(group, worker, service):
    jan = group.people[1]
    jan.status = "dropped_out"
    jan.save()
    actor = make_actor(worker)
    interview = services.interview_schedule(actor=actor, application=jan, data=InterviewData(status="planned"))
    assert (interview.organisation, interview.interviewer_id) == (service, worker.pk)
    with pytest.raises(ValidationError) as error:
        services.interview_update(actor=actor, application=jan, data=InterviewData(status="done"))
    assert "held_on" in error.value.message_dict
    client = client_for(worker)
    response = client.post(
        f"/en/attendance/participants/{jan.pk}/interview/",
        {"status": "done", "held_on": "2026-01-05", "reasons": ["group", "health"], "notes": SECRET},
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.status, interview.reasons, interview.notes) == ("done", ["group", "health"], SECRET)


def test_no_interview_for_someone_still_taking_part_nor_by_prison_staff_or_partners(group, worker):
    with pytest.raises(ValidationError):
        services.interview_schedule(
            actor=make_actor(worker), application=group.people[0], data=InterviewData(status="planned")
        )
    jan = group.people[1]
    jan.status = "dropped_out"
    jan.save()
    with pytest.raises(PermissionDenied):
        services.interview_schedule(
            actor=make_actor(group.facilitator), application=jan, data=InterviewData(status="planned")
        )


def test_withdrawing_after_holding_a_place_flags_an_interview(group, worker, django_capture_on_commit_callbacks):
    karim = group.people[0]
    with django_capture_on_commit_callbacks(execute=True):
        application_move(actor=make_actor(worker), application=karim, to_status="withdrawn", reason="Changed his mind")
    notice = ServiceNotice.objects.get()
    assert notice.link.endswith(f"/attendance/participants/{karim.pk}/interview/")
    rows = selectors.edition_dropouts(actor=make_actor(worker), edition=group.edition)
    assert [row.application.pk for row in rows] == [karim.pk]
    # Withdrawing before holding a place is no dropout.
    applied = ApplicationFactory(edition=group.edition, status="applied", detainee=DetaineeFactory(prison=group.prison))
    application_move(actor=make_actor(worker), application=applied, to_status="withdrawn")
    assert len(selectors.edition_dropouts(actor=make_actor(worker), edition=group.edition)) == 1


def test_another_service_sees_only_the_participants_it_follows(group, member, other_service):
    group.people[2].recorded_for = other_service
    group.people[2].save()
    rizome = make_actor(member(Role.SERVICE_WORKER, other_service))
    rows = selectors.participation_rates(actor=rizome, edition=group.edition)
    assert [row.person.name for row in rows] == ["DUBOIS Luc"]
    assert FeedbackInterview.objects.count() == 0
