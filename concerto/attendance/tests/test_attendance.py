"""Recording attendance: all present, exceptions, the edit window, history and what follows from it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concerto.accounts.models import Role
from concerto.attendance import selectors, services
from concerto.attendance.models import Attendance, AttendanceStatus, ServiceNotice
from concerto.catalogue.models import SessionStatus
from concerto.privacy.models import PersonalDataAccess
from concerto.registrations.models import EditionScreening
from concerto.testing.factories import ApplicationFactory, DetaineeFactory, LanguageFactory
from conftest import make_actor

from .factories import excused_reason, session_days_ago, unexcused_reason

pytestmark = pytest.mark.django_db

PRESENT, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT


def test_all_present_then_exceptions_with_reasons_and_lateness(group, worker):
    session = session_days_ago(group.edition, 1)
    actor = make_actor(worker)
    created = services.attendance_record_all_present(actor=actor, session=session)
    assert len(created) == 3
    karim, jan, _luc = group.people
    services.attendance_record(actor=actor, session=session, application=karim, status=ABSENT, reason=excused_reason())
    services.attendance_record(actor=actor, session=session, application=jan, status=PRESENT, minutes_late=20)

    sheet = selectors.attendance_sheet(actor=actor, session=session)
    by_name = {row.person.name: row.attendance for row in sheet.rows}
    assert by_name["BENALI Karim"].status == ABSENT
    assert by_name["BENALI Karim"].reason.code == "court_hearing"
    assert by_name["PEETERS Jan"].minutes_late == 20
    assert (sheet.present, sheet.absent, sheet.not_recorded) == (2, 1, 0)
    # A second "all present" keeps the exceptions.
    assert services.attendance_record_all_present(actor=actor, session=session) == []
    assert Attendance.objects.get(session=session, application=karim).status == ABSENT


def test_an_absence_needs_a_reason(group, worker):
    session = session_days_ago(group.edition, 1)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            actor=make_actor(worker), session=session, application=group.people[0], status=ABSENT
        )
    assert error.value.message_dict == {"reason": ["Give the reason for the absence."]}
    assert not Attendance.objects.exists()


def test_attendance_is_editable_within_the_configured_days_and_refused_after(group, worker, settings):
    settings.CONCERTO_ATTENDANCE_EDIT_DAYS = 3
    actor = make_actor(worker)
    last_day = session_days_ago(group.edition, 3)
    services.attendance_record(actor=actor, session=last_day, application=group.people[0], status=PRESENT)
    too_late = session_days_ago(group.edition, 4)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(actor=actor, session=too_late, application=group.people[0], status=PRESENT)
    message = error.value.messages[0]
    assert "could be recorded or changed until" in message
    assert "(3 days after the session)" in message
    assert selectors.attendance_sheet(actor=actor, session=too_late).editable is False


def test_attendance_of_a_future_or_cancelled_session_is_refused(group, worker):
    actor = make_actor(worker)
    future = session_days_ago(group.edition, -2)
    with pytest.raises(ValidationError, match="from the day of the session"):
        services.attendance_record_all_present(actor=actor, session=future)
    cancelled = session_days_ago(group.edition, 1, status=SessionStatus.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        services.attendance_record_all_present(actor=actor, session=cancelled)


def test_a_changed_attendance_keeps_its_history(group, worker, manager):
    session = session_days_ago(group.edition, 1)
    person = group.people[0]
    services.attendance_record_all_present(actor=make_actor(worker), session=session)
    services.attendance_record(
        actor=make_actor(manager), session=session, application=person, status=ABSENT, reason=excused_reason()
    )
    attendance = Attendance.objects.get(session=session, application=person)
    history = list(attendance.history.order_by("history_date", "history_id"))
    assert [(h.status, h.history_user_id) for h in history] == [(PRESENT, worker.pk), (ABSENT, manager.pk)]
    # Saving the same values again adds no version.
    services.attendance_record(
        actor=make_actor(manager), session=session, application=person, status=ABSENT, reason=excused_reason()
    )
    assert attendance.history.count() == 2


def test_the_first_presence_makes_a_confirmed_participant_active(group, worker):
    session = session_days_ago(group.edition, 1)
    karim, jan, _luc = group.people
    actor = make_actor(worker)
    services.attendance_record(actor=actor, session=session, application=jan, status=ABSENT, reason=excused_reason())
    services.attendance_record(actor=actor, session=session, application=karim, status=PRESENT)
    karim.refresh_from_db()
    jan.refresh_from_db()
    assert karim.status == "active"
    assert jan.status == "confirmed"  # an absence is no participation yet


def _absent(actor, sessions, application, reasons):
    for session, reason in zip(sessions, reasons, strict=True):
        if reason is None:
            services.attendance_record(actor=actor, session=session, application=application, status=PRESENT)
        else:
            services.attendance_record(
                actor=actor, session=session, application=application, status=ABSENT, reason=reason
            )
    application.refresh_from_db()
    return application


def test_n_consecutive_unexcused_absences_mean_dropping_out_and_ask_for_an_interview(group, worker, service):
    # Notices are written in the receiving service's first working language.
    service.languages.set([LanguageFactory(code="en", name_fr="anglais", name_nl="Engels", name_en="English")])
    EditionScreening.objects.create(edition=group.edition, dropout_after_absences=2)
    sessions = [session_days_ago(group.edition, days) for days in (3, 2, 1)]
    refused = unexcused_reason()
    person = _absent(make_actor(worker), sessions, group.people[0], [None, refused, refused])
    assert person.status == "dropped_out"
    notice = ServiceNotice.objects.get()
    assert notice.organisation == service  # no service recorded the application: the organiser follows it
    assert "please schedule a feedback interview" in notice.message
    assert "Benali" not in notice.message
    assert "Karim" not in notice.message
    assert notice.link.endswith(f"/attendance/participants/{person.pk}/interview/")


def test_the_dropout_notice_goes_to_the_service_that_follows_the_participant(group, worker, other_service):
    EditionScreening.objects.create(edition=group.edition, dropout_after_absences=1)
    person = group.people[1]
    person.recorded_for = other_service
    person.save()
    _absent(make_actor(worker), [session_days_ago(group.edition, 1)], person, [unexcused_reason()])
    assert ServiceNotice.objects.get().organisation == other_service


def test_excused_or_interrupted_absences_do_not_mean_dropping_out(group, worker):
    sessions = [session_days_ago(group.edition, days) for days in (5, 4, 3, 2, 1)]
    refused, hearing = unexcused_reason(), excused_reason()
    actor = make_actor(worker)
    excused = _absent(actor, sessions[:3], group.people[0], [hearing, hearing, hearing])
    interrupted = _absent(actor, sessions, group.people[1], [refused, refused, None, refused, refused])
    mixed = _absent(actor, sessions[:3], group.people[2], [refused, hearing, refused])
    assert (excused.status, interrupted.status, mixed.status) == ("confirmed", "active", "confirmed")
    assert not ServiceNotice.objects.exists()


def test_the_default_threshold_is_three_absences(group, worker):
    sessions = [session_days_ago(group.edition, days) for days in (3, 2, 1)]
    refused = unexcused_reason()
    actor = make_actor(worker)
    person = _absent(actor, sessions[:2], group.people[0], [refused, refused])
    assert person.status == "confirmed"
    person = _absent(actor, sessions[2:], person, [refused])
    assert person.status == "dropped_out"


def test_a_partner_facilitator_records_only_the_sessions_they_facilitate(group, member):
    session = session_days_ago(group.edition, 1)
    services.attendance_record_all_present(actor=make_actor(group.facilitator), session=session)
    assert Attendance.objects.filter(session=session).count() == 3
    stranger = member(Role.PARTNER_FACILITATOR, group.partner)
    with pytest.raises(PermissionDenied):
        services.attendance_record_all_present(actor=make_actor(stranger), session=session)
    sheet = selectors.attendance_sheet(actor=make_actor(group.facilitator), session=session)
    assert sorted(row.person.name for row in sheet.rows) == ["Jan P.", "Karim B.", "Luc D."]
    assert {row.person.prison_number for row in sheet.rows} == {""}


def test_someone_not_on_the_list_is_refused(group, worker):
    session = session_days_ago(group.edition, 1)
    waiting = ApplicationFactory(edition=group.edition, status="waiting_list", detainee=DetaineeFactory())
    with pytest.raises(ValidationError) as error:
        services.attendance_record(actor=make_actor(worker), session=session, application=waiting, status=PRESENT)
    assert "application" in error.value.message_dict


def test_reading_and_recording_attendance_is_logged_without_names(group, worker):
    session = session_days_ago(group.edition, 1)
    actor = make_actor(worker)
    services.attendance_record_all_present(actor=actor, session=session)
    selectors.attendance_sheet(actor=actor, session=session)
    rows = PersonalDataAccess.objects.filter(user=worker, purpose="attendance")
    detainees = {a.detainee_id for a in group.people}
    assert rows.filter(action="create").named_ids() == detainees
    assert rows.filter(action="view").named_ids() == detainees
    assert rows.filter(action="view").count() == 1  # one entry for the sheet, naming its people
    assert all(r.detail == f"session {session.pk}" for r in rows)
