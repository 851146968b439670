"""Lists for the prison (movements, participants), their PDFs, certificates, and cancellation notices."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from concerto.accounts.models import Role
from concerto.attendance import selectors
from concerto.attendance.models import AbsenceReason, AttendanceStatus, ServiceNotice
from concerto.catalogue.scheduling import aware
from concerto.catalogue.services import session_cancel
from concerto.organisations.models import Organisation
from concerto.privacy.models import PersonalDataAccess
from concerto.testing.factories import (
    LanguageFactory,
    PrisonFactory,
    SessionFactory,
)
from conftest import make_actor

from .factories import session_days_ago

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext") or "pdftotext"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        result = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
            [PDFTOTEXT, str(path), "-"], capture_output=True, check=True, text=True
        )
    # Table cells may wrap: compare texts with single spaces.
    return " ".join(result.stdout.split())


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_movement_list_shows_who_goes_where_by_unit_then_time(group, busy_day, day, member):
    staff_org = Organisation.objects.create(
        name="Direction Haren", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=group.prison
    )
    officer = make_actor(member(Role.PRISON_STAFF, staff_org))
    listing = selectors.movement_list(actor=officer, prison=group.prison, day=day)
    rows = [
        (
            m.person.unit,
            m.session.starts_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M"),
            m.session.room.name,
            m.person.name,
        )
        for m in listing.movements
    ]
    assert rows == [
        ("Aile A1", "09:00", "Classe 1", "BENALI Karim"),
        ("Aile A1", "14:00", "Salle polyvalente 3", "BENALI Karim"),
        ("Aile A1", "14:00", "Salle polyvalente 3", "DUBOIS Luc"),
        ("Aile A1", "14:00", "Salle polyvalente 3", "PEETERS Jan"),
        ("Aile B2", "09:00", "Classe 1", "HADDAD Omar"),
    ]
    assert listing.movements[0].person.prison_number == group.people[0].detainee.prison_number
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in listing.cancelled] == ["16:30"]
    only_b2 = selectors.movement_list(actor=officer, prison=group.prison, day=day, unit=busy_day["second_unit"])
    assert [m.person.name for m in only_b2.movements] == ["HADDAD Omar"]
    logged = PersonalDataAccess.objects.filter(purpose="prison_lists", action="view")
    assert logged.count() == 2  # one entry per list shown, naming its people (Karim moves twice)
    assert len(logged.named_ids()) == 4
    assert logged.about(group.people[0].detainee_id).get().count == 4


def test_partner_facilitators_see_their_own_sessions_with_first_name_and_initial(group, busy_day, day):
    listing = selectors.movement_list(actor=make_actor(group.facilitator), prison=group.prison, day=day)
    assert [(m.person.name, m.person.prison_number, m.person.unit) for m in listing.movements] == [
        ("Jan P.", "", "Aile A1"),
        ("Karim B.", "", "Aile A1"),
        ("Luc D.", "", "Aile A1"),
    ]


def test_prison_staff_may_not_read_another_prisons_lists(group, member, day):
    elsewhere = PrisonFactory(code="elsewhere", name_fr="Autre prison")
    staff_org = Organisation.objects.create(
        name="Direction ailleurs", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=elsewhere
    )
    officer = make_actor(member(Role.PRISON_STAFF, staff_org))
    with pytest.raises(PermissionDenied):
        selectors.movement_list(actor=officer, prison=group.prison, day=day)


def test_cancelling_a_session_tells_each_following_service_once(
    group, day, manager, service, other_service, django_capture_on_commit_callbacks
):
    session = SessionFactory(edition=group.edition, starts_at=aware(day, dt.time(14, 0)))
    for application in group.people[1:]:
        application.recorded_for = other_service
        application.save()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(actor=make_actor(manager), session=session, reason="Grève du personnel")
    notices = ServiceNotice.objects.order_by("organisation__name")
    assert [n.organisation for n in notices] == [service, other_service]
    assert all("Grève du personnel" in n.message and "Atelier théâtre" in n.message for n in notices)
    assert all(n.link.endswith(f"/attendance/sessions/{session.pk}/participants/") for n in notices)


@needs_pdftotext
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_movement_list_pdf_names_the_people_and_rooms(group, busy_day, day, worker, language):
    response = client_for(worker).get(
        f"/{language}/attendance/movements.pdf", {"prison": group.prison.pk, "day": day.isoformat()}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "BENALI Karim" in text
    assert "Salle polyvalente 3" in text
    assert "Classe 1" in text
    assert group.people[0].detainee.prison_number in text
    assert day.strftime("%d/%m/%Y") in text
    exported = PersonalDataAccess.objects.filter(purpose="prison_lists", action="export")
    assert (exported.count(), len(exported.named_ids())) == (1, 4)


@needs_pdftotext
def test_participant_list_pdf_in_dutch(group, busy_day, worker):
    session = busy_day["theatre"]
    response = client_for(worker).get(f"/fr/attendance/sessions/{session.pk}/participants.pdf?lang=nl")
    assert response.content.startswith(b"%PDF")
    assert 'filename="participants-' in response["Content-Disposition"]
    assert "Benali" not in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in ("PEETERS Jan", "Salle polyvalente 3", "Theaterworkshop"):
        assert expected in text


def test_prison_staff_read_the_participant_list_page(group, busy_day, member):
    staff_org = Organisation.objects.create(
        name="Direction Haren", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=group.prison
    )
    response = client_for(member(Role.PRISON_STAFF, staff_org)).get(
        f"/fr/attendance/sessions/{busy_day['theatre'].pk}/participants/"
    )
    assert response.status_code == 200
    assert "DUBOIS Luc" in response.content.decode()


def _attended(application, sessions=1):
    for days in range(1, sessions + 1):
        session = session_days_ago(application.edition, days)
        application.attendances.create(session=session, status=AttendanceStatus.PRESENT)


@pytest.mark.parametrize(
    ("read", "asked", "expected"),
    [
        (["ar", "nl", "fr"], None, "nl"),
        (["ar"], None, "fr"),
        ([], None, "fr"),
        (["en"], None, "en"),
        (["nl"], "fr", "fr"),
    ],
)
def test_the_certificate_is_in_the_first_language_the_person_reads(group, worker, read, asked, expected):
    names = {"ar": "arabe", "nl": "néerlandais", "fr": "français", "en": "anglais"}
    detainee = group.people[0].detainee
    for code in read:
        detainee.languages_read.add(LanguageFactory(code=code, name_fr=names[code]))
    _attended(group.people[0])
    document = selectors.certificate(actor=make_actor(worker), application=group.people[0], language=asked)
    assert document.language == expected
    assert (
        document.activity_title == {"fr": "Atelier théâtre", "nl": "Theaterworkshop", "en": "Atelier théâtre"}[expected]
    )


# The certificate speaks the language its holder reads: its fixed words are translated.
CERTIFICATE_WORDS = {
    "fr": ("{hours} heures", "Heures suivies", "nom, fonction et signature"),
    "nl": ("{hours} uur", "Bijgewoonde uren", "naam, functie en handtekening"),
}


@needs_pdftotext
@pytest.mark.parametrize(("code", "title"), [("fr", "Atelier théâtre"), ("nl", "Theaterworkshop")])
def test_certificate_pdf_states_name_activity_and_sessions(group, worker, service, code, title):
    application = group.people[0]
    application.detainee.languages_read.add(LanguageFactory(code=code, name_fr=code))
    _attended(application, sessions=2)
    response = client_for(worker).get(f"/en/attendance/participants/{application.pk}/certificate.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Karim Benali" in text
    assert title in text
    assert "APO" in text
    assert "2" in text
    hours = sum((a.session.ends_at - a.session.starts_at).total_seconds() / 3600 for a in application.attendances.all())
    hours_text, hours_label, signature = CERTIFICATE_WORDS[code]
    assert hours_text.format(hours=f"{hours:g}") in text  # hours attended, and the lines to sign
    assert hours_label in text
    assert signature in text
    assert "Concerto" in text
    access = PersonalDataAccess.objects.get(purpose="certificate")
    assert (access.action, access.subject_id) == ("export", application.detainee_id)


def test_no_certificate_without_a_session_attended(group, worker):
    response = client_for(worker).get(f"/en/attendance/participants/{group.people[0].pk}/certificate.pdf")
    assert response.status_code == 302
    assert not PersonalDataAccess.objects.filter(purpose="certificate").exists()


def test_partner_facilitators_cannot_issue_certificates(group):
    _attended(group.people[0])
    response = client_for(group.facilitator).get(f"/en/attendance/participants/{group.people[0].pk}/certificate.pdf")
    assert response.status_code == 403


def test_the_attendance_sheet_page_records_all_present_then_an_exception(group, worker):
    session = session_days_ago(group.edition, 1)
    client = client_for(worker)
    page = client.get(f"/en/attendance/sessions/{session.pk}/")
    assert page.status_code == 200
    assert "All present" in page.content.decode()
    assert client.post(f"/en/attendance/sessions/{session.pk}/all-present/").status_code == 302
    karim = group.people[0]
    prefix = f"a{karim.pk}"
    data = {f"{prefix}-status": "absent", f"{prefix}-reason": "", f"{prefix}-minutes_late": "0"}
    for other in group.people[1:]:
        data |= {f"a{other.pk}-status": "present", f"a{other.pk}-minutes_late": "0"}
    refused = client.post(f"/en/attendance/sessions/{session.pk}/", data)
    assert refused.status_code == 200
    assert "Give the reason for the absence." in refused.content.decode()
    reason = AbsenceReason.objects.create(code="medical", name_fr="Médical", name_en="Medical")
    data[f"{prefix}-reason"] = str(reason.pk)
    assert client.post(f"/en/attendance/sessions/{session.pk}/", data).status_code == 302
    assert karim.attendances.get().status == "absent"
